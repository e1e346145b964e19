/**
 * Host side of the in-SRAM accelerator for one run: the memory images (instruction memory, each array's input buffer
 * and gather indices), the stimulus (reset, start, wait, read back the wordlines asked for), and decoding a trace into
 * the measured cycles, the step counters and per-bitline values.
 */
import { derived, type InsramHwParams } from './params.js';
import { encodeProgram, type Instr } from './isa.js';
import { programCounts, type StepCounts } from './model.js';

export interface RunImage {
  program: Instr[];
  /** per array: input-buffer words */
  xin: Array<ArrayLike<number | bigint>>;
  /** per array: gather-index words (xin offset, or ZERO_IDX for a bitline that gets 0) */
  idx: Array<ArrayLike<number>>;
}

/** An index word whose bitline gathers 0. */
export const zeroIdx = (hw: InsramHwParams): number => 2 ** derived(hw).xinAddrBits;

export interface MemImage {
  path: string;
  width: number;
  words: bigint[];
}

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

export interface InsramRun {
  cycles: Array<Record<string, bigint>>;
  startCycle: number;
  readStart: number;
  reads: RowRead[];
  model: StepCounts;
}

/** Reset, start, wait for the model's cycles plus a margin, then read the listed wordlines. */
export function stimulus(img: RunImage, hw: InsramHwParams, reads: RowRead[], margin = 8): InsramRun {
  const model = programCounts(img.program, hw);
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
  const startCycle = cycles.length;
  cycles.push({ start: 1n });
  cycles.push({ start: 0n });
  for (let k = 2; k < model.cycles + margin; k++) cycles.push({});
  const readStart = cycles.length;
  for (const r of reads) cycles.push({ rd_en: 1n, rd_bank: BigInt(r.array), rd_addr: BigInt(r.row) });
  cycles.push({ rd_en: 0n });
  return { cycles, startCycle, readStart, reads, model };
}

export const SAMPLED = ['done', 'rd_data', 'cnt_steps', 'cnt_reads2', 'cnt_reads1', 'cnt_writes', 'cnt_gather', 'cnt_cycles'];

export interface DecodedRun {
  /** cycles from start to done (−1 if done never rose) */
  cycles: number;
  counts: StepCounts;
  /** wordline values, in the order of `reads` (bit j = bitline j) */
  rows: bigint[];
}

export function decodeRun(trace: Record<string, bigint[]>, run: InsramRun, hw: InsramHwParams): DecodedRun {
  const done = trace.done!;
  let cycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (done[c] === 1n) {
      cycles = c - run.startCycle;
      break;
    }
  const at = run.readStart;
  const n = (k: string) => Number(trace[k]![at]!);
  const counts: StepCounts = { steps: n('cnt_steps'), reads2: n('cnt_reads2'), reads1: n('cnt_reads1'), writes: n('cnt_writes'), gather: n('cnt_gather'), cycles: n('cnt_cycles') };
  const mask = (1n << BigInt(hw.cols)) - 1n;
  const rows = run.reads.map((_, k) => trace.rd_data![at + 1 + k]! & mask);
  return { cycles, counts, rows };
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
