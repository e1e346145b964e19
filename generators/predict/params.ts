/** Hardware parameters of the output-sign-prediction accelerator, and the sizes derived from them. */
import { clog2 } from '../../dsl/index.js';

export type PredictMode = 'predict' | 'exact';

export interface PredictHwParams {
  /** 'predict': SVD prediction unit skips outputs predicted ≤ τ; 'exact': no predictor, SnaPEA-style early termination */
  mode: PredictMode;
  /** rank r of the prediction unit (predict mode): r·predSlots multipliers for P·x, r for Q·z */
  rank: number;
  /**
   * products per rank and cycle in the prediction unit's stage 1: KS takes one kernel row per cycle (r·KS
   * multipliers); fewer holds each row ceil(KS / predSlots) cycles (time-multiplexed: r·predSlots multipliers, the
   * front end's window time grows, which the PEs hide when they are the bottleneck)
   */
  predSlots: number;
  /** PEs; each takes the executed channels of a window round-robin */
  PE: number;
  /** non-zero pairs a PE consumes per cycle (its multipliers) */
  npc: number;
  /** widest kernel row: the gather reads one kernel row (KS activations) of the window per cycle */
  KS: number;
  /** kernel rows per chunk: a PE's chunk holds B = chunkRows·KS (activation, weight) pairs */
  chunkRows: number;
  actBits: number;
  wBits: number;
  accBits: number;
  /** largest M (channel queue depth) */
  maxM: number;
  /** largest C·R (P memory depth; window-buffer chunks) */
  maxCR: number;
  /** largest stride */
  maxStride: number;
  /** words per input bank (input banked by x mod pow2(KS)) */
  ifmapWords: number;
  /** chunk words of the weight memory (M·chunks of a tile) */
  weightWords: number;
  /** output words (M·OH·OW of a tile); the skip mask and the MAC counts have as many */
  outWords: number;
  dimBits: number;
  multBits: number;
  shiftBits: number;
}

/** Memory selector values on `load_sel`. */
export const LOAD_IFMAP = 0;
export const LOAD_WEIGHT = 1;
export const LOAD_BIAS = 2;
export const LOAD_P = 3;
export const LOAD_Q = 4;
export const LOAD_BHAT = 5;
/** the per-channel requantisation table (common/rqtable.ts), word m: channel m's mult · 2^shiftBits + shift */
export const LOAD_RQ = 6;

/** Width of z (the prediction unit's low-rank activations): sat16. */
export const Z_BITS = 16;

export function derived(p: PredictHwParams) {
  const NBk = 2 ** clog2(p.KS);
  const B = p.chunkRows * p.KS;
  const nchMax = Math.ceil(p.maxCR / p.chunkRows);
  const nmtMax = Math.ceil(p.maxM / p.PE);
  const kMax = p.maxCR * p.KS;
  const slots = Math.min(p.predSlots, p.KS);
  const predMults = p.mode === 'predict' ? p.rank * slots + p.rank : 0;
  /** front cycles per kernel row with the prediction unit on */
  const rowCycles = p.mode === 'predict' ? Math.ceil(p.KS / slots) : 1;
  return {
    NBk,
    lb: clog2(NBk),
    B,
    nchMax,
    nmtMax,
    kMax,
    winAddrBits: Math.max(1, clog2(2 * nchMax)),
    chBits: Math.max(1, clog2(nchMax + 1)),
    qAddrBits: Math.max(1, clog2(2 * nmtMax)),
    posBits: Math.max(1, clog2(nmtMax + 1)),
    ifAddrBits: Math.max(1, clog2(p.ifmapWords)),
    wAddrBits: Math.max(1, clog2(p.weightWords)),
    outAddrBits: Math.max(1, clog2(p.outWords)),
    mBits: Math.max(1, clog2(p.maxM)),
    crBits: Math.max(1, clog2(p.maxCR)),
    macBits: Math.max(1, clog2(kMax + 1)),
    peBits: Math.max(1, clog2(p.PE)),
    rankBits: Math.max(1, clog2(Math.max(1, p.rank))),
    loadBankBits: Math.max(1, clog2(Math.max(NBk, p.PE, p.rank))),
    loadAddrBits: Math.max(1, clog2(p.ifmapWords), clog2(p.weightWords), clog2(p.maxM), clog2(p.maxCR)),
    loadDataBits: Math.max(p.actBits, p.accBits, B * p.wBits, p.KS * p.wBits, Math.max(1, p.rank) * p.wBits, p.multBits + p.shiftBits),
    predMults,
    slots,
    rowCycles,
    peMults: p.PE * p.npc,
    mults: predMults + p.PE * p.npc,
  };
}

export const DEFAULT_HW: PredictHwParams = {
  mode: 'predict',
  rank: 4,
  predSlots: 1,
  PE: 8,
  npc: 2,
  KS: 3,
  chunkRows: 4,
  actBits: 8,
  wBits: 8,
  accBits: 32,
  maxM: 256,
  maxCR: 768,
  maxStride: 2,
  ifmapWords: 16384,
  weightWords: 65536,
  outWords: 65536,
  dimBits: 12,
  multBits: 16,
  shiftBits: 6,
};
