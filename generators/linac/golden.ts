/**
 * Golden algorithm models of LINAC (mechanism (a), see README.md); plain integers, never imports the DSL or hardware files.
 *
 * Mode `act_pred` (activation prediction, integer β; β = (1) is Diffy's delta, β = (2, −1) linear extrapolation):
 *   on the zero-padded input A, E(c,Y,X) = A(c,Y,X) − Σ_k β_k · A(c,Y,X − k·stride)   (terms with a negative column are 0)
 *   P(m,y,x) = Σ w·E(window)  + Σ_k β_k · P(m,y,x−k)     for x ≥ K (= β.length)
 *   P(m,y,x) = Σ w·A(window)                              for x < K
 *   O = P + bias, then ReLU, then requantisation. (The recurrence runs on bias-free sums P: with bias it would need the
 *   term b·(1 − Σβ); on P it is exact for every integer β.)
 * Mode `wgt_plane` (weight-plane regression): per kernel (m,c), integers (α, β, γ) with
 *   w(m,c,r,s) = α·r + β·s + γ + ρ(m,c,r,s); conv = Σ ρ·a + Σ_c (α·Sr + β·Ss + γ·S1), where the window sums
 *   Sr = Σ r·a, Ss = Σ s·a, S1 = Σ a (per channel and window) are shared by all filters. The fit minimises the NAF terms of
 *   (ρ, α, β, γ) around the rounded least-squares plane, so it never has more terms than the raw kernel (α=β=γ=0).
 */
import { nafCount } from '../bitserial/golden.js';
import { outDims, type ConvLayer, type ConvShape } from '../common/shape.js';
import { postValue } from '../common/rq.js';

export type LinacMode = 'act_pred' | 'wgt_plane';

/** A conv shape and a layer in the project's integer conventions (common/shape.ts, which imports nothing). */
export type ConvShapeL = ConvShape;
export type LinacLayerData = ConvLayer;
export { outDims };

/** The zero-padded input A, C × Hp × Wp. */
export function padded(l: { shape: ConvShapeL; input: ArrayLike<number> }): Float64Array {
  const s = l.shape;
  const { Hp, Wp, padY } = outDims(s);
  const A = new Float64Array(s.C * Hp * Wp);
  for (let c = 0; c < s.C; c++)
    for (let y = 0; y < s.H; y++)
      for (let x = 0; x < s.W; x++) A[(c * Hp + y + padY) * Wp + x + s.pad] = l.input[(c * s.H + y) * s.W + x]!;
  return A;
}

/** Residuals E on the padded grid: E(c,Y,X) = A(c,Y,X) − Σ_k β_k A(c,Y,X − k·stride). */
export function residuals(A: Float64Array, s: ConvShapeL, beta: readonly number[]): Float64Array {
  const { Hp, Wp } = outDims(s);
  const E = new Float64Array(A.length);
  for (let row = 0; row < s.C * Hp; row++)
    for (let X = 0; X < Wp; X++) {
      let v = A[row * Wp + X]!;
      for (let k = 1; k <= beta.length; k++) {
        const Xk = X - k * s.stride;
        if (Xk >= 0) v -= beta[k - 1]! * A[row * Wp + Xk]!;
      }
      E[row * Wp + X] = v;
    }
  return E;
}

/** Σ w(m,·,·,·) · G(window at y, x) on a padded grid G. */
function windowDot(G: Float64Array, w: ArrayLike<number>, s: ConvShapeL, m: number, y: number, x: number, Hp: number, Wp: number): number {
  let acc = 0;
  const K = s.C * s.R * s.S;
  for (let c = 0; c < s.C; c++)
    for (let r = 0; r < s.R; r++) {
      const rowBase = (c * Hp + y * s.stride + r) * Wp + x * s.stride;
      const wBase = m * K + (c * s.R + r) * s.S;
      for (let q = 0; q < s.S; q++) acc += w[wBase + q]! * G[rowBase + q]!;
    }
  return acc;
}

export interface PlaneFit {
  /** per kernel (m, c): α (rows), β (columns), γ (offset) */
  alpha: Int32Array;
  beta: Int32Array;
  gamma: Int32Array;
  /** ρ = w − (α·r + β·s + γ), MCRS */
  rho: Int32Array;
}

/**
 * Integer plane fit of every kernel, minimising the NAF terms of (ρ, α, β, γ) around the rounded least-squares fit.
 * A non-zero (α, β, γ) triple costs `slotCost` extra (it occupies three lane slots of the weight stream; an all-zero
 * triple is left out of the stream offline), so a kernel keeps its raw weights unless the plane saves more than that.
 */
export function planeFit(weights: ArrayLike<number>, M: number, C: number, R: number, S: number, slotCost = 3): PlaneFit {
  const n = R * S;
  const alpha = new Int32Array(M * C);
  const beta = new Int32Array(M * C);
  const gamma = new Int32Array(M * C);
  const rho = new Int32Array(M * C * n);
  const rbar = (R - 1) / 2;
  const sbar = (S - 1) / 2;
  let srr = 0;
  let sss = 0;
  for (let r = 0; r < R; r++) for (let q = 0; q < S; q++) {
    srr += (r - rbar) ** 2;
    sss += (q - sbar) ** 2;
  }
  for (let k = 0; k < M * C; k++) {
    const base = k * n;
    let mean = 0;
    let sr = 0;
    let ss = 0;
    for (let r = 0; r < R; r++)
      for (let q = 0; q < S; q++) {
        const v = weights[base + r * S + q]!;
        mean += v / n;
        sr += (r - rbar) * v;
        ss += (q - sbar) * v;
      }
    const a0 = srr > 0 ? Math.round(sr / srr) : 0;
    const b0 = sss > 0 ? Math.round(ss / sss) : 0;
    const g0 = Math.round(mean - (srr > 0 ? sr / srr : 0) * rbar - (sss > 0 ? ss / sss : 0) * sbar);
    // candidates: the raw kernel, and a neighbourhood of the least-squares plane
    let best = { a: 0, b: 0, g: 0, cost: 0 };
    for (let i = 0; i < n; i++) best.cost += nafCount(weights[base + i]!);
    const da = srr > 0 ? [-1, 0, 1] : [0];
    const db = sss > 0 ? [-1, 0, 1] : [0];
    for (const ea of da)
      for (const eb of db)
        for (const eg of [-2, -1, 0, 1, 2]) {
          const a = a0 + ea;
          const b = b0 + eb;
          const g = g0 + eg;
          let cost = nafCount(a) + nafCount(b) + nafCount(g) + (a || b || g ? slotCost : 0);
          for (let r = 0; r < R && cost < best.cost; r++)
            for (let q = 0; q < S; q++) cost += nafCount(weights[base + r * S + q]! - a * r - b * q - g);
          if (cost < best.cost) best = { a, b, g, cost };
        }
    alpha[k] = best.a;
    beta[k] = best.b;
    gamma[k] = best.g;
    for (let r = 0; r < R; r++) for (let q = 0; q < S; q++) rho[base + r * S + q] = weights[base + r * S + q]! - best.a * r - best.b * q - best.g;
  }
  return { alpha, beta, gamma, rho };
}

/** Window sums of channel c at output (y, x): [Σ r·a, Σ s·a, Σ a]. */
export function windowSums(A: Float64Array, s: ConvShapeL, c: number, y: number, x: number, Hp: number, Wp: number): [number, number, number] {
  let sr = 0;
  let sq = 0;
  let s1 = 0;
  for (let r = 0; r < s.R; r++) {
    const rowBase = (c * Hp + y * s.stride + r) * Wp + x * s.stride;
    for (let q = 0; q < s.S; q++) {
      const a = A[rowBase + q]!;
      sr += r * a;
      sq += q * a;
      s1 += a;
    }
  }
  return [sr, sq, s1];
}

export interface LinacOptions {
  mode: LinacMode;
  /** act_pred coefficients (default [1]) */
  beta?: readonly number[];
}

/** Bias-free sums P(m, y, x) computed the LINAC way (exact integers held in doubles; |P| < 2^53 for every supported shape). */
export function linacSums(l: LinacLayerData, o: LinacOptions): Float64Array {
  const s = l.shape;
  const { OH, OW, Hp, Wp } = outDims(s);
  const A = padded(l);
  const P = new Float64Array(s.M * OH * OW);
  if (o.mode === 'act_pred') {
    const beta = o.beta ?? [1];
    const E = residuals(A, s, beta);
    const nb = beta.length;
    for (let m = 0; m < s.M; m++)
      for (let y = 0; y < OH; y++)
        for (let x = 0; x < OW; x++) {
          const i = (m * OH + y) * OW + x;
          if (x < nb) P[i] = windowDot(A, l.weights, s, m, y, x, Hp, Wp);
          else {
            let v = windowDot(E, l.weights, s, m, y, x, Hp, Wp);
            for (let k = 1; k <= nb; k++) v += beta[k - 1]! * P[i - k]!;
            P[i] = v;
          }
        }
    return P;
  }
  const fit = planeFit(l.weights, s.M, s.C, s.R, s.S);
  const sums = new Float64Array(s.C * 3);
  for (let y = 0; y < OH; y++)
    for (let x = 0; x < OW; x++) {
      for (let c = 0; c < s.C; c++) sums.set(windowSums(A, s, c, y, x, Hp, Wp), 3 * c);
      for (let m = 0; m < s.M; m++) {
        let v = windowDot(A, fit.rho, s, m, y, x, Hp, Wp);
        for (let c = 0; c < s.C; c++) {
          const k = m * s.C + c;
          v += fit.alpha[k]! * sums[3 * c]! + fit.beta[k]! * sums[3 * c + 1]! + fit.gamma[k]! * sums[3 * c + 2]!;
        }
        P[(m * OH + y) * OW + x] = v;
      }
    }
  return P;
}

/** The LINAC convolution with bias, ReLU and requantisation: outputs in CHW order, equal to conv2d exactly. */
export function linacConv(l: LinacLayerData, o: LinacOptions): Float64Array {
  const s = l.shape;
  const P = linacSums(l, o);
  const plane = P.length / s.M;
  const out = new Float64Array(P.length);
  for (let i = 0; i < P.length; i++) {
    const m = Math.floor(i / plane);
    out[i] = postValue(P[i]! + l.bias[m]!, l.relu, l.rq, m);
  }
  return out;
}
