/**
 * Layer data named by a configuration, shared by the families that take plain conv layers: a real face-net layer on
 * a sample image, or a seeded random layer (with an automatic requantisation when asked for).
 */
import { quantizedLayer, layerShapes } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import type { ConvLayer } from './shape.js';
import { specShape, type LayerSpec } from './schema.js';

export interface LayerWidths {
  actBits: number;
  wBits: number;
  multBits: number;
  shiftBits: number;
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
export function facenetLayerData(layer: string, image: number): ConvLayer {
  const q = quantizedLayer(layer, image);
  return { name: layer, shape: q.shape, input: q.input.data, weights: q.weights.data, bias: q.bias, relu: q.relu, rq: { mult: q.mult, shift: q.shift } };
}

/**
 * A seeded random layer: `zeros` of the activations are 0, the rest uniform in 1..2^actBits−1; weights uniform over
 * wBits; bias uniform in ±biasMax (default min(2^20, 2^(actBits+wBits))).
 */
export function randomLayerData(spec: RandomLayerSpec, hw: LayerWidths, biasMax?: number): ConvLayer {
  const rng = new Prng(spec.seed);
  const S = spec.S ?? spec.R;
  const shape = { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S, stride: spec.stride, pad: spec.pad };
  const K = spec.C * spec.R * S;
  const aMax = 2 ** hw.actBits - 1;
  const wMax = 2 ** (hw.wBits - 1) - 1;
  const input = Uint16Array.from({ length: spec.C * spec.H * spec.W }, () => (rng.next() < spec.zeros ? 0 : rng.int(1, aMax)));
  const weights = Int16Array.from({ length: spec.M * K }, () => rng.int(-wMax - 1, wMax));
  const bMax = biasMax ?? Math.min(2 ** 20, 2 ** (hw.actBits + hw.wBits));
  const bias = Int32Array.from({ length: spec.M }, () => rng.int(-bMax, bMax));
  const rq = spec.requant === true ? autoRequant(K, hw) : spec.requant === false ? undefined : spec.requant;
  return { name: spec.name, shape, input, weights, bias, relu: spec.relu, ...(rq ? { rq } : {}) };
}

/** The layer a configuration entry names: a face-net layer on its sample image, or a seeded random layer. */
export function loadLayer(spec: LayerSpec, hw: LayerWidths): ConvLayer {
  return spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image) : randomLayerData(spec, hw);
}

/**
 * A stand-in for a configuration entry that is enough for the shape-dependent fit checks without loading activations:
 * a random layer's real data (cheap), a face-net layer's shape with zero data and zero bias.
 */
export function shapeOnlyLayer(spec: LayerSpec, hw: LayerWidths, load: (spec: LayerSpec, hw: LayerWidths) => ConvLayer = loadLayer): ConvLayer {
  if (spec.source === 'random') return load(spec, hw);
  const shape = specShape(spec);
  const relu = layerShapes().find((x) => x.name === spec.layer)!.relu;
  return { name: spec.layer, shape, input: new Uint8Array(shape.C * shape.H * shape.W), weights: new Int8Array(shape.M * shape.C * shape.R * shape.S), bias: new Int32Array(shape.M), relu };
}
