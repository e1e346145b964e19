/** Hardware parameters of the dense (value-agnostic) accelerator, and the sizes derived from them. */
import { clog2 } from '../../dsl/index.js';

export interface DenseHwParams {
  /** PE array: rows = output pixels of one tile (consecutive x), cols = output channels of one tile */
  rows: number;
  cols: number;
  /** activation (unsigned), weight (signed) and accumulator (signed) widths */
  actBits: number;
  wBits: number;
  accBits: number;
  /** words per bank of each on-chip SRAM */
  ifmapWords: number;
  weightWords: number;
  outWords: number;
  /** entries of the bias memory (the largest M) */
  biasWords: number;
  /** largest supported stride (the input SRAM has pow2(rows·maxStride) banks so every row reads its own bank) */
  maxStride: number;
  /** width of the layer-shape configuration fields (C, H, W, M, OH, OW, tile counts) */
  dimBits: number;
  /** width of the K = C·R·S field */
  kBits: number;
  /** requantisation multiplier and shift widths */
  multBits: number;
  shiftBits: number;
}

/** Sizes that follow from the parameters: the one place both the hardware and the driver compute them. */
export function derived(p: DenseHwParams) {
  const ifBanks = 2 ** clog2(p.rows * p.maxStride);
  return {
    ifBanks,
    ifBankBits: clog2(ifBanks),
    ifAddrBits: Math.max(1, clog2(p.ifmapWords)),
    wAddrBits: Math.max(1, clog2(p.weightWords)),
    outAddrBits: Math.max(1, clog2(p.outWords)),
    biasAddrBits: Math.max(1, clog2(p.biasWords)),
    outBankBits: Math.max(1, clog2(p.rows)),
    wBankBits: Math.max(1, clog2(p.cols)),
    loadBankBits: Math.max(1, clog2(Math.max(ifBanks, p.cols, p.rows))),
    loadAddrBits: Math.max(clog2(p.ifmapWords), clog2(p.weightWords), clog2(p.biasWords), 1),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits),
    /** product of an unsigned activation (made signed) and a signed weight */
    prodBits: p.actBits + 1 + p.wBits,
    /** minimum cycles per tile: the drain of one tile must finish before the next one's results arrive */
    minTile: Math.max(p.rows, p.cols),
    /** cycles from a tile's first issue to its first result leaving the array (SRAM read + array height) */
    drainDelay: p.rows + 1,
    /** post-processing stages after the drain selects a column: bias, ReLU/multiply, round/clamp */
    postStages: 3,
  };
}

export const DEFAULT_HW: DenseHwParams = {
  rows: 8,
  cols: 8,
  actBits: 8,
  wBits: 8,
  accBits: 32,
  ifmapWords: 4096,
  weightWords: 8192,
  outWords: 4096,
  biasWords: 512,
  maxStride: 2,
  dimBits: 12,
  kBits: 16,
  multBits: 16,
  shiftBits: 6,
};
