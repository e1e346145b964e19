/**
 * The ZAS figures (library side of bench/zas.ts and `hwgen bench zas`): whole layers through the validated cycle
 * model (tiled exactly as the hardware runs them, encoded tile by tile), against the dense baseline's cycle model at
 * equal multiplier count (dense rows×cols = P·KR·KS: both 9×8 and 8×9 are evaluated and the faster one is used).
 */
import { DEFAULT_HW as DENSE_DEFAULT, type DenseHwParams } from '../dense/params.js';
import { denseCycles } from '../dense/model.js';
import { tileShapes as denseTiles } from '../dense/tiling.js';
import { VGG16 } from '../../workloads/shapes.js';
import { syntheticMap, SPARSITY_LEVELS } from '../../workloads/synthetic.js';
import { layerShapes, quantizedLayer, nonZeroHistogram } from '../../workloads/facenet/index.js';
import { type ZasHwParams, derived } from './params.js';
import { type Encoded, encodedSize } from './golden.js';
import { zasCycles } from './model.js';
import { convShape, type ZasShape } from './driver.js';
import { planTiles } from './tiling.js';

export const PAPER_SPEEDUP_90 = 7.29;

export interface ZasLayerFigures {
  cycles: number;
  tiles: number;
  nnz: number;
  /** nnz · ceil(M/P): one cycle per non-zero and channel tile */
  ideal: number;
  /** input rows streamed by two row chunks (tiling) */
  halo: number;
  rowOverhead: number;
  drainOverhead: number;
  fixed: number;
  macs: number;
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
  const f: ZasLayerFigures = { cycles: 0, tiles: plans.length, nnz, ideal: nnz * Math.ceil(s.M / hw.P), halo: 0, rowOverhead: 0, drainOverhead: 0, fixed: 0, macs: 0, encodedBytes: 0, denseBytes: 0 };
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
    tileIdeal += m.ideal;
    f.rowOverhead += m.rowOverhead;
    f.drainOverhead += m.drainOverhead;
    f.fixed += m.fixed;
    f.macs += m.macs;
  }
  f.halo = tileIdeal - f.ideal;
  const whole = encodeRows(input, s.C, s.H, s.W, 0, s.H - 1, hw);
  const size = encodedSize(whole);
  f.encodedBytes = size.bytes;
  f.denseBytes = size.denseBytes;
  return f;
}

/** The dense baseline at P·KR·KS multipliers: the faster of rows×cols = (KR·KS)×P and P×(KR·KS), tiled to its SRAMs. */
export function denseEqualMults(name: string, s: ZasShape, hw: ZasHwParams, dense: DenseHwParams = DENSE_DEFAULT): { cycles: number; array: string } {
  let best = { cycles: Infinity, array: '' };
  for (const [rows, cols] of [[hw.KR * hw.KS, hw.P], [hw.P, hw.KR * hw.KS]] as const) {
    const dh = { ...dense, rows, cols };
    const shape = { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
    const cycles = denseTiles(name, shape, dh).reduce((sum, t) => sum + denseCycles(t.shape, dh).cycles, 0);
    if (cycles < best.cycles) best = { cycles, array: `${rows}x${cols}` };
  }
  return best;
}

export interface SweepRow {
  layer: string;
  /** ZAS cycles of the same layer fed a map without zeros over ZAS cycles: the gain from skipping alone */
  skipGain?: number;
  sparsity: number;
  measuredSparsity: number;
  denseArray: string;
  denseCycles: number;
  zasCycles: number;
  speedup: number;
  ideal: number;
  ofIdeal: number;
  encodedBytes: number;
  denseBytes: number;
  halo: number;
  rowOverhead: number;
  drainOverhead: number;
  fixed: number;
  tiles: number;
}

function row(layer: string, sparsity: number, measured: number, d: { cycles: number; array: string }, z: ZasLayerFigures): SweepRow {
  const ideal = measured >= 1 ? Infinity : 1 / (1 - measured);
  const speedup = d.cycles / z.cycles;
  return {
    layer, sparsity, measuredSparsity: measured, denseArray: d.array, denseCycles: d.cycles, zasCycles: z.cycles, speedup, ideal, ofIdeal: speedup / ideal,
    encodedBytes: z.encodedBytes, denseBytes: z.denseBytes, halo: z.halo, rowOverhead: z.rowOverhead, drainOverhead: z.drainOverhead, fixed: z.fixed, tiles: z.tiles,
  };
}

/** Sum rows into a total row (cycles and bytes add; the speedup is the ratio of the sums). */
export function totalRow(name: string, rows: readonly SweepRow[]): SweepRow {
  const sum = (k: keyof SweepRow) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const dense = sum('denseCycles');
  const zas = sum('zasCycles');
  const denseBytes = sum('denseBytes');
  const zeros = rows.reduce((s, r) => s + r.measuredSparsity * r.denseBytes, 0) / denseBytes;
  const ideal = 1 / (1 - zeros);
  return {
    layer: name, sparsity: rows[0]!.sparsity, measuredSparsity: zeros, denseArray: rows[0]!.denseArray, denseCycles: dense, zasCycles: zas, speedup: dense / zas, ideal,
    ofIdeal: dense / zas / ideal, encodedBytes: sum('encodedBytes'), denseBytes, halo: sum('halo'), rowOverhead: sum('rowOverhead'), drainOverhead: sum('drainOverhead'),
    fixed: sum('fixed'), tiles: sum('tiles'),
  };
}

/** VGG16's 13 conv layers on synthetic maps at each sparsity (values from a real face-net layer's non-zero distribution). */
export function vggSweep(hw: ZasHwParams, levels: readonly number[] = SPARSITY_LEVELS, seed = 1, layers = VGG16): SweepRow[] {
  const dist = nonZeroHistogram('conv64_1/conv1');
  const out: SweepRow[] = [];
  for (const sp of levels) {
    const rows: SweepRow[] = [];
    for (const l of layers) {
      const map = syntheticMap({ C: l.C, H: l.H, W: l.W, sparsity: sp, distribution: dist, seed });
      let zeros = 0;
      for (let i = 0; i < map.data.length; i++) if (map.data[i] === 0) zeros++;
      const s: ZasShape = { C: l.C, H: l.H, W: l.W, M: l.M, R: l.R, S: l.S, stride: l.stride, pad: l.pad };
      rows.push(row(l.name, sp, zeros / map.data.length, denseEqualMults(l.name, s, hw), zasLayerFigures(l.name, s, map.data, hw)));
    }
    out.push(...rows, totalRow('VGG16 total', rows));
  }
  return out;
}

/** The real face-net layers whose kernel fits the PE, on a sample image's real activations. */
export function facenetRows(hw: ZasHwParams, image = 0): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const sh of layerShapes()) {
    if (sh.R > hw.KR || sh.S > hw.KS) continue;
    const q = quantizedLayer(sh.name, image);
    const d = q.input.data;
    let zeros = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === 0) zeros++;
    const s: ZasShape = { C: sh.C, H: sh.H, W: sh.W, M: sh.M, R: sh.R, S: sh.S, stride: sh.stride, pad: sh.pad };
    const z = zasLayerFigures(sh.name, s, d, hw);
    const full = zasLayerFigures(sh.name, s, new Uint8Array(d.length).fill(1), hw);
    rows.push({ ...row(sh.name, zeros / d.length, zeros / d.length, denseEqualMults(sh.name, s, hw), z), skipGain: full.cycles / z.cycles });
  }
  const fullSum = rows.reduce((a, r) => a + (r.skipGain ?? 0) * r.zasCycles, 0);
  const t = totalRow('face-net total (3x3 layers)', rows);
  rows.push({ ...t, skipGain: fullSum / t.zasCycles });
  return rows;
}
