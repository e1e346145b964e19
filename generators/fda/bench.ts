/**
 * The frequency-domain figures (library side of bench/fda.ts and `hwgen bench fda`): per real face-net 3×3 layer and
 * per C3D-shaped 3D layer, the frequency-domain mapping against the spatial ISAAC-like mapping (crossbar/model.ts) on
 * the same crossbar preset: arrays, activations, ADC conversions, cycles, the FFT overhead, and the error of the
 * fixed-point result against the exact convolution; then the face-net descriptor with every 3×3 layer in the
 * frequency domain against the exact integer network and the float network.
 *
 * Frequency-domain schedule (every bin's arrays resident and activated together, as the spatial mapping activates
 * all of its arrays): per overlap-save tile, 2 parts × T_f slices activations of every array, adcShare cycles each;
 * arrays = bins·⌈C/R⌉·⌈2M/lanes⌉. The forward transforms (C per tile) and the inverse ones (M per tile) run on one
 * FftNd unit each, as in the generated RTL (E writes, the transform, the reads); the three stages pipeline over tiles.
 */
import { conv2d, tensor3, weights4 } from '../../models/conv2d.js';
import { layerShapes } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import { slicesFor, lanesPerTile, colsPerWeight, type XbarArith } from '../crossbar/golden.js';
import { spatialModel } from '../crossbar/model.js';
import { facenetIntLayer } from '../crossbar/bench.js';
import { facenetDescriptor, floatDescriptor, cosine, type IntConvLayer } from '../crossbar/e2e.js';
import { fftNdCycles, fftButterflies } from '../fft/model.js';
import { fdaConv, fdaDims, exactSums, layerYShift, type FdaArith, type FdaLayer, type FdaShape } from './golden.js';

/** A frequency-domain configuration of the bench: the transform and word lengths; the crossbar is the preset's. */
export interface FdaBenchConfig {
  label: string;
  n: number;
  guardBits: number;
  fftBits: number;
  twBits: number;
  wFracBits: number;
  ifftBits: number;
}

export interface FdaLayerRow {
  config: string;
  layer: string;
  dims: number;
  spatial: { arrays: number; activations: number; adcConversions: number; cycles: number };
  fda: {
    tiles: number;
    bins: number;
    arrays: number;
    activations: number;
    adcConversions: number;
    xbarCycles: number;
    fwdCycles: number;
    invCycles: number;
    /** the three stages pipelined over tiles */
    cycles: number;
    butterflies: number;
    yShift: number;
  };
  maxAbsErr: number;
  rmsErr: number;
  relRms: number;
}

function arithFor(c: FdaBenchConfig, x: XbarArith, dims: 2 | 3): FdaArith {
  return { dims, n: c.n, inBits: 8, guardBits: c.guardBits, fftBits: c.fftBits, twBits: c.twBits, wFracBits: c.wFracBits, yShift: 0, ifftBits: c.ifftBits, xbar: { ...x, inputBits: c.fftBits } };
}

/**
 * The frequency-domain counts of a layer shape on the bench's schedule (see the file comment); at stride > 1 the
 * tiles compute every stride-1 output and keep every stride-th (golden.ts fdaDims), and pay for all of them.
 */
export function fdaCounts(s: FdaShape, c: FdaBenchConfig, x: XbarArith, adcShare: number): Omit<FdaLayerRow['fda'], 'yShift'> {
  const dims: 2 | 3 = s.D !== undefined ? 3 : 2;
  const d = fdaDims(s, { dims, n: c.n });
  const Tf = slicesFor(c.fftBits, x.dacBits);
  const perBin = Math.ceil(s.C / x.rows) * Math.ceil((2 * s.M) / lanesPerTile(x));
  const tiles = d.tz * d.ty * d.tx;
  const activations = tiles * d.bins * 2 * Tf * perBin;
  const E = d.nz * c.n * c.n;
  const F = fftNdCycles({ n: c.n, dims });
  const V = d.vz * d.vy * d.vx;
  // the RTL's phases (model.ts runModel): XS, every bin's tiles activated together, the drain of one bin per cycle
  const stage = { xbar: 1 + 2 * Tf * adcShare + d.bins + 4, fwd: s.C * (E + 2 + F) + d.bins, inv: s.M * (E + 2 + F + V) + 2 };
  const worst = Math.max(stage.xbar, stage.fwd, stage.inv);
  return {
    tiles, bins: d.bins, arrays: d.bins * perBin, activations, adcConversions: activations * x.cols,
    xbarCycles: tiles * stage.xbar, fwdCycles: tiles * stage.fwd, invCycles: tiles * stage.inv,
    cycles: tiles * worst + stage.xbar + stage.fwd + stage.inv - worst,
    butterflies: tiles * (s.C + s.M) * fftButterflies({ n: c.n, dims }),
  };
}

/** The spatial mapping's counts of a layer shape (every output pixel, 8 input slices). */
function spatialCounts(s: FdaShape, x: XbarArith, adcShare: number): FdaLayerRow['spatial'] {
  const three = s.D !== undefined;
  const T = three ? (s.T ?? s.R) : 1;
  const od = three ? Math.floor((s.D! + 2 * (s.padD ?? s.pad) - T) / s.stride) + 1 : 1;
  const P = od * (Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1) * (Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1);
  const sp = spatialModel(P, s.C * s.R * s.S * T, s.M, slicesFor(8, x.dacBits), x, adcShare);
  return { arrays: sp.arrays, activations: sp.activations, adcConversions: sp.adcConversions, cycles: sp.cycles };
}

/** The frequency-domain sums of a layer (stride > 1: every stride-th stride-1 output of each tile) and its counts. */
export function fdaLayer(l: FdaLayer, c: FdaBenchConfig, x: XbarArith, adcShare: number) {
  const s = l.shape;
  const dims: 2 | 3 = s.D !== undefined ? 3 : 2;
  const a0 = arithFor(c, x, dims);
  const yShift = layerYShift(l, a0);
  const a = { ...a0, yShift };
  const r = fdaConv(l, a);
  const sums = r.sums;
  const counts = fdaCounts(s, c, x, adcShare);
  if (counts.activations !== r.events.activations) throw new Error(`fda bench: activation count ${counts.activations} differs from the golden model's ${r.events.activations}`);
  return { sums, yShift, counts: { ...counts, yShift } };
}

function errStats(got: ArrayLike<number>, ex: ArrayLike<number>) {
  let max = 0;
  let se = 0;
  let sx = 0;
  for (let i = 0; i < ex.length; i++) {
    const e = got[i]! - ex[i]!;
    max = Math.max(max, Math.abs(e));
    se += e * e;
    sx += ex[i]! * ex[i]!;
  }
  return { maxAbsErr: max, rmsErr: Math.sqrt(se / ex.length), relRms: sx > 0 ? Math.sqrt(se / sx) : 0 };
}

/** One layer: spatial and frequency-domain counts, and the frequency-domain error against the exact convolution. */
export function layerRow(c: FdaBenchConfig, x: XbarArith, adcShare: number, l: FdaLayer, exact: ArrayLike<number>): FdaLayerRow {
  const s = l.shape;
  const sp = spatialCounts(s, x, adcShare);
  const f = fdaLayer(l, c, x, adcShare);
  return {
    config: c.label,
    layer: l.name,
    dims: s.D !== undefined ? 3 : 2,
    spatial: sp,
    fda: f.counts,
    ...errStats(f.sums, exact),
  };
}

function exact2d(l: IntConvLayer): Int32Array {
  const s = l.shape;
  return conv2d(tensor3(s.C, s.H, s.W, l.input), weights4(s.M, s.C, s.R, s.S, l.weights), l.bias, { stride: s.stride, pad: s.pad }).data;
}

/** The C3D conv layers (3×3×3, pad 1), their input C×D×H×W for 16 frames of 112×112. */
export const C3D_LAYERS = [
  { name: 'c3d_conv2a', C: 64, D: 8, H: 56, M: 128 },
  { name: 'c3d_conv3a', C: 128, D: 8, H: 28, M: 256 },
  { name: 'c3d_conv3b', C: 256, D: 8, H: 28, M: 256 },
  { name: 'c3d_conv4a', C: 256, D: 4, H: 14, M: 512 },
  { name: 'c3d_conv4b', C: 512, D: 4, H: 14, M: 512 },
  { name: 'c3d_conv5a', C: 512, D: 2, H: 7, M: 512 },
] as const;

/** A C3D-shaped layer with seeded random data (int8 weights, uint8 activations with 30% zeros, small bias). */
export function c3dLayer(def: { name: string; C: number; D: number; H: number; M: number }, seed: number): FdaLayer {
  const rng = new Prng(seed);
  const { C, D, H, M } = def;
  return {
    name: def.name,
    shape: { C, D, H, W: H, M, R: 3, S: 3, T: 3, stride: 1, pad: 1, padD: 1 },
    input: Uint8Array.from({ length: C * D * H * H }, () => (rng.next() < 0.3 ? 0 : rng.int(1, 255))),
    weights: Int8Array.from({ length: M * C * 27 }, () => rng.int(-64, 63)),
    bias: Int32Array.from({ length: M }, () => rng.int(-1000, 1000)),
    relu: false,
  };
}

export interface BenchTable {
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
  notes: string[];
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

function table(title: string, rows: FdaLayerRow[], notes: string[]): BenchTable {
  const tot = (f: (r: FdaLayerRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    title,
    header: ['layer', 'tiles', 'arrays sp/fd', 'act spatial', 'act FDA', 'act ratio', 'ADC spatial', 'ADC FDA', 'ADC ratio', 'cycles spatial', 'cycles FDA', 'FFT cycles fwd/inv', 'butterflies', 'yShift', 'max |err|', 'RMS err', 'rel RMS'],
    rows: [
      ...rows.map((r) => [
        r.layer, r.fda.tiles, `${r.spatial.arrays}/${r.fda.arrays}`, r.spatial.activations, r.fda.activations, ratio(r.fda.activations, r.spatial.activations),
        r.spatial.adcConversions, r.fda.adcConversions, ratio(r.fda.adcConversions, r.spatial.adcConversions), r.spatial.cycles, r.fda.cycles,
        `${r.fda.fwdCycles}/${r.fda.invCycles}`, r.fda.butterflies, r.fda.yShift, r.maxAbsErr.toFixed(0), r.rmsErr.toFixed(1), r.relRms.toExponential(2),
      ]),
      ['total', tot((r) => r.fda.tiles), '', tot((r) => r.spatial.activations), tot((r) => r.fda.activations), ratio(tot((r) => r.fda.activations), tot((r) => r.spatial.activations)),
        tot((r) => r.spatial.adcConversions), tot((r) => r.fda.adcConversions), ratio(tot((r) => r.fda.adcConversions), tot((r) => r.spatial.adcConversions)),
        tot((r) => r.spatial.cycles), tot((r) => r.fda.cycles), '', tot((r) => r.fda.butterflies), '', '', '', ''],
    ],
    notes,
  };
}

export interface FdaBenchOptions {
  layers?: string[];
  images?: number[];
  e2e?: boolean;
  threeD?: boolean;
  /** scale of the C3D layers' channels and maps for the error column (the counts are always the full layer's) */
  c3dScale?: { maxC: number; maxH: number };
  log?: (m: string) => void;
}

/** The benchmark: per configuration, the face-net 3×3 layers, the C3D layers, and the end-to-end descriptor. */
export function runFdaBench(preset: { label: string; x: XbarArith; adcShare: number }, configs: readonly FdaBenchConfig[], opts: FdaBenchOptions = {}) {
  const names = opts.layers ?? layerShapes().filter((s) => s.R === 3).map((s) => s.name);
  const tables: BenchTable[] = [];
  const rows: FdaLayerRow[] = [];
  const e2e: Array<{ config: string; image: number; cosVsExact: number; cosVsFloat: number; exactVsFloat: number }> = [];
  const x = preset.x;
  const presetNote = `crossbar: ${preset.label}, ${x.rows}×${x.cols} arrays, ${x.cellBits}-bit cells, ${x.dacBits}-bit DAC, ${x.weightBits}-bit weights (${x.mapping}, ${colsPerWeight(x)} columns each), ${x.adc === 'ideal' ? 'ideal ADC' : `${x.adcBits}-bit ADC`}, ${x.cols / preset.adcShare} ADC(s) per array`;
  for (const c of configs) {
    const cfgNote = `FDA: ${c.n}-point tiles, input << ${c.guardBits}, ${c.fftBits}-bit FFT (${slicesFor(c.fftBits, x.dacBits)} DAC slices per part), ${c.twBits}-bit twiddles, weights with ${c.wFracBits} fraction bits, ${c.ifftBits}-bit IFFT; yShift per layer from the weights (no input can saturate the IFFT input)`;
    const pr: FdaLayerRow[] = [];
    for (const n of names) {
      opts.log?.(`${c.label}: ${n}`);
      const l = facenetIntLayer(n, 0);
      pr.push(layerRow(c, x, preset.adcShare, { ...l, relu: false }, exact2d(l)));
    }
    rows.push(...pr);
    tables.push(
      table(`${c.label}: face-net 3×3 layers (image 0), frequency domain (FDA) vs spatial (ISAAC-like) on the same crossbar`, pr, [
        presetNote,
        cfgNote,
        'spatial: every weight resident in ⌈9C/R⌉·⌈M/lanes⌉ arrays, all activated with each of 8 slices of every output pixel (crossbar/model.ts); FDA: bins·⌈C/R⌉·⌈2M/lanes⌉ arrays, per tile 2 parts × T_f slices',
        'stride-2 layers: each FDA tile computes its stride-1 outputs and keeps every second (its counts are the full stride-1 cost); cycles FDA: forward FFT, crossbar and inverse FFT pipelined over tiles',
        'error: bias-added sums of the fixed-point frequency-domain model minus the exact convolution, in accumulator LSBs (the crossbar is lossless here: the ADC error is 0)',
      ]),
    );
    if (opts.threeD !== false) {
      const p3: FdaLayerRow[] = [];
      const sc = opts.c3dScale ?? { maxC: 8, maxH: 12 };
      for (const def of C3D_LAYERS) {
        opts.log?.(`${c.label}: ${def.name}`);
        // counts for the full layer; the error on a C3D-shaped layer with fewer channels and a smaller map
        const rowFull = countsOnly(c, x, preset.adcShare, def.name, { C: def.C, D: def.D, H: def.H, W: def.H, M: def.M, R: 3, S: 3, T: 3, stride: 1, pad: 1, padD: 1 });
        const small = c3dLayer({ ...def, C: Math.min(def.C, sc.maxC), M: Math.min(def.M, sc.maxC), H: Math.min(def.H, sc.maxH), D: Math.min(def.D, 8) }, 2);
        const e = layerRow(c, x, preset.adcShare, small, exactSums(small, { dims: 3, n: c.n }));
        p3.push({ ...rowFull, maxAbsErr: e.maxAbsErr, rmsErr: e.rmsErr, relRms: e.relRms, fda: { ...rowFull.fda, yShift: e.fda.yShift } });
      }
      rows.push(...p3);
      tables.push(
        table(`${c.label}: C3D 3×3×3 layers (16 frames of 112×112), 3D frequency domain vs spatial`, p3, [
          presetNote,
          cfgNote,
          `counts: the full C3D layer (analytic, the same formulas as the 2D rows); error: a C3D-shaped layer with random data, at most ${sc.maxC} channels and ${sc.maxH}×${sc.maxH}×8 maps (full layers are too slow for the plain-TS models)`,
        ]),
      );
    }
    if (opts.e2e !== false)
      for (const im of opts.images ?? [0]) {
        opts.log?.(`${c.label}: end to end, image ${im}`);
        const fda = facenetDescriptor(im, (l) => (l.shape.R === 3 ? fdaLayer({ ...l, relu: false }, c, x, preset.adcShare).sums : exact2d(l)));
        const ex = facenetDescriptor(im, exact2d);
        const fl = floatDescriptor(im);
        e2e.push({ config: c.label, image: im, cosVsExact: cosine(fda, ex), cosVsFloat: cosine(fda, fl), exactVsFloat: cosine(ex, fl) });
      }
  }
  if (e2e.length)
    tables.push({
      title: 'end to end: 128-d face descriptor with every 3×3 conv layer in the frequency domain (the 7×7 stem exact)',
      header: ['config', 'image', 'cos vs exact int', 'cos vs float', 'exact int vs float'],
      rows: e2e.map((r) => [r.config, r.image, r.cosVsExact.toFixed(6), r.cosVsFloat.toFixed(6), r.exactVsFloat.toFixed(6)]),
      notes: ['exact int: every conv exact (integer); float: the float forward pass of the network'],
    });
  return { tables, json: { preset: preset.label, configs, layers: rows, e2e } };
}

/** The counts of a layer shape without running the model (for layers too large for the plain-TS golden model). */
function countsOnly(c: FdaBenchConfig, x: XbarArith, adcShare: number, name: string, s: FdaShape): FdaLayerRow {
  return { config: c.label, layer: name, dims: s.D !== undefined ? 3 : 2, spatial: spatialCounts(s, x, adcShare), fda: { ...fdaCounts(s, c, x, adcShare), yShift: 0 }, maxAbsErr: 0, rmsErr: 0, relRms: 0 };
}
