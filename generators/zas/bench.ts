/**
 * The ZAS figures (library side of bench/zas.ts and `hwgen bench zas`): whole layers through the validated cycle
 * model (tiled exactly as the hardware runs them, encoded tile by tile), against the dense baseline's cycle model with
 * the same multiplier count P·KR·KS, in its best rows×cols factorisation for each layer (equal resources, best
 * schedule). What each figure holds equal and what it counts:
 *   speedup          dense cycles / ZAS cycles, both from start to done (the input already loaded)
 *   with load        (dense cycles + its input load) / (ZAS cycles + encoder cycles): both take one dense activation
 *                    per load cycle, ZAS through its RTL encoder, every tile loading the input rows it needs; the
 *                    dense factorisation here is the one with the fewest cycles + load words
 *   % of ideal       ideal cycles / ZAS cycles, ideal = useful (non-zero) MACs / (P·KR·KS): the same datapath with
 *                    every multiplier doing useful work every cycle; weighted by work, so it never exceeds 100%
 */
import { DEFAULT_HW as DENSE_DEFAULT, type DenseHwParams } from '../dense/params.js';
import { denseCycles } from '../dense/model.js';
import { tileShapes as denseTiles } from '../dense/tiling.js';
import { outDims } from '../common/shape.js';
import { VGG16, ALEXNET, type ConvShape as NetShape } from '../../workloads/shapes.js';
import { syntheticMap, SPARSITY_LEVELS } from '../../workloads/synthetic.js';
import { layerShapes, quantizedLayer, nonZeroHistogram, zeroFractions } from '../../workloads/facenet/index.js';
import { type ZasHwParams, derived } from './params.js';
import { type Encoded, encodedSize } from './golden.js';
import { zasCycles } from './model.js';
import { convShape, type ZasShape } from './driver.js';
import { planTiles } from './tiling.js';

export const PAPER_SPEEDUP_90 = 7.29;
export const PAPER_SPEEDUP_VGG16 = 2.59;
/** the average fraction of zero conv-layer inputs measured for Cnvlutin (Albericio et al., ISCA 2016) */
export const CNVLUTIN_AVERAGE_ZEROS = 0.44;

export interface ZasLayerFigures {
  cycles: number;
  tiles: number;
  nnz: number;
  /** passes of the stream per channel tile (kernel folding) */
  passes: number;
  /** input rows streamed by two row chunks (tiling) */
  halo: number;
  rowOverhead: number;
  drainOverhead: number;
  fixed: number;
  /** useful (non-zero) MACs */
  macs: number;
  /** cycles of the RTL encoder: one dense activation per cycle, every tile streaming its input rows */
  encoderCycles: number;
  encodedBytes: number;
  denseBytes: number;
}

function encodeRows(input: ArrayLike<number>, C: number, H: number, W: number, rlo: number, rhi: number, hw: ZasHwParams): Encoded {
  const d = derived(hw);
  const Hs = rhi - rlo + 1;
  const words: number[] = [];
  const rowEnd = new Uint32Array(C * Hs);
  for (let c = 0; c < C; c++)
    for (let j = 0; j < Hs; j++) {
      const base = (c * H + rlo + j) * W;
      for (let x = 0; x < W; x++) {
        const v = input[base + x]!;
        if (v !== 0) words.push(x * 2 ** hw.actBits + v);
      }
      rowEnd[c * Hs + j] = words.length;
    }
  return { C, H: Hs, W, xBits: d.xBits, actBits: hw.actBits, ptrBits: d.ptrBits, words: Uint32Array.from(words), rowEnd };
}

/** A whole layer through the cycle model, tiled as the hardware runs it. */
export function zasLayerFigures(name: string, s: ZasShape, input: ArrayLike<number>, hw: ZasHwParams): ZasLayerFigures {
  const rowNnz = new Float64Array(s.H);
  let nnz = 0;
  for (let c = 0; c < s.C; c++)
    for (let y = 0; y < s.H; y++) {
      let k = 0;
      const base = (c * s.H + y) * s.W;
      for (let x = 0; x < s.W; x++) if (input[base + x] !== 0) k++;
      rowNnz[y]! += k;
      nnz += k;
    }
  const plans = planTiles(name, s, hw, rowNnz);
  const f: ZasLayerFigures = { cycles: 0, tiles: plans.length, nnz, passes: 1, halo: 0, rowOverhead: 0, drainOverhead: 0, fixed: 0, macs: 0, encoderCycles: 0, encodedBytes: 0, denseBytes: 0 };
  const cache = new Map<string, Encoded>();
  let tileIdeal = 0;
  for (const t of plans) {
    const key = `${t.rlo}:${t.rhi}`;
    let e = cache.get(key);
    if (!e) {
      cache.clear();
      e = encodeRows(input, s.C, s.H, s.W, t.rlo, t.rhi, hw);
      cache.set(key, e);
    }
    const m = zasCycles(e, convShape(t.shape), hw);
    f.cycles += m.cycles;
    f.passes = m.F;
    tileIdeal += m.ideal;
    f.rowOverhead += m.rowOverhead;
    f.drainOverhead += m.drainOverhead;
    f.fixed += m.fixed;
    f.macs += m.macs;
    f.encoderCycles += t.shape.C * t.shape.H * t.shape.W;
  }
  // the non-zeros of input rows that two row chunks both stream (each tile's issues minus the layer's once)
  f.halo = tileIdeal - nnz * f.passes * Math.ceil(s.M / hw.P);
  const whole = encodeRows(input, s.C, s.H, s.W, 0, s.H - 1, hw);
  const size = encodedSize(whole);
  f.encodedBytes = size.bytes;
  f.denseBytes = size.denseBytes;
  return f;
}

/** Every factorisation rows × cols of n (rows ascending). */
export function factorisations(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r = 1; r <= n; r++) if (n % r === 0) out.push([r, n / r]);
  return out;
}

export interface DenseRun {
  /** rows×cols */
  array: string;
  cycles: number;
  /** input words the dense baseline loads (every tile its input rows, padding rows included), one per load cycle */
  loadWords: number;
}

export interface DenseBest extends DenseRun {
  /** the factorisation with the fewest cycles + load words (the best schedule when the load counts) */
  withLoad: DenseRun;
  /** every factorisation tried (cycles Infinity: the layer does not fit its SRAMs) */
  tried: DenseRun[];
}

/**
 * The dense baseline with P·KR·KS multipliers: the fastest rows×cols factorisation of that count for this layer, each
 * tiled to the dense default SRAMs (its input banking sized for the layer's stride). Equal multipliers, best schedule.
 */
export function denseEqualMults(name: string, s: ZasShape, hw: ZasHwParams, dense: DenseHwParams = DENSE_DEFAULT): DenseBest {
  const tried: DenseRun[] = [];
  for (const [rows, cols] of factorisations(hw.P * hw.KR * hw.KS)) {
    const dh = { ...dense, rows, cols, maxStride: Math.max(dense.maxStride, s.stride) };
    const shape = { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
    let cycles = Infinity;
    let loadWords = 0;
    try {
      const tiles = denseTiles(name, shape, dh);
      cycles = tiles.reduce((sum, t) => sum + denseCycles(t.shape, dh).cycles, 0);
      loadWords = tiles.reduce((sum, t) => sum + t.shape.C * t.shape.H * t.shape.W, 0);
    } catch (e) {
      if (!(e instanceof Error) || !/does not fit|raise/.test(e.message)) throw e;
    }
    tried.push({ array: `${rows}x${cols}`, cycles, loadWords });
  }
  const fits = tried.filter((t) => Number.isFinite(t.cycles));
  if (fits.length === 0) throw new Error(`layer '${name}': no ${hw.P * hw.KR * hw.KS}-multiplier dense array fits its SRAMs`);
  const best = fits.reduce((a, b) => (b.cycles < a.cycles ? b : a));
  const withLoad = fits.reduce((a, b) => (b.cycles + b.loadWords < a.cycles + a.loadWords ? b : a));
  return { ...best, withLoad, tried };
}

export interface SweepRow {
  layer: string;
  /** ZAS cycles of the same layer fed a map without zeros over ZAS cycles: the gain from skipping alone */
  skipGain?: number;
  /** the zero fraction asked for (synthetic maps) or measured (real maps) */
  sparsity: number;
  /** zeros of the map actually used; for a total, weighted by the dense MACs of each layer */
  measuredSparsity: number;
  denseArray: string;
  denseCycles: number;
  /** the dense run with the fewest cycles + load: its array, and its cycles + input words */
  denseLoadArray: string;
  denseWithLoad: number;
  zasCycles: number;
  encoderCycles: number;
  /** dense cycles / ZAS cycles */
  speedup: number;
  /** (dense cycles + its input load) / (ZAS cycles + encoder cycles), the dense run best with its load */
  speedupWithLoad: number;
  /** useful MACs / (P·KR·KS): the ZAS datapath's cycles with every multiplier busy */
  idealCycles: number;
  /** idealCycles / zasCycles (≤ 1) */
  ofIdeal: number;
  macs: number;
  denseMacs: number;
  passes: number;
  encodedBytes: number;
  denseBytes: number;
  halo: number;
  rowOverhead: number;
  drainOverhead: number;
  fixed: number;
  tiles: number;
}

function denseMacsOf(s: ZasShape): number {
  const { OH, OW, K } = outDims(s);
  return s.M * OH * OW * K;
}

export function sweepRow(layer: string, s: ZasShape, sparsity: number, measured: number, d: DenseBest, z: ZasLayerFigures, hw: ZasHwParams): SweepRow {
  const idealCycles = z.macs / (hw.P * hw.KR * hw.KS);
  return {
    layer, sparsity, measuredSparsity: measured, denseArray: d.array, denseCycles: d.cycles, denseLoadArray: d.withLoad.array, denseWithLoad: d.withLoad.cycles + d.withLoad.loadWords,
    zasCycles: z.cycles, encoderCycles: z.encoderCycles, speedup: d.cycles / z.cycles, speedupWithLoad: (d.withLoad.cycles + d.withLoad.loadWords) / (z.cycles + z.encoderCycles),
    idealCycles, ofIdeal: idealCycles / z.cycles,
    macs: z.macs, denseMacs: denseMacsOf(s), passes: z.passes, encodedBytes: z.encodedBytes, denseBytes: z.denseBytes, halo: z.halo, rowOverhead: z.rowOverhead,
    drainOverhead: z.drainOverhead, fixed: z.fixed, tiles: z.tiles,
  };
}

/** Sum rows into a total row: cycles, loads, MACs and bytes add; every ratio is the ratio of the sums. */
export function totalRow(name: string, rows: readonly SweepRow[]): SweepRow {
  const sum = (k: keyof SweepRow) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const dense = sum('denseCycles');
  const zas = sum('zasCycles');
  const denseMacs = sum('denseMacs');
  const zeros = rows.reduce((s, r) => s + r.measuredSparsity * r.denseMacs, 0) / denseMacs;
  const idealCycles = sum('idealCycles');
  return {
    layer: name, sparsity: rows[0]!.sparsity, measuredSparsity: zeros, denseArray: '-', denseCycles: dense, denseLoadArray: '-', denseWithLoad: sum('denseWithLoad'), zasCycles: zas,
    encoderCycles: sum('encoderCycles'), speedup: dense / zas, speedupWithLoad: sum('denseWithLoad') / (zas + sum('encoderCycles')), idealCycles,
    ofIdeal: idealCycles / zas, macs: sum('macs'), denseMacs, passes: Math.max(...rows.map((r) => r.passes)), encodedBytes: sum('encodedBytes'), denseBytes: sum('denseBytes'),
    halo: sum('halo'), rowOverhead: sum('rowOverhead'), drainOverhead: sum('drainOverhead'), fixed: sum('fixed'), tiles: sum('tiles'),
  };
}

function zasShapeOf(l: NetShape): ZasShape {
  return { C: l.C, H: l.H, W: l.W, M: l.M, R: l.R, S: l.S, stride: l.stride, pad: l.pad };
}

/** One network layer on a synthetic map of the given zero fraction (values from a real face-net layer's distribution). */
function syntheticRow(l: NetShape, sparsity: number, hw: ZasHwParams, dist: Float64Array, seed: number): SweepRow {
  const map = syntheticMap({ C: l.C, H: l.H, W: l.W, sparsity, distribution: dist, seed });
  let zeros = 0;
  for (let i = 0; i < map.data.length; i++) if (map.data[i] === 0) zeros++;
  const s = zasShapeOf(l);
  return sweepRow(l.name, s, sparsity, zeros / map.data.length, denseEqualMults(l.name, s, hw), zasLayerFigures(l.name, s, map.data, hw), hw);
}

/** VGG16's 13 conv layers on synthetic maps at each sparsity (values from a real face-net layer's non-zero distribution). */
export function vggSweep(hw: ZasHwParams, levels: readonly number[] = SPARSITY_LEVELS, seed = 1, layers = VGG16): SweepRow[] {
  const dist = nonZeroHistogram('conv64_1/conv1');
  const out: SweepRow[] = [];
  for (const sp of levels) {
    const rows = layers.map((l) => syntheticRow(l, sp, hw, dist, seed));
    out.push(...rows, totalRow('VGG16 total', rows));
  }
  return out;
}

/**
 * Per-layer input zero fractions for a network without measured activations here: the first layer reads the image
 * (no zeros); layer i ≥ 1 of n takes the measured uint8 input-zero fraction (mean over the six sample images) of the
 * face-net conv layer at the same relative depth among its 28 post-ReLU layers. No published per-layer measurement
 * of VGG16 or AlexNet on ImageNet was found, so this is the stand-in (and is labelled so wherever it is printed).
 */
export function depthMappedSparsities(n: number): number[] {
  const fn = zeroFractions().slice(1);
  return Array.from({ length: n }, (_, i) => (i === 0 ? 0 : fn[Math.round(((i - 1) * (fn.length - 1)) / Math.max(1, n - 2))]!.uint8));
}

/** A network's conv layers at the given per-layer zero fractions (synthetic maps), with the total. */
export function networkRows(name: string, layers: readonly NetShape[], sparsities: readonly number[], hw: ZasHwParams, seed = 1): SweepRow[] {
  const dist = nonZeroHistogram('conv64_1/conv1');
  const image = nonZeroHistogram('conv32_down');
  const rows = layers.map((l, i) => syntheticRow(l, sparsities[i]!, hw, i === 0 ? image : dist, seed + i));
  return [...rows, totalRow(`${name} total`, rows)];
}

export const vggDepthMapped = (hw: ZasHwParams): SweepRow[] => networkRows('VGG16', VGG16, depthMappedSparsities(VGG16.length), hw);
export const alexnetDepthMapped = (hw: ZasHwParams): SweepRow[] => networkRows('AlexNet', ALEXNET, depthMappedSparsities(ALEXNET.length), hw);

/** Every real face-net layer (the 7×7/2 stem folded over passes) on a sample image's real activations. */
export function facenetRows(hw: ZasHwParams, image = 0): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const sh of layerShapes()) {
    const q = quantizedLayer(sh.name, image);
    const d = q.input.data;
    let zeros = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === 0) zeros++;
    const s: ZasShape = { C: sh.C, H: sh.H, W: sh.W, M: sh.M, R: sh.R, S: sh.S, stride: sh.stride, pad: sh.pad };
    const z = zasLayerFigures(sh.name, s, d, hw);
    const full = zasLayerFigures(sh.name, s, new Uint8Array(d.length).fill(1), hw);
    rows.push({ ...sweepRow(sh.name, s, zeros / d.length, zeros / d.length, denseEqualMults(sh.name, s, hw), z, hw), skipGain: full.cycles / z.cycles });
  }
  const fullSum = rows.reduce((a, r) => a + (r.skipGain ?? 0) * r.zasCycles, 0);
  const t = totalRow('face-net total (29 layers)', rows);
  rows.push({ ...t, skipGain: fullSum / t.zasCycles });
  return rows;
}
