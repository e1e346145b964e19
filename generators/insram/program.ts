/**
 * The micro-program of one pass of a conv layer on the arrays, its memory images and the decoding of its results
 * (plain TypeScript). A pass computes every segment placed on the arrays (mapping.ts): the load phase transposes the
 * segments' weights and masks onto wordlines (stationary while the next passes hold the same segments); the compute
 * phase initialises the accumulators with the bias, then per tap transposes the inputs in (the coalescer's gather),
 * multiplies and accumulates on every bitline, and ends with the reduction across each segment's bitlines.
 *
 * Wordlines (from row 1; row 0 is the zero row): W (R·S taps × weight rows), X (input), P (product), T (scratch),
 * ACC, TMP, [TMP2, RES for overlapped], then the mask rows MK (reduction levels), FM (filter-id masks), HM (heads).
 * Input-buffer words per array: R·S weight blocks of `cols` words, the bias block, the mask block, then the patch
 * (slot k, channel c, tap t at PB + (k·C + c)·R·S + t; zero padding materialised). Index words: 0..cols−1 the
 * identity, cols..2·cols−1 the input gather (slot-local channel offsets; the coalescer's stored indices).
 */
import { FitError } from '../common/fit.js';
import type { InsramHwParams } from './params.js';
import type { Instr } from './isa.js';
import { reduceTree } from './micro.js';
import { addCounts, instrCounts, programCounts, ZERO_COUNTS, type StepCounts } from './model.js';
import { zeroIdx, type RunImage, type RowRead } from './driver.js';
import { templates, place, outSize, tapInput, type MappingKind, type Template, type Placement, type ConvData } from './mapping.js';
import type { ChannelMask } from './prune.js';

export type Precision = { mode: 'int'; wBits: number } | { mode: 'ternary' } | { mode: 'binary' };

export class InsramFitError extends FitError {
  override name = 'InsramFitError';
}

export interface LayerPlan {
  kind: MappingKind;
  tpls: Template[];
  placement: Placement;
  prec: Precision;
  actBits: number;
  accW: number;
  levels: number;
  G: number;
  rows: RowLayout;
  wRows: number;
  load: Instr[];
  compute: Instr[];
  xin: { WB: number; BB: number; MB: number; PB: number };
}

const bitsSigned = (v: number): number => Math.ceil(Math.log2(v + 1)) + 1;

export type RowLayout = Record<'W' | 'X' | 'P' | 'T' | 'ACC' | 'TMP' | 'TMP2' | 'RES' | 'MK' | 'FM' | 'HM' | 'end', number>;

/** The wordline layout of a pass (see the header); `end` is the first unused row. */
export function layoutRows(RS: number, wRows: number, xBits: number, accW: number, levels: number, G: number, overlap: boolean): RowLayout {
  const pw = wRows === 1 ? 1 : xBits + wRows;
  let r = 1 + RS * wRows;
  const take = (n: number) => ((r += n), r - n);
  const rows = { W: 1, X: take(xBits), P: take(pw), T: take(xBits + 1), ACC: take(accW), TMP: take(accW), TMP2: overlap ? take(accW) : 0, RES: overlap ? take(accW) : 0, MK: take(levels), FM: overlap ? take(G) : 0, HM: overlap ? take(G) : 0, end: 0 };
  rows.end = r;
  return rows;
}

/** Plan a layer: mapping, row layout, widths and the pass program. Throws InsramFitError naming the limit and the fix. */
export function planLayer(name: string, l: ConvData, mask: ChannelMask, kind: MappingKind, prec: Precision, hw: InsramHwParams, actBits = 8): LayerPlan {
  const s = l.shape;
  const RS = s.R * s.S;
  const fail = (what: string, fix: string): never => {
    throw new InsramFitError(`layer '${name}': ${what}; ${fix}`);
  };
  if (hw.cols < 2) fail(`${hw.cols} bitline per array`, 'use at least 2');
  const tpls = templates(kind, mask);
  const segLen = Math.max(...tpls.map((t) => t.chans.length));
  if (segLen > hw.cols) fail(`${kind === 'overlapped' ? 'an' : 'a'} ${kind} segment needs ${segLen} bitlines (one per channel), an array has ${hw.cols}`, 'raise cols or tile the channels');
  const { OH, OW } = outSize(s);
  const placement = place(tpls, OH * OW, hw);
  const levels = Math.ceil(Math.log2(segLen));
  const G = Math.max(...tpls.map((t) => t.filters.length));
  const wRows = prec.mode === 'int' ? prec.wBits : prec.mode === 'ternary' ? 2 : 1;
  const xBits = prec.mode === 'binary' ? 1 : actBits;
  // accumulator width from the worst case over the filters (|w|·max input summed over the kept kernels, plus |bias|)
  let bound = 0;
  const xmax = 2 ** xBits - 1;
  for (let m = 0; m < s.M; m++) {
    let b = prec.mode === 'binary' ? 0 : Math.abs(l.bias[m]!);
    for (let i = 0; i < s.C * RS; i++) b += prec.mode === 'binary' ? 1 : Math.abs(l.weights[m * s.C * RS + i]!) * xmax;
    bound = Math.max(bound, b);
  }
  const accW = prec.mode === 'binary' ? Math.ceil(Math.log2(bound + 1)) + 1 : bitsSigned(bound);
  const pw = prec.mode === 'binary' ? 1 : xBits + wRows;
  const overlap = kind === 'overlapped';
  const rows = layoutRows(RS, wRows, xBits, accW, levels, G, overlap);
  if (rows.end > hw.rows)
    fail(`the ${kind} mapping needs ${rows.end} wordlines (${RS} taps × ${wRows} weight rows, a ${accW}-bit accumulator${overlap ? ' ×4' : ' ×2'}, masks), an array has ${hw.rows}`, 'raise rows or lower the precision');
  const maskBits = levels + (overlap ? 2 * G : 0);
  if (maskBits > hw.xinBits || accW > hw.xinBits) fail(`${Math.max(maskBits, accW)}-bit transposed words exceed xinBits = ${hw.xinBits}`, 'raise xinBits');
  const cols = hw.cols;
  const xin = { WB: 0, BB: RS * cols, MB: RS * cols + cols, PB: RS * cols + 2 * cols };
  const patch = placement.slotsPerArray * s.C * RS;
  if (xin.PB + patch > hw.xinWords) fail(`a pass needs ${xin.PB + patch} input-buffer words per array, the buffer has ${hw.xinWords}`, 'raise xinWords');
  if (2 * cols > hw.idxWords) fail(`the gather needs ${2 * cols} index words, the index memory has ${hw.idxWords}`, 'raise idxWords to 2·cols');

  const load: Instr[] = [];
  for (let t = 0; t < RS; t++) load.push({ op: 'XPOSE', d: rows.W + t * wRows, n: wRows, xbase: xin.WB + t * cols, ibase: 0 });
  if (maskBits > 0) load.push({ op: 'XPOSE', d: rows.MK, n: maskBits, xbase: xin.MB, ibase: 0 });
  const compute: Instr[] = [{ op: 'XPOSE', d: rows.ACC, n: accW, xbase: xin.BB, ibase: 0 }];
  for (let t = 0; t < RS; t++) {
    const wr = rows.W + t * wRows;
    compute.push({ op: 'XPOSE', d: rows.X, n: xBits, xbase: xin.PB + t, ibase: cols });
    if (prec.mode === 'int') {
      compute.push({ op: 'CLR', d: rows.P, n: pw });
      compute.push({ op: 'MUL', d: rows.P, a: rows.X, n: xBits, b: wr, nb: wRows, sx: true, t: rows.T });
      compute.push({ op: 'ADD', d: rows.ACC, a: rows.ACC, b: rows.P, n: accW, nb: pw, sx: true });
    } else if (prec.mode === 'ternary') {
      compute.push({ op: 'TAG', a: wr });
      compute.push({ op: 'ADD', d: rows.ACC, a: rows.ACC, b: rows.X, n: accW, nb: xBits, pred: true });
      compute.push({ op: 'TAG', a: wr + 1 });
      compute.push({ op: 'SUB', d: rows.ACC, a: rows.ACC, b: rows.X, n: accW, nb: xBits, t: rows.TMP, pred: true });
    } else {
      compute.push({ op: 'XNOR', d: rows.P, a: rows.X, b: wr, n: 1 });
      compute.push({ op: 'ADD', d: rows.ACC, a: rows.ACC, b: rows.P, n: accW, nb: 1 });
    }
  }
  const mk = (k: number) => rows.MK + k;
  if (!overlap) compute.push(...reduceTree(rows.ACC, rows.TMP, accW, levels, mk, cols));
  else
    for (let g = 0; g < G; g++) {
      compute.push({ op: 'AND', d: rows.TMP, a: rows.ACC, b: rows.FM + g, n: accW });
      compute.push(...reduceTree(rows.TMP, rows.TMP2, accW, levels, mk, cols));
      compute.push({ op: 'TAG', a: rows.HM + g });
      compute.push({ op: 'MOVE', d: rows.RES, a: rows.TMP, n: accW, k: g, left: true, pred: true });
    }
  return { kind, tpls, placement, prec, actBits: xBits, accW, levels, G, rows, wRows, load, compute, xin };
}

/** Mask word of bitline `rel` of a segment of length L: bit k = receives at reduction level k. */
function reduceBits(rel: number, L: number, levels: number): bigint {
  let w = 0n;
  for (let k = 0; k < levels; k++) if (rel % 2 ** (k + 1) === 0 && rel + 2 ** k < L) w |= 1n << BigInt(k);
  return w;
}

/** Weight word of a bitline for tap t: n-bit two's complement (int), {plus, minus} bits (ternary), the bit (binary). */
function weightWord(w: number, prec: Precision): bigint {
  if (prec.mode === 'ternary') return w > 0 ? 1n : w < 0 ? 2n : 0n;
  if (prec.mode === 'binary') return w > 0 ? 1n : 0n;
  return BigInt(w) & ((1n << BigInt(prec.wBits)) - 1n);
}

/** The memory images of pass `pi` (load phase included) and where its results are. */
export function passImage(plan: LayerPlan, l: ConvData, pi: number, hw: InsramHwParams): { image: RunImage; outputs: Array<{ m: number; pixel: number; array: number; bitline: number }> } {
  const s = l.shape;
  const RS = s.R * s.S;
  const cols = hw.cols;
  const L = plan.placement.segLen;
  const zi = zeroIdx(hw);
  const xin: bigint[][] = [];
  const idx: number[][] = [];
  for (let a = 0; a < hw.arrays; a++) {
    xin.push(new Array<bigint>(plan.xin.PB + plan.placement.slotsPerArray * s.C * RS).fill(0n));
    idx.push([...Array.from({ length: cols }, (_, j) => j), ...new Array<number>(cols).fill(zi)]);
  }
  const outputs: Array<{ m: number; pixel: number; array: number; bitline: number }> = [];
  const accMask = (1n << BigInt(plan.accW)) - 1n;
  plan.placement.passes[pi]!.forEach((slot, si) => {
    const k = si % plan.placement.slotsPerArray;
    const tp = plan.tpls[slot.template]!;
    const X = xin[slot.array]!;
    const I = idx[slot.array]!;
    const biasDone = new Set<number>();
    tp.chans.forEach((c, jj) => {
      const j = slot.offset + jj;
      const g = tp.fid[jj]!;
      I[cols + j] = (k * s.C + c) * RS;
      for (let t = 0; t < RS; t++) X[plan.xin.PB + (k * s.C + c) * RS + t] = BigInt(tapInput(l, c, slot.pixel, t));
      if (g >= 0) {
        const m = tp.filters[g]!;
        for (let t = 0; t < RS; t++) X[plan.xin.WB + t * cols + j] = weightWord(l.weights[(m * s.C + c) * RS + t]!, plan.prec);
        if (!biasDone.has(g) && plan.prec.mode !== 'binary') {
          biasDone.add(g);
          X[plan.xin.BB + j] = BigInt(l.bias[m]!) & accMask;
        }
      }
      let mw = reduceBits(jj, L, plan.levels);
      if (plan.kind === 'overlapped') {
        if (g >= 0) mw |= 1n << BigInt(plan.levels + g);
        if (jj < tp.filters.length) mw |= 1n << BigInt(plan.levels + plan.G + jj);
      }
      X[plan.xin.MB + j] = mw;
    });
    tp.filters.forEach((m, g) => outputs.push({ m, pixel: slot.pixel, array: slot.array, bitline: slot.offset + (plan.kind === 'overlapped' ? g : 0) }));
  });
  return { image: { program: [...plan.load, ...plan.compute], xin, idx }, outputs };
}

/** Wordlines holding a pass's results. */
export function resultReads(plan: LayerPlan, hw: InsramHwParams): RowRead[] {
  const base = plan.kind === 'overlapped' ? plan.rows.RES : plan.rows.ACC;
  const out: RowRead[] = [];
  for (let a = 0; a < hw.arrays; a++) for (let i = 0; i < plan.accW; i++) out.push({ array: a, row: base + i });
  return out;
}

export interface LayerCounts {
  passes: number;
  /** passes whose segments' weights differ from the previous pass (the load phase runs) */
  weightLoads: number;
  load: StepCounts;
  compute: StepCounts;
  total: StepCounts;
  /** transpose-unit element gathers of inputs (used bitlines × taps, summed over passes) */
  gathers: number;
  /** index-memory reads of the input coalescer (coalesced mapping only; dense/overlapped gather in place) */
  coalescerReads: number;
  /** used bitlines / (bitlines × passes) */
  utilisation: number;
}

/** Passes a and b hold the same segments on the same bitlines (b after a needs no weight or mask load). */
export function sameSegments(plan: LayerPlan, a: number, b: number): boolean {
  const pa = plan.placement.passes[a]!;
  const pb = plan.placement.passes[b]!;
  return pa.length === pb.length && pa.every((s, i) => s.template === pb[i]!.template && s.array === pb[i]!.array && s.offset === pb[i]!.offset);
}

/** Whole-layer counts from the cycle model: passes × compute program + weight loads × load program. */
export function layerCounts(plan: LayerPlan, hw: InsramHwParams, RS: number): LayerCounts {
  const pl = plan.placement;
  const passCompute = programCounts(plan.compute, hw);
  let passLoad = ZERO_COUNTS;
  for (const ins of plan.load) passLoad = addCounts(passLoad, instrCounts(ins, hw));
  let weightLoads = 0;
  let used = 0;
  pl.passes.forEach((pass, i) => {
    if (i === 0 || !sameSegments(plan, i - 1, i)) weightLoads++;
    for (const s of pass) used += plan.tpls[s.template]!.chans.length;
  });
  const load = passLoad;
  const compute = passCompute;
  const total = addCounts(addCounts(ZERO_COUNTS, compute, pl.passes.length), load, weightLoads);
  const gathers = used * RS;
  return {
    passes: pl.passes.length, weightLoads, load, compute, total, gathers,
    coalescerReads: plan.kind === 'coalesced' ? gathers : 0,
    utilisation: used / (pl.passes.length * hw.cols * hw.arrays),
  };
}
