/**
 * Change-only stimulus and sample files of the lean testbenches (sim/vtb.ts for Verilator, sim/icarus-tb.ts for
 * Icarus). A stimulus becomes a list of input *changes* (cycle, input, value): an input that keeps its value costs
 * nothing. Samples come back the same way, one record per change of a sampled output, and are expanded into the
 * per-cycle {@link Trace} every caller expects.
 *
 * Binary files (Verilator) are little-endian 32-bit words:
 *   stimulus  'HWS1', cycles, inputs, sampled, sampled output indices…, then per cycle: count, count × change, where
 *             a change is (input, words…) or, for an input of at most 16 bits, one word 0x80000000 | input << 16 | value
 *   samples   records (cycle, sampled index, words…), then the end mark 0xffffffff and the cycle count
 * Values take ceil(width/32) words, low word first, two's complement masked to the width.
 * Text files (Icarus), one record per line:
 *   stimulus  `cycles first` then `input hex next` (first/next: the cycle of the next change, `cycles` when none)
 *   samples   `cycle index hex` then `end cycles`; X/Z digits mark unknown values
 */
import type { Stimulus } from './harness.ts';
import type { PortSpec, Trace } from './types.ts';
import { dataInputs, outputPorts, toHex } from './vectors.ts';

const STIM_MAGIC = 0x31535748; // 'HWS1'
const END_MARK = 0xffffffff;

/** 32-bit words of a value of `width` bits. */
export const wordsOf = (width: number): number => Math.ceil(width / 32);

/** The inputs a testbench drives (all but clk) and the outputs it samples, as indices into {@link outputPorts}. */
export interface Selection {
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** sampled outputs, in trace order */
  sampled: PortSpec[];
  /** index into `outputs` of each sampled one */
  sampledIndex: number[];
}

/** Which ports a stimulus drives and samples (sample defaults to every output, in port order). */
export function selection(stim: Stimulus): Selection {
  const inputs = dataInputs(stim.ports);
  const outputs = outputPorts(stim.ports);
  const pos = new Map(outputs.map((p, i) => [p.name, i]));
  const names = stim.sample ?? outputs.map((p) => p.name);
  const sampledIndex = names.map((n) => pos.get(n)!);
  return { inputs, outputs, sampled: sampledIndex.map((i) => outputs[i]!), sampledIndex };
}

/**
 * Calls `change(cycle, input, value)` for each input change of a stimulus, in cycle order (`input` indexes the driven
 * inputs; `value` masked to the port's width: a number for at most 32 bits, else a bigint), and `cycleEnd(cycle)` after
 * each cycle. A cycle's value that equals the input's current one (initially 0) is no change. Narrow inputs are
 * compared as numbers, so no bigint is made for them.
 */
function forEachChange(
  stim: Stimulus,
  inputs: readonly PortSpec[],
  change: (cycle: number, input: number, value: number | bigint) => void,
  cycleEnd: (cycle: number) => void,
): void {
  const index = new Map(inputs.map((p, i) => [p.name, i]));
  const masks = inputs.map((p) => (p.width >= 32 ? -1 : 2 ** p.width - 1));
  const cur: Array<number | bigint> = inputs.map((p) => (p.width <= 32 ? 0 : 0n));
  const cycles = stim.cycles;
  for (let c = 0; c < cycles.length; c++) {
    const cyc = cycles[c]!;
    for (const name in cyc) {
      const i = index.get(name)!;
      const width = inputs[i]!.width;
      const v = cyc[name]!;
      const x = width <= 32 ? (Number(v) & masks[i]!) >>> 0 : BigInt.asUintN(width, v);
      if (x !== cur[i]) {
        cur[i] = x;
        change(c, i, x);
      }
    }
    cycleEnd(c);
  }
}

/** A growable little-endian 32-bit word buffer. */
class Words {
  private a = new Uint32Array(1024);
  n = 0;
  push(w: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = w;
  }
  set(at: number, w: number): void {
    this.a[at] = w;
  }
  value(bits: bigint, width: number): void {
    if (width <= 32) return this.push(Number(bits));
    for (let k = 0, x = bits; k < wordsOf(width); k++, x >>= 32n) this.push(Number(x & 0xffffffffn));
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.a.buffer, 0, this.n * 4);
  }
}

/** The binary stimulus file of the compiled Verilator harness. */
export function encodeBinaryStimulus(stim: Stimulus, sel: Selection): Uint8Array {
  const w = new Words();
  w.push(STIM_MAGIC);
  w.push(stim.cycles.length);
  w.push(sel.inputs.length);
  w.push(sel.sampledIndex.length);
  for (const i of sel.sampledIndex) w.push(i);
  const widths = sel.inputs.map((p) => p.width);
  let head = w.n;
  let count = 0;
  if (stim.cycles.length > 0) w.push(0);
  forEachChange(
    stim,
    sel.inputs,
    (_c, i, x) => {
      count++;
      const width = widths[i]!;
      if (width <= 16 && i < 0x8000) w.push((0x80000000 | (i << 16) | (x as number)) >>> 0);
      else {
        w.push(i);
        if (typeof x === 'number') w.push(x);
        else w.value(x, width);
      }
    },
    (c) => {
      w.set(head, count);
      count = 0;
      if (c + 1 < stim.cycles.length) {
        head = w.n;
        w.push(0);
      }
    },
  );
  return w.bytes();
}

/** The text stimulus file of the lean Icarus testbench. */
export function encodeTextStimulus(stim: Stimulus, sel: Selection): string {
  const n = stim.cycles.length;
  const lines: string[] = [];
  let pending = ''; // the last change, waiting for the cycle of the next one
  let first = n;
  forEachChange(
    stim,
    sel.inputs,
    (c, i, x) => {
      if (pending === '') first = c;
      else lines.push(`${pending} ${c}`);
      const width = sel.inputs[i]!.width;
      pending = `${i} ${typeof x === 'number' ? x.toString(16).padStart(Math.ceil(width / 4), '0') : toHex(x, width)}`;
    },
    () => {},
  );
  if (pending !== '') lines.push(`${pending} ${n}`);
  return `${n} ${first}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** Converts a sample's bits to the trace value (signed outputs negative when the MSB is set). */
function converter(p: PortSpec): (lo: number, words: Uint32Array, at: number) => bigint {
  const nw = wordsOf(p.width);
  if (p.width <= 32) {
    const sh = 32 - p.width;
    return p.signed ? (lo) => BigInt((lo << sh) >> sh) : (lo) => BigInt(lo >>> 0);
  }
  return (_lo, words, at) => {
    let x = 0n;
    for (let k = nw - 1; k >= 0; k--) x = (x << 32n) | BigInt(words[at + k]!);
    return p.signed ? BigInt.asIntN(p.width, x) : x;
  };
}

/** Fills `col[from..to)` with `v`. */
function fill(col: bigint[], from: number, to: number, v: bigint): void {
  for (let c = from; c < to; c++) col[c] = v;
}

/**
 * Expands the binary sample file into one value per cycle per sampled output.
 * @throws Error when the file is truncated or does not end with the expected cycle count.
 */
export function decodeBinarySamples(buf: Uint8Array, sel: Selection, cycles: number): Trace {
  if (buf.byteLength % 4 !== 0) throw new Error(`sample file has ${buf.byteLength} bytes, not a whole number of words`);
  const w = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const conv = sel.sampled.map(converter);
  const nw = sel.sampled.map((p) => wordsOf(p.width));
  const cols = sel.sampled.map(() => new Array<bigint>(cycles));
  const last = sel.sampled.map(() => ({ cycle: 0, value: 0n }));
  let at = 0;
  for (;;) {
    if (at >= w.length) throw new Error(`sample file ends after ${at} words without its end mark`);
    const c = w[at]!;
    if (c === END_MARK) break;
    const k = w[at + 1]!;
    if (k >= conv.length || c >= cycles || at + 2 + nw[k]! > w.length) throw new Error(`sample file: bad record at word ${at}`);
    const l = last[k]!;
    fill(cols[k]!, l.cycle, c, l.value);
    l.cycle = c;
    l.value = conv[k]!(w[at + 2]!, w, at + 2);
    at += 2 + nw[k]!;
  }
  if (w[at + 1] !== cycles) throw new Error(`simulation stopped after ${w[at + 1] ?? '?'} of ${cycles} cycles`);
  const trace: Trace = {};
  sel.sampled.forEach((p, k) => {
    fill(cols[k]!, last[k]!.cycle, cycles, last[k]!.value);
    trace[p.name] = cols[k]!;
  });
  return trace;
}

/**
 * Expands the Icarus sample file; cycles whose value had X/Z bits (read as 0) are listed in `unknown`.
 * @throws Error on a malformed line or a missing end line.
 */
export function decodeTextSamples(text: string, sel: Selection, cycles: number): { trace: Trace; unknown: Record<string, number[]> } {
  const cols = sel.sampled.map(() => new Array<bigint>(cycles));
  const last = sel.sampled.map(() => ({ cycle: 0, value: 0n, x: false }));
  const unknown = sel.sampled.map((): number[] => []);
  const close = (k: number, to: number): void => {
    const l = last[k]!;
    fill(cols[k]!, l.cycle, to, l.value);
    if (l.x) for (let c = l.cycle; c < to; c++) unknown[k]!.push(c);
  };
  let ended = -1;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const f = line.split(' ');
    if (f[0] === 'end') {
      ended = Number(f[1]);
      break;
    }
    const c = Number(f[0]);
    const k = Number(f[1]);
    const hex = f[2] ?? '';
    const p = sel.sampled[k];
    if (p === undefined || !Number.isInteger(c) || c < 0 || c >= cycles || !/^[0-9a-fA-FxXzZ]+$/.test(hex))
      throw new Error(`sample file: bad line '${line.slice(0, 120)}'`);
    close(k, c);
    const bits = BigInt(`0x${hex.replace(/[xXzZ]/g, '0')}`);
    last[k] = { cycle: c, value: p.signed ? BigInt.asIntN(p.width, bits) : BigInt.asUintN(p.width, bits), x: /[xXzZ]/.test(hex) };
  }
  if (ended !== cycles) throw new Error(ended < 0 ? 'sample file has no end line' : `simulation stopped after ${ended} of ${cycles} cycles`);
  const trace: Trace = {};
  const unk: Record<string, number[]> = {};
  sel.sampled.forEach((p, k) => {
    close(k, cycles);
    trace[p.name] = cols[k]!;
    unk[p.name] = unknown[k]!;
  });
  return { trace, unknown: unk };
}
