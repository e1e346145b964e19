/**
 * Host side of the wgt_plane core (plane.ts): the offline weight stream (plane fit of golden.ts), fit checks, memory
 * images, the golden cycle model of the core, the stimulus and its decoding, and verification against linacConv.
 * Never imports the DSL (the hardware parameters come in as plain data).
 */
import { termCycles } from '../bitserial/golden.js';
import { linacConv, outDims, padded, planeFit, type LinacLayerData } from './golden.js';
import { LinacFitError } from './driver.js';
import type { PlaneHwParams } from './plane.js';

const KIND = { ACT: 0, SR: 1, SS: 2, S1: 3 } as const;
const clog2 = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

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

export function planPlane(l: LinacLayerData, hw: PlaneHwParams): PlanePlan {
  const s = l.shape;
  const { OH, OW, Hp, Wp } = outDims(s);
  const nxb = Math.ceil(OW / hw.cols);
  const fail = (what: string, fix: string): never => {
    throw new LinacFitError(`layer '${l.name}': ${what}; ${fix}`);
  };
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
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_C: B(s.C), cfg_R: B(s.R), cfg_S: B(s.S), cfg_Hp: B(Hp), cfg_Wp: B(Wp), cfg_stride: B(s.stride), cfg_M: B(s.M), cfg_OH: B(OH), cfg_OW: B(OW), cfg_nxb: B(nxb),
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n, cfg_rq_mult: B(l.rq?.mult ?? 0), cfg_rq_shift: B(l.rq?.shift ?? 0),
  };
  const cyc = planeCoreCycles(l, hw, stream);
  return { OH, OW, Hp, Wp, nxb, stream, cfg, cycles: cyc.cycles, termCycles: cyc.termCycles };
}

export function planeMemoryImage(l: LinacLayerData, hw: PlaneHwParams, plan: PlanePlan): Array<{ path: string; width: number; words: bigint[] }> {
  const ifAddrBits = Math.max(1, clog2(hw.ifmapWords));
  const slotBits = 1 + 2 + ifAddrBits + hw.svBits;
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
  ];
}

export function planeStimulus(l: LinacLayerData, hw: PlaneHwParams, plan: PlanePlan, margin = 16) {
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, ...plan.cfg, start: 1n }, { start: 0n }];
  const budget = plan.cycles + margin;
  for (let i = 2; i < budget; i++) cycles.push({});
  const readStart = cycles.length;
  for (let m = 0; m < l.shape.M; m++)
    for (let y = 0; y < plan.OH; y++)
      for (let x = 0; x < plan.OW; x++)
        cycles.push({ rd_en: 1n, rd_bank: BigInt(x % hw.cols), rd_addr: BigInt((m * plan.OH + y) * plan.nxb + Math.floor(x / hw.cols)) });
  cycles.push({ rd_en: 0n });
  return { cycles, startCycle: 1, readStart, budget };
}

/** Run one layer (it must fit) through a simulator; compare with linacConv (wgt_plane) and the cycle model. */
export async function verifyPlane(
  l: LinacLayerData,
  hw: PlaneHwParams,
  compiled: { optimized: unknown; verilog: unknown },
  sim: 'builtin' | 'icarus' | 'verilator',
  simulateFn: (sim: 'builtin' | 'icarus' | 'verilator', req: { design: never; verilog: never; cycles: Array<Record<string, bigint>>; sample: string[]; preload: Array<{ path: string; width: number; words: bigint[] }> }) => Promise<{ trace: Record<string, bigint[]> }>,
): Promise<{ pass: boolean; rtlCycles: number; modelCycles: number; termCycles: number; mismatch?: string }> {
  const plan = planPlane(l, hw);
  const run = planeStimulus(l, hw, plan);
  const r = await simulateFn(sim, { design: compiled.optimized as never, verilog: compiled.verilog as never, cycles: run.cycles, sample: ['done', 'rd_data'], preload: planeMemoryImage(l, hw, plan) });
  let rtlCycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (r.trace.done![c] === 1n) {
      rtlCycles = c - run.startCycle;
      break;
    }
  const golden = linacConv(l, { mode: 'wgt_plane' });
  let mismatch: string | undefined;
  for (let i = 0; i < golden.length; i++) {
    const got = r.trace.rd_data![run.readStart + 1 + i]!;
    if (got !== BigInt(golden[i]!)) {
      mismatch = `output ${i}: rtl ${got}, golden ${golden[i]}`;
      break;
    }
  }
  return { pass: !mismatch && rtlCycles === plan.cycles, rtlCycles, modelCycles: plan.cycles, termCycles: plan.termCycles, ...(mismatch ? { mismatch } : {}) };
}
