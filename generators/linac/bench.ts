/** The rows of the LINAC speedup table (bench/linac.ts and `hwgen bench linac`): golden models only, no DSL. */
import { facenetLinacLayer } from './workload.js';
import { actSerialCycles, denseEqualLanesCycles, stripesCycles, termStats, wgtSerialCycles, type EngineParams } from './model.js';

/** The paper's headline: 11× on average over a value-agnostic accelerator. */
export const PAPER_SPEEDUP = 11;

export interface LinacBenchRow {
  layer: string;
  /** activation values of the layer input */
  values: number;
  termsRaw: number;
  termsDelta: number;
  termsSecond: number;
  /** cycles */
  dense: number;
  stripes: number;
  pragmatic: number;
  linacDelta: number;
  linacSecond: number;
  linacPlane: number;
  /** weight-serial engine on raw weights (reference for the plane mode) */
  pragmaticW: number;
  /** mean NAF terms per raw weight */
  weightRaw: number;
  /** the lane-balance bound of LINAC δ: window terms / L (every lane busy every cycle, no synchronisation loss) */
  linacDeltaBound: number;
}

export function linacBenchRow(name: string, image: number, bits: 8 | 16, e: EngineParams): LinacBenchRow {
  const l = facenetLinacLayer(name, image, bits);
  const st = termStats(l, [[1], [2, -1]]);
  const wr = wgtSerialCycles(l, e, false);
  const delta = actSerialCycles(l, e, [1]);
  return {
    layer: name,
    values: l.shape.C * l.shape.H * l.shape.W,
    termsRaw: st.raw,
    termsDelta: st.residual[0]!,
    termsSecond: st.residual[1]!,
    dense: denseEqualLanesCycles(l.shape, e, bits),
    stripes: stripesCycles(l.shape, e, bits),
    pragmatic: actSerialCycles(l, e, null).cycles,
    linacDelta: delta.cycles,
    linacSecond: actSerialCycles(l, e, [2, -1]).cycles,
    linacPlane: wgtSerialCycles(l, e, true).cycles,
    pragmaticW: wr.cycles,
    weightRaw: wr.terms / wr.values,
    linacDeltaBound: Math.ceil(delta.terms / e.lanes),
  };
}

export function linacBenchRows(names: readonly string[], image: number, bits: 8 | 16, e: EngineParams): LinacBenchRow[] {
  return names.map((n) => linacBenchRow(n, image, bits, e));
}
