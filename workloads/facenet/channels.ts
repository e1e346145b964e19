/**
 * Per-output-channel weight quantisation (one symmetric int8 scale per filter, as TFLite and PyTorch quantise conv
 * weights) beside the project's per-layer scale, and the error each costs on every face-net layer.
 *
 * Per channel m: s_w[m] = max_{c,r,s} |w(m,c,r,s)| / 127, q = clamp(round(w/s_w[m]), −127, 127); bias round(b[m] / (s_a·s_w[m]));
 * one accumulator LSB of channel m is worth s_a·s_w[m], so requantising it needs a multiplier per channel
 * (mult[m], shift[m] ≈ s_a·s_w[m]/s_out). The accelerators' post-processing takes one (mult, shift) per layer, so the
 * hardware path and the benches use the per-layer scale (quant.ts); this file measures what that choice costs.
 *
 * Error of a layer: the integer conv (models/conv2d, bias included) of the uint8 input, scaled back to float per channel,
 * against the float network's conv output (bias and scale layer included, before ReLU / residual add):
 * relative L2 = ‖acc·accScale − float‖₂ / ‖float‖₂ over all outputs of the chosen images. Each layer's uint8 input is
 * the float network's activation quantised on its own (quant.ts), so errors do not accumulate from layer to layer.
 */
import { conv2d, quantizeMultiplier, type Weights4 } from '../../models/conv2d.ts';
import { loadFaceNet } from './net.ts';
import { foldedFloatWeights, quantizedLayer } from './quant.ts';

export type WeightScaling = 'layer' | 'channel';

export interface ChannelQuantWeights {
  weights: Weights4<Int8Array>;
  bias: Int32Array;
  /** s_w[m] */
  weightScales: Float64Array;
  /** s_a·s_w[m]: the float value of one accumulator LSB of channel m */
  accScales: Float64Array;
  /** per-channel requantisation to the output tensor's scale */
  mults: Int32Array;
  shifts: Int32Array;
}

const cache = new Map<string, ChannelQuantWeights>();

/** The per-channel int8 quantisation of conv layer `name` (scales of the activations as in quant.ts). */
export function channelQuantWeights(name: string): ChannelQuantWeights {
  const hit = cache.get(name);
  if (hit) return hit;
  const def = loadFaceNet().byName.get(name)?.def;
  if (!def) throw new Error(`unknown layer ${name}`);
  const { M, C, R, S } = def;
  const { w, b } = foldedFloatWeights(def);
  const per = C * R * S;
  const lq = quantizedLayer(name, 0);
  const qw = new Int8Array(w.length);
  const weightScales = new Float64Array(M);
  const accScales = new Float64Array(M);
  const bias = new Int32Array(M);
  const mults = new Int32Array(M);
  const shifts = new Int32Array(M);
  for (let m = 0; m < M; m++) {
    let mx = 0;
    for (let i = m * per; i < (m + 1) * per; i++) mx = Math.max(mx, Math.abs(w[i]!));
    // an all-zero filter keeps the layer's scale (any positive scale gives the same zero weights)
    const sw = mx > 0 ? mx / 127 : lq.weightScale;
    weightScales[m] = sw;
    for (let i = m * per; i < (m + 1) * per; i++) qw[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / sw)));
    accScales[m] = lq.inputScale * sw;
    const v = Math.round(b[m]! / accScales[m]!);
    if (Math.abs(v) > 2 ** 31 - 1) throw new Error(`${name}: per-channel bias ${v} of channel ${m} does not fit int32`);
    bias[m] = v;
    const q = quantizeMultiplier(accScales[m]! / lq.outputScale, 15);
    mults[m] = q.mult;
    shifts[m] = q.shift;
  }
  const r: ChannelQuantWeights = { weights: { M, C, R, S, data: qw }, bias, weightScales, accScales, mults, shifts };
  cache.set(name, r);
  return r;
}

export interface QuantErrorRow {
  layer: string;
  /** relative L2 error of the integer conv against the float conv, per-layer and per-channel weight scales */
  relL2Layer: number;
  relL2Channel: number;
  /** fraction of int8 weights that are 0 */
  zeroWeightsLayer: number;
  zeroWeightsChannel: number;
  /** fraction of the float weights that are exactly 0 */
  zeroWeightsFloat: number;
  /** the smallest over the layer's channels of s_w[m] / s_w (max|w_m| / max|w|): how unevenly the filters are scaled */
  minChannelRange: number;
  /** per-channel requantisation shifts: the range a per-channel table must hold */
  shiftMin: number;
  shiftMax: number;
}

function zeroFraction(q: Int8Array): number {
  let z = 0;
  for (const v of q) if (v === 0) z++;
  return z / q.length;
}

function floatZeros(name: string): number {
  const { w } = foldedFloatWeights(loadFaceNet().byName.get(name)!.def);
  let z = 0;
  for (const v of w) if (v === 0) z++;
  return z / w.length;
}

/** The quantisation error of layer `name` over the given sample images, both ways. */
export function quantError(name: string, images: readonly number[]): QuantErrorRow {
  const ch = channelQuantWeights(name);
  const { M } = ch.weights;
  const errs: Record<WeightScaling, number> = { layer: 0, channel: 0 };
  let norm = 0;
  let lw: Int8Array | undefined;
  let lwScale = 0;
  for (const img of images) {
    const q = quantizedLayer(name, img);
    lw = q.weights.data;
    lwScale = q.weightScale;
    const f = q.floatOutput;
    const plane = f.length / M;
    const byLayer = conv2d(q.input, q.weights, q.bias, { stride: q.stride, pad: q.pad }).data;
    const byChannel = conv2d(q.input, ch.weights, ch.bias, { stride: q.stride, pad: q.pad }).data;
    for (let i = 0; i < f.length; i++) {
      const m = Math.floor(i / plane);
      errs.layer += (byLayer[i]! * q.accScale - f[i]!) ** 2;
      errs.channel += (byChannel[i]! * ch.accScales[m]! - f[i]!) ** 2;
      norm += f[i]! ** 2;
    }
  }
  let minRange = 1;
  for (let m = 0; m < M; m++) minRange = Math.min(minRange, ch.weightScales[m]! / lwScale);
  return {
    layer: name,
    relL2Layer: Math.sqrt(errs.layer / norm),
    relL2Channel: Math.sqrt(errs.channel / norm),
    zeroWeightsLayer: zeroFraction(lw!),
    zeroWeightsChannel: zeroFraction(ch.weights.data),
    zeroWeightsFloat: floatZeros(name),
    minChannelRange: minRange,
    shiftMin: Math.min(...ch.shifts),
    shiftMax: Math.max(...ch.shifts),
  };
}
