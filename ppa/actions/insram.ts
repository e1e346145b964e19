/**
 * Action counts of the in-SRAM bit-serial arrays (family `insram`), from the sequencer's schedule (generators/insram/
 * model.ts). Every step of the shared sequencer activates the same wordlines in each of the `arrays` arrays, on all
 * `cols` bitlines at once, so a step's bits are arrays × cols:
 *   - a two-wordline read (the sense amplifiers' AND/NOR: every add step, XNOR, AND) reads two bits per bitline;
 *   - a one-wordline read (TAG, the ~b pass of SUB, MOVE) reads one;
 *   - a write (the result wordline, predicated or not) writes one.
 * Array reads and writes are costed as SRAM bit accesses of an SRAM of the array's size (rows × cols bits; sram.ts),
 * a two-wordline activation as two one-wordline reads: in-SRAM computing reuses the array's bitlines and sense
 * amplifiers, so its energy per activated bit is that of an ordinary read (an assumption, stated with the figure; the
 * table has no in-SRAM-compute entry). The transpose unit gathers `cols` elements per XPOSE (cols + 2 gather cycles):
 * each element one index-memory read and one input-buffer read per array. Not counted: the per-bitline carry and tag
 * latches, the shift network, the instruction memory (no entries in the table for latches and register files).
 *
 * The quantities are the RTL's step counters (reads2, reads1, writes, gather: measured.ts). A layer's counts
 * are its continuous run (layerCounts: every pass's compute program, the weight-load phase only when a pass's
 * segments change); a verification tile is one pass: run on its own it loads its weights, continuing the previous
 * pass's simulator run (the verify loop's batches) it loads them only when its segments differ.
 */
import { layerCounts, type LayerPlan } from '../../generators/insram/program.js';
import { insramHooks, layerPlan, type InsramLayer } from '../../generators/insram/driver.js';
import { derived, type InsramHwParams } from '../../generators/insram/params.js';
import type { StepCounts } from '../../generators/insram/model.js';
import { outSize } from '../../generators/insram/mapping.js';
import type { LayerActions, TileEmitter } from './tiles.ts';
import { sramOf } from './sram.ts';

/** What the arrays' action counts depend on: the step counters of a run, and its useful MACs. */
export interface InsramQuantities {
  reads2: number;
  reads1: number;
  writes: number;
  /** transpose-unit gather cycles (cols + 2 per XPOSE) */
  gather: number;
  macs: number;
  cycles: number;
}

function quantitiesOf(c: StepCounts, macs: number): InsramQuantities {
  return { reads2: c.reads2, reads1: c.reads1, writes: c.writes, gather: c.gather, macs, cycles: c.cycles };
}

export function insramCounts(q: InsramQuantities, hw: InsramHwParams): LayerActions {
  const d = derived(hw);
  const bits = hw.arrays * hw.cols;
  const array = sramOf(hw.rows, hw.cols);
  // cols elements are gathered in every cols + 2 gather cycles (two cycles of the gather pipeline per XPOSE)
  const elements = (q.gather / (hw.cols + 2)) * hw.cols * hw.arrays;
  return {
    counts: [
      { component: array, action: 'read_bit', count: 2 * q.reads2 * bits, note: 'two-wordline reads (AND/NOR on every bitline)' },
      { component: array, action: 'read_bit', count: q.reads1 * bits, note: 'one-wordline reads' },
      { component: array, action: 'write_bit', count: q.writes * bits, note: 'wordline writes' },
      { component: sramOf(hw.idxWords, d.idxBits), action: 'read_bit', count: elements * d.idxBits, note: 'gather-index reads' },
      { component: sramOf(hw.xinWords, hw.xinBits), action: 'read_bit', count: elements * hw.xinBits, note: 'input-buffer reads (gathered elements)' },
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

/** The layer's MACs as a dense layer (M·OH·OW·C·R·S; pruned kernels count: they are the work the mapping saves). */
const layerMacs = (l: InsramLayer): number => {
  const s = l.shape;
  const { OH, OW } = outSize(l.data.shape);
  return s.M * OH * OW * s.C * s.R * s.S;
};

/** A verification tile is one pass, run on its own (measured.ts takes a batched pass's own model figures from its record). */
export const insramEmitter: TileEmitter<InsramLayer, InsramHwParams, InsramQuantities> = {
  tiles: insramHooks.tiles,
  quantities: (t, hw) => {
    const plan = insramHooks.plan(t, hw);
    return quantitiesOf(plan.model, insramHooks.model(t, hw, plan).macs);
  },
  counts: insramCounts,
};

/** A layer's plan and its continuous run's counts (layerCounts). */
export function insramLayerRun(l: InsramLayer, hw: InsramHwParams): { plan: LayerPlan; total: StepCounts } {
  const plan = layerPlan(l, hw);
  return { plan, total: layerCounts(plan, hw, l.shape.R * l.shape.S).total };
}

/** The arrays' actions on a whole layer (every pass; the weights loaded when the pass's segments change). */
export function insramActions(l: InsramLayer, hw: InsramHwParams): LayerActions {
  const { total } = insramLayerRun(l, hw);
  return insramCounts(quantitiesOf(total, layerMacs(l)), hw);
}
