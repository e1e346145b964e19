/**
 * Host side of the wgt_plane core (plane.ts): the offline weight stream (plane fit of golden.ts), fit checks, memory
 * images, the golden cycle model of the core, the stimulus and its decoding, and verification against linacConv.
 * Never imports the DSL (the hardware parameters come in as plain data).
 */
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { termCycles } from '../bitserial/golden.js';
import { linacConv, outDims, padded, planeFit, type LinacLayerData } from './golden.js';
import { LinacFitError } from './driver.js';
import { type PlaneHwParams, planeDerived, PLANE_KIND_ACT, PLANE_KIND_SR, PLANE_KIND_SS, PLANE_KIND_S1, PLANE_COUNTERS } from './params.js';
import { failFor, checkRequant } from '../common/fit.js';
import { rqTableImage } from '../common/rq.js';
import { hostStimulus, chwReads, counterBits, type HostRun } from '../common/stimulus.js';
import { verifyTiles, type MemImage, type FamilyHooks, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import type { Tile } from '../common/tiling.js';

const KIND = { ACT: PLANE_KIND_ACT, SR: PLANE_KIND_SR, SS: PLANE_KIND_SS, S1: PLANE_KIND_S1 } as const;

export interface Slot {
  value: number;
  kind: number;
  index: number;
}

/** Per filter, the groups of L slots of its weight stream (the last group padded with zero slots). */
export function planeStream(l: LinacLayerData, L: number): Slot[][][] {
  const s = l.shape;
  const { Hp, Wp } = outDims(s);
  const fit = planeFit(l.weights, s.M, s.C, s.R, s.S);
  const n = s.R * s.S;
  const out: Slot[][][] = [];
  for (let m = 0; m < s.M; m++) {
    const list: Slot[] = [];
    for (let c = 0; c < s.C; c++) {
      const k = m * s.C + c;
      for (let r = 0; r < s.R; r++) for (let q = 0; q < s.S; q++) list.push({ value: fit.rho[k * n + r * s.S + q]!, kind: KIND.ACT, index: (c * Hp + r) * Wp + q });
      if (fit.alpha[k] || fit.beta[k] || fit.gamma[k])
        list.push({ value: fit.alpha[k]!, kind: KIND.SR, index: c }, { value: fit.beta[k]!, kind: KIND.SS, index: c }, { value: fit.gamma[k]!, kind: KIND.S1, index: c });
    }
    const groups: Slot[][] = [];
    for (let i = 0; i < list.length; i += L) {
      const g = list.slice(i, i + L);
      while (g.length < L) g.push({ value: 0, kind: KIND.ACT, index: 0 });
      groups.push(g);
    }
    out.push(groups);
  }
  return out;
}

export interface PlanePlan {
  OH: number;
  OW: number;
  Hp: number;
  Wp: number;
  nxb: number;
  stream: Slot[][][];
  cfg: Record<string, bigint>;
  cycles: number;
  termCycles: number;
}

/** Golden cycle model: 1 + OH·nxb · (C·R·S + 1 + Σ_filters (Σ_groups (3 + termCycles) + 2)). */
export function planeCoreCycles(l: LinacLayerData, hw: PlaneHwParams, stream = planeStream(l, hw.lanes)): { cycles: number; termCycles: number } {
  const s = l.shape;
  const { OH, OW } = outDims(s);
  const nxb = Math.ceil(OW / hw.cols);
  let perBatch = s.C * s.R * s.S + 1;
  let term = 0;
  for (const groups of stream) {
    for (const g of groups) {
      const tc = termCycles(g.map((x) => x.value), hw.B);
      term += tc;
      perBatch += 3 + tc;
    }
    perBatch += 2;
  }
  return { cycles: 1 + OH * nxb * perBatch, termCycles: OH * nxb * term };
}

/**
 * The core's cycles split into the categories its counters measure (plane.ts), per pixel batch (OH·nxb of them):
 * prologue C·R·S + 1 (window sums), fetch 3 per group, TERM the term cycles, post 2 per filter; busy = cycles − 1.
 */
export function planeCounters(l: LinacLayerData, plan: PlanePlan): Record<(typeof PLANE_COUNTERS)[number], number> {
  const s = l.shape;
  const batches = plan.OH * plan.nxb;
  const groups = plan.stream.reduce((t, g) => t + g.length, 0);
  return { busy: plan.cycles - 1, prologue: batches * (s.C * s.R * s.S + 1), fetch: batches * 3 * groups, term: plan.termCycles, post: batches * 2 * s.M };
}

export function planPlane(l: LinacLayerData, hw: PlaneHwParams): PlanePlan {
  const s = l.shape;
  const { OH, OW, Hp, Wp } = outDims(s);
  const nxb = Math.ceil(OW / hw.cols);
  const fail = failFor(l.name, LinacFitError);
  const stream = planeStream(l, hw.lanes);
  const words = stream.reduce((t, g) => t + g.length, 0);
  if (s.C * Hp * Wp > hw.ifmapWords) fail(`the padded input needs ${s.C * Hp * Wp} words, the input SRAM has ${hw.ifmapWords}`, 'tile the layer or raise ifmapWords');
  if (words > hw.slotWords) fail(`the weight stream needs ${words} words per lane, the slot SRAM has ${hw.slotWords}`, 'tile the filters or raise slotWords');
  if (s.C > hw.wsWords) fail(`C = ${s.C} exceeds the ${hw.wsWords}-entry window-sum memories`, 'raise wsWords');
  if (s.M > hw.biasWords) fail(`M = ${s.M} exceeds the ${hw.biasWords}-entry bias memory`, 'raise biasWords');
  if (s.M * OH * nxb > hw.outWords) fail(`the output needs ${s.M * OH * nxb} words per bank, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  if (s.R > 15 || s.S > 15 || s.stride > 7) fail('kernel above 15 or stride above 7', 'split the layer');
  let amaxIn = 0;
  for (let i = 0; i < l.input.length; i++) amaxIn = Math.max(amaxIn, l.input[i]!);
  if (amaxIn > 2 ** hw.actBits - 1) fail(`activation ${amaxIn} exceeds ${hw.actBits} bits`, 'raise actBits');
  let vmax = 0;
  for (const f of stream) for (const g of f) for (const x of g) vmax = Math.max(vmax, Math.abs(x.value));
  if (vmax > 2 ** (hw.svBits - 1) - 1) fail(`a stream value reaches ${vmax}, beyond SInt(${hw.svBits})`, 'raise svBits');
  const amax = 2 ** hw.actBits - 1;
  const sumBound = amax * s.S * ((s.R * (s.R - 1)) / 2 + 1) + amax * s.R * ((s.S * (s.S - 1)) / 2 + 1) + amax * s.R * s.S;
  if (sumBound > 2 ** (hw.pBits - 1) - 1) fail(`window sums can reach ${sumBound}, beyond SInt(${hw.pBits})`, 'raise pBits');
  if (Math.log2(sumBound * (vmax + 1) * (s.C * (s.R * s.S + 3)) + 2 ** 31) > hw.accBits - 2) fail(`sums may overflow the ${hw.accBits}-bit accumulator`, 'raise accBits');
  for (const w of [Hp, Wp, OH, OW, nxb, s.C, s.M]) if (w >= 2 ** hw.dimBits) fail(`a shape field exceeds ${hw.dimBits} bits`, 'raise dimBits');
  checkRequant(l, hw, fail);
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_C: B(s.C), cfg_R: B(s.R), cfg_S: B(s.S), cfg_Hp: B(Hp), cfg_Wp: B(Wp), cfg_stride: B(s.stride), cfg_M: B(s.M), cfg_OH: B(OH), cfg_OW: B(OW), cfg_nxb: B(nxb),
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  const cyc = planeCoreCycles(l, hw, stream);
  return { OH, OW, Hp, Wp, nxb, stream, cfg, cycles: cyc.cycles, termCycles: cyc.termCycles };
}

export function planeMemoryImage(l: LinacLayerData, hw: PlaneHwParams, plan: PlanePlan): MemImage[] {
  const { ifAddrBits, slotBits } = planeDerived(hw);
  const vmask = (1n << BigInt(hw.svBits)) - 1n;
  const slots = Array.from({ length: hw.lanes }, () => [] as bigint[]);
  for (const groups of plan.stream)
    groups.forEach((g, gi) =>
      g.forEach((x, i) => {
        const last = gi === groups.length - 1 ? 1n : 0n;
        slots[i]!.push((last << BigInt(hw.svBits + ifAddrBits + 2)) | (BigInt(x.kind) << BigInt(hw.svBits + ifAddrBits)) | (BigInt(x.index) << BigInt(hw.svBits)) | (BigInt(x.value) & vmask));
      }),
    );
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  return [
    { path: 'ifm', width: hw.actBits, words: Array.from(padded(l), (v) => BigInt(v)) },
    ...slots.map((words, i) => ({ path: `slot_${i}`, width: slotBits, words })),
    { path: 'bias', width: hw.accBits, words: Array.from(l.bias, (b) => BigInt(b) & amask) },
    rqTableImage(l.rq, l.shape.M, hw),
  ];
}

/** Reset, configure, start, wait `plan.cycles + margin`, then read every output (m, y, x) in CHW order. */
export function planeStimulus(l: LinacLayerData, hw: PlaneHwParams, plan: PlanePlan): HostRun {
  const y = chwReads(l.shape.M, plan.OH, plan.OW, (m, yy, x) => ({ bank: x % hw.cols, addr: (m * plan.OH + yy) * plan.nxb + Math.floor(x / hw.cols) }));
  return hostStimulus({ cfg: plan.cfg, cycles: plan.cycles, reads: { y }, counters: PLANE_COUNTERS });
}

/** The wgt_plane hooks of the shared tile-verify loop: outputs compared with linacConv (wgt_plane, = conv2d). */
export function planeHooks(tiles: (l: LinacLayerData, hw: PlaneHwParams) => Array<Tile<LinacLayerData>>): FamilyHooks<PlaneHwParams, LinacLayerData, PlanePlan> {
  return {
    tiles,
    plan: planPlane,
    memoryImage: planeMemoryImage,
    stimulus: planeStimulus,
    golden: (l) => ({ y: linacConv(l, { mode: 'wgt_plane' }) }),
    model: (l, _hw, plan) => ({ cycles: plan.cycles, counters: planeCounters(l, plan), macs: l.shape.M * plan.OH * plan.OW * l.shape.C * l.shape.R * l.shape.S }),
    lanes: (hw) => hw.lanes * hw.cols,
    counterBits: (hw) => counterBits(hw.accBits),
  };
}

/** Run one layer that fits (no tiling) through a simulator; compare with linacConv (wgt_plane) and the cycle model. */
export function verifyPlane(l: LinacLayerData, hw: PlaneHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<Verdict> {
  const { OH } = outDims(l.shape);
  return verifyTiles(planeHooks((x) => [{ layer: x, m0: 0, m1: x.shape.M, y0: 0, y1: OH }]), l, hw, compiled, sim, opts);
}
