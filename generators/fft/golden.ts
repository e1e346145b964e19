/**
 * The golden model of the fixed-point FFT: plain TypeScript on integers (never the DSL), the same rules as the
 * hardware, so the RTL must equal it bit for bit.
 *
 * Radix-2 decimation in time, bit-reversed input order: position i of stage 0 holds x[bitrev(i)]; stage s pairs
 * positions (g + j, g + j + 2^s) with twiddle index k = j·n/2^(s+1). The butterfly on a, b with twiddle (c, s')
 * (twiddle.ts: s' = −S[k] forward, +S[k] inverse) forms the exact product p = b·(c + i·s') and then, per component,
 *   top = sat_w((a·2^(t−1) + p + 2^(t−1)) >> t),   bot = sat_w((a·2^(t−1) − p + 2^(t−1)) >> t),
 * `>>` being the floor: one rounding per stage, round-half-up of (a ± b·W)/2, then saturation to SInt(w). Every
 * stage halves, so the forward transform is DFT/n and the inverse the true IDFT, per dimension. n-dimensional data is
 * row-major with x fastest, i = (z·n + y)·n + x; the passes run along x (rows), then y (columns), then z.
 */
import { twiddleTable, bitReverse, log2Exact } from './twiddle.js';

export interface FftParams {
  /** points per dimension (a power of two) */
  n: number;
  /** data width: re and im are SInt(w) */
  w: number;
  /** twiddle width parameter: twiddles are scaled by 2^(t−1) */
  t: number;
}

export interface FftNdParams extends FftParams {
  dims: 1 | 2 | 3;
}

export interface ComplexInput {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

export interface Cplx {
  re: Int32Array;
  im: Int32Array;
}

/** Clamp to SInt(w). */
export function saturate(v: number, w: number): number {
  const hi = 2 ** (w - 1) - 1;
  const lo = -(2 ** (w - 1));
  return v > hi ? hi : v < lo ? lo : v;
}

/** One butterfly: (a + b·W)/2 and (a − b·W)/2 with W = (c + i·s)/2^(t−1), rounded half up and saturated. */
export function butterfly(ar: number, ai: number, br: number, bi: number, c: number, s: number, w: number, t: number): [number, number, number, number] {
  const pr = br * c - bi * s;
  const pi = br * s + bi * c;
  const half = 2 ** (t - 1);
  const div = 2 ** t;
  const out = (a: number, p: number) => saturate(Math.floor((a * half + p + half) / div), w);
  return [out(ar, pr), out(ai, pi), out(ar, -pr), out(ai, -pi)];
}

function checkParams(p: FftParams): void {
  if (p.n < 2 || (p.n & (p.n - 1)) !== 0) throw new Error(`fft: n = ${p.n} is not a power of two ≥ 2`);
  if (p.w < 2 || p.w > 24 || p.t < 2 || p.t > 24) throw new Error(`fft: widths w = ${p.w}, t = ${p.t} must be in 2..24`);
}

/** The 1D transform of x[0..n−1] (natural order in and out). */
export function goldenFft1d(x: ComplexInput, p: FftParams, inverse: boolean): Cplx {
  checkParams(p);
  const { n, w, t } = p;
  const L = log2Exact(n);
  const tw = twiddleTable(n, t);
  const re = new Int32Array(n);
  const im = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = bitReverse(i, L);
    re[i] = saturate(x.re[j]!, w);
    im[i] = saturate(x.im[j]!, w);
    if (re[i] !== x.re[j] || im[i] !== x.im[j]) throw new Error(`fft: input ${j} = (${x.re[j]}, ${x.im[j]}) does not fit SInt(${w})`);
  }
  for (let s = 0; s < L; s++) {
    const half = 2 ** s;
    for (let g = 0; g < n; g += 2 * half)
      for (let j = 0; j < half; j++) {
        const k = j * (n / (2 * half));
        const top = g + j;
        const bot = top + half;
        const sn = inverse ? tw.sin[k]! : -tw.sin[k]!;
        const [r0, i0, r1, i1] = butterfly(re[top]!, im[top]!, re[bot]!, im[bot]!, tw.cos[k]!, sn, w, t);
        re[top] = r0;
        im[top] = i0;
        re[bot] = r1;
        im[bot] = i1;
      }
  }
  return { re, im };
}

/** Lines of an n^dims array along `axis`: for each, the linear indices of its n elements in order. */
export function linesAlong(n: number, dims: number, axis: number): number[][] {
  const stride = n ** axis;
  const lines: number[][] = [];
  const total = n ** dims;
  for (let base = 0; base < total; base++) {
    if (Math.floor(base / stride) % n !== 0) continue;
    lines.push(Array.from({ length: n }, (_, i) => base + i * stride));
  }
  return lines;
}

/** The dims-dimensional transform: 1D transforms along x, then y, then z (row-major data, x fastest). */
export function goldenFftNd(x: ComplexInput, p: FftNdParams, inverse: boolean): Cplx {
  const total = p.n ** p.dims;
  if (x.re.length !== total || x.im.length !== total) throw new Error(`fft: ${p.dims}D transform of n = ${p.n} needs ${total} values, got ${x.re.length}`);
  const re = Int32Array.from(x.re);
  const im = Int32Array.from(x.im);
  for (let axis = 0; axis < p.dims; axis++)
    for (const line of linesAlong(p.n, p.dims, axis)) {
      const y = goldenFft1d({ re: line.map((i) => re[i]!), im: line.map((i) => im[i]!) }, p, inverse);
      line.forEach((i, k) => {
        re[i] = y.re[k]!;
        im[i] = y.im[k]!;
      });
    }
  return { re, im };
}
