/** Hardware parameters of the dense (value-agnostic) accelerator: their bounds and defaults, and the sizes derived from them. */
import { clog2, addrWidth } from '../../dsl/bits.js';
import type { FieldBounds } from '../common/schema.js';
import { drainShape } from './model.js';

export interface DenseHwParams {
  /** PE array: rows = output pixels of one tile (consecutive pixels of the flattened OH·OW output), cols = output channels of one tile */
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
  /** post-processing units (bias, ReLU, requantisation) shared by the rows; 0: one per row. A drained column goes
   *  through them in ceil(rows / postUnits) cycles (model.ts drainShape) */
  postUnits: number;
}

/** Sizes that follow from the parameters: the one place both the hardware and the driver compute them. */
export function derived(p: DenseHwParams) {
  const ifBanks = 2 ** clog2(p.rows * p.maxStride);
  return {
    ifBanks,
    ifBankBits: clog2(ifBanks),
    ifAddrBits: addrWidth(p.ifmapWords),
    /** width of the input's linear index V (bank in the low ifBankBits, word above) */
    ifVBits: clog2(ifBanks) + addrWidth(p.ifmapWords),
    wAddrBits: addrWidth(p.weightWords),
    outAddrBits: addrWidth(p.outWords),
    biasAddrBits: addrWidth(p.biasWords),
    outBankBits: addrWidth(p.rows),
    wBankBits: addrWidth(p.cols),
    loadBankBits: addrWidth(Math.max(ifBanks, p.cols, p.rows)),
    loadAddrBits: Math.max(clog2(p.ifmapWords), clog2(p.weightWords), clog2(p.biasWords), 1),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits, p.multBits + p.shiftBits),
    /** product of an unsigned activation (made signed) and a signed weight */
    prodBits: p.actBits + 1 + p.wBits,
    /** post-processing units and drain cycles per column (model.ts drainShape) */
    postUnits: drainShape(p).units,
    drainSteps: drainShape(p).steps,
    /** minimum cycles per tile: the drain of one tile must finish before the next one's results arrive */
    minTile: drainShape(p).minTile,
    /** cycles from a tile's first issue to its first result leaving the array (SRAM read + array height) */
    drainDelay: p.rows + 1,
    /** post-processing stages after the drain selects a column: bias, ReLU/multiply, round/clamp */
    postStages: 3,
  };
}

/**
 * The input row pitch for a layer: the smallest pitch ≥ W with stride·pitch ≡ stride·OW (mod banks), so that the rows
 * of a pixel tile, wherever it wraps from one output row to the next, read banks V_0 + stride·i (controller.ts).
 */
export function inputPitch(W: number, OW: number, stride: number, banks: number): number {
  let g = banks;
  for (let a = stride; a !== 0; ) [g, a] = [a, g % a];
  const mod = banks / g;
  const r = (((OW - W) % mod) + mod) % mod;
  return W + r;
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
  postUnits: 0,
};

/** Bounds of every hardware parameter, with its meaning (the config schema and its JSON Schema show them). */
export const HW_FIELDS: Record<keyof DenseHwParams, FieldBounds> = {
  rows: [1, 256, 'PE array rows: output pixels (consecutive pixels of the flattened output) of one tile'],
  cols: [1, 256, 'PE array columns: output channels of one tile'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'accumulator width (signed); must hold the worst-case sum of every listed layer'],
  ifmapWords: [1, 1 << 20, 'words per bank of the input SRAM'],
  weightWords: [1, 1 << 20, 'words per bank of the weight SRAM'],
  outWords: [1, 1 << 20, 'words per bank of the output SRAM'],
  biasWords: [1, 1 << 16, 'entries of the bias memory (the largest M of a tile)'],
  maxStride: [1, 8, 'largest supported stride'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  kBits: [4, 32, 'width of the K = C·R·S field'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
  postUnits: [0, 256, 'post-processing units shared by the rows (0: one per row); at most rows. Fewer units take ceil(rows / postUnits) cycles per drained column'],
};
