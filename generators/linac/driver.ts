/**
 * Host side of the LINAC core: fit checks, the layer's configuration, the SRAM images (layout in core.ts), the golden
 * cycle model of the core, the stimulus, and the hooks of the shared tile-verify loop. Never imports the DSL.
 */
import type { Compiled } from '../../dsl/index.js';
import { nafExps, termCyclesExps } from '../bitserial/golden.js';
import { linacConv, outDims, padded, residuals, type LinacLayerData } from './golden.js';
import { type LinacHwParams, linacDerived, LINAC_COUNTERS } from './params.js';
import { tileLinac } from './tiling.js';
import { FitError, failFor, checkAccumulator, checkRequant, checkFields } from '../common/fit.js';
import { rqTableImage, rqWord } from '../common/rq.js';
import { hostStimulus, chwReads, counterBits, type HostRun } from '../common/stimulus.js';
import type { SimName } from '../../sim/types.js';
import { LOAD_BIAS, LOAD_IFMAP, LOAD_OFFSET, LOAD_RQ, LOAD_WEIGHT } from './ports.js';
import { verifyTiles, type MemImage, type FamilyHooks, type VerifyOptions } from '../common/verify.js';
import { reloadHooks, type ReloadPlan } from '../common/reload.js';
import type { Verdict } from '../common/verdict.js';

/** cycles from start to the first group load: the registered start, two priming reads */
export const CORE_PROLOGUE = 3;

export class LinacFitError extends FitError {
  override name = 'LinacFitError';
}

export interface LinacPlan {
  OH: number;
  OW: number;
  Hp: number;
  Wp: number;
  K: number;
  G: number;
  nmt: number;
  cfg: Record<string, bigint>;
  /** the core's cycles from the start cycle to the first cycle with done = 1 (golden cycle model) */
  cycles: number;
  /** of which TERM cycles (the essential-bit engine proper) */
  termCycles: number;
}

/**
 * Where lane i reads in group g, relative to a pixel's window origin: word (c·Hp + r)·Wp + s of the padded input for
 * window position k = g·L + i = (c, r, s), or −1 past K (the lane streams 0).
 */
function laneOffsets(s: LinacLayerData['shape'], lanes: number, G: number, Hp: number, Wp: number): Int32Array {
  const K = s.C * s.R * s.S;
  const off = new Int32Array(G * lanes).fill(-1);
  for (let k = 0; k < K; k++) {
    const c = Math.floor(k / (s.R * s.S));
    const r = Math.floor((k % (s.R * s.S)) / s.S);
    off[k] = (c * Hp + r) * Wp + (k % s.S);
  }
  return off;
}

/**
 * Golden cycle model of the core, from the start cycle to the first cycle with done = 1: two priming cycles, then the
 * groups back to back, each exactly termCycles(group, B) cycles, then the three output stages:
 *   cycles = 3 + ceil(M/F) · Σ_pixels Σ_groups termCycles + 3,
 * a group at pixel (y, x) being the values its lanes stream: raw A for x < |β|, the residual E otherwise, 0 past K.
 */
export function linacCoreCycles(l: LinacLayerData, hw: LinacHwParams): { cycles: number; termCycles: number } {
  const s = l.shape;
  const d = linacDerived(hw);
  const { OH, OW, Hp, Wp } = outDims(s);
  const A = padded(l);
  const E = hw.beta.length ? residuals(A, s, hw.beta) : A;
  const G = Math.ceil((s.C * s.R * s.S) / hw.lanes);
  const off = laneOffsets(s, hw.lanes, G, Hp, Wp);
  // the NAF exponents of each lane's value (none for 0), gathered per group into one reused list
  const exps: Int8Array[] = [];
  let term = 0;
  for (let y = 0; y < OH; y++)
    for (let x = 0; x < OW; x++) {
      const src = x < hw.beta.length ? A : E;
      const base = y * s.stride * Wp + x * s.stride;
      for (let g = 0; g < G; g++) {
        exps.length = 0;
        for (let i = 0; i < hw.lanes; i++) {
          const o = off[g * hw.lanes + i]!;
          const v = o < 0 ? 0 : src[base + o]!;
          if (v !== 0) exps.push(nafExps(v));
        }
        term += termCyclesExps(exps, hw.B);
      }
    }
  const nmt = Math.ceil(s.M / hw.filters);
  return { cycles: CORE_PROLOGUE + nmt * term + d.postCycles, termCycles: nmt * term };
}

/**
 * The core's cycles split into the categories its counters measure (core.ts): busy = cycles − 1 (from the cycle after
 * start up to done), term = the TERM cycles, groups = groups loaded (nmt·OH·OW·G), fixed = busy − term = the priming
 * reads, the first load and the output stages (CORE_PROLOGUE − 1 + postCycles).
 */
export function linacCounters(plan: LinacPlan, hw: LinacHwParams): Record<(typeof LINAC_COUNTERS)[number], number> {
  return { busy: plan.cycles - 1, term: plan.termCycles, groups: plan.nmt * plan.OH * plan.OW * plan.G, fixed: CORE_PROLOGUE - 1 + linacDerived(hw).postCycles };
}

export function planLinac(l: LinacLayerData, hw: LinacHwParams): LinacPlan {
  const s = l.shape;
  const d = linacDerived(hw);
  const { OH, OW, Hp, Wp } = outDims(s);
  const K = s.C * s.R * s.S;
  const G = Math.ceil(K / hw.lanes);
  const nmt = Math.ceil(s.M / hw.filters);
  const fail = failFor(l.name, LinacFitError);
  checkFields({ Wp, OH, OW, nmt, G }, hw.dimBits, fail);
  if (s.stride < 1 || s.stride > 7) fail(`stride ${s.stride} is not in 1..7`, 'use a smaller stride');
  if (s.C * Hp * Wp > hw.ifmapWords) fail(`the padded input needs ${s.C * Hp * Wp} words, the input SRAM has ${hw.ifmapWords}`, 'tile the layer (tileLinac) or raise ifmapWords');
  if (nmt * G > hw.weightWords) fail(`the weights need ${nmt * G} words per bank, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (G > hw.offWords) fail(`${G} groups per window exceed the ${hw.offWords}-word offset table`, 'raise offWords');
  if (nmt > hw.biasWords) fail(`${nmt} filter tiles exceed the ${hw.biasWords}-word bias banks`, 'raise biasWords');
  if (nmt * OH * OW > hw.outWords) fail(`the output needs ${nmt * OH * OW} words per bank, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  // accumulator: raw sums |P| ≤ (2^a − 1)·2^(w−1)·K (+ bias); residual partial sums ≤ (vmax)·2^(w−1)·K; the recurrence adds Σ|β|·|P|
  const sumB = hw.beta.reduce((t, b) => t + Math.abs(b), 0);
  checkAccumulator(l, hw, 2 ** (d.vBits - 1), K, fail, sumB);
  checkRequant(l, hw, fail);
  let amax = 0;
  for (let i = 0; i < l.input.length; i++) amax = Math.max(amax, l.input[i]!);
  if (amax > 2 ** hw.actBits - 1) fail(`activation ${amax} exceeds ${hw.actBits} bits`, 'raise actBits');
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_Wp: B(Wp), cfg_stride: B(s.stride), cfg_OH: B(OH), cfg_OW: B(OW), cfg_nmt: B(nmt), cfg_G: B(G),
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  const cyc = linacCoreCycles(l, hw);
  return { OH, OW, Hp, Wp, K, G, nmt, cfg, cycles: cyc.cycles, termCycles: cyc.termCycles };
}

export function linacMemoryImage(l: LinacLayerData, hw: LinacHwParams, plan: LinacPlan): MemImage[] {
  const s = l.shape;
  const d = linacDerived(hw);
  const A = padded(l);
  const ifw = Array.from(A, (v) => BigInt(v));
  const out: MemImage[] = [];
  for (let i = 0; i < hw.lanes; i++) out.push({ path: `if_${i}`, width: hw.actBits, words: ifw });
  const RS = s.R * s.S;
  for (let i = 0; i < hw.lanes; i++) {
    const words: bigint[] = [];
    for (let g = 0; g < plan.G; g++) {
      const k = g * hw.lanes + i;
      if (k >= plan.K) words.push(0n);
      else {
        const c = Math.floor(k / RS);
        const r = Math.floor((k % RS) / s.S);
        const q = k % s.S;
        words.push(BigInt((c * plan.Hp + r) * plan.Wp + q) | (1n << BigInt(d.offBits - 1)));
      }
    }
    out.push({ path: `off_${i}`, width: d.offBits, words });
  }
  const wmask = (1n << BigInt(hw.wBits)) - 1n;
  for (let f = 0; f < hw.filters; f++)
    for (let i = 0; i < hw.lanes; i++) {
      const words: bigint[] = [];
      for (let mt = 0; mt < plan.nmt; mt++)
        for (let g = 0; g < plan.G; g++) {
          const m = mt * hw.filters + f;
          const k = g * hw.lanes + i;
          words.push(m < s.M && k < plan.K ? BigInt(l.weights[m * plan.K + k]!) & wmask : 0n);
        }
      out.push({ path: `wgt_${f}_${i}`, width: hw.wBits, words });
    }
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  for (let f = 0; f < hw.filters; f++) {
    out.push({ path: `bias_${f}`, width: hw.accBits, words: Array.from({ length: plan.nmt }, (_, mt) => (mt * hw.filters + f < s.M ? BigInt(l.bias[mt * hw.filters + f]!) & amask : 0n)) });
    out.push({ ...rqTableImage(l.rq, 0, hw, `rq_table_${f}`), words: Array.from({ length: plan.nmt }, (_, mt) => rqWord(l.rq, mt * hw.filters + f, hw.shiftBits)) });
  }
  return out;
}

/**
 * Reset, configure, (load), start, wait `plan.cycles + margin`, then read every output (m, y, x) in CHW order. `load`:
 * load-port cycles between configuration and start (a tile continuing the simulation of the one before, see
 * linacReload).
 */
export function linacStimulus(l: LinacLayerData, hw: LinacHwParams, plan: LinacPlan, load?: Array<Record<string, bigint>>): HostRun {
  const y = chwReads(l.shape.M, plan.OH, plan.OW, (m, yy, x) => ({ bank: m % hw.filters, addr: (Math.floor(m / hw.filters) * plan.OH + yy) * plan.OW + x }));
  return hostStimulus({ cfg: plan.cfg, cycles: plan.cycles, reads: { y }, counters: LINAC_COUNTERS, ...(load?.length ? { load } : {}) });
}

/** The load-port selector and bank of a memory of the image (the input copies if_i are written together, as if_0). */
function loadTarget(p: string, hw: LinacHwParams): { sel: number; bank: number } | undefined {
  const m = /^(if|off|wgt|bias|rq_table)_(\d+)(?:_(\d+))?$/.exec(p);
  if (!m) throw new Error(`linac: no load-port target for memory '${p}'`);
  const a = Number(m[2]);
  switch (m[1]) {
    case 'if':
      return a === 0 ? { sel: LOAD_IFMAP, bank: 0 } : undefined;
    case 'off':
      return { sel: LOAD_OFFSET, bank: a };
    case 'wgt':
      return { sel: LOAD_WEIGHT, bank: a * hw.lanes + Number(m[3]) };
    case 'bias':
      return { sel: LOAD_BIAS, bank: a };
    default:
      return { sel: LOAD_RQ, bank: a };
  }
}

/**
 * Load-port cycles that turn the memories preloaded with `from` into `to`, as a fresh preload of `to` would leave them:
 * each word that differs is written (a word past the end of an image counts as 0, as in a fresh memory). The
 * memories the core writes itself (outputs, the residual history) are written before they are read in every run.
 */
export function linacReload(from: readonly MemImage[], to: readonly MemImage[], hw: LinacHwParams): Array<Record<string, bigint>> {
  const prev = new Map(from.map((m) => [m.path, m.words]));
  const out: Array<Record<string, bigint>> = [];
  for (const m of to) {
    const t = loadTarget(m.path, hw);
    if (!t) continue;
    const old = prev.get(m.path) ?? [];
    const sel = BigInt(t.sel);
    const bank = BigInt(t.bank);
    for (let a = 0; a < Math.max(old.length, m.words.length); a++) {
      const w = m.words[a] ?? 0n;
      if ((old[a] ?? 0n) !== w) out.push({ load_en: 1n, load_sel: sel, load_bank: bank, load_addr: BigInt(a), load_data: w });
    }
  }
  return out;
}

/**
 * Cycles of stimulus per Verilator run when consecutive tiles share one (linacRunHooks): a tile's own run costs a
 * process, its model's construction and its memory files (about a second per tile before), where rewriting the words
 * that differ costs one cycle each. Icarus runs load cycles slowly and the built-in simulator has no per-run cost to
 * save, so they keep one run per tile.
 */
export const LINAC_BATCH_CYCLES = 1_000_000;

/** A tile's plan in the verify loop (reload.ts): its memory image and the plan of the tile run before it in the same simulation. */
export type LinacRunPlan = ReloadPlan<LinacPlan>;

/**
 * The act_pred hooks of the shared tile-verify loop: outputs compared with linacConv (= conv2d), cycles with the core
 * model. In Verilator consecutive tiles share a simulation: each later tile is reset, configured and given the memory
 * words that differ from the tile before through the load port, then started as on its own.
 */
export const linacHooks: FamilyHooks<LinacHwParams, LinacLayerData, LinacRunPlan> = {
  tiles: tileLinac,
  ...reloadHooks<LinacHwParams, LinacLayerData, LinacPlan>({
    plan: planLinac,
    image: linacMemoryImage,
    stimulus: (l, hw, plan, _step, load) => linacStimulus(l, hw, plan, load),
    reload: linacReload,
  }),
  memoryImage: (_l, _hw, plan) => plan.image(),
  batchCycles: (_hw, sim) => (sim === 'verilator' ? LINAC_BATCH_CYCLES : 0),
  // a shard with none of the layer's tiles compares nothing: no need for the layer's convolution
  golden: (l, hw, chosen) => ({ y: chosen?.length === 0 ? new Float64Array(l.shape.M * outDims(l.shape).OH * outDims(l.shape).OW) : linacConv(l, { mode: 'act_pred', beta: hw.beta }) }),
  model: (l, hw, plan) => ({ cycles: plan.cycles, counters: linacCounters(plan, hw), macs: l.shape.M * plan.OH * plan.OW * plan.K }),
  lanes: (hw) => hw.lanes * hw.filters,
  counterBits: (hw) => counterBits(hw.accBits),
};

/** A LINAC verdict carries the model's TERM cycles (the essential-bit engine proper) of the verified tiles. */
export type LinacVerdict = Verdict & { termCycles: number };

/** Run a layer (tiled to fit) through one simulator; compare with linacConv and the core's cycle model. */
export async function verifyLinac(l: LinacLayerData, hw: LinacHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<LinacVerdict> {
  const v = await verifyTiles(linacHooks, l, hw, compiled, sim, opts);
  const all = tileLinac(l, hw);
  const termCycles = v.tileRecords.reduce((t, r) => t + planLinac(all[r.index]!.layer, hw).termCycles, 0);
  return { ...v, termCycles };
}
