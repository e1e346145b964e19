/**
 * Host side of the crossbar accelerator: a conv layer split into verification tiles (a chunk of output channels ×
 * a chunk of output pixels), each run as passes over chunks of K (rowTiles·rows rows each: the row blocks of one
 * pass are summed in hardware, the passes through the partial sums kept in the output SRAMs); fit checks with errors
 * that name the limit and the fix; the SRAM images (layout in accel.ts), the stimulus and the decoding of a trace.
 */
import { type XbarHwParams, derived, arithOf, checkHw, LOAD_BIAS, LOAD_CELL, XbarParamError } from './params.js';
import { tileLevels, perturbLevels, tileSeed, slicesFor } from './golden.js';
import { outSize, type ConvShape } from './conv.js';
import { passModel, type XbarEvents } from './model.js';

export interface XbarLayer {
  name: string;
  shape: ConvShape;
  /** uint activations, CHW */
  input: ArrayLike<number>;
  /** int weights, MCRS */
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
  relu: boolean;
  rq?: { mult: number; shift: number };
  /** bits of the activations (default 8): the slices applied are ceil(actBits / dacBits) */
  actBits?: number;
}

export class XbarFitError extends Error {
  override name = 'XbarFitError';
}

export interface XbarTilePlan {
  name: string;
  /** output channels m0 .. m1−1, output pixels p0 .. p1−1 (row-major y·OW + x) */
  m0: number;
  m1: number;
  p0: number;
  p1: number;
  /** the passes: K rows k0 .. k1−1 each */
  passes: Array<{ k0: number; k1: number }>;
}

/** Slices applied to a layer's inputs. */
export function layerSlices(l: Pick<XbarLayer, 'actBits'>, hw: XbarHwParams): number {
  return slicesFor(l.actBits ?? 8, hw.dacBits);
}

/** Check the layer against the hardware (shape only, and the weights/bias when given). */
export function checkLayer(l: Pick<XbarLayer, 'name' | 'shape' | 'actBits'> & Partial<Pick<XbarLayer, 'weights' | 'bias' | 'rq'>>, hw: XbarHwParams): void {
  try {
    checkHw(hw);
  } catch (e) {
    if (e instanceof XbarParamError) throw new XbarFitError(`layer '${l.name}': ${e.message}`);
    throw e;
  }
  const fail = (what: string, fix: string): never => {
    throw new XbarFitError(`layer '${l.name}': ${what}; ${fix}`);
  };
  const s = l.shape;
  const act = l.actBits ?? 8;
  if (act > hw.inputBits) fail(`${act}-bit activations exceed the ${hw.inputBits}-bit inputs`, 'raise inputBits');
  try {
    outSize(s);
  } catch (e) {
    fail((e as Error).message, 'check the shape');
  }
  if (l.weights) {
    const lim = 2 ** (hw.weightBits - 1);
    for (let i = 0; i < l.weights.length; i++)
      if (l.weights[i]! < -lim || l.weights[i]! >= lim) fail(`weight ${l.weights[i]} does not fit ${hw.weightBits} bits`, 'raise weightBits');
  }
  const K = s.C * s.R * s.S;
  let maxBias = 0;
  for (let i = 0; i < (l.bias?.length ?? 0); i++) maxBias = Math.max(maxBias, Math.abs(l.bias![i]!));
  const bound = BigInt(K) * BigInt(2 ** act - 1) * BigInt(2 ** (hw.weightBits - 1)) + BigInt(maxBias);
  if (bound >= 1n << BigInt(hw.accBits - 1)) fail(`sums can reach ±${bound}, which overflows the ${hw.accBits}-bit partial sums`, `raise accBits to ${bound.toString(2).length + 1}`);
  if (l.rq && (l.rq.mult >= 2 ** hw.multBits || l.rq.shift >= 2 ** hw.shiftBits || l.rq.mult < 0))
    fail(`requantisation (mult ${l.rq.mult}, shift ${l.rq.shift}) does not fit ${hw.multBits}/${hw.shiftBits} bits`, 'raise multBits/shiftBits');
}

/** The verification tiles of a layer: output channels in chunks of `lanes`, pixels in chunks of `pixels`, K in passes. */
export function tileXbar(l: Pick<XbarLayer, 'name' | 'shape'>, hw: XbarHwParams): XbarTilePlan[] {
  const d = derived(hw);
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const passes: Array<{ k0: number; k1: number }> = [];
  for (let k0 = 0; k0 < K; k0 += d.krows) passes.push({ k0, k1: Math.min(K, k0 + d.krows) });
  const out: XbarTilePlan[] = [];
  for (let m0 = 0; m0 < s.M; m0 += d.lanes)
    for (let p0 = 0; p0 < OH * OW; p0 += hw.pixels) {
      const m1 = Math.min(s.M, m0 + d.lanes);
      const p1 = Math.min(OH * OW, p0 + hw.pixels);
      out.push({ name: `${l.name}[m${m0}:${m1},p${p0}:${p1}]`, m0, m1, p0, p1, passes });
    }
  return out;
}

export interface MemImage {
  path: string;
  width: number;
  words: bigint[];
}

/** The levels of physical tile (b, q) in a pass (R·Cols, row-major), before the write path's perturbation. */
export function passLevels(l: XbarLayer, hw: XbarHwParams, t: XbarTilePlan, pass: number, b: number, q: number): Uint8Array {
  const d = derived(hw);
  const s = l.shape;
  const K = s.C * s.R * s.S;
  const { k0, k1 } = t.passes[pass]!;
  const mq = t.m0 + q * d.lanesT;
  return tileLevels((k, m) => l.weights[m * K + k]!, k1, t.m1, k0 + b * hw.rows, mq, arithOf(hw));
}

/**
 * SRAM images of a pass: the inputs of the tile's vectors for the pass's rows (0 beyond), the cells (unless they go
 * through the load port: `cells` false; preloaded cells carry the golden perturbation) and the partial sums.
 */
export function passImages(l: XbarLayer, hw: XbarHwParams, t: XbarTilePlan, pass: number, X: ArrayLike<number>, partial: bigint[][] | undefined, cells: boolean): MemImage[] {
  const d = derived(hw);
  const s = l.shape;
  const K = s.C * s.R * s.S;
  const P = t.p1 - t.p0;
  const { k0, k1 } = t.passes[pass]!;
  const out: MemImage[] = [];
  for (let k = 0; k < d.krows; k++)
    out.push({ path: `in_${k}`, width: hw.inputBits, words: Array.from({ length: P }, (_, p) => (k0 + k < k1 ? BigInt(X[p * K + k0 + k]!) : 0n)) });
  if (cells)
    for (let b = 0; b < hw.rowTiles; b++)
      for (let q = 0; q < hw.colTiles; q++) {
        const lv = perturbLevels(passLevels(l, hw, t, pass, b, q), arithOf(hw), tileSeed(hw.seed, b * hw.colTiles + q));
        for (let r = 0; r < hw.rows; r++)
          out.push({ path: `tile_${b}_${q}.cell_${r}`, width: hw.cellBits, words: Array.from(lv.subarray(r * hw.cols, (r + 1) * hw.cols), (v) => BigInt(v)) });
      }
  if (partial) {
    const mask = (1n << BigInt(hw.accBits)) - 1n;
    for (let ln = 0; ln < d.lanes; ln++) out.push({ path: `out_${ln}`, width: hw.accBits, words: (partial[ln] ?? []).map((v) => v & mask) });
  }
  return out;
}

export interface PassRun {
  cycles: Array<Record<string, bigint>>;
  startCycle: number;
  readStart: number;
  model: XbarEvents;
  lanes: number;
  P: number;
}

/**
 * Reset, configure, load the biases (and, with `viaPort`, program every cell of every tile row-major through the load
 * port), start, wait for the modelled cycles plus a margin, then read every lane's P words.
 */
export function passStimulus(l: XbarLayer, hw: XbarHwParams, t: XbarTilePlan, pass: number, viaPort: boolean, margin = 8): PassRun {
  const d = derived(hw);
  const P = t.p1 - t.p0;
  const T = layerSlices(l, hw);
  const last = pass === t.passes.length - 1;
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_P: B(P), cfg_slices: B(T), cfg_acc_in: pass > 0 ? 1n : 0n, cfg_last: last ? 1n : 0n,
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n, cfg_rq_mult: B(l.rq?.mult ?? 0), cfg_rq_shift: B(l.rq?.shift ?? 0),
  };
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, ...cfg }];
  const mask = (1n << B(hw.accBits)) - 1n;
  const lanesUsed = t.m1 - t.m0;
  for (let ln = 0; ln < d.lanes; ln++)
    cycles.push({ load_en: 1n, load_sel: B(LOAD_BIAS), load_bank: 0n, load_addr: B(ln), load_data: ln < lanesUsed ? B(l.bias[t.m0 + ln]!) & mask : 0n });
  if (viaPort)
    for (let b = 0; b < hw.rowTiles; b++)
      for (let q = 0; q < hw.colTiles; q++) {
        const lv = passLevels(l, hw, t, pass, b, q);
        for (let i = 0; i < lv.length; i++) cycles.push({ load_en: 1n, load_sel: B(LOAD_CELL), load_bank: B(b * hw.colTiles + q), load_addr: B(i), load_data: B(lv[i]!) });
      }
  cycles.push({ load_en: 0n });
  const model = passModel(P, T, { rows: hw.rows, cols: hw.cols, adcShare: hw.adcShare, tiles: d.tileCount, used: d.used });
  const startCycle = cycles.length;
  cycles.push({ start: 1n });
  cycles.push({ start: 0n });
  for (let i = 2; i < model.cycles + margin; i++) cycles.push({});
  const readStart = cycles.length;
  for (let ln = 0; ln < d.lanes; ln++) for (let p = 0; p < P; p++) cycles.push({ rd_en: 1n, rd_bank: B(ln), rd_addr: B(p) });
  cycles.push({ rd_en: 0n });
  return { cycles, startCycle, readStart, model, lanes: d.lanes, P };
}

export interface PassResult {
  cycles: number;
  events: Omit<XbarEvents, 'cycles'>;
  /** per lane, P words */
  outputs: bigint[][];
}

export function decodePass(trace: Record<string, bigint[]>, run: PassRun): PassResult {
  const done = trace.done!;
  let cycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (done[c] === 1n) {
      cycles = c - run.startCycle;
      break;
    }
  const at = run.readStart;
  const ev = (n: string) => Number(trace[n]![at]!);
  const rd = trace.rd_data!;
  const outputs = Array.from({ length: run.lanes }, (_, ln) => Array.from({ length: run.P }, (_, p) => rd[at + 1 + ln * run.P + p]!));
  return { cycles, events: { activations: ev('ev_act'), dacConversions: ev('ev_dac'), adcConversions: ev('ev_adc'), shiftAdds: ev('ev_sa') }, outputs };
}
