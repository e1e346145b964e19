/**
 * Action counts of the dense (output-stationary) array, from its cycle model (generators/dense/model.ts) per tile of
 * the layer. Counted on issued work, as an Accelergy action count is: every step of every tile issues one multiply and
 * one accumulate in each of the rows × cols PEs (padding taps, pixels past OH·OW in the last pixel tile and channels
 * past M included: the array is value-agnostic), each row reads one input word and each column one weight word; every output written costs the
 * post-processing (bias add, requantisation multiply when enabled) and one output-SRAM write. Host loads and the
 * array's pipeline registers are not counted (the reference figures are per operation and per SRAM access). SRAM
 * accesses are costed by the size of the memory (sram.ts).
 */
import { denseCycles } from '../../generators/dense/model.js';
import { tileLayer } from '../../generators/dense/tiling.js';
import type { DenseLayer } from '../../generators/dense/driver.js';
import type { DenseHwParams } from '../../generators/dense/params.js';
import type { ActionCount } from '../energy/model.ts';
import type { ConvShape } from '../../generators/dense/model.js';
import { sramOf } from './sram.ts';

export interface LayerActions {
  counts: ActionCount[];
  /** useful MACs (M·OH·OW·C·R·S) */
  macs: number;
  cycles: number;
}

/** The dense array's actions on one layer shape (one tile: the shape fits the SRAMs). */
export function denseTileActions(s: ConvShape, hw: DenseHwParams, rq: boolean): LayerActions {
  const c = denseCycles(s, hw);
  const K = s.C * s.R * s.S;
  const steps = c.tiles * K;
  const slots = steps * hw.rows * hw.cols;
  const outputs = s.M * c.OH * c.OW;
  const ifm = sramOf(hw.ifmapWords, hw.actBits);
  const wgt = sramOf(hw.weightWords, hw.wBits);
  const bias = sramOf(hw.biasWords, hw.accBits);
  const out = sramOf(hw.outWords, hw.accBits);
  return {
    counts: [
      { component: 'mult8', action: 'mult', count: slots, note: 'PE multiplies (issued slots)' },
      { component: 'add32', action: 'add', count: slots, note: 'PE accumulates (issued slots)' },
      { component: ifm, action: 'read_bit', count: steps * hw.rows * hw.actBits, note: 'input SRAM reads' },
      { component: wgt, action: 'read_bit', count: steps * hw.cols * hw.wBits, note: 'weight SRAM reads' },
      { component: bias, action: 'read_bit', count: c.tiles * hw.cols * hw.accBits, note: 'bias reads' },
      { component: 'add32', action: 'add', count: outputs, note: 'bias adds' },
      { component: 'mult32', action: 'mult', count: rq ? outputs : 0, note: 'requantisation multiplies' },
      { component: out, action: 'write_bit', count: outputs * hw.accBits, note: 'output SRAM writes' },
    ],
    macs: c.macs,
    cycles: c.cycles,
  };
}

/** The dense array's actions on a whole layer (tiled to fit the SRAMs, each tile a run). */
export function denseActions(l: DenseLayer, hw: DenseHwParams): LayerActions {
  const parts = tileLayer(l, hw).map((t) => denseTileActions(t.layer.shape, hw, l.rq !== undefined));
  return combine(parts);
}

export function combine(parts: readonly LayerActions[]): LayerActions {
  const counts = parts[0]?.counts.map((c) => ({ ...c, count: 0 })) ?? [];
  for (const p of parts) p.counts.forEach((c, i) => (counts[i]!.count += c.count));
  return { counts, macs: parts.reduce((s, p) => s + p.macs, 0), cycles: parts.reduce((s, p) => s + p.cycles, 0) };
}
