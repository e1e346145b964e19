/**
 * Real face-net layers for LINAC at 8-bit and 16-bit activations.
 *
 *  - 8 bits: the project's quantisation (workloads/facenet quantizedLayer: uint8 activations, int8 weights, int32 bias,
 *    requantisation).
 *  - 16 bits (documented choice of this generator): the same float activations quantised to uint16 with the 8-bit
 *    calibration stretched to 65535, s16 = s8 · 255 / 65535, q = clamp(round(x / s16), 0, 65535). For the stem, whose
 *    8-bit input is the rounded bilinear-resized image, the 16-bit input is that float image (before rounding) × 65535/255,
 *    rounded: real sub-LSB detail, not a shifted copy of the 8-bit pixels. Weights stay int8; the bias is rescaled to the
 *    16-bit accumulator unit, round(b · 65535/255); outputs are raw sums (+ bias, ReLU), no requantisation.
 */
import { quantizedLayer, sampleImage, padAndResize } from '../../workloads/facenet/index.js';
import type { LinacLayerData } from './golden.js';
import { facenetLayerData } from '../common/layers.js';

export function facenetLinacLayer(name: string, image: number, actBits: 8 | 16): LinacLayerData {
  const q = quantizedLayer(name, image);
  if (actBits === 8) return facenetLayerData(name, image, 'layer');
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
  const bias = Int32Array.from(q.bias, (b) => Math.round(b * k));
  return { name: `${name}@16`, shape: s, input, weights: q.weights.data, bias, relu: q.relu };
}
