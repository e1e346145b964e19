/**
 * The fixed-point FFT rules (plain TypeScript, no DSL): radix-2 decimation in time, bit-reversed input order,
 * twiddles round_half_away(cos/sin(2πk/N)·2^(T−1)) (T + 1 bits: cos 0 is 2^(T−1)), each butterfly output
 * sat_D(round_half_up((a·2^(T−1) ± b·w) / 2^T)) (the twiddle's scale and the stage's >> 1 in one rounding).
 * Multi-dimensional transforms run along x (rows), then y (columns), then z.
 */

export interface FftFormat {
  /** N: points per dimension (a power of two) */
  n: number;
  /** D: signed data width */
  dataBits: number;
  /** T: signed twiddle width */
  twBits: number;
}

function roundHalfAway(v: number): number {
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

function sat(v: number, bits: number): number {
  const hi = 2 ** (bits - 1) - 1;
  return v > hi ? hi : v < -hi - 1 ? -hi - 1 : v;
}

/** The twiddle table: cos and −sin (forward) of 2πk/N for k < N/2, T-bit signed. */
export function twiddles(n: number, twBits: number, inverse = false): { re: Int32Array; im: Int32Array } {
  const re = new Int32Array(n / 2);
  const im = new Int32Array(n / 2);
  const s = 2 ** (twBits - 1);
  for (let k = 0; k < n / 2; k++) {
    const q = (4 * k) % n === 0 ? [1, 0, -1, 0][(4 * k) / n]! : Math.cos((2 * Math.PI * k) / n);
    const r = (4 * k) % n === 0 ? [0, 1, 0, -1][(4 * k) / n]! : Math.sin((2 * Math.PI * k) / n);
    re[k] = roundHalfAway(q * s) + 0;
    im[k] = (inverse ? 1 : -1) * roundHalfAway(r * s) + 0;
  }
  return { re, im };
}

export function bitReverse(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
}

/** One N-point transform in place on (re, im) at offset `off`, element step `step`. */
export function fft1d(re: Float64Array, im: Float64Array, off: number, step: number, f: FftFormat, inverse: boolean): void {
  const n = f.n;
  const lg = Math.round(Math.log2(n));
  const tw = twiddles(n, f.twBits, inverse);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = bitReverse(i, lg);
    xr[i] = re[off + j * step]!;
    xi[i] = im[off + j * step]!;
  }
  const half = 2 ** (f.twBits - 1);
  const div = 2 * half;
  for (let len = 2; len <= n; len *= 2) {
    const h = len / 2;
    const stride = n / len;
    for (let g = 0; g < n; g += len)
      for (let j = 0; j < h; j++) {
        const wr = tw.re[j * stride]!;
        const wi = tw.im[j * stride]!;
        const a = g + j;
        const b = a + h;
        const tr = xr[b]! * wr - xi[b]! * wi;
        const ti = xr[b]! * wi + xi[b]! * wr;
        const ar = xr[a]! * half;
        const ai = xi[a]! * half;
        xr[a] = sat(Math.floor((ar + tr + half) / div), f.dataBits);
        xi[a] = sat(Math.floor((ai + ti + half) / div), f.dataBits);
        xr[b] = sat(Math.floor((ar - tr + half) / div), f.dataBits);
        xi[b] = sat(Math.floor((ai - ti + half) / div), f.dataBits);
      }
  }
  for (let i = 0; i < n; i++) {
    re[off + i * step] = xr[i]!;
    im[off + i * step] = xi[i]!;
  }
}

/** The d-dimensional transform (d = 2: nz = 1; d = 3: nz = N) of an nz×N×N array in place: x, then y, then z. */
export function fftNd(re: Float64Array, im: Float64Array, nz: number, f: FftFormat, inverse: boolean): void {
  const n = f.n;
  for (let z = 0; z < nz; z++) for (let y = 0; y < n; y++) fft1d(re, im, (z * n + y) * n, 1, f, inverse);
  for (let z = 0; z < nz; z++) for (let x = 0; x < n; x++) fft1d(re, im, z * n * n + x, n, f, inverse);
  if (nz > 1) for (let i = 0; i < n * n; i++) fft1d(re, im, i, n * n, f, inverse);
}
