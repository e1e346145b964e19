/**
 * Action counts of the LINAC wgt_plane core (weight-serial on the plane-fit weight stream; generators/linac/plane.ts),
 * from its cycle model (plane_driver.ts: planeCounters) per tile. Per pixel batch (OH·⌈OW/F⌉ of them) the prologue
 * reads C·R·S activations in each of the F pixel columns and updates the three window sums Σ r·a, Σ s·a, Σ a (two
 * small multiplies a·r, a·s, costed as 8-bit, and three adds each), then writes each channel's three sums. Per group
 * of L stream slots: every lane reads its slot word, and for every column both operand candidates the RTL reads at
 * once (the activation from the input SRAM and the three window sums), and the bias memory is read (the RTL reads it
 * in every fetch). Per term cycle each column adds its L lanes' terms (L − 1 adder-tree adds) and shifts-and-adds
 * the tree into its accumulator. Per filter and batch each column adds the bias and requantises (when enabled); each
 * output pixel is written. Not counted: the lanes' term encoders, pipeline registers, host loads.
 *
 * `prologue`, `fetch`, `term` and `post` are the RTL's counters of those names (cycles): the counts of a verified
 * tile are recomputed from them in measured.ts.
 */
import { planPlane, planeCounters, planeHooks } from '../../generators/linac/plane_driver.js';
import { tilePlane } from '../../generators/linac/tiling.js';
import { planeDerived, type PlaneHwParams } from '../../generators/linac/params.js';
import { outDims, type LinacLayerData } from '../../generators/linac/golden.js';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts, outputWrites } from './post.ts';
import { sramOf } from './sram.ts';
import { addOf, multOf } from './arith.ts';

export interface PlaneQuantities extends TileOutputs {
  /** pixel batches (OH · ⌈OW / F⌉) */
  batches: number;
  C: number;
  /** cycles of the counters of the same names */
  prologue: number;
  fetch: number;
  term: number;
  post: number;
}

export function planeQuantities(l: LinacLayerData, hw: PlaneHwParams): PlaneQuantities {
  const plan = planPlane(l, hw);
  const c = planeCounters(l, plan);
  const s = l.shape;
  const { OH, OW } = outDims(s);
  const outputs = s.M * OH * OW;
  return { batches: plan.OH * plan.nxb, C: s.C, prologue: c.prologue, fetch: c.fetch, term: c.term, post: c.post, outputs, rq: l.rq !== undefined, macs: outputs * s.C * s.R * s.S, cycles: plan.cycles };
}

export function planeCounts(q: PlaneQuantities, hw: PlaneHwParams): LayerActions {
  const d = planeDerived(hw);
  const F = hw.cols;
  const L = hw.lanes;
  const reads = q.prologue - q.batches; // one cycle per batch issues no read
  const groups = q.fetch / 3; // three fetch cycles per group
  const posts = q.post / 2; // two post cycles per filter and batch
  return {
    counts: [
      { component: sramOf(hw.ifmapWords, hw.actBits), action: 'read_bit', count: reads * F * hw.actBits, note: 'prologue input reads' },
      { component: multOf(hw.actBits + 1, 5), action: 'mult', count: reads * F * 2, note: 'window-sum weightings a·r, a·s' },
      { component: addOf(hw.pBits), action: 'add', count: reads * F * 3, note: 'window-sum adds' },
      { component: sramOf(hw.wsWords, hw.pBits), action: 'write_bit', count: q.batches * q.C * 3 * F * hw.pBits, note: 'window-sum writes' },
      { component: sramOf(hw.slotWords, d.slotBits), action: 'read_bit', count: groups * L * d.slotBits, note: 'slot-word reads' },
      { component: sramOf(hw.ifmapWords, hw.actBits), action: 'read_bit', count: groups * L * F * hw.actBits, note: 'operand reads: activations' },
      { component: sramOf(hw.wsWords, hw.pBits), action: 'read_bit', count: groups * L * F * 3 * hw.pBits, note: 'operand reads: window sums' },
      { component: sramOf(hw.biasWords, hw.accBits), action: 'read_bit', count: groups * hw.accBits, note: 'bias reads (every fetch)' },
      { component: addOf(hw.pBits + hw.svBits), action: 'add', count: q.term * F * (L - 1), note: 'adder-tree adds per term cycle' },
      { component: 'isaac_shift_add', action: 'shift_add', count: q.term * F, note: 'accumulator shift-and-add per term cycle' },
      ...postCounts(posts * F, q.rq, { add: addOf(hw.accBits) }),
      outputWrites(q.outputs, hw.outWords, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const planeEmitter: TileEmitter<LinacLayerData, PlaneHwParams, PlaneQuantities> = { tiles: planeHooks(tilePlane).tiles, quantities: planeQuantities, counts: planeCounts };

export const planeActions = (l: LinacLayerData, hw: PlaneHwParams): LayerActions => tileActions(planeEmitter, l, hw);
