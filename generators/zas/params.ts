/** Hardware parameters of the zero-activation-skipping (ZAS) accelerator, and the sizes derived from them. */
import { clog2 } from '../../dsl/index.js';

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

/** Sizes that follow from the parameters: the one place both the hardware and the driver compute them. */
export function derived(p: ZasHwParams) {
  const lbr = clog2(p.KR);
  const lbs = clog2(p.KS);
  const xBits = Math.max(1, clog2(p.maxW));
  const ptrBits = Math.max(1, clog2(p.nzWords + 1));
  const taps = p.KR * p.KS;
  const bias = Math.max(1, clog2(p.biasWords));
  const loadBanks = p.P * taps;
  return {
    /** partial-buffer banks: (y' mod BR, x' mod BS); BR, BS the powers of two ≥ KR, KS */
    BR: 2 ** lbr,
    BS: 2 ** lbs,
    lbr,
    lbs,
    NB: 2 ** (lbr + lbs),
    taps,
    tapBits: Math.max(1, clog2(taps)),
    xBits,
    nzBits: xBits + p.actBits,
    ptrBits,
    nzAddrBits: Math.max(1, clog2(p.nzWords)),
    rowAddrBits: Math.max(1, clog2(p.rowWords)),
    lookBits: clog2(p.rowLook),
    rowBankWords: Math.ceil(p.rowWords / p.rowLook),
    rowBankAddrBits: Math.max(1, clog2(Math.ceil(p.rowWords / p.rowLook))),
    pAddrBits: Math.max(1, clog2(p.partialWords)),
    wAddrBits: Math.max(1, clog2(p.weightWords)),
    biasAddrBits: bias,
    outAddrBits: Math.max(1, clog2(p.outWords)),
    peBits: Math.max(1, clog2(p.P)),
    loadBankBits: Math.max(1, clog2(loadBanks)),
    loadAddrBits: Math.max(1, clog2(p.nzWords), clog2(p.rowWords), clog2(p.weightWords), bias),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits, xBits + p.actBits, ptrBits),
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
