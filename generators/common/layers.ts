/**
 * Layer data named by a configuration, shared by the families that take plain conv layers: a real face-net layer on
 * a sample image, or a seeded random layer (with an automatic requantisation when asked for).
 */
import { quantizedLayer } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import type { LayerShape } from '../../models/conv2d.js';

export interface LayerWidths {
  actBits: number;
  wBits: number;
  multBits: number;
  shiftBits: number;
}

export interface ConvLayerData {
  name: string;
  shape: LayerShape;
  input: ArrayLike<number>;
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
  relu: boolean;
  rq?: { mult: number; shift: number };
}

export interface RandomLayerSpec {
  name: string;
  C: number;
  H: number;
  W: number;
  M: number;
  R: number;
  S?: number | undefined;
  stride: number;
  pad: number;
  seed: number;
  zeros: number;
  relu: boolean;
  requant: boolean | { mult: number; shift: number };
}

/** A requantisation for a random layer that maps a typical sum (a few percent of the worst case) onto 0..255. */
export function autoRequant(K: number, hw: LayerWidths): { mult: number; shift: number } {
  const typical = Math.max(1, Math.sqrt(K) * 2 ** (hw.actBits - 1) * 2 ** (hw.wBits - 2));
  const mult = Math.min(2 ** hw.multBits - 1, 1 << 12);
  const shift = Math.min(2 ** hw.shiftBits - 1, Math.max(0, Math.round(Math.log2((typical * mult) / 255))));
  return { mult, shift };
}

/** A face-net conv layer on one sample image, quantised to the project's integer conventions. */
export function facenetLayerData(layer: string, image: number): ConvLayerData {
  const q = quantizedLayer(layer, image);
  return { name: layer, shape: q.shape, input: q.input.data, weights: q.weights.data, bias: q.bias, relu: q.relu, rq: { mult: q.mult, shift: q.shift } };
}

/** A seeded random layer: `zeros` of the activations are 0, the rest uniform in 1..2^actBits−1. */
export function randomLayerData(spec: RandomLayerSpec, hw: LayerWidths): ConvLayerData {
  const rng = new Prng(spec.seed);
  const S = spec.S ?? spec.R;
  const shape = { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S, stride: spec.stride, pad: spec.pad };
  const K = spec.C * spec.R * S;
  const aMax = 2 ** hw.actBits - 1;
  const wMax = 2 ** (hw.wBits - 1) - 1;
  const input = Uint16Array.from({ length: spec.C * spec.H * spec.W }, () => (rng.next() < spec.zeros ? 0 : rng.int(1, aMax)));
  const weights = Int16Array.from({ length: spec.M * K }, () => rng.int(-wMax - 1, wMax));
  const bMax = Math.min(2 ** 20, 2 ** (hw.actBits + hw.wBits));
  const bias = Int32Array.from({ length: spec.M }, () => rng.int(-bMax, bMax));
  const rq = spec.requant === true ? autoRequant(K, hw) : spec.requant === false ? undefined : spec.requant;
  return { name: spec.name, shape, input, weights, bias, relu: spec.relu, ...(rq ? { rq } : {}) };
}
