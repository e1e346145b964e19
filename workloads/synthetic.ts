/**
 * Synthetic activation maps for sparsity sweeps: a Bernoulli mask (each element is zero with probability `sparsity`,
 * independently) over values drawn from a given distribution of non-zero values — normally a real layer's
 * (e.g. `nonZeroHistogram(layer)` from workloads/facenet). Deterministic: a seeded PRNG (mulberry32), the same
 * (shape, sparsity, distribution, seed) always gives the same map.
 */
import type { Tensor3 } from '../models/conv2d.ts';

export const SPARSITY_LEVELS = [0, 0.5, 0.7, 0.9, 0.95] as const;

/** mulberry32: 32-bit state, period 2^32, good enough for workloads; returns floats in [0, 1). */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

/**
 * A distribution over the non-zero values 1..255: `weights[v]` is the (unnormalised) probability of value v;
 * weights[0] is ignored. A histogram of a real layer's non-zero activations is exactly this.
 */
export type ValueDistribution = ArrayLike<number>;

/** Build a distribution from observed values (zeros are dropped). */
export function histogramOf(values: ArrayLike<number>): Float64Array {
  const h = new Float64Array(256);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== 0) h[v]!++;
  }
  return h;
}

/** Inverse-CDF sampler over 1..255 (binary search on the cumulative weights). */
export function valueSampler(dist: ValueDistribution): (u: number) => number {
  if (dist.length > 256) throw new Error(`distribution over uint8 values: at most 256 entries, got ${dist.length}`);
  const values: number[] = [];
  const cdf: number[] = [];
  let total = 0;
  for (let v = 1; v < dist.length; v++) {
    const w = dist[v]!;
    if (w < 0 || !Number.isFinite(w)) throw new Error(`distribution weight for ${v} must be finite and ≥ 0, got ${w}`);
    if (w > 0) {
      total += w;
      values.push(v);
      cdf.push(total);
    }
  }
  if (total === 0) throw new Error('distribution has no non-zero value with positive weight');
  return (u: number) => {
    const t = u * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

export interface SyntheticOptions {
  C: number;
  H: number;
  W: number;
  /** Probability that an element is zero, in [0, 1]. */
  sparsity: number;
  /** Distribution of the non-zero values (see ValueDistribution). */
  distribution: ValueDistribution;
  seed: number;
  /**
   * 'bernoulli' (default): independent zeros, the zero count is Binomial(N, sparsity).
   * 'exact': exactly round(sparsity·N) zeros at uniformly random positions (partial Fisher–Yates).
   */
  mode?: 'bernoulli' | 'exact';
}

/** A C×H×W uint8 map with the requested sparsity and non-zero value distribution. */
export function syntheticMap(o: SyntheticOptions): Tensor3<Uint8Array> {
  if (!(o.sparsity >= 0 && o.sparsity <= 1)) throw new Error(`sparsity must be in [0, 1], got ${o.sparsity}`);
  const n = o.C * o.H * o.W;
  const rng = new Prng(o.seed);
  const sample = valueSampler(o.distribution);
  const data = new Uint8Array(n);
  if ((o.mode ?? 'bernoulli') === 'bernoulli') {
    for (let i = 0; i < n; i++) {
      const zero = rng.next() < o.sparsity;
      const u = rng.next(); // always drawn, so the values do not shift with the sparsity level
      data[i] = zero ? 0 : sample(u);
    }
  } else {
    for (let i = 0; i < n; i++) data[i] = sample(rng.next());
    const zeros = Math.round(o.sparsity * n);
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    for (let k = 0; k < zeros; k++) {
      const j = k + Math.floor(rng.next() * (n - k));
      const t = idx[k]!;
      idx[k] = idx[j]!;
      idx[j] = t;
      data[idx[k]!] = 0;
    }
  }
  return { C: o.C, H: o.H, W: o.W, data };
}

/** One map per sparsity level (default 0/50/70/90/95%), same seed for each level. */
export function sparsitySweep(
  shape: { C: number; H: number; W: number },
  distribution: ValueDistribution,
  seed: number,
  levels: readonly number[] = SPARSITY_LEVELS,
): { sparsity: number; map: Tensor3<Uint8Array> }[] {
  return levels.map((sparsity) => ({ sparsity, map: syntheticMap({ ...shape, sparsity, distribution, seed }) }));
}

/** Fraction of zero elements. */
export function zeroFraction(d: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) z++;
  return z / d.length;
}
