/**
 * Reference integer convolution (the golden model every mechanism is checked against).
 *
 * Conventions (docs/mechanisms.md, "Shared integer conventions"):
 *   - activations a[C][H][W] (CHW), weights w[M][C][R][S], outputs o[M][OH][OW];
 *   - OH = floor((H + 2·pad − R)/stride) + 1 (same for OW with W, S);
 *   - o(m,y,x) = b(m) + Σ_c Σ_r Σ_s w(m,c,r,s) · a(c, y·stride + r − pad, x·stride + s − pad),
 *     out-of-range inputs are 0;
 *   - requantisation rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255), arithmetic shift (floor).
 *
 * Exactness. All arithmetic here is exact integer arithmetic for every supported width:
 *   - `conv2d` accumulates in JS numbers (IEEE doubles). It first computes the exact worst-case bound
 *     max|a|·max|w|·K + max|b| of the accumulator (in BigInt) and refuses (throws) when that bound does
 *     not fit in int32, so every partial sum is an integer below 2^31 < 2^53 and therefore exact; the
 *     result is returned as an Int32Array.
 *   - `conv2dWide` returns a BigInt64Array. It accumulates in doubles when the bound is below 2^53
 *     (exact, fast) and falls back to BigInt accumulation otherwise (slow, exact). It throws if the bound
 *     exceeds int64.
 *   - `requantize` uses doubles when |v·mult| + 2^(sh−1) < 2^53 (then v·mult, the addition, the division
 *     by 2^sh and Math.floor are all exact) and BigInt otherwise (BigInt `>>` is an arithmetic, flooring shift).
 *
 * This file never imports the DSL or the generators.
 */

export type ActData = Uint8Array | Uint16Array | Int8Array | Int16Array | Int32Array;
export type WeightData = Int8Array | Int16Array | Int32Array;

/** A CHW tensor. `data[(c·H + y)·W + x]`. */
export interface Tensor3<D = ActData> {
  C: number;
  H: number;
  W: number;
  data: D;
}

/** Weights w[M][C][R][S]: `data[((m·C + c)·R + r)·S + s]`. */
export interface Weights4<D = WeightData> {
  M: number;
  C: number;
  R: number;
  S: number;
  data: D;
}

export interface ConvOptions {
  stride?: number; // default 1
  pad?: number; // default 0 (symmetric zero padding)
  relu?: boolean; // default false: apply max(·, 0) to the int result
}

export interface RequantOptions extends ConvOptions {
  /** Requantisation multiplier: one per layer (number) or one per output channel. */
  mult: number | ArrayLike<number>;
  /** Right shift: one per layer or one per output channel; sh ≥ 0 (sh = 0 means no rounding term). */
  shift: number | ArrayLike<number>;
}

export function tensor3<D extends ActData>(C: number, H: number, W: number, data: D): Tensor3<D> {
  if (data.length !== C * H * W) throw new Error(`tensor3: data length ${data.length} != ${C}·${H}·${W}`);
  return { C, H, W, data };
}

export function weights4<D extends WeightData>(M: number, C: number, R: number, S: number, data: D): Weights4<D> {
  if (data.length !== M * C * R * S) throw new Error(`weights4: data length ${data.length} != ${M}·${C}·${R}·${S}`);
  return { M, C, R, S, data };
}

/** Output size of one spatial dimension: floor((in + 2·pad − k)/stride) + 1. Throws if it is < 1. */
export function outDim(inSize: number, k: number, stride: number, pad: number): number {
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`stride must be a positive integer, got ${stride}`);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`pad must be a non-negative integer, got ${pad}`);
  const o = Math.floor((inSize + 2 * pad - k) / stride) + 1;
  if (o < 1) throw new Error(`empty output: in=${inSize}, k=${k}, stride=${stride}, pad=${pad}`);
  return o;
}

export interface LayerShape {
  C: number;
  H: number;
  W: number;
  M: number;
  R: number;
  S: number;
  stride: number;
  pad: number;
}

/** Output shape [M, OH, OW] of a layer. */
export function outputShape(l: LayerShape): { M: number; OH: number; OW: number } {
  return { M: l.M, OH: outDim(l.H, l.R, l.stride, l.pad), OW: outDim(l.W, l.S, l.stride, l.pad) };
}

/** Number of MACs of a dense layer: M·OH·OW·C·R·S. */
export function macCount(l: LayerShape): number {
  const { OH, OW } = outputShape(l);
  return l.M * OH * OW * l.C * l.R * l.S;
}

export interface AccumulatorSpec {
  /** Number of product terms per output, K = C·R·S. */
  K: number;
  /** Activation width in bits. */
  actBits: number;
  /** Activations signed (two's complement)? Default false (uint after ReLU). */
  actSigned?: boolean;
  /** Weight width in bits (signed). */
  weightBits: number;
  /** Largest |bias| that may be added; default 0 (no bias). */
  maxAbsBias?: number | bigint;
}

/**
 * Exact worst-case |accumulator| bound: max|a|·max|w|·K + max|b|, as a BigInt.
 * max|a| = 2^actBits − 1 for unsigned activations, 2^(actBits−1) for signed; max|w| = 2^(weightBits−1)
 * (the most negative two's-complement weight). The bound is attained (all activations max, all weights
 * most negative, bias of the same sign), so it is tight.
 */
export function accumulatorBound(spec: AccumulatorSpec): bigint {
  const { K, actBits, weightBits } = spec;
  if (!Number.isInteger(K) || K < 1) throw new Error(`K must be a positive integer, got ${K}`);
  const maxA = spec.actSigned ? 1n << BigInt(actBits - 1) : (1n << BigInt(actBits)) - 1n;
  const maxW = 1n << BigInt(weightBits - 1);
  const b = spec.maxAbsBias === undefined ? 0n : BigInt(spec.maxAbsBias);
  return maxA * maxW * BigInt(K) + (b < 0n ? -b : b);
}

/** Smallest signed width n that holds every value in [−bound, bound]: 2^(n−1) − 1 ≥ bound. */
export function signedBitsFor(bound: bigint): number {
  if (bound < 0n) bound = -bound;
  let n = 1;
  while ((1n << BigInt(n - 1)) - 1n < bound) n++;
  return n;
}

/**
 * Accumulator width (signed bits) that provably cannot overflow, computed from the exact bound
 * (see `accumulatorBound`). Never larger than the rule-of-thumb `accumulatorBitsFormula`
 * (for 8b×8b over K terms without bias: exact ≤ 16 + ⌈log2 K⌉ + 1).
 */
export function accumulatorBits(spec: AccumulatorSpec): number {
  return signedBitsFor(accumulatorBound(spec));
}

/** The conventions' formula: actBits + weightBits + ⌈log2 K⌉ + 1 (16 + ⌈log2 K⌉ + 1 for 8b×8b). Ignores bias. */
export function accumulatorBitsFormula(actBits: number, weightBits: number, K: number): number {
  return actBits + weightBits + Math.ceil(Math.log2(K)) + 1;
}

function maxAbs(d: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]!);
    if (v > m) m = v;
  }
  return m;
}

/** Exact bound for these actual tensors' value ranges (tighter than the width-based bound). */
function dataBound(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null): bigint {
  const K = BigInt(w.C * w.R * w.S);
  return BigInt(maxAbs(a.data)) * BigInt(maxAbs(w.data)) * K + BigInt(bias ? maxAbs(bias) : 0);
}

function checkShapes(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null): void {
  if (a.C !== w.C) throw new Error(`conv2d: input has ${a.C} channels, weights expect ${w.C}`);
  if (a.data.length !== a.C * a.H * a.W) throw new Error('conv2d: input data length does not match its shape');
  if (w.data.length !== w.M * w.C * w.R * w.S) throw new Error('conv2d: weight data length does not match its shape');
  if (bias && bias.length !== w.M) throw new Error(`conv2d: bias has ${bias.length} entries, expected ${w.M}`);
  for (let i = 0; i < (bias ? bias.length : 0); i++) {
    if (!Number.isInteger(bias![i]!)) throw new Error('conv2d: bias must be integer');
  }
}

/**
 * Core loop over doubles (exact when every partial sum is an integer below 2^53 in magnitude).
 * Loop order m, c, r, s, y, x: the weight is a scalar for a whole output plane; the x range whose
 * input column is in range is computed once per (s), so the inner loop has no bounds checks.
 */
function convDouble(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, stride: number, pad: number): Float64Array {
  const { C, H, W } = a;
  const { M, R, S } = w;
  const OH = outDim(H, R, stride, pad);
  const OW = outDim(W, S, stride, pad);
  const out = new Float64Array(M * OH * OW);
  const ad = a.data;
  const wd = w.data;
  for (let m = 0; m < M; m++) {
    const ob = m * OH * OW;
    const b = bias ? bias[m]! : 0;
    if (b !== 0) out.fill(b, ob, ob + OH * OW);
    for (let c = 0; c < C; c++) {
      for (let r = 0; r < R; r++) {
        for (let s = 0; s < S; s++) {
          const wv = wd[((m * C + c) * R + r) * S + s]!;
          if (wv === 0) continue;
          // valid x: 0 ≤ x·stride + s − pad < W
          const x0 = Math.max(0, Math.ceil((pad - s) / stride));
          const x1 = Math.min(OW - 1, Math.floor((W - 1 + pad - s) / stride));
          if (x1 < x0) continue;
          for (let y = 0; y < OH; y++) {
            const iy = y * stride + r - pad;
            if (iy < 0 || iy >= H) continue;
            const ib = (c * H + iy) * W + s - pad;
            const orow = ob + y * OW;
            for (let x = x0; x <= x1; x++) out[orow + x] += wv * ad[ib + x * stride]!;
          }
        }
      }
    }
  }
  return out;
}

function convBig(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, stride: number, pad: number): BigInt64Array {
  const { C, H, W } = a;
  const { M, R, S } = w;
  const OH = outDim(H, R, stride, pad);
  const OW = outDim(W, S, stride, pad);
  const out = new BigInt64Array(M * OH * OW);
  for (let m = 0; m < M; m++)
    for (let y = 0; y < OH; y++)
      for (let x = 0; x < OW; x++) {
        let acc = bias ? BigInt(bias[m]!) : 0n;
        for (let c = 0; c < C; c++)
          for (let r = 0; r < R; r++) {
            const iy = y * stride + r - pad;
            if (iy < 0 || iy >= H) continue;
            for (let s = 0; s < S; s++) {
              const ix = x * stride + s - pad;
              if (ix < 0 || ix >= W) continue;
              acc += BigInt(w.data[((m * C + c) * R + r) * S + s]!) * BigInt(a.data[(c * H + iy) * W + ix]!);
            }
          }
        out[(m * OH + y) * OW + x] = acc;
      }
  return out;
}

const INT32_MAX = 2n ** 31n - 1n;
const SAFE = 2n ** 53n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Reference convolution with int32 result. Throws (no silent wrap) if the exact bound of these tensors'
 * values, max|a|·max|w|·K + max|b|, does not fit in int32; use `conv2dWide` then.
 */
export function conv2d(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, opts: ConvOptions = {}): Tensor3<Int32Array> {
  const stride = opts.stride ?? 1;
  const pad = opts.pad ?? 0;
  checkShapes(a, w, bias);
  const bound = dataBound(a, w, bias);
  if (bound > INT32_MAX) {
    throw new Error(`conv2d: accumulator bound ${bound} exceeds int32 (needs ${signedBitsFor(bound)} bits); use conv2dWide`);
  }
  const acc = convDouble(a, w, bias, stride, pad);
  const out = new Int32Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i]!;
    out[i] = opts.relu && v < 0 ? 0 : v;
  }
  return { C: w.M, H: outDim(a.H, w.R, stride, pad), W: outDim(a.W, w.S, stride, pad), data: out };
}

/** Reference convolution with int64 result, exact for any width whose bound fits int64. */
export function conv2dWide(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, opts: ConvOptions = {}): Tensor3<BigInt64Array> {
  const stride = opts.stride ?? 1;
  const pad = opts.pad ?? 0;
  checkShapes(a, w, bias);
  const bound = dataBound(a, w, bias);
  if (bound > INT64_MAX) throw new Error(`conv2dWide: accumulator bound ${bound} exceeds int64`);
  let out: BigInt64Array;
  if (bound <= SAFE) {
    const acc = convDouble(a, w, bias, stride, pad);
    out = new BigInt64Array(acc.length);
    for (let i = 0; i < acc.length; i++) out[i] = BigInt(acc[i]!);
  } else {
    out = convBig(a, w, bias, stride, pad);
  }
  if (opts.relu) for (let i = 0; i < out.length; i++) if (out[i]! < 0n) out[i] = 0n;
  return { C: w.M, H: outDim(a.H, w.R, stride, pad), W: outDim(a.W, w.S, stride, pad), data: out };
}

/**
 * rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255) with an arithmetic (flooring) shift; for sh = 0 the
 * rounding term is 0. `hi` (default 255) allows uint16 outputs. Exact for any integer v, mult, sh.
 */
export function requantize(v: number | bigint, mult: number, sh: number, hi = 255): number {
  if (!Number.isInteger(mult)) throw new Error(`requantize: mult must be an integer, got ${mult}`);
  if (!Number.isInteger(sh) || sh < 0) throw new Error(`requantize: shift must be a non-negative integer, got ${sh}`);
  let q: number;
  if (typeof v === 'number' && Math.abs(v) * Math.abs(mult) + 2 ** Math.max(sh - 1, 0) < 2 ** 53 && sh < 1000) {
    const half = sh === 0 ? 0 : 2 ** (sh - 1);
    q = Math.floor((v * mult + half) / 2 ** sh);
  } else {
    const bv = BigInt(v);
    const half = sh === 0 ? 0n : 1n << BigInt(sh - 1);
    const r = (bv * BigInt(mult) + half) >> BigInt(sh);
    q = r < 0n ? -1 : r > BigInt(hi) ? hi + 1 : Number(r);
  }
  return q < 0 ? 0 : q > hi ? hi : q;
}

function perChannel(p: number | ArrayLike<number>, m: number): number {
  return typeof p === 'number' ? p : p[m]!;
}

/** Convolution, optional ReLU, then requantisation to uint8 (per-layer or per-channel mult/shift). */
export function conv2dRequant(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, opts: RequantOptions): Tensor3<Uint8Array> {
  const o = conv2dWide(a, w, bias, opts);
  const plane = o.H * o.W;
  const data = new Uint8Array(o.data.length);
  for (let m = 0; m < o.C; m++) {
    const mult = perChannel(opts.mult, m);
    const sh = perChannel(opts.shift, m);
    for (let i = m * plane; i < (m + 1) * plane; i++) {
      const v = o.data[i]!;
      const vn = v >= -SAFE && v <= SAFE ? Number(v) : v;
      data[i] = requantize(vn, mult, sh);
    }
  }
  return { C: o.C, H: o.H, W: o.W, data };
}

/**
 * Choose an integer (mult, shift) so that v·mult / 2^shift ≈ v·real, with mult < 2^multBits as large as
 * possible (best precision). `real` must be positive.
 */
export function quantizeMultiplier(real: number, multBits = 15): { mult: number; shift: number } {
  if (!(real > 0) || !Number.isFinite(real)) throw new Error(`quantizeMultiplier: real must be positive, got ${real}`);
  let shift = 0;
  // largest shift with round(real·2^shift) < 2^multBits
  while (Math.round(real * 2 ** (shift + 1)) < 2 ** multBits && shift < 62) shift++;
  while (Math.round(real * 2 ** shift) >= 2 ** multBits) {
    if (shift === 0) throw new Error(`quantizeMultiplier: ${real} needs more than ${multBits} bits at shift 0`);
    shift--;
  }
  const mult = Math.round(real * 2 ** shift);
  if (mult < 1) throw new Error(`quantizeMultiplier: ${real} too small`);
  return { mult, shift };
}
