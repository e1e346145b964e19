/**
 * Layer data named by a configuration, shared by the families that take plain conv layers: a real face-net layer on
 * a sample image, or a seeded random layer (with an automatic requantisation when asked for).
 */
import { quantizedLayer, channelQuantWeights, layerShapes } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import type { ConvLayer } from './shape.js';
import { specShape, type LayerSpec } from './schema.js';
import { uniformRq, type QuantScaling, type RqTable } from './rq.js';

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
  /** with `requant: true`: one table entry per channel around the automatic one ('channel', default) or all equal ('layer') */
  quant?: QuantScaling | undefined;
}

/** A requantisation for a random layer that maps a typical sum (a few percent of the worst case) onto 0..255. */
export function autoRequant(K: number, hw: LayerWidths): { mult: number; shift: number } {
  const typical = Math.max(1, Math.sqrt(K) * 2 ** (hw.actBits - 1) * 2 ** (hw.wBits - 2));
  const mult = Math.min(2 ** hw.multBits - 1, 1 << 12);
  const shift = Math.min(2 ** hw.shiftBits - 1, Math.max(0, Math.round(Math.log2((typical * mult) / 255))));
  return { mult, shift };
}

/**
 * A face-net conv layer on one sample image, quantised to the project's integer conventions: int8 weights with one
 * symmetric scale per output channel and the per-channel requantisation table ('channel', the default), or one scale
 * for the whole layer ('layer': every table entry equal). The uint8 input is the same either way.
 */
export function facenetLayerData(layer: string, image: number, quant: QuantScaling = 'channel'): ConvLayer {
  const q = quantizedLayer(layer, image);
  const base = { name: layer, shape: q.shape, input: q.input.data, relu: q.relu };
  if (quant === 'layer') return { ...base, weights: q.weights.data, bias: q.bias, rq: uniformRq(q.mult, q.shift, q.shape.M) };
  const ch = channelQuantWeights(layer);
  return { ...base, weights: ch.weights.data, bias: ch.bias, rq: { mult: ch.mults, shift: ch.shifts } };
}

/**
 * The requantisation table of a random layer with `requant: true`: around the automatic (mult, shift), channel m's
 * multiplier drawn in [mult/2, 3·mult/2] and its shift moved by −1, 0 or +1 (m mod 3), from its own seeded stream (the
 * layer's data does not change); 'layer': every entry the automatic one.
 */
export function autoRqTable(K: number, M: number, hw: LayerWidths, seed: number, quant: QuantScaling): RqTable {
  const { mult, shift } = autoRequant(K, hw);
  if (quant === 'layer') return uniformRq(mult, shift, M);
  const rng = new Prng((seed ^ 0x5a5a5a5a) >>> 0);
  const mults = Array.from({ length: M }, () => Math.min(2 ** hw.multBits - 1, rng.int(Math.floor(mult / 2), Math.floor((3 * mult) / 2))));
  const shifts = Array.from({ length: M }, (_, m) => Math.max(0, Math.min(2 ** hw.shiftBits - 1, shift + (m % 3) - 1)));
  return { mult: mults, shift: shifts };
}

/** A random layer's table: automatic (per channel unless `quant` is 'layer'), explicit (one entry for every channel), or none. */
export function randomRq(spec: Pick<RandomLayerSpec, 'requant' | 'seed' | 'quant'>, K: number, M: number, hw: LayerWidths): RqTable | undefined {
  if (spec.requant === false) return undefined;
  if (spec.requant === true) return autoRqTable(K, M, hw, spec.seed, spec.quant ?? 'channel');
  return uniformRq(spec.requant.mult, spec.requant.shift, M);
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
  const rq = randomRq(spec, K, spec.M, hw);
  return { name: spec.name, shape, input, weights, bias, relu: spec.relu, ...(rq ? { rq } : {}) };
}

/** The layer a configuration entry names: a face-net layer on its sample image, or a seeded random layer. */
export function loadLayer(spec: LayerSpec, hw: LayerWidths): ConvLayer {
  return spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image, spec.quant) : randomLayerData(spec, hw);
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
