/**
 * Host side of the in-SRAM accelerator: the memory images of a run (instruction memory, each array's input buffer and
 * gather indices), the stimulus (reset, start, wait, read back the wordlines asked for and the step counters), decoding
 * a trace into per-bitline values, and the hooks of the shared tile-verify loop (a tile is one pass of the mapping).
 */
import { derived, type InsramHwParams, LOAD_IMEM, LOAD_XIN, LOAD_IDX } from './params.js';
import { encodeProgram, type Instr } from './isa.js';
import { programCounts, counterFigures, INSRAM_COUNTERS, type StepCounts } from './model.js';
import type { ConvLayer } from '../common/shape.js';
import { hostStimulus, decodeHostRun, counterBits, type HostRun, type Readback } from '../common/stimulus.js';
import type { FamilyHooks, MemImage } from '../common/verify.js';
import { planLayer, passImage, resultReads, sameSegments, type LayerPlan, type Precision } from './program.js';
import { outSize, type ConvData, type MappingKind } from './mapping.js';
import type { ChannelMask } from './prune.js';
import { binaryConvPopcount } from './golden.js';
import { conv2dWide, tensor3, weights4 } from '../../models/conv2d.js';

export interface RunImage {
  program: Instr[];
  /** per array: input-buffer words */
  xin: Array<ArrayLike<number | bigint>>;
  /** per array: gather-index words (xin offset, or ZERO_IDX for a bitline that gets 0) */
  idx: Array<ArrayLike<number>>;
}

/** An index word whose bitline gathers 0. */
export const zeroIdx = (hw: InsramHwParams): number => 2 ** derived(hw).xinAddrBits;

export function memoryImage(img: RunImage, hw: InsramHwParams): MemImage[] {
  const d = derived(hw);
  const out: MemImage[] = [{ path: 'imem', width: d.instrBits, words: encodeProgram(img.program, hw) }];
  const mask = (1n << BigInt(hw.xinBits)) - 1n;
  for (let a = 0; a < hw.arrays; a++) {
    const x = img.xin[a] ?? [];
    const ix = img.idx[a] ?? [];
    if (x.length > hw.xinWords) throw new Error(`array ${a}: ${x.length} input words exceed xinWords = ${hw.xinWords}`);
    if (ix.length > hw.idxWords) throw new Error(`array ${a}: ${ix.length} index words exceed idxWords = ${hw.idxWords}`);
    out.push({ path: `arr_${a}.xin`, width: hw.xinBits, words: Array.from(x, (v) => BigInt(v) & mask) });
    out.push({ path: `arr_${a}.idx`, width: d.idxBits, words: Array.from(ix, (v) => BigInt(v)) });
  }
  return out;
}

export interface RowRead {
  array: number;
  row: number;
}

/**
 * Reset, start, wait for the model's cycles plus a margin, then read the listed wordlines and the step counters. With
 * `after` (the memory image of the run just before, in the same simulation) there is no reset: the memory words that
 * differ from it are written through the load port first, and the wordlines keep what that run left on them.
 */
export function stimulus(img: RunImage, hw: InsramHwParams, reads: readonly RowRead[], margin = 8, after?: readonly MemImage[]): HostRun {
  const model = programCounts(img.program, hw);
  const load = after ? reloadCycles(after, memoryImage(img, hw)) : undefined;
  return hostStimulus({
    cfg: {}, cycles: model.cycles, margin, reads: { rows: reads.map((r) => ({ bank: r.array, addr: r.row })) }, counters: INSRAM_COUNTERS,
    ...(after ? { reset: false, load } : {}),
  });
}

const LOAD_SEL: Record<string, number> = { imem: LOAD_IMEM, xin: LOAD_XIN, idx: LOAD_IDX };

/** Load-port cycles that turn memories holding `from` into `to` (only the words that differ are written). */
export function reloadCycles(from: readonly MemImage[], to: readonly MemImage[]): Array<Record<string, bigint>> {
  const prev = new Map(from.map((m) => [m.path, m.words]));
  const out: Array<Record<string, bigint>> = [];
  for (const m of to) {
    const [, bank, mem] = /^(?:arr_(\d+)\.)?(\w+)$/.exec(m.path)!;
    const sel = BigInt(LOAD_SEL[mem!]!);
    const old = prev.get(m.path) ?? [];
    m.words.forEach((w, a) => {
      if (old[a] !== w) out.push({ load_en: 1n, load_sel: sel, load_bank: BigInt(bank ?? 0), load_addr: BigInt(a), load_data: w });
    });
  }
  return out;
}

/** The wordlines read back (bit j = bitline j), in the order of the reads, and the counters. */
export function decodeRows(trace: Record<string, bigint[]>, run: HostRun, hw: InsramHwParams): Readback {
  const got = decodeHostRun(trace, run);
  const mask = (1n << BigInt(hw.cols)) - 1n;
  return { ...got, fields: { rows: got.fields.rows!.map((v) => v & mask) } };
}

/** Values of an n-bit operand at rows base..base+n−1 of one array, per bitline, from wordlines read in that order. */
export function operandValues(rows: readonly bigint[], n: number, cols: number, signed: boolean): bigint[] {
  const out: bigint[] = [];
  for (let jb = 0; jb < cols; jb++) {
    let v = 0n;
    for (let i = 0; i < n; i++) if ((rows[i]! >> BigInt(jb)) & 1n) v |= 1n << BigInt(i);
    if (signed && n > 0 && (v >> BigInt(n - 1)) & 1n) v -= 1n << BigInt(n);
    out.push(v);
  }
  return out;
}

/** The reads for an operand region (rows base..base+n−1) in every array. */
export function regionReads(base: number, n: number, arrays: number): RowRead[] {
  const out: RowRead[] = [];
  for (let a = 0; a < arrays; a++) for (let i = 0; i < n; i++) out.push({ array: a, row: base + i });
  return out;
}

/** A layer as the family verifies it: the pruned data at the configured precision, its mask and mapping; a pass of it. */
export interface InsramLayer extends ConvLayer {
  data: ConvData;
  mask: ChannelMask;
  kind: MappingKind;
  prec: Precision;
  /** set on the layers of verification tiles: the pass of the layer's plan they run */
  pass?: number;
}

export function insramLayer(name: string, data: ConvData, mask: ChannelMask, kind: MappingKind, prec: Precision): InsramLayer {
  return { name, shape: data.shape, input: data.input, weights: data.weights, bias: data.bias, relu: false, data, mask, kind, prec };
}

/** The reference: conv2d on the pruned weights (bias, no ReLU), MCHW. */
export function goldenConv(l: ConvData): Float64Array {
  const s = l.shape;
  const r = conv2dWide(tensor3(s.C, s.H, s.W, Uint16Array.from(l.input)), weights4(s.M, s.C, s.R, s.S, Int32Array.from(l.weights)), Int32Array.from(l.bias), { stride: s.stride, pad: s.pad });
  return Float64Array.from(r.data, Number);
}

/** The golden output of a layer: conv2d on the pruned weights, or for binary layers 2·popcount(XNOR) − K. */
export const goldenOf = (l: InsramLayer): Float64Array | Int32Array =>
  l.prec.mode === 'binary' ? binaryConvPopcount(l.data.shape, l.data.input, l.data.weights) : goldenConv(l.data);

// the layer's plan, computed once per (data, mask, mapping, precision, hardware): the passes of a layer share it
const plans = new WeakMap<ConvData, Map<string, { mask: ChannelMask; plan: LayerPlan }>>();

export function layerPlan(l: InsramLayer, hw: InsramHwParams): LayerPlan {
  const key = JSON.stringify([hw, l.kind, l.prec]);
  let m = plans.get(l.data);
  if (!m) plans.set(l.data, (m = new Map()));
  const hit = m.get(key);
  if (hit && hit.mask === l.mask) return hit.plan;
  const plan = planLayer(l.name.replace(/#\d+$/, ''), l.data, l.mask, l.kind, l.prec, hw);
  m.set(key, { mask: l.mask, plan });
  return plan;
}

export interface InsramPassPlan {
  layer: LayerPlan;
  /** the pass of the layer's plan */
  pass: number;
  image: RunImage;
  /** the memories as this pass's run leaves them (its image) */
  mems: MemImage[];
  /** the memories the run found, when it continues the previous pass's run (no reset, weights kept on the wordlines) */
  after?: MemImage[];
  /** where each result of the pass goes: filter m, output pixel, array and bitline */
  outputs: Array<{ m: number; pixel: number; array: number; bitline: number }>;
  model: StepCounts;
  cycles: number;
  hw: InsramHwParams;
}

/**
 * The insram hooks of the shared tile-verify loop: a tile is one pass (its segments on the arrays' bitlines); its
 * results are the accumulator wordlines, transposed back to one value per bitline and placed at the outputs the pass
 * computes; the six step counters and the cycles are compared with the sequencer's schedule (model.ts).
 */
export const insramHooks: FamilyHooks<InsramHwParams, InsramLayer, InsramPassPlan> = {
  tiles: (l, hw) => {
    const { OH } = outSize(l.data.shape);
    return layerPlan(l, hw).placement.passes.map((_, i) => ({ layer: { ...l, name: `${l.name}#${i}`, pass: i }, m0: 0, m1: l.shape.M, y0: 0, y1: OH }));
  },
  plan: (l, hw, after) => {
    const lp = layerPlan(l, hw);
    const pass = l.pass ?? 0;
    const { image, outputs } = passImage(lp, l.data, pass, hw);
    // a pass run right after a pass of the same segments finds their weights and masks on the wordlines: the load
    // phase is skipped, as in the layer's schedule (layerCounts)
    const cont = after && after.layer === lp;
    if (cont && sameSegments(lp, after.pass, pass)) image.program = [...lp.compute];
    const model = programCounts(image.program, hw);
    return { layer: lp, pass, image, mems: memoryImage(image, hw), ...(cont ? { after: after.mems } : {}), outputs, model, cycles: model.cycles, hw };
  },
  memoryImage: (_l, _hw, plan) => plan.mems,
  stimulus: (_l, hw, plan) => stimulus(plan.image, hw, resultReads(plan.layer, hw), 8, plan.after),
  decode: (trace, run, plan) => {
    const got = decodeRows(trace, run, plan.hw);
    const rows = got.fields.rows!;
    const accW = plan.layer.accW;
    const arrays = rows.length / accW;
    const vals = Array.from({ length: arrays }, (_, a) => operandValues(rows.slice(a * accW, (a + 1) * accW), accW, plan.hw.cols, true));
    return { ...got, fields: { y: plan.outputs.map((o) => vals[o.array]![o.bitline]!) } };
  },
  golden: (l) => ({ y: goldenOf(l) }),
  model: (l, _hw, plan) => ({ cycles: plan.cycles, counters: counterFigures(plan.model), macs: plan.outputs.length * l.shape.C * l.shape.R * l.shape.S }),
  place: (_t, _f, i, l, plan) => {
    const { OH, OW } = outSize(l.data.shape);
    const o = plan.outputs[i]!;
    return o.m * OH * OW + o.pixel;
  },
  lanes: (hw) => hw.arrays * hw.cols,
  counterBits: (hw) => counterBits(hw.cols),
  // passes follow one another in one simulator run (the memories rewritten through the load port between them)
  batchCycles: () => BATCH_CYCLES,
};

/** Stimulus cycles of one simulator run holding consecutive passes. */
export const BATCH_CYCLES = 1_500_000;
