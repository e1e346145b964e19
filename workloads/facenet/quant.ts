/**
 * Quantisation of the face-recognition network to the project's integer conventions (docs/mechanisms.md):
 * uint8 activations, int8 weights, int32 bias, requantisation `rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255)`.
 *
 * - Activations: one scale per activation tensor, s = max over the six sample images / 255 (no clipping);
 *   q = clamp(round(x/s), 0, 255). The stem's input is the uint8 150×150 image itself (scale 1): the mean
 *   subtraction and /255 are folded into the stem's weights and bias (exact, since the stem has no padding).
 * - Weights: per-layer symmetric, s_w = max|w|/127, q = clamp(round(w/s_w), −127, 127), w already including the
 *   per-channel "scale" layer that follows every conv.
 * - Bias: int32, round(b/(s_a·s_w)); one accumulator LSB is worth s_a·s_w in float.
 * - Requantisation: mult/shift (mult < 2^15) approximate s_a·s_w/s_out, where s_out is the scale of the activation
 *   tensor this conv produces: for the stem, the tensor after ReLU and 3×3 max-pool (rq commutes with both); for a
 *   block's conv1, the next conv's input (rq clamps at 0, which is the ReLU); for a block's conv2, the block output —
 *   but that tensor is ReLU(conv2 + skip), so `rq(acc)` alone is NOT the block output: consumers that chain layers
 *   must add the (rescaled) skip to the int32 result first. `relu` is false for conv2 for that reason.
 */
import { quantizeMultiplier, type LayerShape, type Tensor3, type Weights4 } from '../../models/conv2d.ts';
import { NUM_SAMPLES, sampleInput, MEAN_RGB } from './image.ts';
import { loadFaceNet, runFloat, type ConvLayerDef, type ForwardResult } from './net.ts';

const forwards = new Map<number, ForwardResult>();

/** Float forward pass of sample image `index` (cached). */
export function forwardSample(index: number): ForwardResult {
  let r = forwards.get(index);
  if (!r) {
    r = runFloat(sampleInput(index));
    forwards.set(index, r);
  }
  return r;
}

export interface NamedLayerShape extends LayerShape {
  name: string;
  relu: boolean;
}

/** Shapes of the 29 conv layers (stem 7×7/2, then conv1/conv2 of the 14 residual blocks). */
export function layerShapes(): NamedLayerShape[] {
  return loadFaceNet().layers.map(({ def }) => ({
    name: def.name, C: def.C, H: def.H, W: def.W, M: def.M, R: def.R, S: def.S, stride: def.stride, pad: def.pad, relu: def.relu,
  }));
}

let scales: Map<string, number> | undefined;

/** Per-activation-tensor scales from calibration on all sample images (max/255); 'image' has scale 1. */
export function activationScales(): Map<string, number> {
  if (scales) return scales;
  const m = new Map<string, number>();
  for (let i = 0; i < NUM_SAMPLES; i++) {
    for (const [k, a] of forwardSample(i).acts) {
      if (k === 'image') continue;
      let mx = m.get(k) ?? 0;
      for (let j = 0; j < a.data.length; j++) if (a.data[j]! > mx) mx = a.data[j]!;
      m.set(k, mx);
    }
  }
  scales = new Map([['image', 1]]);
  for (const [k, mx] of m) scales.set(k, mx > 0 ? mx / 255 : 1);
  return scales;
}

interface QuantWeights {
  weights: Weights4<Int8Array>;
  bias: Int32Array;
  weightScale: number;
  inputScale: number;
  outputScale: number;
  mult: number;
  shift: number;
}

const qweights = new Map<string, QuantWeights>();

/**
 * The float weights (MCRS) and bias of conv `def` as the integer layer sees them: the per-channel scale layer is already
 * in them, and for the stem the input normalisation (px − mean)/255 is folded in (w/255 on raw pixels, bias − Σ w·mean/255).
 */
export function foldedFloatWeights(def: ConvLayerDef): { w: Float64Array; b: Float64Array } {
  const l = loadFaceNet().byName.get(def.name)!;
  const { M, C, R, S } = def;
  let w = Float64Array.from(l.w);
  let b = Float64Array.from(l.b);
  if (def.inputKey === 'image') {
    // fold (px − mean)/255 into the stem: w/255 on raw pixels, bias − Σ w·mean/255
    const wf = new Float64Array(w.length);
    const bf = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      let corr = 0;
      for (let c = 0; c < C; c++)
        for (let k = 0; k < R * S; k++) {
          const i = (m * C + c) * R * S + k;
          wf[i] = w[i]! / 255;
          corr += (w[i]! * MEAN_RGB[c]!) / 255;
        }
      bf[m] = b[m]! - corr;
    }
    w = wf;
    b = bf;
  }
  return { w, b };
}

function quantWeights(def: ConvLayerDef): QuantWeights {
  const hit = qweights.get(def.name);
  if (hit) return hit;
  const { M } = def;
  const { w, b } = foldedFloatWeights(def);
  let wmax = 0;
  for (const v of w) wmax = Math.max(wmax, Math.abs(v));
  const weightScale = wmax / 127;
  const qw = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) qw[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / weightScale)));
  const sc = activationScales();
  const inputScale = sc.get(def.inputKey)!;
  const outputScale = sc.get(def.outputKey)!;
  const accScale = inputScale * weightScale;
  const qb = new Int32Array(M);
  for (let m = 0; m < M; m++) {
    const v = Math.round(b[m]! / accScale);
    if (Math.abs(v) > 2 ** 31 - 1) throw new Error(`${def.name}: bias ${v} does not fit int32`);
    qb[m] = v;
  }
  const { mult, shift } = quantizeMultiplier(accScale / outputScale, 15);
  const q: QuantWeights = { weights: { M, C: def.C, R: def.R, S: def.S, data: qw }, bias: qb, weightScale, inputScale, outputScale, mult, shift };
  qweights.set(def.name, q);
  return q;
}

export interface QuantizedLayer extends QuantWeights {
  name: string;
  shape: LayerShape;
  /** uint8 CHW input of this conv for the chosen image (the post-ReLU activation, or the image for the stem). */
  input: Tensor3<Uint8Array>;
  stride: number;
  pad: number;
  /** ReLU applies directly to this conv's output (stem, conv1); false for conv2 (residual add comes first). */
  relu: boolean;
  /** Float value of one accumulator LSB: inputScale·weightScale. */
  accScale: number;
  /** The float model's conv output (bias and scale layer included, before ReLU / residual add), CHW. */
  floatOutput: Float32Array;
  /** The float input this layer's uint8 input quantises. */
  floatInput: Float32Array;
}

/** Quantise an activation tensor with scale s: clamp(round(x/s), 0, 255). */
export function quantizeActivation(x: Float32Array, s: number): Uint8Array {
  const q = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) q[i] = Math.max(0, Math.min(255, Math.round(x[i]! / s)));
  return q;
}

/** Everything needed to run conv layer `name` on sample image `imageIndex` in integers (see models/conv2d.ts). */
export function quantizedLayer(name: string, imageIndex: number): QuantizedLayer {
  const l = loadFaceNet().byName.get(name);
  if (!l) throw new Error(`unknown layer ${name}; layers: ${layerShapes().map((s) => s.name).join(', ')}`);
  const def = l.def;
  const q = quantWeights(def);
  const f = forwardSample(imageIndex);
  let input: Uint8Array;
  let floatInput: Float32Array;
  if (def.inputKey === 'image') {
    const hwc = sampleInput(imageIndex);
    const n = def.H * def.W;
    input = new Uint8Array(3 * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) input[c * n + i] = hwc[i * 3 + c]!;
    floatInput = Float32Array.from(input);
  } else {
    floatInput = f.acts.get(def.inputKey)!.data;
    input = quantizeActivation(floatInput, q.inputScale);
  }
  return {
    name,
    shape: { C: def.C, H: def.H, W: def.W, M: def.M, R: def.R, S: def.S, stride: def.stride, pad: def.pad },
    input: { C: def.C, H: def.H, W: def.W, data: input },
    stride: def.stride,
    pad: def.pad,
    relu: def.relu,
    accScale: q.inputScale * q.weightScale,
    floatOutput: f.preact.get(name)!,
    floatInput,
    ...q,
  };
}

export interface ZeroFraction {
  name: string;
  /** Mean over the sample images of the fraction of exactly-zero float inputs (post-ReLU zeros). */
  float: number;
  /** Same for the uint8-quantised inputs (adds values that round to 0). */
  uint8: number;
  /** Range of the uint8 fraction over images. */
  uint8Min: number;
  uint8Max: number;
}

/** Input-zero fractions of every conv layer (the stem's input is the image: its zeros are black pixels/padding). */
export function zeroFractions(): ZeroFraction[] {
  return layerShapes().map(({ name }) => {
    let fz = 0;
    let qz = 0;
    let qmin = 1;
    let qmax = 0;
    for (let i = 0; i < NUM_SAMPLES; i++) {
      const ql = quantizedLayer(name, i);
      let zf = 0;
      let zq = 0;
      for (let j = 0; j < ql.input.data.length; j++) {
        if (ql.floatInput[j] === 0) zf++;
        if (ql.input.data[j] === 0) zq++;
      }
      const n = ql.input.data.length;
      fz += zf / n;
      qz += zq / n;
      qmin = Math.min(qmin, zq / n);
      qmax = Math.max(qmax, zq / n);
    }
    return { name, float: fz / NUM_SAMPLES, uint8: qz / NUM_SAMPLES, uint8Min: qmin, uint8Max: qmax };
  });
}

/**
 * Histogram (counts[v] for v = 1..255; counts[0] = 0) of the non-zero uint8 input values of layer `name`, pooled
 * over all sample images: the distribution `workloads/synthetic.ts` draws from.
 */
export function nonZeroHistogram(name: string): Float64Array {
  const h = new Float64Array(256);
  for (let i = 0; i < NUM_SAMPLES; i++) {
    const d = quantizedLayer(name, i).input.data;
    for (let j = 0; j < d.length; j++) if (d[j]! !== 0) h[d[j]!]!++;
  }
  return h;
}
