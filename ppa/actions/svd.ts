/**
 * Action counts of the output-sign-prediction accelerator (family `svd`), from its golden and cycle models
 * (generators/predict/golden.ts, model.ts) per tile. Per window the front fetches the C·R kernel rows of the window
 * (KS activations each) from the input SRAM; with prediction, the prediction unit multiplies each row by the r rows
 * of P (r·K multiplies of an 8-bit activation by an 8-bit P entry, r·KS P entries read per kernel row) and z by Q
 * (r·M multiplies of a 16-bit z by an 8-bit Q entry), each product accumulated. The PEs execute the outputs that are
 * not skipped: every non-zero (activation, weight) pair they consume is one multiply and one accumulate (the MAC count
 * the golden model gives per output), and each executed output reads its channel's weight chunks (nchunk words of
 * chunkRows·KS weights: an upper bound when exact mode stops early). Per output not skipped: the bias add and the
 * requantisation multiply when enabled; every output (a skipped one is written as 0) is one output-SRAM write.
 */
import { svdHooks, planPredict, type SvdLayer } from '../../generators/predict/driver.js';
import { derived, Z_BITS, type PredictHwParams } from '../../generators/predict/params.js';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts, outputWrites } from './post.ts';
import { sramOf } from './sram.ts';

/** What the prediction accelerator's action counts of one tile depend on. */
export interface SvdQuantities extends TileOutputs {
  /** output windows; the RTL's `windows` counter */
  windows: number;
  /** outputs the PEs execute (not skipped); outputs − the RTL's `skipped` counter */
  executed: number;
  /** non-zero pairs the PEs consume (the per-output MAC counts the RTL reads back, compared with the golden model) */
  peMacs: number;
  C: number; R: number; S: number; M: number;
  rank: number;
  nchunk: number;
}

export function svdQuantities(l: SvdLayer, hw: PredictHwParams): SvdQuantities {
  const plan = planPredict(l, hw, l.pred);
  const s = l.shape;
  const windows = plan.OH * plan.OW;
  const outputs = s.M * windows;
  return {
    windows, executed: outputs - plan.model.counters.skipped, peMacs: plan.model.macs, outputs, C: s.C, R: s.R, S: s.S, M: s.M,
    rank: l.pred ? l.pred.rank : 0, nchunk: plan.nchunk, rq: l.rq !== undefined, macs: outputs * s.C * s.R * s.S, cycles: plan.cycles,
  };
}

export function svdCounts(q: SvdQuantities, hw: PredictHwParams): LayerActions {
  const d = derived(hw);
  const K = q.C * q.R * q.S;
  const r = q.rank;
  return {
    counts: [
      { component: sramOf(hw.ifmapWords, hw.actBits), action: 'read_bit', count: q.windows * K * hw.actBits, note: 'input SRAM reads (window rows)' },
      { component: sramOf(hw.maxCR, hw.rank * hw.KS * hw.wBits), action: 'read_bit', count: q.windows * q.C * q.R * r * hw.KS * hw.wBits, note: 'prediction P reads' },
      { component: 'mult8', action: 'mult', count: q.windows * r * K, note: 'prediction P·x multiplies' },
      { component: sramOf(2 * d.nmtMax * hw.PE, Math.max(1, hw.rank) * hw.wBits), action: 'read_bit', count: q.windows * q.M * r * hw.wBits, note: 'prediction Q reads' },
      { component: `mult${Z_BITS}x8`, action: 'mult', count: q.windows * r * q.M, note: 'prediction Q·z multiplies' },
      { component: 'add32', action: 'add', count: q.windows * r * (K + q.M), note: 'prediction accumulates' },
      { component: sramOf(hw.weightWords, d.B * hw.wBits), action: 'read_bit', count: q.executed * q.nchunk * d.B * hw.wBits, note: 'weight chunk reads (executed outputs)' },
      { component: 'mult8', action: 'mult', count: q.peMacs, note: 'PE multiplies (executed non-zero pairs)' },
      { component: 'add32', action: 'add', count: q.peMacs, note: 'PE accumulates (executed non-zero pairs)' },
      ...postCounts(q.executed, q.rq, { of: ' (executed outputs)' }),
      outputWrites(q.outputs, hw.outWords, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const svdEmitter: TileEmitter<SvdLayer, PredictHwParams, SvdQuantities> = { tiles: svdHooks.tiles, quantities: svdQuantities, counts: svdCounts };

export const svdActions = (l: SvdLayer, hw: PredictHwParams): LayerActions => tileActions(svdEmitter, l, hw);
