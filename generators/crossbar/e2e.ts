/**
 * The face-recognition network end to end with a pluggable integer convolution: every conv layer takes its uint8 input
 * (the float activation quantised at the layer's calibrated scale), returns bias-added integer sums, which are scaled
 * back to float (int8 weights with one scale per output channel: one LSB of channel m = inputScale·weightScale[m]); ReLU, max-pool, the residual adds, average pool and the fc layer
 * run in float as in workloads/facenet/net.ts. With the exact convolution this is the integer network; with the
 * crossbar model in ADC-limited mode every layer carries the ADC error into the next.
 */
import { quantizedLayer, quantizeActivation, loadFaceNet, channelQuantWeights } from '../../workloads/facenet/index.js';
import type { ConvShape } from './conv.js';

export interface IntConvLayer {
  name: string;
  shape: ConvShape;
  input: Uint8Array;
  weights: Int8Array;
  bias: Int32Array;
}

/** bias-added sums, CHW (M·OH·OW) */
export type IntConv = (l: IntConvLayer) => ArrayLike<number>;

function outDim(n: number, k: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - k) / stride) + 1;
}

function pool(x: Float32Array, C: number, H: number, k: number, stride: number, kind: 'max' | 'avg'): { data: Float32Array; H: number } {
  const OH = outDim(H, k, stride, 0);
  const out = new Float32Array(C * OH * OH);
  for (let c = 0; c < C; c++)
    for (let y = 0; y < OH; y++)
      for (let xx = 0; xx < OH; xx++) {
        let acc = kind === 'max' ? -Infinity : 0;
        for (let r = 0; r < k; r++)
          for (let s = 0; s < k; s++) {
            const v = x[(c * H + y * stride + r) * H + xx * stride + s]!;
            acc = kind === 'max' ? Math.max(acc, v) : acc + v;
          }
        out[(c * OH + y) * OH + xx] = kind === 'max' ? acc : acc / (k * k);
      }
  return { data: out, H: OH };
}

function runLayer(name: string, image: number, input: Float32Array | Uint8Array, conv: IntConv): { out: Float32Array; OH: number } {
  const q = quantizedLayer(name, image);
  const qin = input instanceof Uint8Array ? input : quantizeActivation(input, q.inputScale);
  const s = q.shape;
  const ch = channelQuantWeights(name);
  const sums = conv({ name, shape: { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad }, input: qin, weights: ch.weights.data, bias: ch.bias });
  const out = new Float32Array(sums.length);
  const plane = sums.length / s.M;
  for (let i = 0; i < sums.length; i++) out[i] = sums[i]! * ch.accScales[Math.floor(i / plane)]!;
  return { out, OH: outDim(s.H, s.R, s.stride, s.pad) };
}

/** The 128-d descriptor of sample image `image` with every conv computed by `conv`. */
export function facenetDescriptor(image: number, conv: IntConv): Float32Array {
  const net = loadFaceNet();
  const relu = (x: Float32Array) => x.map((v) => (v > 0 ? v : 0));
  const stem = net.layers[0]!.def;
  const s0 = runLayer(stem.name, image, quantizedLayer(stem.name, image).input.data, conv);
  const pooled = pool(relu(s0.out), stem.M, s0.OH, 3, 2, 'max');
  let cur = { C: stem.M, H: pooled.H, data: pooled.data };
  for (let i = 1; i < net.layers.length; i += 2) {
    const d1 = net.layers[i]!.def;
    const d2 = net.layers[i + 1]!.def;
    const a1 = relu(runLayer(d1.name, image, cur.data, conv).out);
    const p2 = runLayer(d2.name, image, a1, conv);
    const skip = d1.stride === 2 ? { C: cur.C, ...pool(cur.data, cur.C, cur.H, 2, 2, 'avg') } : cur;
    const H = Math.max(p2.OH, skip.H);
    const M = d2.M;
    const out = new Float32Array(M * H * H);
    for (let m = 0; m < M; m++)
      for (let y = 0; y < H; y++)
        for (let x = 0; x < H; x++) {
          const c = y < p2.OH && x < p2.OH ? p2.out[(m * p2.OH + y) * p2.OH + x]! : 0;
          const k = m < skip.C && y < skip.H && x < skip.H ? skip.data[(m * skip.H + y) * skip.H + x]! : 0;
          out[(m * H + y) * H + x] = Math.max(0, c + k);
        }
    cur = { C: M, H, data: out };
  }
  const plane = cur.H * cur.H;
  const desc = new Float32Array(128);
  for (let j = 0; j < 128; j++) {
    let sum = 0;
    for (let c = 0; c < cur.C; c++) {
      let avg = 0;
      for (let k = 0; k < plane; k++) avg += cur.data[c * plane + k]!;
      sum += (avg / plane) * net.fc[c * 128 + j]!;
    }
    desc[j] = sum;
  }
  return desc;
}

export { cosine, floatDescriptor } from '../../workloads/facenet/index.js';
