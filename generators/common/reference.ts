/**
 * The reference output of a conv layer (bias, ReLU, per-channel requantisation) from models/conv2d.ts: what every family's
 * outputs must equal bit for bit. Never imports the DSL.
 */
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../models/conv2d.js';
import type { ConvLayer } from './shape.js';

/** o(m, y, x) in CHW order: conv2d with the layer's bias, then ReLU, then requantisation when the layer has one. */
export function referenceConv(l: ConvLayer): Int32Array {
  const s = l.shape;
  const input = l.input instanceof Uint8Array || l.input instanceof Uint16Array ? l.input : Uint16Array.from(l.input);
  const a = tensor3(s.C, s.H, s.W, input);
  const w = weights4(s.M, s.C, s.R, s.S, Int16Array.from(l.weights));
  const opts = { stride: s.stride, pad: s.pad, relu: l.relu };
  return l.rq ? Int32Array.from(conv2dRequant(a, w, l.bias, { ...opts, mult: l.rq.mult, shift: l.rq.shift }).data) : conv2d(a, w, l.bias, opts).data;
}
