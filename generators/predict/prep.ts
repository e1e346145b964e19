/**
 * Offline preparation of the prediction unit (host side, float then integers):
 *
 *   1. W (M × K, the layer's int8 weights as reals) = U Σ Vᵀ by ml-matrix's SVD; rank r: P = V_rᵀ (r × K), Q = U_r Σ_r (M × r).
 *   2. P to int8 per row: s_j = max|P_j|/127, Pq_j = round(P_j / s_j).
 *   3. zshift: the smallest shift with max|Pq_j·x| >> zshift inside int16 over the calibration windows (z = sat16 anyway).
 *   4. Q to int8 per row: z_j stands for P_j·x / (s_j·2^zshift), so Q'_mj = Q_mj·s_j·2^zshift; t_m = max_j|Q'_mj|/127,
 *      Qq_m = round(Q'_m / t_m), b̂_m = round(b_m / t_m): ŷ_m = Qq_m·z + b̂_m ≈ (W_m·x + b_m)/t_m, in units of its own row.
 *   5. τ: over the calibration outputs, the largest integer τ with #(ŷ ≤ τ and true sum > 0) ≤ target·#outputs
 *      (the configured false-skip rate, as a fraction of all outputs).
 *
 * Calibration data never includes the measured image: face-net layers use the other five sample images
 * (leave-one-out); a random layer uses five other seeded inputs drawn like its own, with the same weights.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { outSize, windowVector, outputStats, type PredLayer, type Predictor } from './golden.js';

export interface Factors {
  M: number;
  K: number;
  /** r_max × K (rows of Vᵀ) */
  P: Float64Array;
  /** M × r_max (U·Σ) */
  Q: Float64Array;
  sigma: Float64Array;
  rMax: number;
}

/** The SVD of the layer's M × K weight matrix. */
export function svdFactors(weights: ArrayLike<number>, M: number, K: number): Factors {
  const W = new Matrix(M, K);
  for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) W.set(m, k, weights[m * K + k]!);
  const svd = new SingularValueDecomposition(W, { autoTranspose: true });
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const d = svd.diagonal;
  const rMax = Math.min(M, K, d.length, U.columns, V.columns);
  const P = new Float64Array(rMax * K);
  const Q = new Float64Array(M * rMax);
  for (let j = 0; j < rMax; j++) {
    for (let k = 0; k < K; k++) P[j * K + k] = V.get(k, j);
    for (let m = 0; m < M; m++) Q[m * rMax + j] = U.get(m, j) * d[j]!;
  }
  return { M, K, P, Q, sigma: Float64Array.from(d.slice(0, rMax)), rMax };
}

export interface QuantP {
  rank: number;
  K: number;
  /** r × K int8 */
  Pq: Int8Array;
  /** per-row scale */
  s: Float64Array;
}

export function quantizeP(f: Factors, rank: number): QuantP {
  if (rank < 1 || rank > f.rMax) throw new Error(`rank ${rank} is outside 1..${f.rMax} (min(M, K) of the layer)`);
  const Pq = new Int8Array(rank * f.K);
  const s = new Float64Array(rank);
  for (let j = 0; j < rank; j++) {
    let mx = 0;
    for (let k = 0; k < f.K; k++) mx = Math.max(mx, Math.abs(f.P[j * f.K + k]!));
    s[j] = mx > 0 ? mx / 127 : 1;
    for (let k = 0; k < f.K; k++) Pq[j * f.K + k] = Math.max(-127, Math.min(127, Math.round(f.P[j * f.K + k]! / s[j]!)));
  }
  return { rank, K: f.K, Pq, s };
}

/** Smallest zshift with (max|Pq·x| + 2^(zshift−1)) >> zshift ≤ 32767. */
export function chooseZshift(maxAbs: number): number {
  let zs = 0;
  while (Math.floor((maxAbs + (zs === 0 ? 0 : 2 ** (zs - 1))) / 2 ** zs) > 32767) zs++;
  return zs;
}

/** Integer Q and b̂ for a given zshift (τ filled in later). */
export function buildPredictor(f: Factors, qp: QuantP, zshift: number, bias: ArrayLike<number>, tau: number): Predictor {
  const r = qp.rank;
  const Q = new Int8Array(f.M * r);
  const bhat = new Int32Array(f.M);
  for (let m = 0; m < f.M; m++) {
    let mx = 0;
    const row = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      row[j] = f.Q[m * f.rMax + j]! * qp.s[j]! * 2 ** zshift;
      mx = Math.max(mx, Math.abs(row[j]!));
    }
    const t = mx > 0 ? mx / 127 : 1;
    for (let j = 0; j < r; j++) Q[m * r + j] = Math.max(-127, Math.min(127, Math.round(row[j]! / t)));
    bhat[m] = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(bias[m]! / t)));
  }
  return { rank: r, P: qp.Pq, Q, bhat, zshift, tau };
}

/**
 * The largest τ whose false skips (ŷ ≤ τ while the true sum > 0) over the calibration outputs are at most
 * target·(number of outputs). `yhat[i]` and `acc[i]` are aligned per image.
 */
export function calibrateTau(yhat: readonly Int32Array[], acc: readonly ArrayLike<number>[], target: number): number {
  const pos: number[] = [];
  let n = 0;
  yhat.forEach((yh, i) => {
    const a = acc[i]!;
    n += yh.length;
    for (let k = 0; k < yh.length; k++) if (a[k]! > 0) pos.push(yh[k]!);
  });
  pos.sort((a, b) => a - b);
  const allowed = Math.floor(target * n);
  if (allowed >= pos.length) return 2 ** 31 - 1;
  return Math.max(-(2 ** 31), pos[allowed]! - 1);
}

/** P·x (before the shift) for every window, r values per window (window-major): calibrates zshift, and feeds ŷ. */
export function rawLowRank(qp: QuantP, windows: (x: Int32Array, visit: () => void) => void): Float64Array[] {
  const out: number[][] = Array.from({ length: qp.rank }, () => []);
  const x = new Int32Array(qp.K);
  windows(x, () => {
    for (let j = 0; j < qp.rank; j++) {
      let a = 0;
      for (let k = 0; k < qp.K; k++) a += qp.Pq[j * qp.K + k]! * x[k]!;
      out[j]!.push(a);
    }
  });
  return out.map((o) => Float64Array.from(o));
}

export function maxAbsOf(raws: readonly Float64Array[][]): number {
  let mx = 0;
  for (const r of raws) for (const row of r) for (const v of row) mx = Math.max(mx, Math.abs(v));
  return mx;
}

/** ŷ (CHW: m-major) from the raw P·x of each window, exactly as golden.ts computes it. */
export function yhatFromRaw(raw: Float64Array[], pred: Predictor, M: number): Int32Array {
  const n = raw[0]?.length ?? 0;
  const out = new Int32Array(M * n);
  const rnd = pred.zshift === 0 ? 0 : 2 ** (pred.zshift - 1);
  const z = new Int32Array(pred.rank);
  for (let w = 0; w < n; w++) {
    for (let j = 0; j < pred.rank; j++) {
      const v = Math.floor((raw[j]![w]! + rnd) / 2 ** pred.zshift);
      z[j] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    for (let m = 0; m < M; m++) {
      let v = pred.bhat[m]!;
      for (let j = 0; j < pred.rank; j++) v += pred.Q[m * pred.rank + j]! * z[j]!;
      out[m * n + w] = v;
    }
  }
  return out;
}

/** Visit every window of a layer in raster order (x filled with the window's K values). */
export function windowsOf(l: PredLayer): (x: Int32Array, visit: () => void) => void {
  return (x, visit) => {
    const { OH, OW } = outSize(l.shape);
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        windowVector(l, oy, ox, x);
        visit();
      }
  };
}

const factorCache = new WeakMap<object, Factors>();

/** SVD factors of a layer's weights (cached per weight array). */
export function factorsOf(l: PredLayer): Factors {
  const key = l.weights as object;
  let f = factorCache.get(key);
  if (!f) {
    const s = l.shape;
    f = svdFactors(l.weights, s.M, s.C * s.R * s.S);
    factorCache.set(key, f);
  }
  return f;
}

/** Exact pre-activation sums of a layer (CHW), for calibration. */
export function trueSums(l: PredLayer): Float64Array {
  return outputStats(l, 1, 1).acc;
}

/**
 * The prediction unit of `target` at rank r, calibrated (zshift, τ) on `calib` (layers with the same weights and
 * other inputs) for the false-skip rate `falseSkip`.
 */
export function preparePredictor(target: PredLayer, calib: readonly PredLayer[], rank: number, falseSkip: number): Predictor {
  if (calib.length === 0) throw new Error(`layer '${target.name}': calibration needs at least one other input`);
  const f = factorsOf(target);
  const qp = quantizeP(f, rank);
  const raws = calib.map((l) => rawLowRank(qp, windowsOf(l)));
  const zs = chooseZshift(maxAbsOf(raws));
  const pred = buildPredictor(f, qp, zs, target.bias, 0);
  const yh = raws.map((r) => yhatFromRaw(r, pred, target.shape.M));
  return { ...pred, tau: calibrateTau(yh, calib.map(trueSums), falseSkip) };
}
