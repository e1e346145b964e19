/**
 * Action counts of the LINAC core (activation-serial, act_pred), from its cycle model (generators/linac/model.ts) per
 * tile. A window is cut into groups of L lanes; per group each lane reads its offset, its input value and its β
 * history values (the residual E = A − Σ β·A_k costs one add per β), and each of the F filter columns reads the
 * lane's weight. Every essential term of a streamed value adds a shifted weight in each of the F filter columns (a
 * 16-bit add); every term cycle shifts and accumulates each filter's partial sum once (the shift-and-add). Per output:
 * the recurrence add (β ≠ []), the bias add, the requantisation multiply when enabled, one output-SRAM write.
 *
 * The counts are a function of the tile's LinacQuantities; `groups` and `termCycles` are what the RTL's `groups` and
 * `term` counters measure (measured.ts). The weight-serial wgt_plane core's emitter is linac-plane.ts.
 */
import { actSerialCycles } from '../../generators/linac/model.js';
import { planLinac } from '../../generators/linac/driver.js';
import { tileLinac } from '../../generators/linac/tiling.js';
import { linacDerived, type LinacHwParams } from '../../generators/linac/params.js';
import { outDims, type LinacLayerData } from '../../generators/linac/golden.js';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { outputWrites } from './post.ts';
import { sramOf } from './sram.ts';

/** What the LINAC core's action counts of one tile depend on. */
export interface LinacQuantities extends TileOutputs {
  /** lane groups loaded (channel tiles × pixels × groups per window); the RTL's `groups` counter */
  groups: number;
  /** term cycles; the RTL's `term` counter */
  termCycles: number;
  /** essential terms streamed (each adds a shifted weight in every filter column) */
  terms: number;
}

export function linacQuantities(l: LinacLayerData, hw: LinacHwParams): LinacQuantities {
  const s = l.shape;
  const { OH, OW } = outDims(s);
  const a = actSerialCycles(l, { lanes: hw.lanes, filters: hw.filters, B: hw.B }, hw.beta.length ? hw.beta : null);
  const outputs = s.M * OH * OW;
  return { groups: a.groups, termCycles: a.cycles, terms: a.terms, outputs, rq: l.rq !== undefined, macs: outputs * s.C * s.R * s.S, cycles: planLinac(l, hw).cycles };
}

export function linacCounts(q: LinacQuantities, hw: LinacHwParams): LayerActions {
  const d = linacDerived(hw);
  const reads = q.groups * hw.lanes;
  return {
    counts: [
      { component: sramOf(hw.offWords, d.offBits), action: 'read_bit', count: reads * d.offBits, note: 'offset reads' },
      { component: sramOf(hw.ifmapWords, hw.actBits), action: 'read_bit', count: reads * hw.actBits, note: 'input reads' },
      { component: sramOf(hw.offWords, hw.actBits), action: 'read_bit', count: reads * d.nb * hw.actBits, note: 'β history reads' },
      { component: 'add8', action: 'add', count: reads * d.nb, note: 'residual subtracts' },
      { component: sramOf(hw.weightWords, hw.wBits), action: 'read_bit', count: reads * hw.filters * hw.wBits, note: 'weight SRAM reads' },
      { component: 'add16', action: 'add', count: q.terms * hw.filters, note: 'term lanes: shifted-weight adds' },
      { component: 'isaac_shift_add', action: 'shift_add', count: q.termCycles * hw.filters, note: 'partial-sum shift-and-add per term cycle' },
      { component: 'add32', action: 'add', count: q.outputs * ((d.nb ? 1 : 0) + 1), note: 'recurrence and bias adds' },
      { component: 'mult32', action: 'mult', count: q.rq ? q.outputs : 0, note: 'requantisation multiplies' },
      outputWrites(q.outputs, hw.outWords, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const linacEmitter: TileEmitter<LinacLayerData, LinacHwParams, LinacQuantities> = { tiles: tileLinac, quantities: linacQuantities, counts: linacCounts };

export const linacActions = (l: LinacLayerData, hw: LinacHwParams): LayerActions => tileActions(linacEmitter, l, hw);
