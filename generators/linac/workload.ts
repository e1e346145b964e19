/**
 * Real face-net layers for LINAC at 8-bit and 16-bit activations.
 *
 *  - 8 bits: the project's quantisation (common/layers.ts facenetLayerData: uint8 activations, int8 weights with one scale
 *    per output channel unless `quant` is 'layer', int32 bias, the per-channel requantisation table).
 *  - 16 bits (documented choice of this generator): the same float activations quantised to uint16 with the 8-bit
 *    calibration stretched to 65535, s16 = s8 · 255 / 65535, q = clamp(round(x / s16), 0, 65535). For the stem, whose
 *    8-bit input is the rounded bilinear-resized image, the 16-bit input is that float image (before rounding) × 65535/255,
 *    rounded: real sub-LSB detail, not a shifted copy of the 8-bit pixels. Weights stay int8; the bias is rescaled to the
 *    16-bit accumulator unit, round(b · 65535/255) (weights and bias per channel or per layer as at 8 bits); outputs are
 *    raw sums (+ bias, ReLU), no requantisation.
 */
import { quantizedLayer, channelQuantWeights, sampleImage, padAndResize } from '../../workloads/facenet/index.js';
import type { QuantScaling } from '../common/rq.js';
import type { LinacLayerData } from './golden.js';
import { facenetLayerData } from '../common/layers.js';

export function facenetLinacLayer(name: string, image: number, actBits: 8 | 16, quant: QuantScaling = 'channel'): LinacLayerData {
  const q = quantizedLayer(name, image);
  if (actBits === 8) return facenetLayerData(name, image, quant);
  const w = quant === 'layer' ? { weights: q.weights.data, bias: q.bias } : { weights: channelQuantWeights(name).weights.data, bias: channelQuantWeights(name).bias };
  const s = q.shape;
  const input = new Uint16Array(s.C * s.H * s.W);
  const k = 65535 / 255;
  if (name === 'conv32_down') {
    const hwc = padAndResize(sampleImage(image));
    const n = s.H * s.W;
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) input[c * n + i] = Math.max(0, Math.min(65535, Math.round(hwc[i * 3 + c]! * k)));
  } else {
    const s16 = q.inputScale / k;
    for (let i = 0; i < input.length; i++) input[i] = Math.max(0, Math.min(65535, Math.round(q.floatInput[i]! / s16)));
  }
  const bias = Int32Array.from(w.bias, (b) => Math.round(b * k));
  return { name: `${name}@16`, shape: s, input, weights: w.weights, bias, relu: q.relu };
}
