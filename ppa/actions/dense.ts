/**
 * Action counts of the dense (output-stationary) array, from its cycle model (generators/dense/model.ts) per tile of
 * the layer. Counted on issued work, as an Accelergy action count is: every step of every tile issues one multiply and
 * one accumulate in each of the rows × cols PEs (padding taps, pixels past OH·OW in the last pixel tile and channels
 * past M included: the array is value-agnostic), each row reads one input word and each column one weight word; each
 * drained column reads its channel's bias (and requantisation entry when enabled); every output written costs the
 * post-processing (bias add, requantisation multiply when enabled) and one output-SRAM write. Host loads and the
 * array's pipeline registers are not counted (the reference figures are per operation and per SRAM access). SRAM
 * accesses are costed by the size of the memory (sram.ts).
 *
 * The counts are a function of a few quantities of the tile (DenseQuantities); `steps` is what the RTL's `compute`
 * counter measures, so the counts of a verified tile can be recomputed from the RTL (measured.ts).
 */
import { denseCycles } from '../../generators/dense/model.js';
import { tileLayer } from '../../generators/dense/tiling.js';
import type { DenseLayer } from '../../generators/dense/driver.js';
import type { DenseHwParams } from '../../generators/dense/params.js';
import type { ConvShape } from '../../generators/dense/model.js';
import { sramOf } from './sram.ts';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts, outputWrites } from './post.ts';

/** What the dense array's action counts of one tile depend on. */
export interface DenseQuantities extends TileOutputs {
  /** array steps (cycles the array computes): tiles × K; the RTL's `compute` counter */
  steps: number;
  tiles: number;
}

export function denseQuantities(s: ConvShape, hw: DenseHwParams, rq: boolean): DenseQuantities {
  const c = denseCycles(s, hw);
  return { steps: c.tiles * s.C * s.R * s.S, tiles: c.tiles, outputs: s.M * c.OH * c.OW, rq, macs: c.macs, cycles: c.cycles };
}

export function denseCounts(q: DenseQuantities, hw: DenseHwParams): LayerActions {
  const slots = q.steps * hw.rows * hw.cols;
  return {
    counts: [
      { component: 'mult8', action: 'mult', count: slots, note: 'PE multiplies (issued slots)' },
      { component: 'add32', action: 'add', count: slots, note: 'PE accumulates (issued slots)' },
      { component: sramOf(hw.ifmapWords, hw.actBits), action: 'read_bit', count: q.steps * hw.rows * hw.actBits, note: 'input SRAM reads' },
      { component: sramOf(hw.weightWords, hw.wBits), action: 'read_bit', count: q.steps * hw.cols * hw.wBits, note: 'weight SRAM reads' },
      { component: sramOf(hw.biasWords, hw.accBits), action: 'read_bit', count: q.tiles * hw.cols * hw.accBits, note: 'bias reads' },
      { component: sramOf(hw.biasWords, hw.multBits + hw.shiftBits), action: 'read_bit', count: q.rq ? q.tiles * hw.cols * (hw.multBits + hw.shiftBits) : 0, note: 'requantisation-table reads (the channel\'s mult and shift)' },
      ...postCounts(q.outputs, q.rq),
      outputWrites(q.outputs, hw.outWords, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const denseEmitter: TileEmitter<DenseLayer, DenseHwParams, DenseQuantities> = {
  tiles: tileLayer,
  quantities: (t, hw) => denseQuantities(t.shape, hw, t.rq !== undefined),
  counts: denseCounts,
};

/** The dense array's actions on a whole layer (tiled to fit the SRAMs, each tile a run). */
export const denseActions = (l: DenseLayer, hw: DenseHwParams): LayerActions => tileActions(denseEmitter, l, hw);
