/**
 * Golden model of the frequency-domain accelerator (mechanism (d), FDA): plain integers, never imports the DSL or
 * the hardware. Per output channel m and overlap-save tile,
 *
 *   Y_m = IFFT( Σ_c FFT(X_c) ⊙ conj(DFT(W̃_m,c)) )
 *
 * on N-point tiles (N×N in 2D, N×N×N in 3D): X_c is the tile of input channel c (the padded input from the tile's
 * origin; zero outside the layer) shifted left by guardBits, transformed by the fixed-point FFT (fft/golden.ts, D =
 * fftBits); W̃_m,c is the kernel zero-padded to N, its DFT computed offline in double precision, conjugated (CNN
 * convolution is cross-correlation) and rounded half away from zero to wFracBits fraction bits (weightBits signed).
 * Only the bins with k_x ≤ N/2 are computed (conjugate symmetry of real data: N·(N/2+1) bins in 2D, N²·(N/2+1) in 3D).
 *
 * Per bin the complex product runs on the crossbar golden model (crossbar/golden.ts, xbarMvm): rows are input
 * channels, two cell groups per output channel hold Re W and Im W, the inputs are the offset-binary values
 * X' = X + 2^(D−1) (D-bit unsigned). Vector 0 drives Re X' and reads S1 = Σ ReX'·ReW, S2 = Σ ReX'·ImW; vector 1 drives
 * Im X' and reads S3 = Σ ImX'·ReW, S4 = Σ ImX'·ImW. With the input offset removed digitally (o·Σ_c W, a constant per
 * bin and channel), Re Y = S1 − S4, Im Y = S2 + S3.
 *
 * Y is rounded to the IFFT's input, Y' = sat(round_half_up(Y / 2^yShift)) (to ±(2^(b−1) − 1)), the missing bins are rebuilt from their
 * conjugate mirrors (Y[k] = conj(Y[−k])), the fixed-point inverse transform runs (same rules, +sin twiddles), and
 * the real part of the valid outputs (the first N − R + 1 per dimension) is brought to the convolution's scale:
 * the net scale is 2^e with e = guardBits + wFracBits − dims·log2(N) − yShift (round half up when e > 0). Then the
 * bias, ReLU and requantisation of the layer (rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255)).
 */
import { losslessAdcBits, slicesFor, xbarMvm, lanesPerTile, type XbarArith } from '../crossbar/golden.js';
import { outDims, ceilLog2, type ConvLayer, type ConvShape } from '../common/shape.js';
import { postValue } from '../common/rq.js';
import { goldenFftNd, type FftNdParams } from '../fft/golden.js';

/** A 2D or 3D layer: 3D when `D` (input depth) is given, with kernel depth `T` and depth padding `padD`. */
export interface FdaShape extends ConvShape {
  D?: number;
  T?: number;
  padD?: number;
}

/** A conv layer; 3D inputs are C×D×H×W and weights M×C×T×R×S. */
export interface FdaLayer extends ConvLayer {
  shape: FdaShape;
  /** set on a tile of a layer (tiling.ts): where its outputs go and how many of them are inside the layer */
  tile?: FdaTileInfo;
  /** the shift of the products into the IFFT (the cfg yshift field); default layerYShift (a tile: its layer's) */
  yShift?: number;
}

/** A run of the hardware: one transform-sized input patch, output channels m0.., the layer's outputs z0.., y0.., x0.. */
export interface FdaTileInfo {
  m0: number;
  z0: number;
  y0: number;
  x0: number;
  /** outputs of the tile inside the layer, per dimension */
  nz: number;
  ny: number;
  nx: number;
  /** the layer's stride: output (y, x) of the tile is the run's stride-1 output (y·stride, x·stride) */
  stride: number;
}

/** The arithmetic of the frequency-domain accelerator (what the golden model needs of the hardware). */
export interface FdaArith {
  dims: 2 | 3;
  /** N: FFT points per dimension */
  n: number;
  /** width of the unsigned activations */
  inBits: number;
  /** the input is shifted left by this before the FFT */
  guardBits: number;
  /** D: the forward FFT's signed data width (the crossbar inputs are D-bit offset binary) */
  fftBits: number;
  /** T: twiddle width of both transforms */
  twBits: number;
  /** fraction bits of the frequency-domain weights */
  wFracBits: number;
  /** Y is shifted right by this (round half up) into the IFFT: the layer's (layerArith) */
  yShift: number;
  /** the inverse FFT's signed data width */
  ifftBits: number;
  /** the crossbar: rows are input channels, weightBits the frequency-domain weight width; inputBits = fftBits */
  xbar: XbarArith;
  /**
   * input channels per run (the hardware's maxC; default every channel): a layer with more is computed in chunks of
   * channels, each through its own products and inverse transform, and the chunks' outputs (at the convolution's
   * scale) add up in the spatial domain before the bias
   */
  cChunk?: number;
}

export interface FdaDims {
  /** the stride-1 outputs one transform tile computes per dimension (z, y, x): N − kernel + 1 (z: 1 in 2D) */
  vz: number;
  vy: number;
  vx: number;
  /** the stride (y and x; 1 in depth): a tile keeps every stride-th of its stride-1 outputs from its origin */
  stride: number;
  /** the layer's outputs a tile holds per dimension (y, x): ⌈v / stride⌉ (= vy, vx at stride 1) */
  ky: number;
  kx: number;
  /** output size (strided) */
  OD: number;
  OH: number;
  OW: number;
  /** tiles per dimension; tile (iz, iy, ix) starts at the padded input (iz·vz, iy·ky·stride, ix·kx·stride) */
  tz: number;
  ty: number;
  tx: number;
  /** kernel depth, input depth, depth padding (2D: 1, 1, 0) */
  T: number;
  D: number;
  padD: number;
  /** z extent of a transform (1 in 2D, N in 3D) */
  nz: number;
  /** kept bins: nz·N·(N/2+1) */
  bins: number;
}

/**
 * Tile geometry of a layer on N-point transforms. The transforms compute stride-1 outputs; at stride s > 1 a tile
 * keeps the outputs at multiples of s from its origin (ky = ⌈vy/s⌉ of them per row) and the next tile starts ky·s
 * further, so every tile starts on a kept output (the hardware computes and pays for every stride-1 output).
 */
export function fdaDims(s: FdaShape, a: Pick<FdaArith, 'dims' | 'n'>): FdaDims {
  const n = a.n;
  const three = a.dims === 3;
  const T = three ? (s.T ?? s.R) : 1;
  const D = three ? (s.D ?? 1) : 1;
  const padD = three ? (s.padD ?? s.pad) : 0;
  const st = s.stride;
  const { OH, OW } = outDims(s);
  const OD = D + 2 * padD - T + 1;
  const vz = three ? n - T + 1 : 1;
  const vy = n - s.R + 1;
  const vx = n - s.S + 1;
  const ky = Math.ceil(vy / st);
  const kx = Math.ceil(vx / st);
  const nz = three ? n : 1;
  return { vz, vy, vx, stride: st, ky, kx, OD, OH, OW, tz: Math.ceil(OD / vz), ty: Math.ceil(OH / ky), tx: Math.ceil(OW / kx), T, D, padD, nz, bins: nz * n * (n / 2 + 1) };
}

function roundHalfAway(v: number): number {
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

/** Index of kept bin (kz, ky, kx), kx ≤ N/2. */
export function binIndex(n: number, kz: number, ky: number, kx: number): number {
  return (kz * n + ky) * (n / 2 + 1) + kx;
}

export interface FreqWeights {
  /** Re and Im of conj(DFT(W̃_m,c)) at bin b: index (m·C + c)·bins + b, rounded to wFracBits fraction bits */
  re: Int32Array;
  im: Int32Array;
  /** the largest |Re| or |Im| */
  maxAbs: number;
}

/** The frequency-domain weights of a layer (offline: double precision, then rounded half away from zero). */
export function freqWeights(l: FdaLayer, a: FdaArith): FreqWeights {
  const s = l.shape;
  const d = fdaDims(s, a);
  const n = a.n;
  const h = n / 2 + 1;
  const B = d.bins;
  const re = new Int32Array(s.M * s.C * B);
  const im = new Int32Array(s.M * s.C * B);
  const scale = 2 ** a.wFracBits;
  const ksz = d.T * s.R * s.S;
  const cosT = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n));
  const sinT = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
  let maxAbs = 0;
  for (let m = 0; m < s.M; m++)
    for (let c = 0; c < s.C; c++) {
      const base = (m * s.C + c) * ksz;
      for (let kz = 0; kz < d.nz; kz++)
        for (let ky = 0; ky < n; ky++)
          for (let kx = 0; kx < h; kx++) {
            let sr = 0;
            let si = 0;
            for (let q = 0; q < d.T; q++)
              for (let r = 0; r < s.R; r++)
                for (let t = 0; t < s.S; t++) {
                  const w = l.weights[base + (q * s.R + r) * s.S + t]!;
                  if (w === 0) continue;
                  const j = (kz * q + ky * r + kx * t) % n;
                  // conj(Σ w·e^{−iθ}) = Σ w·(cos θ + i sin θ)
                  sr += w * cosT[j]!;
                  si += w * sinT[j]!;
                }
            const i = (m * s.C + c) * B + binIndex(n, kz, ky, kx);
            re[i] = roundHalfAway(sr * scale);
            im[i] = roundHalfAway(si * scale);
            maxAbs = Math.max(maxAbs, Math.abs(re[i]!), Math.abs(im[i]!));
          }
    }
  return { re, im, maxAbs };
}

/** The FFT parameters of the forward and the inverse transform. */
export function fwdFormat(a: FdaArith): FftNdParams {
  return { n: a.n, w: a.fftBits, t: a.twBits, dims: a.dims };
}
export function invFormat(a: FdaArith): FftNdParams {
  return { n: a.n, w: a.ifftBits, t: a.twBits, dims: a.dims };
}

/** Where tile (iz, iy, ix) starts in padded input coordinates (= its first output). */
export interface TileOrigin {
  z0: number;
  y0: number;
  x0: number;
}

/** The forward transforms of a tile's C input channels: kept bins, X (signed, D bits), index c·bins + b. */
export function tileSpectra(l: FdaLayer, a: FdaArith, o: TileOrigin): { re: Int32Array; im: Int32Array } {
  const s = l.shape;
  const d = fdaDims(s, a);
  const n = a.n;
  const vol = d.nz * n * n;
  const re = new Int32Array(s.C * d.bins);
  const im = new Int32Array(s.C * d.bins);
  const g = 2 ** a.guardBits;
  const fr = new Float64Array(vol);
  const fi = new Float64Array(vol);
  for (let c = 0; c < s.C; c++) {
    fr.fill(0);
    fi.fill(0);
    for (let z = 0; z < d.nz; z++) {
      const iz = o.z0 + z - d.padD;
      if (iz < 0 || iz >= d.D) continue;
      for (let y = 0; y < n; y++) {
        const iy = o.y0 + y - (s.padY ?? s.pad);
        if (iy < 0 || iy >= s.H) continue;
        for (let x = 0; x < n; x++) {
          const ix = o.x0 + x - s.pad;
          if (ix < 0 || ix >= s.W) continue;
          fr[(z * n + y) * n + x] = l.input[((c * d.D + iz) * s.H + iy) * s.W + ix]! * g;
        }
      }
    }
    const f = goldenFftNd({ re: fr, im: fi }, fwdFormat(a), false);
    for (let z = 0; z < d.nz; z++)
      for (let y = 0; y < n; y++)
        for (let x = 0; x <= n / 2; x++) {
          re[c * d.bins + binIndex(n, z, y, x)] = f.re[(z * n + y) * n + x]!;
          im[c * d.bins + binIndex(n, z, y, x)] = f.im[(z * n + y) * n + x]!;
        }
  }
  return { re, im };
}

/** Crossbar event counts of the frequency-domain products (one tile, or summed). */
export interface XbarCounts {
  activations: number;
  dacConversions: number;
  adcConversions: number;
  shiftAdds: number;
  lossyConversions: number;
}

/** Whether the crossbar's ADC loses nothing for any input: then the products are exact (the fast path). */
export function xbarLossless(x: XbarArith): boolean {
  return x.perturbLog2 === 0 && (x.adc === 'ideal' || (x.deltaLog2 === 0 && x.adcBits >= losslessAdcBits(x)));
}

/** The per-bin complex products Y = Σ_c X·W (index m·bins + b) through the crossbar golden model (or exactly when lossless). */
export function binProducts(
  X: { re: Int32Array; im: Int32Array },
  W: FreqWeights,
  C: number,
  M: number,
  bins: number,
  a: FdaArith,
  exactFast = true,
): { re: Float64Array; im: Float64Array; events: XbarCounts } {
  const yr = new Float64Array(M * bins);
  const yi = new Float64Array(M * bins);
  const x = a.xbar;
  const T = slicesFor(x.inputBits, x.dacBits);
  const ev: XbarCounts = { activations: 0, dacConversions: 0, adcConversions: 0, shiftAdds: 0, lossyConversions: 0 };
  const off = 2 ** (a.fftBits - 1);
  if (exactFast && xbarLossless(x)) {
    for (let m = 0; m < M; m++)
      for (let c = 0; c < C; c++) {
        const wb = (m * C + c) * bins;
        const xb = c * bins;
        for (let b = 0; b < bins; b++) {
          const xr = X.re[xb + b]!;
          const xi = X.im[xb + b]!;
          const wr = W.re[wb + b]!;
          const wi = W.im[wb + b]!;
          yr[m * bins + b] += xr * wr - xi * wi;
          yi[m * bins + b] += xr * wi + xi * wr;
        }
      }
    const e = binEvents(C, M, x);
    ev.activations = e.activations * bins;
    ev.dacConversions = e.dacConversions * bins;
    ev.adcConversions = e.adcConversions * bins;
    ev.shiftAdds = e.shiftAdds * bins;
    return { re: yr, im: yi, events: ev };
  }
  const xs = new Float64Array(2 * C);
  for (let b = 0; b < bins; b++) {
    for (let c = 0; c < C; c++) {
      xs[c] = X.re[c * bins + b]! + off;
      xs[C + c] = X.im[c * bins + b]! + off;
    }
    const wAt = (c: number, j: number) => (j & 1 ? W.im : W.re)[((j >> 1) * C + c) * bins + b]!;
    const r = xbarMvm(xs, 2, C, wAt, 2 * M, x, { slices: T });
    for (const k of Object.keys(ev) as Array<keyof XbarCounts>) ev[k] += r.events[k];
    for (let m = 0; m < M; m++) {
      let sr = 0;
      let si = 0;
      for (let c = 0; c < C; c++) {
        sr += W.re[(m * C + c) * bins + b]!;
        si += W.im[(m * C + c) * bins + b]!;
      }
      const s1 = r.y[2 * m]! - off * sr;
      const s2 = r.y[2 * m + 1]! - off * si;
      const s3 = r.y[2 * M + 2 * m]! - off * sr;
      const s4 = r.y[2 * M + 2 * m + 1]! - off * si;
      yr[m * bins + b] = s1 - s4;
      yi[m * bins + b] = s2 + s3;
    }
  }
  return { re: yr, im: yi, events: ev };
}

/** Crossbar events of one bin: 2 vectors (Re X', Im X') × T slices on ⌈C/R⌉ × ⌈2M/lanes⌉ arrays. */
export function binEvents(C: number, M: number, x: XbarArith): XbarCounts {
  const T = slicesFor(x.inputBits, x.dacBits);
  const arrays = Math.ceil(C / x.rows) * Math.ceil((2 * M) / lanesPerTile(x));
  const activations = 2 * T * arrays;
  const used = lanesPerTile(x) * (x.mapping === 'differential' ? 2 : 1) * Math.ceil(x.weightBits / x.cellBits);
  return { activations, dacConversions: activations * x.rows, adcConversions: activations * x.cols, shiftAdds: activations * used, lossyConversions: 0 };
}

/** Net output scale exponent e: the IFFT's real output is the convolution times 2^e. */
export function outExponent(a: FdaArith): number {
  return a.guardBits + a.wFracBits - a.dims * ceilLog2(a.n) - a.yShift;
}

/** Round the IFFT output to the convolution's scale. */
export function toConvScale(v: number, e: number): number {
  return e > 0 ? Math.floor((v + 2 ** (e - 1)) / 2 ** e) : v * 2 ** -e;
}

/** Y' = sat(round_half_up(Y / 2^yShift)) to ±(2^(b−1) − 1) (symmetric, so the mirrored conj(Y') fits too): the IFFT's input. */
export function toIfftInput(v: number, a: FdaArith): number {
  const hi = 2 ** (a.ifftBits - 1) - 1;
  const r = a.yShift > 0 ? Math.floor((v + 2 ** (a.yShift - 1)) / 2 ** a.yShift) : v;
  return r > hi ? hi : r < -hi ? -hi : r;
}

/** The inverse transform of one output channel's kept bins (already rounded to the IFFT input); the valid real outputs. */
export function tileInverse(yr: ArrayLike<number>, yi: ArrayLike<number>, off: number, a: FdaArith, d: FdaDims): Float64Array {
  const n = a.n;
  const vol = d.nz * n * n;
  const fr = new Float64Array(vol);
  const fi = new Float64Array(vol);
  for (let z = 0; z < d.nz; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const i = (z * n + y) * n + x;
        if (x <= n / 2) {
          const b = off + binIndex(n, z, y, x);
          fr[i] = yr[b]!;
          fi[i] = yi[b]!;
        } else {
          const b = off + binIndex(n, (d.nz - z) % d.nz, (n - y) % n, n - x);
          fr[i] = yr[b]!;
          fi[i] = -yi[b]!;
        }
      }
  const f = goldenFftNd({ re: fr, im: fi }, invFormat(a), true);
  const e = outExponent(a);
  const out = new Float64Array(d.vz * d.vy * d.vx);
  for (let z = 0; z < d.vz; z++)
    for (let y = 0; y < d.vy; y++) for (let x = 0; x < d.vx; x++) out[(z * d.vy + y) * d.vx + x] = toConvScale(f.re[(z * n + y) * n + x]!, e);
  return out;
}

export interface FdaResult {
  /** bias-added sums o(m, z, y, x) (CHW / CDHW), before ReLU and requantisation */
  sums: Float64Array;
  /** after ReLU and requantisation: what the hardware writes */
  out: Int32Array;
  events: XbarCounts;
  /** tiles, forward and inverse transforms */
  tiles: number;
  forwardFfts: number;
  inverseFfts: number;
}

/**
 * yShift of a layer: the smallest shift that keeps Y' inside the IFFT's input for every input, from the weights
 * (|Re Y|, |Im Y| ≤ Σ_c max|X|·(|Re W| + |Im W|), max|X| = (2^inBits − 1)·2^guardBits), one bit more for the
 * complex magnitude inside the IFFT. A per-layer scale, like the requantisation's.
 */
export function layerYShift(l: FdaLayer, a: FdaArith): number {
  const W = freqWeights(l, a);
  const s = l.shape;
  const bins = fdaDims(s, a).bins;
  const xMax = (2 ** a.inBits - 1) * 2 ** a.guardBits;
  let worst = 0;
  for (let m = 0; m < s.M; m++)
    for (let b = 0; b < bins; b++) {
      let acc = 0;
      for (let c = 0; c < s.C; c++) acc += Math.abs(W.re[(m * s.C + c) * bins + b]!) + Math.abs(W.im[(m * s.C + c) * bins + b]!);
      worst = Math.max(worst, acc * xMax);
    }
  let ys = 0;
  while (worst / 2 ** ys >= 2 ** (a.ifftBits - 2)) ys++;
  return ys;
}

/** The arithmetic of a layer: the hardware's with the layer's yShift (its own, or layerYShift). */
export function layerArith(l: FdaLayer, a: FdaArith): FdaArith {
  return { ...a, yShift: l.yShift ?? layerYShift(l, a) };
}

/** Input channels c0 .. c1 − 1 of a layer (input, weights; bias, post and yShift kept): one channel chunk's run. */
export function channelSlice(l: FdaLayer, c0: number, c1: number): FdaLayer {
  const s = l.shape;
  const three = s.D !== undefined;
  const plane = (three ? s.D! : 1) * s.H * s.W;
  const ksz = (three ? (s.T ?? s.R) : 1) * s.R * s.S;
  const C = c1 - c0;
  const weights = new Int32Array(s.M * C * ksz);
  for (let m = 0; m < s.M; m++) for (let i = 0; i < C * ksz; i++) weights[m * C * ksz + i] = l.weights[(m * s.C + c0) * ksz + i]!;
  return { ...l, shape: { ...s, C }, input: Array.prototype.slice.call(l.input, c0 * plane, c1 * plane) as number[], weights };
}

/** The channel chunks [c0, c1) of a layer's runs. */
export function channelChunks(C: number, chunk: number | undefined): Array<[number, number]> {
  const k = chunk ?? C;
  return Array.from({ length: Math.ceil(C / k) }, (_, i) => [i * k, Math.min(C, (i + 1) * k)] as [number, number]);
}

/** The whole layer through the frequency-domain model (every tile), or only the tiles `which` selects; yShift: layerArith. */
export function fdaConv(l: FdaLayer, a0: FdaArith, opts: { exactFast?: boolean; which?: (t: number) => boolean } = {}): FdaResult {
  const a = layerArith(l, a0);
  const s = l.shape;
  const d = fdaDims(s, a);
  // the channel chunks of the runs, each with its own frequency-domain weights (yShift: the whole layer's)
  const chunks = channelChunks(s.C, a.cChunk).map(([c0, c1]) => {
    const sub = c0 === 0 && c1 === s.C ? l : channelSlice(l, c0, c1);
    return { sub, W: freqWeights(sub, a) };
  });
  const sums = new Float64Array(s.M * d.OD * d.OH * d.OW);
  const events: XbarCounts = { activations: 0, dacConversions: 0, adcConversions: 0, shiftAdds: 0, lossyConversions: 0 };
  let tiles = 0;
  let t = -1;
  for (let iz = 0; iz < d.tz; iz++)
    for (let iy = 0; iy < d.ty; iy++)
      for (let ix = 0; ix < d.tx; ix++) {
        t++;
        if (opts.which && !opts.which(t)) continue;
        tiles++;
        const o = { z0: iz * d.vz, y0: iy * d.ky * d.stride, x0: ix * d.kx * d.stride };
        const V = d.vz * d.vy * d.vx;
        const part = new Float64Array(s.M * V);
        for (const { sub, W } of chunks) {
          const X = tileSpectra(sub, a, o);
          const Y = binProducts(X, W, sub.shape.C, s.M, d.bins, a, opts.exactFast ?? true);
          for (const k of Object.keys(events) as Array<keyof XbarCounts>) events[k] += Y.events[k];
          const yr = Y.re.map((v) => toIfftInput(v, a));
          const yi = Y.im.map((v) => toIfftInput(v, a));
          for (let m = 0; m < s.M; m++) {
            const v = tileInverse(yr, yi, m * d.bins, a, d);
            for (let i = 0; i < V; i++) part[m * V + i] += v[i]!;
          }
        }
        for (let m = 0; m < s.M; m++) {
          const v = part.subarray(m * V, (m + 1) * V);
          // the kept outputs: every stride-th from the tile's origin (all of them at stride 1)
          const st = d.stride;
          for (let z = 0; z < d.vz && o.z0 + z < d.OD; z++)
            for (let y = 0; y < d.ky && iy * d.ky + y < d.OH; y++)
              for (let x = 0; x < d.kx && ix * d.kx + x < d.OW; x++)
                sums[((m * d.OD + o.z0 + z) * d.OH + iy * d.ky + y) * d.OW + ix * d.kx + x] = v[(z * d.vy + y * st) * d.vx + x * st]! + l.bias[m]!;
        }
      }
  const plane = d.OD * d.OH * d.OW;
  const out = Int32Array.from(sums, (v, i) => postValue(v, l.relu, l.rq, Math.floor(i / plane)));
  return { sums, out, events, tiles, forwardFfts: tiles * s.C, inverseFfts: tiles * s.M * chunks.length };
}

/** The exact convolution (stride 1, every output; 2D or 3D) with bias: the error reference (stride-1 layers). */
export function exactSums(l: FdaLayer, a: Pick<FdaArith, 'dims' | 'n'>): Float64Array {
  const s = l.shape;
  const d = fdaDims(s, a);
  const padY = s.padY ?? s.pad;
  const out = new Float64Array(s.M * d.OD * d.OH * d.OW);
  for (let m = 0; m < s.M; m++)
    for (let z = 0; z < d.OD; z++)
      for (let y = 0; y < d.OH; y++)
        for (let x = 0; x < d.OW; x++) {
          let acc = l.bias[m]!;
          for (let c = 0; c < s.C; c++)
            for (let q = 0; q < d.T; q++) {
              const iz = z + q - d.padD;
              if (iz < 0 || iz >= d.D) continue;
              for (let r = 0; r < s.R; r++) {
                const iy = y + r - padY;
                if (iy < 0 || iy >= s.H) continue;
                const wrow = (((m * s.C + c) * d.T + q) * s.R + r) * s.S;
                const irow = ((c * d.D + iz) * s.H + iy) * s.W;
                for (let t = 0; t < s.S; t++) {
                  const ix = x + t - s.pad;
                  if (ix < 0 || ix >= s.W) continue;
                  acc += l.weights[wrow + t]! * l.input[irow + ix]!;
                }
              }
            }
          out[((m * d.OD + z) * d.OH + y) * d.OW + x] = acc;
        }
  return out;
}

