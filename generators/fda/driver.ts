/**
 * Host side of the frequency-domain accelerator: the fit checks of a run (errors name the limit and the fix), its
 * configuration, the memory image (the input patch, the frequency-domain weights in the crossbar cells, the input
 * offset's share per bin, the bias), the stimulus, and the hooks of the shared tile-verify loop. No DSL.
 */
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { FitError, failFor, checkRequant } from '../common/fit.js';
import { rqTableImage, RQ_TABLE } from '../common/rq.js';
import { hostStimulus, counterBits, type HostRun, type ReadAddr } from '../common/stimulus.js';
import { verifyTiles, type MemImage, type FamilyHooks, type VerifyOptions, type RunStep } from '../common/verify.js';
import { reloadHooks, type ReloadPlan } from '../common/reload.js';
import type { Verdict } from '../common/verdict.js';
import { fdaConv, fdaDims, freqWeights, layerArith, channelSlice, channelChunks, type FdaLayer } from './golden.js';
import { type FdaHwParams, derived, fdaArithOf, LOAD_INPUT, LOAD_CELL, LOAD_CORR, LOAD_BIAS, LOAD_RQ } from './params.js';
import { cellImages, corrImages } from './image.js';
import { runModel, FDA_COUNTERS } from './model.js';
import { tileFda, placeFda } from './tiling.js';

export class FdaFitError extends FitError {
  override name = 'FdaFitError';
}

export interface FdaPlan {
  cfg: Record<string, bigint>;
  /** cycles and counters of the tile: every run's summed (one run per chunk of at most maxC input channels) */
  cycles: number;
  counters: Record<string, number>;
  /** valid outputs per dimension of the run's patch */
  vz: number;
  vy: number;
  vx: number;
}

/** Checks that hold for the whole layer (shape and weights): stride, kernel, channels, weight range. */
export function checkLayerFits(l: FdaLayer, hw: FdaHwParams): void {
  const s = l.shape;
  const fail = failFor(l.name, FdaFitError);
  const d = fdaDims(s, hw);
  if (s.stride !== 1 && hw.dims === 3) fail(`stride ${s.stride} on 3D hardware: strided 3D layers are not supported`, 'use stride 1');
  const k = Math.max(s.R, s.S, d.T);
  if (k > hw.maxKernel) fail(`kernel ${k} exceeds maxKernel = ${hw.maxKernel}`, 'raise maxKernel in the config');
  if ((hw.dims === 3) !== (s.D !== undefined)) fail(`a ${s.D !== undefined ? '3D' : '2D'} layer on ${hw.dims}D hardware`, `use a config with "dims": ${s.D !== undefined ? 3 : 2}`);
  const W = freqWeights(l, fdaArithOf(hw));
  const lim = 2 ** (hw.weightBits - 1) - 1;
  if (W.maxAbs > lim)
    fail(`a frequency-domain weight reaches ${W.maxAbs}, more than the ${hw.weightBits}-bit cells hold (${lim})`, 'lower wFracBits or raise weightBits in the config');
  const ys = layerArith(l, fdaArithOf(hw)).yShift;
  if (ys > hw.maxYShift) fail(`the products need a shift of ${ys} into the IFFT, more than maxYShift = ${hw.maxYShift}`, 'raise maxYShift or ifftBits in the config');
  checkRequant(l, hw, fail);
}

/**
 * The configuration and the model of a tile (a layer from tileFda): one run per chunk of at most maxC input channels;
 * cfg is the first run's (stepPlan gives each run's), cycles and counters are summed over the runs.
 */
export function planFda(l: FdaLayer, hw: FdaHwParams): FdaPlan {
  checkLayerFits(l, hw);
  const s = l.shape;
  const fail = failFor(l.name, FdaFitError);
  const d = fdaDims(s, hw);
  if (s.H !== hw.n || s.W !== hw.n || s.pad !== 0) fail(`a run is one ${hw.n}-point patch, got ${s.H}×${s.W} with padding ${s.pad}`, 'tile the layer with tileFda');
  if (s.M > hw.maxM) fail(`M = ${s.M} output channels exceed maxM = ${hw.maxM}`, 'tile the layer with tileFda or raise maxM');
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_C: B(s.C), cfg_acc_in: 0n, cfg_M: B(s.M), cfg_vz: B(d.vz), cfg_vy: B(d.vy), cfg_vx: B(d.vx),
    cfg_yshift: B(layerArith(l, fdaArithOf(hw)).yShift), cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  const plan = { cfg, cycles: 0, counters: {} as Record<string, number>, vz: d.vz, vy: d.vy, vx: d.vx };
  const chunks = channelChunks(s.C, hw.maxC);
  chunks.forEach((_, index) => {
    const r = stepPlan(l, hw, plan, { index, count: chunks.length });
    plan.cycles += r.cycles;
    for (const [k, v] of Object.entries(r.counters)) plan.counters[k] = (plan.counters[k] ?? 0) + v;
  });
  return plan;
}

/**
 * Run `step` of a tile: input channels of its chunk; the first run adds the bias, later ones the partial sums the
 * previous run left in `out` (cfg acc_in); ReLU and requantisation only in the last run (earlier runs write raw sums).
 */
export function stepPlan(l: FdaLayer, hw: FdaHwParams, plan: FdaPlan, step?: RunStep): { cfg: Record<string, bigint>; cycles: number; counters: Record<string, number> } {
  const [c0, c1] = channelChunks(l.shape.C, hw.maxC)[step?.index ?? 0]!;
  const last = !step || step.index === step.count - 1;
  const cfg = { ...plan.cfg, cfg_C: BigInt(c1 - c0), cfg_acc_in: step && step.index > 0 ? 1n : 0n, ...(last ? {} : { cfg_relu: 0n, cfg_rq_en: 0n }) };
  const r = runModel(hw, { C: c1 - c0, M: l.shape.M, V: plan.vz * plan.vy * plan.vx });
  return { cfg, cycles: r.cycles, counters: r.counters };
}

/** The input channels of run `step` of a tile (the tile itself when it has one run). */
function stepLayer(l: FdaLayer, hw: FdaHwParams, step?: RunStep): FdaLayer {
  if (!step || step.count === 1) return l;
  const [c0, c1] = channelChunks(l.shape.C, hw.maxC)[step.index]!;
  return channelSlice(l, c0, c1);
}

/** The memory image of a run: its chunk's inputs and weights; after the first run, the partial sums in `out`. */
export function memoryImage(l0: FdaLayer, hw: FdaHwParams, step?: RunStep): MemImage[] {
  const l = stepLayer(l0, hw, step);
  const s = l.shape;
  const d = derived(hw);
  const W = freqWeights(l, fdaArithOf(hw));
  const input = Array.from({ length: hw.maxC * d.elements }, (_, i) => (i < l.input.length ? BigInt(l.input[i]!) : 0n));
  const bias = Array.from({ length: hw.maxM }, (_, m) => BigInt.asUintN(hw.accBits, BigInt(m < s.M ? l.bias[m]! : 0)));
  return [
    { path: 'in_mem', width: hw.inBits, words: input },
    { path: 'bias', width: hw.accBits, words: bias },
    rqTableImage(l.rq, hw.maxM, hw),
    ...cellImages(W, s.C, s.M, hw, 'cmac.'),
    ...corrImages(W, s.C, s.M, hw, 'cmac.'),
    ...(step?.previous ? [partialImage(l0, hw, step.previous.fields.y!)] : []),
  ];
}

/** The previous run's raw sums (read back in fdaStimulus's order) where the run left them in `out`. */
function partialImage(l: FdaLayer, hw: FdaHwParams, words: readonly bigint[]): MemImage {
  const E = derived(hw).elements;
  const out = new Array<bigint>(hw.maxM * E).fill(0n);
  outputAddrs(l, hw).forEach((a, i) => (out[a] = BigInt.asUintN(hw.accBits, words[i]!)));
  return { path: 'out', width: hw.accBits, words: out };
}

/** The `out` words of a run's outputs inside the layer (m, z, y, x): every stride-th stride-1 output of the patch. */
function outputAddrs(l: FdaLayer, hw: FdaHwParams): number[] {
  const n = hw.n;
  const E = derived(hw).elements;
  const d = fdaDims(l.shape, hw);
  const t = l.tile ?? { nz: d.vz, ny: d.vy, nx: d.vx, stride: 1 };
  const st = t.stride;
  const out: number[] = [];
  for (let m = 0; m < l.shape.M; m++)
    for (let z = 0; z < t.nz; z++) for (let yy = 0; yy < t.ny; yy++) for (let x = 0; x < t.nx; x++) out.push(m * E + (z * n + yy * st) * n + x * st);
  return out;
}

/** Reset, configure, load (words through the load port, if any), start, wait, then read the run's outputs inside the layer (m, z, y, x) and the counters. */
export function fdaStimulus(l: FdaLayer, hw: FdaHwParams, plan: FdaPlan, step?: RunStep, load?: Array<Record<string, bigint>>): HostRun {
  const r = stepPlan(l, hw, plan, step);
  return hostStimulus({ cfg: r.cfg, ...(load ? { load } : {}), cycles: r.cycles, reads: { y: outputAddrs(l, hw).map((addr): ReadAddr => ({ bank: 0, addr })) }, counters: FDA_COUNTERS });
}

/**
 * Cycles of stimulus per Verilator run when consecutive single-run tiles share one (fdaHooks): a run of its own costs
 * a process and about 1,300 memory files (about 0.7 s), where rewriting a word that differs costs one load-port cycle
 * (within an output-channel chunk only the input patch differs). Tiles of more than one run (C > maxC: partial sums
 * carried between runs by the host) keep one simulator run per run; Icarus and the built-in simulator keep one run
 * per tile.
 */
export const FDA_BATCH_CYCLES = 1_000_000;

/** A tile's plan in the verify loop (reload.ts): its memory image and the tile run before it in the same simulation. */
export type FdaRunPlan = ReloadPlan<FdaPlan>;

export function fdaHooks(hw: FdaHwParams): FamilyHooks<FdaHwParams, FdaLayer, FdaRunPlan> {
  return {
    tiles: tileFda,
    ...reloadHooks<FdaHwParams, FdaLayer, FdaPlan>({
      plan: planFda,
      image: (l, h) => memoryImage(l, h),
      stimulus: fdaStimulus,
      reload: (from, to, h) => loadCycles(to, h, from),
    }),
    memoryImage: (l, h, plan, step) => (step ? memoryImage(l, h, step) : plan.image()),
    batchCycles: (_h, sim) => (sim === 'verilator' ? FDA_BATCH_CYCLES : 0),
    runs: (l, h) => channelChunks(l.shape.C, h.maxC).length,
    golden: (l, h) => ({ y: fdaConv(l, fdaArithOf(h)).out }),
    model: (l, h, plan, step) => {
      const d = fdaDims(l.shape, hw);
      const t = l.tile;
      const kept = t ? t.nz * t.ny * t.nx : d.vz * d.vy * d.vx;
      const r = stepPlan(l, h, plan, step);
      const C = stepLayer(l, h, step).shape.C;
      return { cycles: r.cycles, counters: r.counters, macs: l.shape.M * C * d.T * l.shape.R * l.shape.S * kept };
    },
    place: (t, f, i, layer) => placeFda(t, f, i, layer, hw),
    lanes: (h) => derived(h).tilesPerBin * h.rows * derived(h).lanes,
    counterBits: (h) => counterBits(h.accBits),
  };
}

/** The fit check of a layer: the layer-wide checks, then the first run's plan (every run has the same shape). */
export function everyRunPlans(l: FdaLayer, hw: FdaHwParams): void {
  checkLayerFits(l, hw);
  const t = tileFda(l, hw)[0];
  if (t) planFda(t.layer, hw);
}

/** Run a layer (tiled into runs) through one simulator; compare with the golden model and the cycle model. */
export function verifyFda(l: FdaLayer, hw: FdaHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<Verdict> {
  return verifyTiles(fdaHooks(hw), l, hw, compiled, sim, opts);
}

/**
 * The memory image as load-port cycles (load_sel, load_bank, load_addr, load_data; ports.ts): what a host would stream.
 * With `from` (the image the memories hold), only the words that differ from it.
 */
export function loadCycles(images: readonly MemImage[], hw: FdaHwParams, from?: readonly MemImage[]): Array<Record<string, bigint>> {
  const d = derived(hw);
  const old = new Map((from ?? []).map((m) => [m.path, m.words]));
  const out: Array<Record<string, bigint>> = [];
  const put = (sel: number, bank: number, addr: number, data: bigint) => out.push({ load_en: 1n, load_sel: BigInt(sel), load_bank: BigInt(bank), load_addr: BigInt(addr), load_data: data });
  const same = (path: string, i: number, w: bigint): boolean => from !== undefined && old.get(path)?.[i] === w;
  const corr = new Map<string, bigint[]>();
  for (const im of images) {
    const cell = /^cmac\.xb_(\d+)_(\d+)_(\d+)\.cell_(\d+)$/.exec(im.path);
    const each = (f: (w: bigint, i: number) => void) => im.words.forEach((w, i) => same(im.path, i, w) || f(w, i));
    if (im.path === 'in_mem') each((w, i) => put(LOAD_INPUT, 0, i, w));
    else if (im.path === 'bias') each((w, i) => put(LOAD_BIAS, 0, i, w));
    else if (im.path === RQ_TABLE) each((w, i) => put(LOAD_RQ, 0, i, w));
    else if (cell) {
      const [b, rb, cb, r] = cell.slice(1).map(Number) as [number, number, number, number];
      each((w, c) => put(LOAD_CELL, (b * d.rowTiles + rb) * d.colTiles + cb, r * hw.cols + c, w));
    } else if (/^cmac\.corr_(re|im)_\d+$/.test(im.path)) corr.set(im.path, im.words);
    else throw new Error(`loadCycles: no load path for memory '${im.path}'`);
  }
  for (let k = 0; k < hw.maxM; k++) {
    const [pr, pi] = [`cmac.corr_re_${k}`, `cmac.corr_im_${k}`];
    const re = corr.get(pr) ?? [];
    const im = corr.get(pi) ?? [];
    re.forEach((w, b) => (same(pr, b, w) && same(pi, b, im[b]!)) || put(LOAD_CORR, k, b, (im[b]! << BigInt(d.corrBits)) | w));
  }
  return out;
}
