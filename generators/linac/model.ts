/**
 * Golden cycle models of the bit-serial engines on real data (never imports the DSL or hardware files), and the term
 * statistics of docs/mechanisms.md (a). Engine: `filters` tiles of `lanes` lanes (F·L one-bit × W-bit partial-product
 * lanes), first shifter stage 2^B.
 *
 * Activation-serial engines (Stripes, Pragmatic, LINAC act_pred): the F tiles hold the weights of F filters and share
 * one activation stream. An output pixel's window (K = C·R·S values in (c, r, s) order) is cut into groups of L
 * values; a group takes termCycles(group, B) cycles (Stripes: W cycles, value-agnostic). Total =
 * ceil(M / F) · Σ_pixels Σ_groups cycles(group). LINAC streams residuals E for output columns x ≥ |β| and raw
 * activations for the first |β| columns (the output recurrence adds no engine cycles: it is one add per output).
 *
 * Weight-serial engine (LINAC wgt_plane): the F tiles hold the activations of F output pixels and share one weight
 * stream: per filter and channel, ρ(m, c, ·, ·) then α, β, γ (whose lanes multiply the shared window sums Σ r·a, Σ s·a,
 * Σ a); an all-zero (α, β, γ) triple is left out of the stream (the stream is compiled offline from static weights).
 * Pixel batches are F consecutive columns of one output row, as the RTL batches them (`batching` 'row': OH · ceil(OW / F)
 * batches), or any F output pixels ('any': ceil(OH·OW / F) batches, the best schedule, which no lane idles on narrow
 * layers): total = batches · Σ_filters Σ_groups termCycles(group). Its cycles do not depend on the activations.
 * `planeScheduleCycles` adds what the wgt_plane RTL pays besides its terms (window-sum prologue, group fetch, output
 * cycles); `wgtStripesCycles` is the value-agnostic weight-serial reference (W cycles per group of L weights).
 *
 * Dense bit-parallel baseline at equal partial-product lanes: a W-bit activation × weight MAC equals W one-bit lanes,
 * so the same silicon does F·L / W MACs per cycle: cycles = ceil(MACs · W / (F·L)) (ideal, 100% utilisation).
 */
import { nafExps, nafCount, termCyclesExps } from '../bitserial/golden.js';
import { outDims, padded, residuals, planeFit, type ConvShapeL, type LinacLayerData } from './golden.js';

export interface EngineParams {
  lanes: number;
  filters: number;
  B: number;
}

export const DEFAULT_ENGINE: EngineParams = { lanes: 16, filters: 16, B: 2 };

/** Activation-serial engine cycles on the given padded grid of values (raw, or residuals for x ≥ nb). */
export function actSerialCycles(l: LinacLayerData, e: EngineParams, beta: readonly number[] | null): { cycles: number; groups: number; terms: number } {
  const s = l.shape;
  const { OH, OW, Hp, Wp } = outDims(s);
  const A = padded(l);
  const E = beta ? residuals(A, s, beta) : A;
  const nb = beta ? beta.length : 0;
  const expA = Array.from(A, (v) => nafExps(v));
  const expE = beta ? Array.from(E, (v) => nafExps(v)) : expA;
  const K = s.C * s.R * s.S;
  const offs: number[] = [];
  for (let c = 0; c < s.C; c++) for (let r = 0; r < s.R; r++) for (let q = 0; q < s.S; q++) offs.push((c * Hp + r) * Wp + q);
  let cycles = 0;
  let groups = 0;
  let terms = 0;
  const grp: Int8Array[] = [];
  for (let y = 0; y < OH; y++)
    for (let x = 0; x < OW; x++) {
      const src = x < nb ? expA : expE;
      const base = y * s.stride * Wp + x * s.stride;
      for (let k0 = 0; k0 < K; k0 += e.lanes) {
        grp.length = 0;
        for (let k = k0; k < Math.min(K, k0 + e.lanes); k++) {
          const ex = src[base + offs[k]!]!;
          terms += ex.length;
          if (ex.length) grp.push(ex);
        }
        cycles += termCyclesExps(grp, e.B);
        groups++;
      }
    }
  const mt = Math.ceil(s.M / e.filters);
  return { cycles: cycles * mt, groups: groups * mt, terms: terms * mt };
}

/** Stripes: W cycles per group of L window values. */
export function stripesCycles(s: ConvShapeL, e: EngineParams, actBits: number): number {
  const { OH, OW } = outDims(s);
  return Math.ceil(s.M / e.filters) * OH * OW * Math.ceil((s.C * s.R * s.S) / e.lanes) * actBits;
}

/** Dense bit-parallel at equal partial-product lanes (ideal). */
export function denseEqualLanesCycles(s: ConvShapeL, e: EngineParams, actBits: number): number {
  const { OH, OW } = outDims(s);
  return Math.ceil((s.M * OH * OW * s.C * s.R * s.S * actBits) / (e.filters * e.lanes));
}

/** A weight-serial engine's figures on one layer: cycles are term cycles only (no fetch, no prologue). */
export interface WgtSerialFigures {
  cycles: number;
  /** NAF terms and values of one pass of the weight stream (every filter once) */
  terms: number;
  values: number;
  /** groups of L stream values in one pass of the stream */
  groups: number;
  /** pixel batches (the stream is replayed once per batch) */
  batches: number;
}

/** How a weight-serial engine gathers its F pixels: F consecutive columns of one output row (the RTL), or any F. */
export type Batching = 'row' | 'any';

export function pixelBatches(s: ConvShapeL, F: number, batching: Batching): number {
  const { OH, OW } = outDims(s);
  return batching === 'row' ? OH * Math.ceil(OW / F) : Math.ceil((OH * OW) / F);
}

/** Weight-serial engine: raw weights (Pragmatic on weights) or the plane residuals ρ with α, β, γ. */
export function wgtSerialCycles(l: LinacLayerData, e: EngineParams, plane: boolean, batching: Batching = 'row'): WgtSerialFigures {
  const s = l.shape;
  const n = s.R * s.S;
  const fit = plane ? planeFit(l.weights, s.M, s.C, s.R, s.S) : undefined;
  let cycles = 0;
  let terms = 0;
  let values = 0;
  let groups = 0;
  const grp: Int8Array[] = [];
  let filled = 0;
  const push = (v: number): void => {
    const ex = nafExps(v);
    terms += ex.length;
    values++;
    if (ex.length) grp.push(ex);
    if (++filled === e.lanes) flush();
  };
  const flush = (): void => {
    if (filled === 0) return;
    cycles += termCyclesExps(grp, e.B);
    groups++;
    grp.length = 0;
    filled = 0;
  };
  for (let m = 0; m < s.M; m++) {
    for (let c = 0; c < s.C; c++) {
      const k = m * s.C + c;
      for (let i = 0; i < n; i++) push(fit ? fit.rho[k * n + i]! : l.weights[k * n + i]!);
      if (fit && (fit.alpha[k] || fit.beta[k] || fit.gamma[k])) {
        push(fit.alpha[k]!);
        push(fit.beta[k]!);
        push(fit.gamma[k]!);
      }
    }
    flush();
  }
  const batches = pixelBatches(s, e.filters, batching);
  return { cycles: cycles * batches, terms, values, groups, batches };
}

/** Weight-serial Stripes: `wBits` cycles per group of L weights (value-agnostic), ceil(C·R·S / L) groups per filter. */
export function wgtStripesCycles(s: ConvShapeL, e: EngineParams, wBits: number, batching: Batching = 'row'): number {
  return pixelBatches(s, e.filters, batching) * s.M * Math.ceil((s.C * s.R * s.S) / e.lanes) * wBits;
}

/** The act_pred core's cycles beyond its TERM cycles, per run: 3 priming cycles (start, offsets, first group) + 3 output stages. */
export const ACT_CORE_FIXED = 6;

/** The wgt_plane core's schedule on a layer, split into the categories its counters measure (busy = cycles − 1 = the sum). */
export interface PlaneSchedule {
  cycles: number;
  /** window sums Σ r·a, Σ s·a, Σ a of every channel: C·R·S + 1 cycles per pixel batch */
  prologue: number;
  /** slot read, operand read, lane load: 3 cycles per group, not overlapped with its terms */
  fetch: number;
  term: number;
  /** bias/ReLU/requantisation and the write: 2 cycles per filter and pixel batch */
  post: number;
}

/**
 * The cycles the wgt_plane core (plane.ts) pays on an engine of F = `filters` pixel columns × L lanes: the start cycle,
 * then per pixel batch the prologue, and per filter its groups (3 fetch cycles + term cycles each) and 2 output cycles.
 * Counted here from the plane fit directly (not from the driver's stream), so the RTL counters check it independently.
 */
export function planeScheduleCycles(l: LinacLayerData, e: EngineParams): PlaneSchedule {
  const s = l.shape;
  const w = wgtSerialCycles(l, e, true);
  const prologue = w.batches * (s.C * s.R * s.S + 1);
  const fetch = w.batches * 3 * w.groups;
  const post = w.batches * 2 * s.M;
  return { cycles: 1 + prologue + fetch + w.cycles + post, prologue, fetch, term: w.cycles, post };
}

/** Mean NAF terms per activation value (over the unpadded input) for raw values and residuals with each β. */
export function termStats(l: LinacLayerData, betas: ReadonlyArray<readonly number[]>): { raw: number; residual: number[] } {
  const s = l.shape;
  const { Hp, Wp, padY } = outDims(s);
  const A = padded(l);
  const mean = (G: Float64Array): number => {
    let t = 0;
    for (let c = 0; c < s.C; c++)
      for (let y = 0; y < s.H; y++)
        for (let x = 0; x < s.W; x++) t += nafCount(G[(c * Hp + y + padY) * Wp + x + s.pad]!);
    return t / (s.C * s.H * s.W);
  };
  return { raw: mean(A), residual: betas.map((b) => mean(residuals(A, s, b))) };
}
