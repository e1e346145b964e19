/**
 * Host side of the crossbar accelerator: a conv layer split into verification tiles (a chunk of output channels ×
 * a chunk of output pixels), each run as passes over chunks of K (rowTiles·rows rows each: the row blocks of one
 * pass are summed in hardware, the passes through the partial sums kept in the output SRAMs); fit checks with errors
 * that name the limit and the fix; the SRAM images (layout in accel.ts), the stimulus and the decoding of a trace.
 */
import { type XbarHwParams, derived, arithOf, checkHw, LOAD_BIAS, LOAD_CELL, LOAD_RQ, XbarParamError } from './params.js';
import { tileLevels, perturbLevels, tileSeed, slicesFor, xbarMvm } from './golden.js';
import { outSize, im2col, postProcess } from './conv.js';
import { passModel, XBAR_COUNTERS, type XbarEvents } from './model.js';
import type { ConvLayer } from '../common/shape.js';
import { FitError, checkRequant } from '../common/fit.js';
import { rqWord, sliceRq } from '../common/rq.js';
import { hostStimulus, decodeHostRun, counterBits, type HostRun, type ReadAddr } from '../common/stimulus.js';
import type { FamilyHooks, MemImage, RunStep } from '../common/verify.js';
import { referenceConv } from '../common/reference.js';

/** A conv layer for the crossbar accelerator; a verification tile carries its span (channels, pixels, passes). */
export interface XbarLayer extends ConvLayer {
  /** bits of the activations (default 8): the slices applied are ceil(actBits / dacBits) */
  actBits?: number;
  /** set on the layers of verification tiles (tileXbar): the channels, pixels and passes of the tile */
  span?: XbarTilePlan;
}

export class XbarFitError extends FitError {
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
  checkRequant(l, hw, fail);
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

/** What a tile's run needs: its span, the slices per input, the model of one pass. */
export interface XbarPlan {
  span: XbarTilePlan;
  slices: number;
  pass: XbarEvents;
  /** all passes */
  cycles: number;
}

/** Fit checks and the plan of a verification tile (a layer from tileXbar, carrying its span). */
export function planXbar(l: XbarLayer, hw: XbarHwParams): XbarPlan {
  const span = l.span;
  if (!span) throw new Error(`planXbar: layer '${l.name}' is not a verification tile (tileXbar gives them)`);
  checkLayer(l, hw);
  const d = derived(hw);
  const slices = layerSlices(l, hw);
  const pass = passModel(span.p1 - span.p0, slices, { rows: hw.rows, cols: hw.cols, adcShare: hw.adcShare, tiles: d.tileCount, used: d.used });
  return { span, slices, pass, cycles: span.passes.length * pass.cycles };
}

/**
 * Reset, configure, load the biases (and, with `viaPort`, program every cell of every tile row-major through the load
 * port), start, wait for the modelled cycles plus a margin, then read the outputs and the event counters: on the last
 * pass the tile's channels (field `y`), before it every lane's partial sums (field `partial`, carried to the next pass).
 */
export function passStimulus(l: XbarLayer, hw: XbarHwParams, plan: XbarPlan, pass: number, viaPort: boolean): HostRun {
  const d = derived(hw);
  const t = plan.span;
  const P = t.p1 - t.p0;
  const last = pass === t.passes.length - 1;
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_P: B(P), cfg_slices: B(plan.slices), cfg_acc_in: pass > 0 ? 1n : 0n, cfg_last: last ? 1n : 0n,
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  const load: Array<Record<string, bigint>> = [];
  const mask = (1n << B(hw.accBits)) - 1n;
  const lanesUsed = t.m1 - t.m0;
  for (let ln = 0; ln < d.lanes; ln++)
    load.push({ load_en: 1n, load_sel: B(LOAD_BIAS), load_bank: 0n, load_addr: B(ln), load_data: ln < lanesUsed ? B(l.bias[t.m0 + ln]!) & mask : 0n });
  if (last && l.rq)
    for (let ln = 0; ln < lanesUsed; ln++) load.push({ load_en: 1n, load_sel: B(LOAD_RQ), load_bank: 0n, load_addr: B(ln), load_data: rqWord(l.rq, t.m0 + ln, hw.shiftBits) });
  if (viaPort)
    for (let b = 0; b < hw.rowTiles; b++)
      for (let q = 0; q < hw.colTiles; q++) {
        const lv = passLevels(l, hw, t, pass, b, q);
        for (let i = 0; i < lv.length; i++) load.push({ load_en: 1n, load_sel: B(LOAD_CELL), load_bank: B(b * hw.colTiles + q), load_addr: B(i), load_data: B(lv[i]!) });
      }
  const reads: ReadAddr[] = [];
  for (let ln = 0; ln < (last ? lanesUsed : d.lanes); ln++) for (let p = 0; p < P; p++) reads.push({ bank: ln, addr: p });
  return hostStimulus({ cfg, load, cycles: plan.pass.cycles, margin: 8, reads: { [last ? 'y' : 'partial']: reads }, counters: XBAR_COUNTERS });
}

/** The golden crossbar model of every tile of a layer, or of the given ones (CHW; 0 elsewhere): the bit-sliced MVM on the tile's pixels and channels, bias, post. */
export function xbarGolden(l: XbarLayer, hw: XbarHwParams, only?: ReadonlyArray<XbarTilePlan>): Int32Array {
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const a = arithOf(hw);
  const T = layerSlices(l, hw);
  const golden = new Int32Array(s.M * OH * OW);
  for (const t of only ?? tileXbar(l, hw)) {
    const X = im2col(s, l.input, t.p0, t.p1);
    const P = t.p1 - t.p0;
    const Mt = t.m1 - t.m0;
    const g = xbarMvm(X, P, K, (k, m) => l.weights[(t.m0 + m) * K + k]!, Mt, a, { slices: T, grid: { rowTiles: hw.rowTiles, colTiles: hw.colTiles } });
    const sums = new Float64Array(Mt * P);
    for (let m = 0; m < Mt; m++) for (let p = 0; p < P; p++) sums[m * P + p] = g.y[p * Mt + m]! + l.bias[t.m0 + m]!;
    const gout = postProcess(sums, l.relu, l.rq && sliceRq(l.rq, t.m0, t.m1), P);
    for (let m = 0; m < Mt; m++) golden.set(gout.subarray(m * P, (m + 1) * P), (t.m0 + m) * OH * OW + t.p0);
  }
  return golden;
}

/** Whether the configured hardware computes the exact product (ideal ADCs, no perturbation): then `exact` is compared too. */
export const isExactHw = (hw: XbarHwParams): boolean => hw.adc === 'ideal' && hw.perturbLog2 === 0;

export interface XbarHookOptions {
  /** program the cells through the load port (exercises the perturbation write path) instead of preloading them */
  viaPort?: boolean;
}

/**
 * The crossbar hooks of the shared tile-verify loop. A tile is a chunk of output channels × a chunk of output pixels,
 * computed in one run per pass over K; run r + 1 gets run r's partial sums preloaded into the output SRAMs. The last
 * pass's outputs are compared with the golden crossbar model (`y`) and, on exact hardware, with the exact convolution
 * (`exact`, the same words); every pass's cycles and four event counters with the model.
 */
export function xbarHooks(hw: XbarHwParams, o: XbarHookOptions = {}): FamilyHooks<XbarHwParams, XbarLayer, XbarPlan> {
  const exact = isExactHw(hw);
  return {
    tiles: (l, h) => {
      const { OW } = outSize(l.shape);
      return tileXbar(l, h).map((t) => ({ layer: { ...l, name: t.name, span: t }, m0: t.m0, m1: t.m1, y0: Math.floor(t.p0 / OW), y1: Math.ceil(t.p1 / OW) }));
    },
    plan: planXbar,
    runs: (_l, _h, plan) => plan.span.passes.length,
    memoryImage: (l, h, plan, step) => {
      const t = plan.span;
      const P = t.p1 - t.p0;
      const prev = step?.previous?.fields.partial;
      const partial = prev && Array.from({ length: derived(h).lanes }, (_, ln) => prev.slice(ln * P, (ln + 1) * P));
      return passImages(l, h, t, step?.index ?? 0, im2col(l.shape, l.input, t.p0, t.p1), partial, !o.viaPort);
    },
    stimulus: (l, h, plan, step) => passStimulus(l, h, plan, step?.index ?? 0, o.viaPort ?? false),
    decode: (trace, run) => {
      const got = decodeHostRun(trace, run);
      return exact && got.fields.y ? { ...got, fields: { ...got.fields, exact: got.fields.y } } : got;
    },
    golden: (l, h, chosen) => ({ y: xbarGolden(l, h, chosen?.map((t) => t.layer.span!)), ...(exact ? { exact: referenceConv(l) } : {}) }),
    model: (_l, _h, plan, step?: RunStep) => {
      const { k0, k1 } = plan.span.passes[step?.index ?? 0]!;
      const { cycles, ...counters } = plan.pass;
      return { cycles, counters, macs: (plan.span.p1 - plan.span.p0) * (plan.span.m1 - plan.span.m0) * (k1 - k0) };
    },
    // word i of a tile's field: lane i / P, pixel p0 + i mod P
    place: (t, _f, i, l) => {
      const { OH, OW } = outSize(l.shape);
      const sp = t.layer.span!;
      const P = sp.p1 - sp.p0;
      return (sp.m0 + Math.floor(i / P)) * OH * OW + sp.p0 + (i % P);
    },
    lanes: (h) => derived(h).tileCount * h.rows * derived(h).lanesT,
    counterBits: (h) => counterBits(h.accBits),
  };
}
