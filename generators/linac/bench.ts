/**
 * The rows of the LINAC speedup tables (bench/linac.ts and `hwgen bench linac`): golden models only, no DSL.
 *
 * Every engine is its own row and column; nothing takes a minimum over engines. All engines have F·L partial-product
 * lanes (F tiles × L lanes, first shifter stage 2^B). Two things can be held equal:
 * - lanes: the same F·L lanes, whatever their operand widths;
 * - lane-bits: the same F·L·w bits of bit-parallel operand, where a lane is counted by the width w of its bit-parallel
 *   operand (activation-serial engines: the int8 weight, 8; weight-serial Stripes/Pragmatic: the activation, 8 or 16;
 *   wgt_plane: its operand register, pBits = 20 at 8 bits and 28 at 16, which also holds the window sums). An engine
 *   with wider lanes gets proportionally fewer of them, and its cycles are assumed to grow in proportion (ideal), so
 *   speedup(eq. lane-bits) = speedup(eq. lanes) · w_ref / w.
 * Baselines get their best schedule (term cycles only; the weight-serial ones gather any F output pixels per batch); the
 * act_pred LINAC rows pay the core's 6 fixed cycles per run and wgt_plane pays what its RTL pays (window-sum prologue,
 * 3-cycle group fetch, output cycles, and batches of F columns of one output row: planeScheduleCycles). The 'terms only'
 * row is the plane stream on the baselines' schedule, so it over Pragmatic-W is what the plane fit alone gains.
 */
import { facenetLinacLayer } from './workload.js';
import {
  ACT_CORE_FIXED, actSerialCycles, denseEqualLanesCycles, planeScheduleCycles, stripesCycles, termStats, wgtSerialCycles, wgtStripesCycles,
  type EngineParams, type PlaneSchedule,
} from './model.js';
import { DEFAULT_LINAC_HW, DEFAULT_PLANE_HW } from './params.js';

/** The paper's headline: 11× on average over a value-agnostic accelerator. */
export const PAPER_SPEEDUP = 11;

/** Width of the int8 weights (the bit-parallel operand of the activation-serial lanes; the serial operand of the weight-serial ones). */
export const W_BITS = DEFAULT_LINAC_HW.wBits;

/** The wgt_plane core's operand width at each activation width (the RTL configurations bench/linac.ts verifies). */
export function planeOperandBits(bits: 8 | 16): number {
  return bits === 8 ? DEFAULT_PLANE_HW.pBits : 28;
}

export const ENGINE_KEYS = ['dense', 'stripes', 'pragmatic', 'linacDelta', 'linacSecond', 'stripesW', 'pragmaticW', 'plane', 'planeTerms'] as const;
export type EngineKey = (typeof ENGINE_KEYS)[number];

export interface EngineInfo {
  key: EngineKey;
  name: string;
  /** what streams bit-serially */
  serial: 'activations' | 'weights' | 'none';
  /** what the cycles count */
  counts: string;
}

export const ENGINES: readonly EngineInfo[] = [
  { key: 'dense', name: 'dense bit-parallel', serial: 'none', counts: 'ideal: MACs · actBits / (F·L), every lane busy' },
  { key: 'stripes', name: 'Stripes (act-serial)', serial: 'activations', counts: 'actBits cycles per group of L window values' },
  { key: 'pragmatic', name: 'Pragmatic (act-serial)', serial: 'activations', counts: 'NAF terms of raw activations, group rule' },
  { key: 'linacDelta', name: 'LINAC act_pred β=(1)', serial: 'activations', counts: 'NAF terms of residuals + 6 core cycles' },
  { key: 'linacSecond', name: 'LINAC act_pred β=(2,−1)', serial: 'activations', counts: 'NAF terms of residuals + 6 core cycles' },
  { key: 'stripesW', name: 'Stripes (wgt-serial)', serial: 'weights', counts: `${W_BITS} cycles per group of L weights, any F pixels per batch` },
  { key: 'pragmaticW', name: 'Pragmatic (wgt-serial)', serial: 'weights', counts: 'NAF terms of raw weights, group rule, any F pixels per batch' },
  { key: 'plane', name: 'LINAC wgt_plane', serial: 'weights', counts: 'the RTL schedule: prologue + fetch + terms + output, row batches' },
  { key: 'planeTerms', name: 'LINAC wgt_plane, terms only', serial: 'weights', counts: 'terms of the plane stream on the baselines\u2019 schedule (not built)' },
];

/** Width of the bit-parallel operand of one lane of `engine` at `bits`-bit activations. */
export function laneBits(engine: EngineKey, bits: 8 | 16): number {
  const e = ENGINES.find((x) => x.key === engine)!;
  if (e.serial !== 'weights') return W_BITS;
  return engine === 'plane' || engine === 'planeTerms' ? planeOperandBits(bits) : bits;
}

export interface LinacBenchRow {
  layer: string;
  /** activation values of the layer input */
  values: number;
  termsRaw: number;
  termsDelta: number;
  termsSecond: number;
  /** mean NAF terms per raw weight, and per value of the plane stream (ρ and the non-zero α, β, γ triples) */
  weightTermsRaw: number;
  weightTermsPlane: number;
  /** values in the plane stream per raw weight (≥ 1: the α, β, γ triples) */
  planeStreamRatio: number;
  /** cycles of every engine */
  cycles: Record<EngineKey, number>;
  /** wgt_plane's schedule by category */
  plane: PlaneSchedule;
  /** the lane-balance bound of LINAC δ: window terms / L (every lane busy every cycle, no synchronisation loss) */
  linacDeltaBound: number;
}

export function linacBenchRow(name: string, image: number, bits: 8 | 16, e: EngineParams): LinacBenchRow {
  const l = facenetLinacLayer(name, image, bits);
  const st = termStats(l, [[1], [2, -1]]);
  // the weight-serial baselines and the 'terms only' row gather any F pixels (their best schedule); wgt_plane pays the RTL's row batches
  const raw = wgtSerialCycles(l, e, false, 'any');
  const fit = wgtSerialCycles(l, e, true, 'any');
  const delta = actSerialCycles(l, e, [1]);
  const plane = planeScheduleCycles(l, e);
  return {
    layer: name,
    values: l.shape.C * l.shape.H * l.shape.W,
    termsRaw: st.raw,
    termsDelta: st.residual[0]!,
    termsSecond: st.residual[1]!,
    weightTermsRaw: raw.terms / raw.values,
    weightTermsPlane: fit.terms / fit.values,
    planeStreamRatio: fit.values / raw.values,
    cycles: {
      dense: denseEqualLanesCycles(l.shape, e, bits),
      stripes: stripesCycles(l.shape, e, bits),
      pragmatic: actSerialCycles(l, e, null).cycles,
      linacDelta: delta.cycles + ACT_CORE_FIXED,
      linacSecond: actSerialCycles(l, e, [2, -1]).cycles + ACT_CORE_FIXED,
      stripesW: wgtStripesCycles(l.shape, e, W_BITS, 'any'),
      pragmaticW: raw.cycles,
      plane: plane.cycles,
      planeTerms: fit.cycles,
    },
    plane,
    linacDeltaBound: Math.ceil(delta.terms / e.lanes),
  };
}

export function linacBenchRows(names: readonly string[], image: number, bits: 8 | 16, e: EngineParams): LinacBenchRow[] {
  return names.map((n) => linacBenchRow(n, image, bits, e));
}

/** The network row: cycles summed; per-value statistics weighted by the values (activations) or the raw weights they cover. */
export function networkRow(rows: readonly LinacBenchRow[]): LinacBenchRow {
  const sum = (f: (r: LinacBenchRow) => number): number => rows.reduce((t, r) => t + f(r), 0);
  const values = sum((r) => r.values);
  const wts = rows.length;
  const cycles = Object.fromEntries(ENGINE_KEYS.map((k) => [k, sum((r) => r.cycles[k])])) as Record<EngineKey, number>;
  return {
    layer: 'network',
    values,
    termsRaw: sum((r) => r.termsRaw * r.values) / values,
    termsDelta: sum((r) => r.termsDelta * r.values) / values,
    termsSecond: sum((r) => r.termsSecond * r.values) / values,
    // weight statistics: the plain mean over layers (each layer's weights are a different population)
    weightTermsRaw: sum((r) => r.weightTermsRaw) / wts,
    weightTermsPlane: sum((r) => r.weightTermsPlane) / wts,
    planeStreamRatio: sum((r) => r.planeStreamRatio) / wts,
    cycles,
    plane: { cycles: cycles.plane, prologue: sum((r) => r.plane.prologue), fetch: sum((r) => r.plane.fetch), term: sum((r) => r.plane.term), post: sum((r) => r.plane.post) },
    linacDeltaBound: sum((r) => r.linacDeltaBound),
  };
}

/** base over engine with the same F·L lanes. */
export function speedupEqLanes(row: LinacBenchRow, engine: EngineKey, base: EngineKey): number {
  return row.cycles[base] / row.cycles[engine];
}

/** base over engine with the same lane-bits (F·L·w): the engine's lanes are counted by their operand width. */
export function speedupEqLaneBits(row: LinacBenchRow, engine: EngineKey, base: EngineKey, bits: 8 | 16): number {
  return (row.cycles[base] * laneBits(base, bits)) / (row.cycles[engine] * laneBits(engine, bits));
}

export interface EngineSummary {
  engine: EngineKey;
  name: string;
  serial: EngineInfo['serial'];
  counts: string;
  laneBits: number;
  networkCycles: number;
  /** Stripes (activation-serial) over this engine, over the network */
  overStripesEqLanes: number;
  overStripesEqLaneBits: number;
  /** the layer where this engine's speedup over Stripes is largest (same lanes), and that speedup */
  bestLayer: string;
  bestEqLanes: number;
  bestEqLaneBits: number;
}

/** One summary row per engine (no minimum over engines). */
export function engineSummaries(rows: readonly LinacBenchRow[], bits: 8 | 16): EngineSummary[] {
  const net = networkRow(rows);
  return ENGINES.map((e) => {
    const best = rows.reduce((b, r) => (speedupEqLanes(r, e.key, 'stripes') > speedupEqLanes(b, e.key, 'stripes') ? r : b), rows[0]!);
    return {
      engine: e.key, name: e.name, serial: e.serial, counts: e.counts, laneBits: laneBits(e.key, bits),
      networkCycles: net.cycles[e.key],
      overStripesEqLanes: speedupEqLanes(net, e.key, 'stripes'),
      overStripesEqLaneBits: speedupEqLaneBits(net, e.key, 'stripes', bits),
      bestLayer: best.layer,
      bestEqLanes: speedupEqLanes(best, e.key, 'stripes'),
      bestEqLaneBits: speedupEqLaneBits(best, e.key, 'stripes', bits),
    };
  });
}
