/**
 * A convolution layer on the crossbar golden model (the ISAAC-like mapping): the weights unrolled to a (C·R·S) × M
 * matrix (k = (c·R + r)·S + s, as w[M][C][R][S] flattens), every output pixel's receptive field as an input vector
 * (im2col, zero padding), y = xbarMvm, then bias, ReLU and requantisation as in models/conv2d.ts. Plain integers.
 */
import { outputShape, type LayerShape } from '../../models/conv2d.js';
import { postValue, type RqTable } from '../common/rq.js';
import { xbarMvm, slicesFor, type XbarArith, type MvmEvents, type MvmOptions } from './golden.js';

/** A conv layer's shape (models/conv2d.ts). */
export type ConvShape = LayerShape;

/** Output size (throws on an empty output). */
export function outSize(s: ConvShape): { OH: number; OW: number } {
  const { OH, OW } = outputShape(s);
  return { OH, OW };
}

/** The input vectors of output pixels p0 .. p1−1 (row-major y·OW + x), P×K. */
export function im2col(s: ConvShape, input: ArrayLike<number>, p0 = 0, p1?: number): Uint16Array {
  const { OH, OW } = outSize(s);
  const end = p1 ?? OH * OW;
  const K = s.C * s.R * s.S;
  const X = new Uint16Array((end - p0) * K);
  for (let p = p0; p < end; p++) {
    const oy = Math.floor(p / OW);
    const ox = p % OW;
    for (let c = 0; c < s.C; c++)
      for (let r = 0; r < s.R; r++) {
        const iy = oy * s.stride + r - s.pad;
        for (let q = 0; q < s.S; q++) {
          const ix = ox * s.stride + q - s.pad;
          if (iy >= 0 && iy < s.H && ix >= 0 && ix < s.W) X[(p - p0) * K + (c * s.R + r) * s.S + q] = input[(c * s.H + iy) * s.W + ix]!;
        }
      }
  }
  return X;
}

export interface XbarConvResult {
  /** raw sums with bias (M·OH·OW, CHW) */
  sums: Float64Array;
  /** after ReLU and requantisation (CHW) */
  out: Int32Array;
  events: MvmEvents;
}

/** ReLU and channel m's requantisation (common/rq.ts) on bias-added sums in CHW order, `plane` values per channel. */
export function postProcess(sums: ArrayLike<number>, relu: boolean, rq: RqTable | undefined, plane: number): Int32Array {
  return Int32Array.from(sums, (v, i) => postValue(v, relu, rq, Math.floor(i / plane)));
}

/** The layer through the crossbar model (inputs must fit `inputBits`; `slices` defaults to ceil(8 / b_d) for uint8 data). */
export function xbarConv(
  s: ConvShape, input: ArrayLike<number>, weights: ArrayLike<number>, bias: ArrayLike<number>, relu: boolean, rq: RqTable | undefined,
  a: XbarArith, opts: MvmOptions = {},
): XbarConvResult {
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const P = OH * OW;
  const X = im2col(s, input);
  const r = xbarMvm(X, P, K, (k, m) => weights[m * K + k]!, s.M, a, { slices: opts.slices ?? slicesFor(Math.min(8, a.inputBits), a.dacBits), ...(opts.grid ? { grid: opts.grid } : {}) });
  const sums = new Float64Array(s.M * P);
  for (let m = 0; m < s.M; m++) for (let p = 0; p < P; p++) sums[m * P + p] = r.y[p * s.M + m]! + bias[m]!;
  return { sums, out: postProcess(sums, relu, rq, P), events: r.events };
}
