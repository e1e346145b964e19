/** Hardware parameters of the zero-activation-skipping (ZAS) accelerator: bounds, defaults and the sizes derived from them. */
import { clog2, addrWidth } from '../../dsl/bits.js';
import { pow2In, type FieldBounds } from '../common/schema.js';

export interface ZasHwParams {
  /** scatter PEs; PE p owns the output channels m ≡ p (mod P) of each channel tile */
  P: number;
  /** largest kernel; each PE has KR·KS multipliers (one per kernel tap) */
  KR: number;
  KS: number;
  /** activation (unsigned), weight (signed) and accumulator (signed) widths */
  actBits: number;
  wBits: number;
  accBits: number;
  /** widest input row (the x field of an encoded word has clog2(maxW) bits) */
  maxW: number;
  /** words of the non-zero memory (one word per non-zero activation) */
  nzWords: number;
  /** entries of the row-end table (C·H of a tile) */
  rowWords: number;
  /**
   * row lookahead L (a power of two): the row-end table is split into L banks (row r in bank r mod L) so the entries of
   * rows r..r+L−1 are read together, and up to L−1 empty rows after a finished row are skipped in the same cycle
   */
  rowLook: number;
  /** words per bank per buffer of each PE's output-partial buffer (two buffers of BR·BS banks) */
  partialWords: number;
  /** words per weight bank (one bank per PE per kernel tap; a tile needs nmt·C) */
  weightWords: number;
  /** words of each PE's bias memory (nmt) */
  biasWords: number;
  /** words of each PE's output memory (nmt·OH·OW) */
  outWords: number;
  /** width of the layer-shape configuration fields */
  dimBits: number;
  multBits: number;
  shiftBits: number;
}

/** Memory selector values on `load_sel`. */
export const LOAD_DENSE = 0;
export const LOAD_WEIGHT = 1;
export const LOAD_BIAS = 2;
export const LOAD_NZ = 3;
export const LOAD_ROWEND = 4;
/** per-channel requantisation tables (common/rqtable.ts), bank p word mt: channel mt·P + p's mult · 2^shiftBits + shift */
export const LOAD_RQ = 5;

/** Sizes that follow from the parameters: the one place both the hardware and the driver compute them. */
export function derived(p: ZasHwParams) {
  const lbr = clog2(p.KR);
  const lbs = clog2(p.KS);
  const xBits = addrWidth(p.maxW);
  const ptrBits = addrWidth(p.nzWords + 1);
  const taps = p.KR * p.KS;
  const bias = addrWidth(p.biasWords);
  const loadBanks = p.P * taps;
  return {
    /** partial-buffer banks: (y' mod BR, x' mod BS); BR, BS the powers of two ≥ KR, KS */
    BR: 2 ** lbr,
    BS: 2 ** lbs,
    lbr,
    lbs,
    NB: 2 ** (lbr + lbs),
    taps,
    tapBits: addrWidth(taps),
    xBits,
    nzBits: xBits + p.actBits,
    ptrBits,
    nzAddrBits: addrWidth(p.nzWords),
    rowAddrBits: addrWidth(p.rowWords),
    lookBits: clog2(p.rowLook),
    rowBankWords: Math.ceil(p.rowWords / p.rowLook),
    rowBankAddrBits: addrWidth(Math.ceil(p.rowWords / p.rowLook)),
    pAddrBits: addrWidth(p.partialWords),
    wAddrBits: addrWidth(p.weightWords),
    biasAddrBits: bias,
    outAddrBits: addrWidth(p.outWords),
    peBits: addrWidth(p.P),
    loadBankBits: addrWidth(loadBanks),
    loadAddrBits: Math.max(1, clog2(p.nzWords), clog2(p.rowWords), clog2(p.weightWords), bias),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits, xBits + p.actBits, ptrBits, p.multBits + p.shiftBits),
    /** cycles between phases: the compute pipeline (issue → weight/word read → targets → partial read → write) empties */
    gap: 3,
    /** cycles from the last drain read to `done` (PE read, bias, ReLU/multiply, round/clamp/write, done register) */
    tail: 4,
  };
}

export const DEFAULT_HW: ZasHwParams = {
  P: 8,
  KR: 3,
  KS: 3,
  actBits: 8,
  wBits: 8,
  accBits: 32,
  maxW: 256,
  nzWords: 262144,
  rowWords: 16384,
  rowLook: 4,
  partialWords: 512,
  weightWords: 4096,
  biasWords: 64,
  outWords: 32768,
  dimBits: 12,
  multBits: 16,
  shiftBits: 6,
};

/** Bounds of every hardware parameter, with its meaning (the config schema and its JSON Schema show them). */
export const HW_FIELDS: Record<keyof ZasHwParams, FieldBounds> = {
  P: [1, 64, 'scatter PEs: PE p owns the output channels m ≡ p (mod P)'],
  KR: [1, 7, 'kernel rows of a PE (KR·KS multipliers per PE)'],
  KS: [1, 7, 'kernel columns of a PE'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'partial-sum width (signed); must hold the worst-case sum of every listed layer'],
  maxW: [2, 4096, 'widest input row (the x field of an encoded word has clog2(maxW) bits)'],
  nzWords: [1, 1 << 22, 'words of the non-zero memory (one per non-zero activation of a tile)'],
  rowWords: [1, 1 << 20, 'entries of the row-end table (C·H of a tile)'],
  rowLook: [pow2In(1, 16), 'row lookahead L (a power of two): up to L−1 empty rows after a finished row are skipped in the same cycle'],
  partialWords: [1, 1 << 16, 'words per bank per buffer of each PE\u2019s output-partial buffer'],
  weightWords: [1, 1 << 20, 'words per weight bank (one bank per PE and kernel tap; nmt·C)'],
  biasWords: [1, 1 << 16, 'words of each PE\u2019s bias memory (channel tiles)'],
  outWords: [1, 1 << 22, 'words of each PE\u2019s output memory (nmt·OH·OW)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};
