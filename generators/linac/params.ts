/**
 * Hardware parameters of the two LINAC cores (act_pred: core.ts; wgt_plane: plane.ts), their bounds and defaults, and
 * the sizes derived from them (shared by the hardware and the drivers; no DSL beyond dsl/bits.ts).
 */
import { addrWidth } from '../../dsl/bits.js';
import type { FieldBounds } from '../common/schema.js';

export interface LinacHwParams {
  /** 'act_pred': activations (or residuals) streamed as terms; β = [] streams raw activations (Pragmatic) */
  mode: 'act_pred';
  /** integer prediction coefficients β_1..β_K (β = [1]: delta; [2, −1]: linear extrapolation; []: raw) */
  beta: number[];
  lanes: number;
  filters: number;
  /** first shifter stage: 2^B positions */
  B: number;
  actBits: number;
  wBits: number;
  accBits: number;
  /** words of each lane's copy of the (zero-padded) input */
  ifmapWords: number;
  /** words per weight bank (one bank per filter column and lane) */
  weightWords: number;
  /** words per lane offset table (groups per window) */
  offWords: number;
  /** words per output bank (one per filter column) */
  outWords: number;
  /** words per bias bank (filter tiles) */
  biasWords: number;
  dimBits: number;
  multBits: number;
  shiftBits: number;
}

export const DEFAULT_LINAC_HW: LinacHwParams = {
  mode: 'act_pred',
  beta: [1],
  lanes: 16,
  filters: 8,
  B: 2,
  actBits: 8,
  wBits: 8,
  accBits: 40,
  ifmapWords: 8192,
  weightWords: 1024,
  offWords: 256,
  outWords: 2048,
  biasWords: 64,
  dimBits: 14,
  multBits: 16,
  shiftBits: 6,
};


/** Smallest signed width holding every value in [lo, hi]. */
export function signedWidth(lo: number, hi: number): number {
  let w = 1;
  while (lo < -(2 ** (w - 1)) || hi > 2 ** (w - 1) - 1) w++;
  return w;
}

export function linacDerived(p: LinacHwParams) {
  const amax = 2 ** p.actBits - 1;
  const posSum = p.beta.filter((b) => b > 0).reduce((s, b) => s + b, 0);
  const negSum = p.beta.filter((b) => b < 0).reduce((s, b) => s - b, 0);
  // E = A − Σ β_k A_k: largest when the β<0 predecessors are full, smallest when the β>0 ones are
  const vBits = signedWidth(-amax * posSum, amax * (1 + negSum));
  const ifAddrBits = addrWidth(p.ifmapWords);
  const nb = p.beta.length;
  return {
    nb,
    vBits,
    ifAddrBits,
    wAddrBits: addrWidth(p.weightWords),
    offAddrBits: addrWidth(p.offWords),
    outAddrBits: addrWidth(p.outWords),
    biasAddrBits: addrWidth(p.biasWords),
    /** an offset word: valid bit above the address */
    offBits: ifAddrBits + 1,
    loadBankBits: addrWidth(Math.max(p.lanes * p.filters, p.lanes, p.filters)),
    loadAddrBits: addrWidth(Math.max(p.ifmapWords, p.weightWords, p.offWords, p.biasWords)),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits, ifAddrBits + 1, p.multBits + p.shiftBits),
    /** output stages after the last group's capture: + bias/ReLU/× mult, round/clamp/write, done registered */
    postCycles: 3,
  };
}

export interface PlaneHwParams {
  mode: 'wgt_plane';
  lanes: number;
  /** pixel columns sharing the weight stream */
  cols: number;
  B: number;
  actBits: number;
  /** width of a stream value (ρ, α, β, γ; signed) */
  svBits: number;
  /** width of a bit-parallel operand (activation or window sum; signed) */
  pBits: number;
  accBits: number;
  ifmapWords: number;
  slotWords: number;
  /** channels (window sums per column) */
  wsWords: number;
  outWords: number;
  biasWords: number;
  dimBits: number;
  multBits: number;
  shiftBits: number;
}

export const DEFAULT_PLANE_HW: PlaneHwParams = {
  mode: 'wgt_plane', lanes: 16, cols: 4, B: 2, actBits: 8, svBits: 10, pBits: 20, accBits: 40,
  ifmapWords: 8192, slotWords: 4096, wsWords: 256, outWords: 2048, biasWords: 256, dimBits: 14, multBits: 16, shiftBits: 6,
};

export const PLANE_KIND_ACT = 0;
export const PLANE_KIND_SR = 1;
export const PLANE_KIND_SS = 2;
export const PLANE_KIND_S1 = 3;
export const PLANE_LOAD_IFMAP = 0;
export const PLANE_LOAD_SLOT = 1;
export const PLANE_LOAD_BIAS = 2;
/** the per-channel requantisation table (common/rqtable.ts), word m: filter m's entry */
export const PLANE_LOAD_RQ = 3;

export function planeDerived(p: PlaneHwParams) {
  const ifAddrBits = addrWidth(p.ifmapWords);
  const slotBits = 1 + 2 + ifAddrBits + p.svBits;
  return {
    ifAddrBits,
    slotAddrBits: addrWidth(p.slotWords),
    wsAddrBits: addrWidth(p.wsWords),
    outAddrBits: addrWidth(p.outWords),
    biasAddrBits: addrWidth(p.biasWords),
    slotBits,
    loadBankBits: addrWidth(p.lanes),
    loadAddrBits: addrWidth(Math.max(p.ifmapWords, p.slotWords, p.biasWords)),
    loadDataBits: Math.max(p.actBits, slotBits, p.accBits, p.multBits + p.shiftBits),
  };
}


/** Bounds of the act_pred core's integer parameters (mode and beta are checked on their own). */
export const HW_FIELDS: Record<Exclude<keyof LinacHwParams, 'mode' | 'beta'>, FieldBounds> = {
  lanes: [1, 64, 'lanes per filter column (L): window positions processed together'],
  filters: [1, 64, 'filter columns (F) sharing the lanes\u2019 term streams'],
  B: [0, 4, 'first shifter stage of 2^B positions'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'accumulator width (signed)'],
  ifmapWords: [1, 1 << 20, 'words of each lane\u2019s copy of the zero-padded input'],
  weightWords: [1, 1 << 20, 'words per weight bank (filter tiles × groups)'],
  offWords: [1, 1 << 16, 'words per lane offset table (groups per window)'],
  outWords: [1, 1 << 20, 'words per output bank'],
  biasWords: [1, 1 << 16, 'words per bias bank (filter tiles)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

/** Bounds of the wgt_plane core's integer parameters. */
export const PLANE_HW_FIELDS: Record<Exclude<keyof PlaneHwParams, 'mode'>, FieldBounds> = {
  lanes: [1, 64, 'lanes (L): stream slots processed together'],
  cols: [1, 64, 'pixel columns (F) sharing the weight stream'],
  B: [0, 4, 'first shifter stage of 2^B positions'],
  actBits: [1, 16, 'activation width (unsigned)'],
  svBits: [2, 24, 'width of a stream value (ρ, α, β, γ; signed)'],
  pBits: [2, 40, 'width of a bit-parallel operand (activation or window sum; signed)'],
  accBits: [8, 64, 'accumulator width (signed)'],
  ifmapWords: [1, 1 << 20, 'words of the zero-padded input'],
  slotWords: [1, 1 << 20, 'words per lane of the weight-stream (slot) memory'],
  wsWords: [1, 1 << 16, 'channels of the window-sum memories'],
  outWords: [1, 1 << 20, 'words per output bank'],
  biasWords: [1, 1 << 16, 'entries of the bias memory (filters of a tile)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

/** The act_pred core's performance counters, in read-port order: busy, TERM (engine) cycles, groups loaded, the rest. */
export const LINAC_COUNTERS = ['busy', 'term', 'groups', 'fixed'] as const;

/** The wgt_plane core's performance counters: busy, window-sum prologue, group fetch, TERM cycles, output cycles. */
export const PLANE_COUNTERS = ['busy', 'prologue', 'fetch', 'term', 'post'] as const;
