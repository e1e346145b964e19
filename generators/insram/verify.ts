/**
 * Verification of a conv layer on the in-SRAM accelerator: plan the mapping, run passes (tiles) through a simulator,
 * compare every result with the reference convolution on the pruned weights (models/conv2d.ts, which shares no code
 * with mapping.ts) and every pass's step counters and cycles with the cycle model (model.ts).
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import { conv2dWide, tensor3, weights4 } from '../../models/conv2d.js';
import type { InsramHwParams } from './params.js';
import { memoryImage, stimulus, decodeRun, operandValues, SAMPLED } from './driver.js';
import { planLayer, passImage, resultReads, type Precision, type LayerPlan } from './program.js';
import { outSize, type ConvData, type MappingKind } from './mapping.js';
import type { ChannelMask } from './prune.js';
import type { StepCounts } from './model.js';

export interface InsramVerdict {
  layer: string;
  sim: SimName;
  kind: MappingKind;
  tiles: number;
  totalTiles: number;
  rtlCycles: number;
  modelCycles: number;
  rtlSteps: number;
  modelSteps: number;
  pass: boolean;
  mismatch?: string;
  checked: number;
  simMs: number;
  /** the golden output (MCHW) and the RTL's values where checked (0 elsewhere) */
  golden: Float64Array;
  rtl: BigInt64Array;
}

/** The reference: conv2d on the pruned weights (bias, no ReLU), MCHW. */
export function goldenConv(l: ConvData): Float64Array {
  const s = l.shape;
  const r = conv2dWide(tensor3(s.C, s.H, s.W, Uint16Array.from(l.input)), weights4(s.M, s.C, s.R, s.S, Int32Array.from(l.weights)), Int32Array.from(l.bias), { stride: s.stride, pad: s.pad });
  return Float64Array.from(r.data, Number);
}

export interface VerifyOptions {
  /** which passes to simulate (default: all) */
  passFilter?: (index: number, total: number) => boolean;
  onTile?: (done: number, total: number) => void;
  /** binary layers: compare 2·popcount − K instead (golden given by the caller) */
  golden?: Float64Array;
  plan?: LayerPlan;
}

const sameCounts = (a: StepCounts, b: StepCounts) => a.steps === b.steps && a.reads2 === b.reads2 && a.reads1 === b.reads1 && a.writes === b.writes && a.gather === b.gather && a.cycles === b.cycles;

export async function verifyInsram(
  name: string, l: ConvData, mask: ChannelMask, kind: MappingKind, prec: Precision, hw: InsramHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {},
): Promise<InsramVerdict> {
  const plan = opts.plan ?? planLayer(name, l, mask, kind, prec, hw);
  const golden = opts.golden ?? goldenConv(l);
  const { OH, OW } = outSize(l.shape);
  const total = plan.placement.passes.length;
  const chosen = Array.from({ length: total }, (_, i) => i).filter((i) => !opts.passFilter || opts.passFilter(i, total));
  let rtlCycles = 0;
  let modelCycles = 0;
  let rtlSteps = 0;
  let modelSteps = 0;
  let simMs = 0;
  let checked = 0;
  let mismatch: string | undefined;
  const reads = resultReads(plan, hw);
  const rtl = new BigInt64Array(golden.length);
  for (const [n, pi] of chosen.entries()) {
    const { image, outputs } = passImage(plan, l, pi, hw);
    const run = stimulus(image, hw, reads);
    const r = await simulate(sim, { design: compiled.optimized, verilog: compiled.verilog, cycles: run.cycles, sample: SAMPLED, preload: memoryImage(image, hw) });
    simMs += r.runMs;
    const got = decodeRun(r.trace, run, hw);
    rtlCycles += got.cycles;
    modelCycles += run.model.cycles;
    rtlSteps += got.counts.steps;
    modelSteps += run.model.steps;
    if (!mismatch && (got.cycles !== run.model.cycles || !sameCounts(got.counts, run.model)))
      mismatch = `pass ${pi}: RTL ${got.cycles} cycles ${JSON.stringify(got.counts)}, model ${run.model.cycles} ${JSON.stringify(run.model)}`;
    const vals = Array.from({ length: hw.arrays }, (_, a) => operandValues(got.rows.slice(a * plan.accW, (a + 1) * plan.accW), plan.accW, hw.cols, true));
    for (const o of outputs) {
      const v = Number(vals[o.array]![o.bitline]!);
      const gi = o.m * OH * OW + o.pixel;
      rtl[gi] = BigInt(v);
      checked++;
      if (!mismatch && v !== golden[gi]) mismatch = `pass ${pi}: output m=${o.m} y=${Math.floor(o.pixel / OW)} x=${o.pixel % OW}: RTL ${v}, golden ${golden[gi]}`;
    }
    opts.onTile?.(n + 1, chosen.length);
  }
  return { layer: name, sim, kind, tiles: chosen.length, totalTiles: total, rtlCycles, modelCycles, rtlSteps, modelSteps, pass: !mismatch, ...(mismatch ? { mismatch } : {}), checked, simMs, golden, rtl };
}
