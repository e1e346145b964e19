/**
 * Float forward pass (plain Float32Array, no tfjs) of face-api's FaceRecognitionNet, a ResNet-34-style network
 * (dlib's face-recognition ResNet) producing a 128-d descriptor from a 150×150 RGB face:
 *
 *   x = (img − meanRGB)/255
 *   conv32_down: conv 7×7/2 'valid' → +bias → ·scale.w + scale.b → ReLU → maxpool 3×3/2 'valid'     (150 → 72 → 35)
 *   residual(conv32_1..3)            at 35×35×32
 *   residualDown(conv64_down), residual(conv64_1..3)          at 17×17×64
 *   residualDown(conv128_down), residual(conv128_1..2)        at 8×8×128
 *   residualDown(conv256_down), residual(conv256_1..2)        at 4×4×256
 *   residualDown(conv256_down_out)                             at 2×2×256
 *   global average → fc (256×128)
 *
 * residual(x)     = ReLU(convNoRelu2(conv1(x)) + x),           conv1: 3×3/1 'same' (pad 1) with ReLU
 * residualDown(x) = ReLU(pad(convNoRelu2(conv1↓(x))) + chpad(avgpool2×2/2(x))),  conv1↓: 3×3/2 'valid' (pad 0)
 *   where pad() appends a zero row and column when the conv output is smaller than the pooled skip
 *   (8→3 vs 4, and 4→1 vs 2) and chpad() appends zero channels to the skip (32→64 etc.).
 * Every conv is followed by its per-channel affine "scale" layer (out·w + b), folded here into weights and bias
 * (w'·= scale.w, b' = b·scale.w + scale.b) — an exact algebraic rewrite; float rounding differs from tfjs only at
 * the 1e-7 level.
 *
 * Conv loops accumulate in float64 over CHW, four output channels per pass over the input, contiguous inner loop.
 */
import { decodeWeights, type FloatTensor } from './assets.ts';
import { INPUT_SIZE, MEAN_RGB } from './image.ts';
import type { LayerShape } from '../../models/conv2d.ts';

export interface ConvLayerDef extends LayerShape {
  /** 'conv32_down' (the stem) or '<block>/conv1' | '<block>/conv2'. */
  name: string;
  /** ReLU directly on this conv's output (stem and every conv1). conv2 outputs are added to the skip before ReLU. */
  relu: boolean;
  /** Activation tensor feeding this conv (key into the forward pass's activation map; 'image' for the stem). */
  inputKey: string;
  /** Activation tensor that this conv's result becomes (after ReLU/maxpool, or after the residual add and ReLU). */
  outputKey: string;
}

export interface FloatConv {
  def: ConvLayerDef;
  /** Folded weights in MCRS order (scale layer included). */
  w: Float32Array;
  /** Folded bias (conv bias·scale.w + scale.b). */
  b: Float32Array;
}

export interface FaceNet {
  layers: FloatConv[];
  byName: Map<string, FloatConv>;
  /** fc as [256][128] (input-major, as in the manifest). */
  fc: Float32Array;
  /** The raw decoded manifest tensors. */
  raw: Map<string, FloatTensor>;
}

const BLOCKS: { name: string; down: boolean }[] = [
  { name: 'conv32_1', down: false },
  { name: 'conv32_2', down: false },
  { name: 'conv32_3', down: false },
  { name: 'conv64_down', down: true },
  { name: 'conv64_1', down: false },
  { name: 'conv64_2', down: false },
  { name: 'conv64_3', down: false },
  { name: 'conv128_down', down: true },
  { name: 'conv128_1', down: false },
  { name: 'conv128_2', down: false },
  { name: 'conv256_down', down: true },
  { name: 'conv256_1', down: false },
  { name: 'conv256_2', down: false },
  { name: 'conv256_down_out', down: true },
];

function outDim(n: number, k: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - k) / stride) + 1;
}

/** Layer definitions (shapes, strides, pads, data flow), derived from the manifest's filter shapes. */
function buildDefs(raw: Map<string, FloatTensor>): ConvLayerDef[] {
  const filt = (p: string) => {
    const t = raw.get(`${p}/conv/filters`);
    if (!t) throw new Error(`missing ${p}/conv/filters`);
    const [R, S, C, M] = t.shape as [number, number, number, number];
    return { R, S, C, M };
  };
  const defs: ConvLayerDef[] = [];
  const stem = filt('conv32_down');
  defs.push({ name: 'conv32_down', ...stem, H: INPUT_SIZE, W: INPUT_SIZE, stride: 2, pad: 0, relu: true, inputKey: 'image', outputKey: 'conv32_down/out' });
  let h = outDim(INPUT_SIZE, stem.R, 2, 0); // 72
  h = outDim(h, 3, 2, 0); // maxpool 3/2 valid → 35
  let prev = 'conv32_down/out';
  for (const b of BLOCKS) {
    const f1 = filt(`${b.name}/conv1`);
    const f2 = filt(`${b.name}/conv2`);
    const s1 = b.down ? 2 : 1;
    const p1 = b.down ? 0 : 1;
    defs.push({ name: `${b.name}/conv1`, ...f1, H: h, W: h, stride: s1, pad: p1, relu: true, inputKey: prev, outputKey: `${b.name}/conv1/out` });
    const h1 = outDim(h, f1.R, s1, p1);
    defs.push({ name: `${b.name}/conv2`, ...f2, H: h1, W: h1, stride: 1, pad: 1, relu: false, inputKey: `${b.name}/conv1/out`, outputKey: `${b.name}/out` });
    if (b.down) h = Math.max(h1, outDim(h, 2, 2, 0));
    prev = `${b.name}/out`;
  }
  return defs;
}

let cached: FaceNet | undefined;

/** Load (once) and fold the network's weights. */
export function loadFaceNet(): FaceNet {
  if (cached) return cached;
  const raw = decodeWeights();
  const layers: FloatConv[] = [];
  for (const def of buildDefs(raw)) {
    const f = raw.get(`${def.name}/conv/filters`)!;
    const bias = raw.get(`${def.name}/conv/bias`)!.data;
    const sw = raw.get(`${def.name}/scale/weights`)!.data;
    const sb = raw.get(`${def.name}/scale/biases`)!.data;
    const { M, C, R, S } = def;
    const w = new Float32Array(M * C * R * S);
    // manifest layout [R][S][C][M] → [M][C][R][S], times the per-output-channel scale
    for (let r = 0; r < R; r++)
      for (let s = 0; s < S; s++)
        for (let c = 0; c < C; c++)
          for (let m = 0; m < M; m++) w[((m * C + c) * R + r) * S + s] = f.data[((r * S + s) * C + c) * M + m]! * sw[m]!;
    const b = new Float32Array(M);
    for (let m = 0; m < M; m++) b[m] = bias[m]! * sw[m]! + sb[m]!;
    layers.push({ def, w, b });
  }
  const fc = raw.get('fc');
  if (!fc || fc.shape[0] !== 256 || fc.shape[1] !== 128) throw new Error('fc must be [256,128]');
  cached = { layers, byName: new Map(layers.map((l) => [l.def.name, l])), fc: fc.data, raw };
  return cached;
}

/** The conv layer definitions in execution order (stem, then conv1/conv2 of each residual block). */
export function layerDefs(): ConvLayerDef[] {
  return loadFaceNet().layers.map((l) => l.def);
}

/**
 * Float conv (CHW in, CHW out), bias added, no activation. Output size per the def's stride/pad.
 * Four output channels are computed together (one input load feeds four accumulators); accumulation in float64.
 */
export function convFloat(x: Float32Array, l: FloatConv): Float32Array {
  const { C, H, W, M, R, S, stride, pad } = l.def;
  const OH = outDim(H, R, stride, pad);
  const OW = outDim(W, S, stride, pad);
  const plane = OH * OW;
  const out = new Float32Array(M * plane);
  const w = l.w;
  const CRS = C * R * S;
  // valid x range per s: 0 ≤ x·stride + s − pad < W
  const xr0: number[] = [];
  const xr1: number[] = [];
  for (let s = 0; s < S; s++) {
    xr0.push(Math.max(0, Math.ceil((pad - s) / stride)));
    xr1.push(Math.min(OW - 1, Math.floor((W - 1 + pad - s) / stride)));
  }
  const G = 4;
  const acc = new Float64Array(G * plane);
  for (let m0 = 0; m0 < M; m0 += G) {
    const g = Math.min(G, M - m0);
    for (let k = 0; k < G; k++) acc.fill(k < g ? l.b[m0 + k]! : 0, k * plane, (k + 1) * plane);
    for (let c = 0; c < C; c++) {
      for (let r = 0; r < R; r++) {
        for (let s = 0; s < S; s++) {
          const wi = (c * R + r) * S + s;
          const w0 = w[m0 * CRS + wi]!;
          const w1 = g > 1 ? w[(m0 + 1) * CRS + wi]! : 0;
          const w2 = g > 2 ? w[(m0 + 2) * CRS + wi]! : 0;
          const w3 = g > 3 ? w[(m0 + 3) * CRS + wi]! : 0;
          const x0 = xr0[s]!;
          const x1 = xr1[s]!;
          for (let y = 0; y < OH; y++) {
            const iy = y * stride + r - pad;
            if (iy < 0 || iy >= H) continue;
            const ib = (c * H + iy) * W - pad + s;
            const o0 = y * OW;
            const o1 = o0 + plane;
            const o2 = o1 + plane;
            const o3 = o2 + plane;
            for (let xx = x0; xx <= x1; xx++) {
              const v = x[ib + xx * stride]!;
              acc[o0 + xx] += w0 * v;
              acc[o1 + xx] += w1 * v;
              acc[o2 + xx] += w2 * v;
              acc[o3 + xx] += w3 * v;
            }
          }
        }
      }
    }
    for (let k = 0; k < g; k++) {
      const ob = (m0 + k) * plane;
      for (let i = 0; i < plane; i++) out[ob + i] = acc[k * plane + i]!;
    }
  }
  return out;
}

function reluInPlace(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) if (x[i]! < 0) x[i] = 0;
  return x;
}

function maxPool(x: Float32Array, C: number, H: number, W: number, k: number, stride: number): { data: Float32Array; H: number; W: number } {
  const OH = outDim(H, k, stride, 0);
  const OW = outDim(W, k, stride, 0);
  const out = new Float32Array(C * OH * OW);
  for (let c = 0; c < C; c++)
    for (let y = 0; y < OH; y++)
      for (let xx = 0; xx < OW; xx++) {
        let m = -Infinity;
        for (let r = 0; r < k; r++)
          for (let s = 0; s < k; s++) {
            const v = x[(c * H + y * stride + r) * W + xx * stride + s]!;
            if (v > m) m = v;
          }
        out[(c * OH + y) * OW + xx] = m;
      }
  return { data: out, H: OH, W: OW };
}

function avgPool2(x: Float32Array, C: number, H: number, W: number): { data: Float32Array; H: number; W: number } {
  const OH = outDim(H, 2, 2, 0);
  const OW = outDim(W, 2, 2, 0);
  const out = new Float32Array(C * OH * OW);
  for (let c = 0; c < C; c++)
    for (let y = 0; y < OH; y++)
      for (let xx = 0; xx < OW; xx++) {
        const i = (c * H + 2 * y) * W + 2 * xx;
        out[(c * OH + y) * OW + xx] = (x[i]! + x[i + 1]! + x[i + W]! + x[i + W + 1]!) / 4;
      }
  return { data: out, H: OH, W: OW };
}

export interface ForwardResult {
  /** 128-d descriptor (float32), as face-api's computeFaceDescriptor. */
  descriptor: Float32Array;
  /** Every activation tensor by key (CHW float32): 'image' (normalised input), '<layer>/out', '<block>/out'. */
  acts: Map<string, { C: number; H: number; W: number; data: Float32Array }>;
  /** Per conv layer, its output before ReLU / residual add (bias and scale included), CHW. */
  preact: Map<string, Float32Array>;
}

/** Normalised CHW float input from a 150×150×3 HWC pixel image: (px − mean)/255 (float32, as face-api). */
export function normalizeInput(hwc: ArrayLike<number>): Float32Array {
  const n = INPUT_SIZE * INPUT_SIZE;
  if (hwc.length !== n * 3) throw new Error(`input must be ${INPUT_SIZE}×${INPUT_SIZE}×3`);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) out[c * n + i] = Math.fround(Math.fround(hwc[i * 3 + c]! - MEAN_RGB[c]!) / 255);
  return out;
}

/**
 * Called after each conv with its input and its output before ReLU / residual add (bias and scale included, CHW); the
 * hook may change `preact` in place (e.g. zero the outputs an accelerator skipped) and the rest of the pass uses it.
 */
export type ConvHook = (def: ConvLayerDef, input: Float32Array, preact: Float32Array) => void;

/**
 * Full float forward pass on a 150×150×3 HWC pixel image (uint8 or float values in [0,255]); `net` may carry modified
 * (e.g. pruned) weights; `onConv` sees (and may change) every conv's output.
 */
export function runFloat(hwc: ArrayLike<number>, net: FaceNet = loadFaceNet(), onConv?: ConvHook): ForwardResult {
  const acts: ForwardResult['acts'] = new Map();
  const preact = new Map<string, Float32Array>();
  const x0 = normalizeInput(hwc);
  acts.set('image', { C: 3, H: INPUT_SIZE, W: INPUT_SIZE, data: x0 });

  const stem = net.byName.get('conv32_down')!;
  const s = convFloat(x0, stem);
  onConv?.(stem.def, x0, s);
  preact.set(stem.def.name, s);
  const sh = outDim(INPUT_SIZE, stem.def.R, 2, 0);
  const pooled = maxPool(reluInPlace(Float32Array.from(s)), stem.def.M, sh, sh, 3, 2);
  let cur = { C: stem.def.M, H: pooled.H, W: pooled.W, data: pooled.data };
  acts.set(stem.def.outputKey, cur);

  for (let i = 1; i < net.layers.length; i += 2) {
    const l1 = net.layers[i]!;
    const l2 = net.layers[i + 1]!;
    const block = l1.def.name.split('/')[0]!;
    const p1 = convFloat(cur.data, l1);
    onConv?.(l1.def, cur.data, p1);
    preact.set(l1.def.name, p1);
    const a1 = reluInPlace(Float32Array.from(p1));
    acts.set(l1.def.outputKey, { C: l2.def.C, H: l2.def.H, W: l2.def.W, data: a1 });
    const p2 = convFloat(a1, l2);
    onConv?.(l2.def, a1, p2);
    preact.set(l2.def.name, p2);
    const M = l2.def.M;
    const oh = l2.def.H; // stride 1, pad 1: same size as its input
    let skip = cur;
    if (l1.def.stride === 2) {
      const ap = avgPool2(cur.data, cur.C, cur.H, cur.W);
      skip = { C: cur.C, H: ap.H, W: ap.W, data: ap.data };
    }
    const H = Math.max(oh, skip.H);
    const W = H;
    const out = new Float32Array(M * H * W);
    for (let m = 0; m < M; m++)
      for (let y = 0; y < H; y++)
        for (let xx = 0; xx < W; xx++) {
          const conv = y < oh && xx < oh ? p2[(m * oh + y) * oh + xx]! : 0;
          const sk = m < skip.C && y < skip.H && xx < skip.W ? skip.data[(m * skip.H + y) * skip.W + xx]! : 0;
          const v = conv + sk;
          out[(m * H + y) * W + xx] = v > 0 ? v : 0;
        }
    cur = { C: M, H, W, data: out };
    acts.set(`${block}/out`, cur);
  }

  // global average pool + fc
  const pooledVec = new Float64Array(cur.C);
  const plane = cur.H * cur.W;
  for (let c = 0; c < cur.C; c++) {
    let sum = 0;
    for (let i = 0; i < plane; i++) sum += cur.data[c * plane + i]!;
    pooledVec[c] = sum / plane;
  }
  const descriptor = new Float32Array(128);
  for (let j = 0; j < 128; j++) {
    let sum = 0;
    for (let c = 0; c < cur.C; c++) sum += pooledVec[c]! * net.fc[c * 128 + j]!;
    descriptor[j] = sum;
  }
  return { descriptor, acts, preact };
}
