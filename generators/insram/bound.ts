/**
 * What bounds the row-activation saving of the coalesced mapping at the pruning levels where the pruned network stays
 * accurate (descriptor cosine ≥ 0.99 on every sample image). Per level, over the face-net 3×3 layers:
 *
 *   achieved   dense row activations / coalesced row activations (the array's step counter, summed over passes)
 *   work       MACs of the unpruned layers / MACs of the kept kernels: the saving if row activations fell with the work
 *   packing    Σ dense passes · dense steps per pass / Σ coalesced passes · dense steps per pass: fewer passes because
 *              floor(cols / segment length) more segments fit an array (the segment granularity)
 *   per pass   Σ coalesced passes · dense steps per pass / Σ coalesced passes · coalesced steps per pass: a pass of
 *              shorter segments has a shallower reduction (ceil(log2 segment length) levels)
 *   loads      the weight-load steps' share of the coalesced row activations
 *
 * achieved = packing × per pass, up to the weight loads. Passes and steps per pass are what the RTL counts (a pass is
 * one run of the sequencer; its steps counter is compared with the model on every verified pass), so each column is
 * measurable on the hardware; the MACs come from the masks.
 */
import type { InsramHwParams } from './params.js';
import { planLayer, layerCounts, type Precision } from './program.js';
import { denseMask, applyMask } from './prune.js';
import { layerMask, descriptorCosines, type AccuracyRow } from './accuracy.js';
import { layerShapes, quantizedLayer } from '../../workloads/facenet/index.js';
import { outSize } from './mapping.js';

/** Levels of the bound study: the accurate end of the pruning range. */
export const BOUND_LEVELS = [0, 0.01, 0.02, 0.03, 0.04, 0.05];

export interface BoundRow {
  level: number;
  accuracy: AccuracyRow;
  denseSteps: number;
  coalescedSteps: number;
  densePasses: number;
  coalescedPasses: number;
  achieved: number;
  work: number;
  packing: number;
  perPass: number;
  loads: number;
  /** bitlines used / bitlines × passes, coalesced */
  utilisation: number;
}

const INT8: Precision = { mode: 'int', wBits: 8 };

export function boundRows(hw: InsramHwParams, levels: readonly number[] = BOUND_LEVELS, log: (m: string) => void = () => {}): BoundRow[] {
  const layers = layerShapes().filter((s) => s.name !== 'conv32_down').map((sh) => ({ sh, q: quantizedLayer(sh.name, 0) }));
  return levels.map((level) => {
    log(`bound: coalesced ${100 * level}% (row activations, descriptor cosine on six images)`);
    let dSteps = 0, cSteps = 0, dPasses = 0, cPasses = 0, dWeighted = 0, cAtDense = 0, cLoads = 0, allMacs = 0, keptMacs = 0, used = 0, lines = 0;
    for (const { sh, q } of layers) {
      const s = q.shape;
      const RS = s.R * s.S;
      const data = (mask: ReturnType<typeof denseMask>) => ({ shape: s, input: q.input.data, weights: applyMask(q.weights.data, mask, RS), bias: q.bias });
      const dm = denseMask(s.M, s.C);
      const cm = layerMask(sh.name, 'coalesce', level);
      const d = layerCounts(planLayer(sh.name, data(dm), dm, 'dense', INT8, hw), hw, RS);
      const c = layerCounts(planLayer(sh.name, data(cm), cm, 'coalesced', INT8, hw), hw, RS);
      dSteps += d.total.steps;
      cSteps += c.total.steps;
      dPasses += d.passes;
      cPasses += c.passes;
      dWeighted += d.passes * d.compute.steps;
      cAtDense += c.passes * d.compute.steps;
      cLoads += c.weightLoads * c.load.steps;
      const { OH, OW } = outSize(s);
      allMacs += s.M * s.C * RS * OH * OW;
      keptMacs += cm.keep.reduce((a, k) => a + k.length, 0) * RS * OH * OW;
      used += c.utilisation * c.passes * hw.cols * hw.arrays;
      lines += c.passes * hw.cols * hw.arrays;
    }
    const cCompute = cSteps - cLoads;
    return {
      level, accuracy: descriptorCosines('coalesce', level), denseSteps: dSteps, coalescedSteps: cSteps, densePasses: dPasses, coalescedPasses: cPasses,
      achieved: dSteps / cSteps, work: allMacs / keptMacs, packing: dWeighted / cAtDense, perPass: cAtDense / cCompute, loads: cLoads / cSteps, utilisation: used / lines,
    };
  });
}

export function boundTable(rows: readonly BoundRow[], hw: InsramHwParams): { title: string; header: string[]; rows: Array<Array<string | number>>; notes: string[] } {
  const ok = rows.filter((r) => r.accuracy.min >= 0.99);
  const best = ok.length ? ok.reduce((a, b) => (b.level > a.level ? b : a)) : undefined;
  return {
    title: `What bounds the coalesced mapping's saving where the network stays accurate (${hw.arrays} arrays of ${hw.rows}×${hw.cols}, int8, 28 pruned 3×3 layers)`,
    header: ['pruned', 'kernels removed %', 'cos min', 'cos ≥ 0.99', 'dense M steps', 'coalesced M steps', 'achieved ×', 'work ×', 'packing ×', 'per pass ×', 'loads %', 'passes d/c', 'bitline util %'],
    rows: rows.map((r) => [
      `${100 * r.level}%`, (100 * r.accuracy.effective).toFixed(1), r.accuracy.min.toFixed(4), r.accuracy.min >= 0.99 ? 'yes' : 'no', (r.denseSteps / 1e6).toFixed(3), (r.coalescedSteps / 1e6).toFixed(3),
      r.achieved.toFixed(3), r.work.toFixed(3), r.packing.toFixed(3), r.perPass.toFixed(3), (100 * r.loads).toFixed(2), `${r.densePasses}/${r.coalescedPasses}`, (100 * r.utilisation).toFixed(1),
    ]),
    notes: [
      'achieved = dense / coalesced row activations; work = the MAC saving of the pruned kernels (the most a mapping that saves row activations in proportion to work could give); packing = the saving from fewer passes (floor(cols / segment length) segments per array); per pass = the saving from shallower reductions; achieved = packing × per pass up to the weight loads',
      best
        ? `the most pruning with cos ≥ 0.99 on all six images is ${100 * best.level}% (min cos ${best.accuracy.min.toFixed(4)}): its work saving is ${best.work.toFixed(3)}×, so no mapping could give more than that there; the coalesced mapping gives ${best.achieved.toFixed(3)}× (packing ${best.packing.toFixed(3)}×: a segment shorter by a few channels rarely lets one more segment fit an array)`
        : 'no level keeps cos ≥ 0.99 on all six images',
      'the bound at the accurate levels is the accuracy of the un-fine-tuned pruned network (work saving ≤ a few %), then the segment granularity; the paper fine-tunes after pruning, which is not possible here',
    ],
  };
}
