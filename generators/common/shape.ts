/**
 * The conv layer every generator family takes: one shape type, one layer-data type, one output-size formula.
 *
 * This file imports nothing but types of models/conv2d.ts and common/rq.ts, so golden models (which never import the DSL) and host
 * drivers may use it.
 *
 * Conventions (the project's integer conventions): activations a(c, y, x) in CHW order (unsigned), weights
 * w(m, c, r, s) in MCRS order (signed), bias b(m), outputs o(m, y, x) in CHW order;
 *   OH = floor((H + 2·padY − R) / stride) + 1,   OW = floor((W + 2·pad − S) / stride) + 1.
 * A tile of a layer is a layer of its own whose shape may carry a vertical padding of its own (`padY`) and, when its
 * input rows reach past the outputs it computes, its own output-row count (`OH`).
 */

import type { LayerShape } from '../../models/conv2d.js';
import type { RqTable } from './rq.js';

/** C×H×W input, M filters of R×S, stride, `pad` (left/right, and top/bottom unless padY is given): models/conv2d.ts's LayerShape. */
export interface ConvShape extends LayerShape {
  /** vertical padding when it differs from `pad` (tiles of a layer) */
  padY?: number;
  /** output rows when they are fewer than the shape gives (a tile that holds more input rows than it uses) */
  OH?: number;
}

/** A layer with its data, in the project's integer conventions. */
export interface ConvLayer {
  name: string;
  shape: ConvShape;
  /** unsigned activations, CHW */
  input: ArrayLike<number>;
  /** signed weights, MCRS */
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
  relu: boolean;
  /**
   * requantisation of channel m: rq_m(v) = clamp((v·mult[m] + 2^(shift[m]−1)) >> shift[m], 0, 255), one entry per output
   * channel (common/rq.ts); absent: raw sums (+ bias, ReLU)
   */
  rq?: RqTable;
}

export interface OutDims {
  OH: number;
  OW: number;
  /** the vertical padding in effect */
  padY: number;
  /** the zero-padded input: Hp = H + 2·padY rows, Wp = W + 2·pad columns */
  Hp: number;
  Wp: number;
  /** K = C·R·S, the length of one output's dot product */
  K: number;
}

/** Output rows and columns (and the padded input size) of a conv shape. */
export function outDims(s: ConvShape): OutDims {
  const padY = s.padY ?? s.pad;
  const OH = s.OH ?? Math.floor((s.H + 2 * padY - s.R) / s.stride) + 1;
  const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
  return { OH, OW, padY, Hp: s.H + 2 * padY, Wp: s.W + 2 * s.pad, K: s.C * s.R * s.S };
}

/** `C×H×W → M×OH×OW, R×S/stride pN`: how tables and messages show a shape. */
export function shapeText(s: ConvShape): string {
  const { OH, OW } = outDims(s);
  return `${s.C}×${s.H}×${s.W} → ${s.M}×${OH}×${OW}, ${s.R}×${s.S}/${s.stride}${s.pad ? ` p${s.pad}` : ''}`;
}

/** The largest |bias| of a layer (for the accumulator bounds of the fit checks). */
export function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
  return m;
}

/** Smallest n with 2^n ≥ x (0 for x ≤ 1): the golden models' own helper (dsl/bits.ts has the hardware's). */
export function ceilLog2(x: number): number {
  let b = 0;
  while (2 ** b < x) b++;
  return b;
}
