/**
 * Stimulus checking and the file formats exchanged with the testbench: the vector file
 * (cycle count, then one line of hex input values per cycle), memory preload files
 * (`$readmemh`, one word per line) and the sample file written by the testbench.
 */
import type { PortSpec, Stimulus, Trace } from './harness.ts';

/** Longest plusarg file path the testbench can hold (its path registers are 8*4096 bits). */
export const MAX_PATH_CHARS = 4096;

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const HIER_PATH = /^[A-Za-z_][A-Za-z0-9_$]*(\[\d+\])?(\.[A-Za-z_][A-Za-z0-9_$]*(\[\d+\])?)*$/;

/** Inputs the vector file carries: every input except `clk`, which the testbench drives. */
export function dataInputs(ports: readonly PortSpec[]): PortSpec[] {
  return ports.filter((p) => p.dir === 'input' && p.name !== 'clk');
}

/** All outputs, in port order. */
export function outputPorts(ports: readonly PortSpec[]): PortSpec[] {
  return ports.filter((p) => p.dir === 'output');
}

/** True when the design has a `clk` input. */
export function hasClock(ports: readonly PortSpec[]): boolean {
  return ports.some((p) => p.dir === 'input' && p.name === 'clk');
}

/**
 * Checks a stimulus for consistency: identifiers, widths, unique names, known inputs in
 * every cycle, values that fit their port, sample names, preload paths.
 * @throws Error describing the first problem found.
 */
export function validateStimulus(stim: Stimulus): void {
  if (!IDENT.test(stim.top)) throw new Error(`stimulus: bad top module name '${stim.top}'`);
  if (stim.files.length === 0) throw new Error('stimulus: no Verilog files');
  const byName = new Map<string, PortSpec>();
  for (const p of stim.ports) {
    if (!IDENT.test(p.name)) throw new Error(`stimulus: bad port name '${p.name}'`);
    if (byName.has(p.name)) throw new Error(`stimulus: duplicate port '${p.name}'`);
    if (!Number.isInteger(p.width) || p.width < 1) throw new Error(`stimulus: port '${p.name}' has bad width ${p.width}`);
    if (p.dir !== 'input' && p.dir !== 'output') throw new Error(`stimulus: port '${p.name}' has bad direction`);
    byName.set(p.name, p);
  }
  const clk = byName.get('clk');
  if (clk !== undefined && (clk.dir !== 'input' || clk.width !== 1)) throw new Error(`stimulus: 'clk' must be a 1-bit input`);
  // per input, the bounds of checkFits (computed once: this loop sees every value of every cycle)
  const bounds = new Map<string, { p: PortSpec; min: bigint; max: bigint }>();
  for (const p of stim.ports) {
    if (p.dir !== 'input' || p.name === 'clk') continue;
    const top = 1n << BigInt(p.width);
    bounds.set(p.name, { p, min: p.signed ? -(top >> 1n) : 0n, max: top - 1n });
  }
  stim.cycles.forEach((cycle, i) => {
    for (const name in cycle) {
      const value = cycle[name];
      const b = bounds.get(name);
      if (b === undefined) {
        if (name === 'clk') throw new Error(`stimulus: cycle ${i} drives 'clk'; the testbench drives the clock`);
        throw new Error(`stimulus: cycle ${i} drives '${name}', which is not an input of ${stim.top}`);
      }
      if (typeof value !== 'bigint') throw new Error(`stimulus: cycle ${i}: value of '${name}' is not a bigint`);
      if (value < b.min || value > b.max) checkFits(value, b.p.width, b.p.signed, `cycle ${i}: ${name}`);
    }
  });
  for (const name of stim.sample ?? []) {
    if (byName.get(name)?.dir !== 'output') throw new Error(`stimulus: sample '${name}' is not an output of ${stim.top}`);
  }
  for (const pre of stim.preload ?? []) {
    if (!HIER_PATH.test(pre.path)) throw new Error(`stimulus: bad preload path '${pre.path}'`);
    if (!Number.isInteger(pre.width) || pre.width < 1) throw new Error(`stimulus: preload '${pre.path}' has bad width ${pre.width}`);
    pre.words.forEach((w, i) => checkFits(w, pre.width, true, `preload ${pre.path}[${i}]`));
  }
}

/**
 * Checks that `v` is representable in `width` bits: 0..2^width-1, and also down to
 * -2^(width-1) when `allowNegative` (two's complement).
 */
function checkFits(v: bigint, width: number, allowNegative: boolean, what: string): void {
  const top = 1n << BigInt(width);
  const min = allowNegative ? -(top >> 1n) : 0n;
  if (v < min || v >= top) throw new Error(`stimulus: ${what} = ${v} does not fit in ${allowNegative ? 'signed ' : ''}${width} bits`);
}

/** Two's-complement hex of `v` in `width` bits, zero-padded to the full width. */
export function toHex(v: bigint, width: number): string {
  const masked = BigInt.asUintN(width, v);
  return masked.toString(16).padStart(Math.ceil(width / 4), '0');
}

/**
 * The vector file: first line the cycle count (decimal), then per cycle the hex values
 * of {@link dataInputs} in port order, separated by spaces. A missing input keeps its
 * previous value (initially 0).
 */
export function encodeVectors(stim: Stimulus): string {
  const inputs = dataInputs(stim.ports);
  const current = new Map<string, bigint>(inputs.map((p) => [p.name, 0n]));
  const lines: string[] = [String(stim.cycles.length)];
  for (const cycle of stim.cycles) {
    for (const [name, value] of Object.entries(cycle)) current.set(name, value);
    lines.push(inputs.map((p) => toHex(current.get(p.name)!, p.width)).join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/** A `$readmemh` file: one two's-complement hex word per line. */
export function encodeWords(words: readonly bigint[], width: number): string {
  return words.map((w) => `${toHex(w, width)}\n`).join('');
}

/** Samples parsed back from the testbench. */
export interface DecodedSamples {
  /** Values per output per cycle; X/Z bits read as 0. */
  trace: Trace;
  /** Per output, the cycles whose value had X or Z bits (4-state simulators only). */
  unknown: Record<string, number[]>;
}

/**
 * Parses the sample file: one line per cycle, the hex values of all outputs in port
 * order. Signed outputs become negative bigints when their MSB is set.
 * @throws Error when the file does not hold `cycles` well-formed lines.
 */
export function decodeSamples(text: string, outputs: readonly PortSpec[], cycles: number): DecodedSamples {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== cycles) throw new Error(`testbench wrote ${lines.length} sample lines, expected ${cycles}`);
  const trace: Trace = {};
  const unknown: Record<string, number[]> = {};
  for (const p of outputs) {
    trace[p.name] = [];
    unknown[p.name] = [];
  }
  lines.forEach((line, i) => {
    const fields = line.trim() === '' ? [] : line.trim().split(/\s+/);
    if (fields.length !== outputs.length) throw new Error(`sample line ${i}: ${fields.length} fields, expected ${outputs.length}: '${line.slice(0, 200)}'`);
    outputs.forEach((p, k) => {
      const field = fields[k]!;
      if (!/^[0-9a-fA-FxXzZ]+$/.test(field)) throw new Error(`sample line ${i}, output '${p.name}': not hex: '${field.slice(0, 80)}'`);
      if (/[xXzZ]/.test(field)) unknown[p.name]!.push(i);
      const bits = BigInt(`0x${field.replace(/[xXzZ]/g, '0')}`);
      trace[p.name]!.push(p.signed ? BigInt.asIntN(p.width, bits) : BigInt.asUintN(p.width, bits));
    });
  });
  return { trace, unknown };
}
