/**
 * One testbench harness for both simulators: a {@link Stimulus} (plain data) is run
 * through Icarus or Verilator with identical cycle semantics and returns a {@link Trace}.
 *
 * Per cycle i: apply the cycle's inputs, let combinational logic settle, sample the
 * outputs (the value of cycle i), then one rising edge of `clk` if the design has it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parallel, runTool, SimulatorError } from './exec.ts';
import { decodeBinarySamples, decodeTextSamples, encodeBinaryStimulus, encodeTextStimulus, selection, type Selection } from './events.ts';
import { buildIcarus, runVvp } from './icarus.ts';
import { generateIcarusTestbench, ITB_TOP } from './icarus-tb.ts';
import { TB_ERROR } from './testbench.ts';
import { AssertionFailure, coverCounts, parsePropertyEvents, type CoverCounts } from './assertions.ts';
import { encodeWords, MAX_PATH_CHARS, validateStimulus } from './vectors.ts';
import { buildVerilatorHarness } from './vtb.ts';
import { scratchRoot } from './scratch.ts';

import type { PortSpec, Preload, Trace } from './types.ts';

export type { PortSpec, Preload, Trace } from './types.ts';

/** Everything needed to simulate a design for a number of cycles. */
export interface Stimulus {
  /** Top module name. */
  top: string;
  /** Verilog files (absolute paths). */
  files: string[];
  /** The top's ports (clk and rst included if present). */
  ports: PortSpec[];
  /** Per cycle, input values; a missing input keeps its previous value (initially 0). `rst` is an ordinary input. */
  cycles: Array<Record<string, bigint>>;
  /** Output names to sample (default: all outputs). */
  sample?: string[];
  /** Memories to load before cycle 0: Verilog hierarchical path below the DUT instance, e.g. "u_buf.mem". */
  preload?: Preload[];
  /** Optional VCD file path. */
  vcd?: string;
}

/** Outcome of one simulation. */
export interface SimResult {
  trace: Trace;
  /** Time to build or fetch the simulator program. */
  buildMs: number;
  /** Time to write the vectors, simulate and read the samples back. */
  runMs: number;
  /** True when the build came from the cache. */
  cached: boolean;
  /**
   * Per sampled output, the cycles whose value had X/Z bits (read as 0 in the trace).
   * Always empty for Verilator, which is 2-state with X initialised to 0.
   */
  unknown: Record<string, number[]>;
  /** Hits of each cover the design printed (`<message> at <file:line>`); covers never hit are absent. */
  covers: CoverCounts;
}

/** Environment and limits of a harness run. */
export interface HarnessOptions {
  /** Environment for tool lookup and the tools (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  /** Build cache root (default: `$HWGEN_CACHE` or `<project>/.cache/hwgen`). */
  cacheDir?: string;
  /** Build timeout (default 10 minutes). */
  buildTimeoutMs?: number;
  /**
   * Simulation timeout (default 10 minutes, or 10 ms per cycle when longer: a whole dense tile in Icarus on a
   * loaded machine takes minutes).
   */
  runTimeoutMs?: number;
}

type Simulator = 'icarus' | 'verilator';

/** A built program and how to run it. */
interface Program {
  cached: boolean;
  buildMs: number;
  run: (plusargs: string[], cwd: string) => Promise<{ stdout: string }>;
}

/**
 * Builds (or fetches from the cache) the program for `sim`: the lean Icarus testbench (sim/icarus-tb.ts) or the
 * compiled Verilator harness (sim/vtb.ts), its sources written to `scratch`.
 */
async function prepare(sim: Simulator, stim: Stimulus, sel: Selection, scratch: string, opts: HarnessOptions): Promise<Program> {
  const preloads = (stim.preload ?? []).map((p) => p.path);
  const env = opts.env ?? process.env;
  const timeoutMs = opts.runTimeoutMs ?? Math.max(10 * 60 * 1000, stim.cycles.length * 10);
  const common = {
    env,
    ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.buildTimeoutMs !== undefined ? { timeoutMs: opts.buildTimeoutMs } : {}),
  };
  if (sim === 'icarus') {
    const tbFile = path.join(scratch, `${ITB_TOP}.v`);
    const files = [...stim.files.map((f) => path.resolve(f)), tbFile]; // tb last: it inherits any `timescale
    await writeFile(tbFile, generateIcarusTestbench(stim.top, stim.ports, sel.sampled, preloads));
    const defines: Record<string, string> = stim.vcd !== undefined ? { HWGEN_VCD: '' } : {};
    const b = await buildIcarus({ ...common, top: ITB_TOP, files, defines });
    return { cached: b.cached, buildMs: b.buildMs, run: (plusargs, cwd) => runVvp(b.vvp, plusargs, { cwd, env, timeoutMs }) };
  }
  const b = await buildVerilatorHarness({
    ...common,
    top: stim.top,
    files: stim.files,
    ports: stim.ports,
    preloadPaths: preloads,
    trace: stim.vcd !== undefined,
    dir: scratch,
  });
  return {
    cached: b.cached,
    buildMs: b.buildMs,
    run: (plusargs, cwd) => runTool({ file: b.binary, name: 'verilated harness' }, plusargs, { cwd, env, timeoutMs }),
  };
}

function checkPath(p: string): string {
  if (p.length > MAX_PATH_CHARS || /\s/.test(p)) throw new Error(`harness: path unusable as a plusarg: '${p}'`);
  return p;
}

async function simulate(sim: Simulator, stim: Stimulus, opts: HarnessOptions): Promise<SimResult> {
  validateStimulus(stim);
  const sel = selection(stim);
  const scratch = await mkdtemp(path.join(scratchRoot(), `hwgen-${sim}-`));
  try {
    const prog = await prepare(sim, stim, sel, scratch, opts);
    const start = performance.now();
    const vectors = checkPath(path.join(scratch, sim === 'icarus' ? 'vectors.txt' : 'vectors.bin'));
    const out = checkPath(path.join(scratch, sim === 'icarus' ? 'samples.txt' : 'samples.bin'));
    await writeFile(vectors, sim === 'icarus' ? encodeTextStimulus(stim, sel) : encodeBinaryStimulus(stim, sel));
    const plusargs = [`+hwgen_vectors=${vectors}`, `+hwgen_out=${out}`];
    for (const [i, pre] of (stim.preload ?? []).entries()) {
      const file = checkPath(path.join(scratch, `preload${i}.hex`));
      await writeFile(file, encodeWords(pre.words, pre.width));
      plusargs.push(`+hwgen_preload${i}=${file}`);
    }
    if (stim.vcd !== undefined) plusargs.push(`+hwgen_vcd=${checkPath(path.resolve(stim.vcd))}`);
    const r = await prog.run(plusargs, scratch);
    // the design's own properties (dsl/verilog/props.ts): a failed assertion stops the run with a typed error
    const events = parsePropertyEvents(r.stdout);
    const covers = coverCounts(events);
    const failed = events.find((e) => e.kind !== 'cover');
    if (failed) throw new AssertionFailure(sim, failed, covers);
    if (r.stdout.includes(TB_ERROR)) {
      throw new SimulatorError(`${sim}: testbench reported an error`, [sim, ...plusargs], 0, r.stdout);
    }
    let trace: Trace;
    let unknown: Record<string, number[]>;
    try {
      if (sim === 'icarus') ({ trace, unknown } = decodeTextSamples(await readFile(out, 'utf8'), sel, stim.cycles.length));
      else {
        trace = decodeBinarySamples(await readFile(out), sel, stim.cycles.length);
        unknown = Object.fromEntries(sel.sampled.map((p) => [p.name, [] as number[]]));
      }
    } catch (e) {
      throw new SimulatorError(`${sim}: ${(e as Error).message}`, [sim, ...plusargs], 0, r.stdout);
    }
    return { trace, unknown, covers, buildMs: prog.buildMs, runMs: performance.now() - start, cached: prog.cached };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Simulates a stimulus with Icarus Verilog (`iverilog -g2005`, `vvp`) through the lean testbench
 * (sim/icarus-tb.ts); the compiled testbench is cached per design and sample selection.
 * @throws ToolMissingError, SimulatorError (quoting Icarus), or Error for an inconsistent stimulus.
 */
export function runIcarus(stim: Stimulus, opts: HarnessOptions = {}): Promise<SimResult> {
  return simulate('icarus', stim, opts);
}

/**
 * Simulates a stimulus with Verilator through the compiled harness (sim/vtb.ts); the executable is cached per
 * design, so a new stimulus (or sample selection) for an unchanged design only runs it.
 * @throws ToolMissingError, SimulatorError (quoting Verilator), or Error for an inconsistent stimulus.
 */
export function runVerilator(stim: Stimulus, opts: HarnessOptions = {}): Promise<SimResult> {
  return simulate('verilator', stim, opts);
}

/** The two simulators disagree on a sampled output. */
export class TraceMismatchError extends Error {
  /** The first mismatches (at most 20). */
  readonly mismatches: Array<{ output: string; cycle: number; icarus: bigint; verilator: bigint }>;
  constructor(mismatches: TraceMismatchError['mismatches'], total: number) {
    const lines = mismatches.map((m) => `  ${m.output} @ cycle ${m.cycle}: icarus ${m.icarus}, verilator ${m.verilator}`);
    super(`Icarus and Verilator traces differ in ${total} sample(s):\n${lines.join('\n')}`);
    this.name = 'TraceMismatchError';
    this.mismatches = mismatches;
  }
}

/**
 * Compares two traces sample by sample, skipping the samples Icarus saw as X/Z
 * (Verilator, being 2-state, has some value there).
 * @throws TraceMismatchError listing the first differences.
 */
export function compareTraces(icarus: SimResult, verilator: SimResult): void {
  const found: TraceMismatchError['mismatches'] = [];
  let total = 0;
  for (const [name, values] of Object.entries(icarus.trace)) {
    const other = verilator.trace[name] ?? [];
    const skip = new Set(icarus.unknown[name] ?? []);
    values.forEach((v, cycle) => {
      if (skip.has(cycle) || other[cycle] === v) return;
      total++;
      if (found.length < 20) found.push({ output: name, cycle, icarus: v, verilator: other[cycle] ?? 0n });
    });
  }
  if (total > 0) throw new TraceMismatchError(found, total);
}

/** The result of {@link runBoth}. */
export interface BothResult {
  /** The agreed trace (Verilator's values; Icarus X/Z samples are not compared). */
  trace: Trace;
  icarus: SimResult;
  verilator: SimResult;
}

/**
 * Runs the stimulus in both simulators (concurrently) and checks that the traces agree.
 * With `stim.vcd = "x.vcd"` the dumps go to `x.icarus.vcd` and `x.verilator.vcd`.
 * @throws TraceMismatchError when they differ; otherwise as {@link runIcarus} / {@link runVerilator}.
 */
export async function runBoth(stim: Stimulus, opts: HarnessOptions = {}): Promise<BothResult> {
  const vcdFor = (sim: Simulator): Stimulus => {
    if (stim.vcd === undefined) return stim;
    const ext = path.extname(stim.vcd);
    return { ...stim, vcd: `${stim.vcd.slice(0, stim.vcd.length - ext.length)}.${sim}${ext === '' ? '.vcd' : ext}` };
  };
  const [icarus, verilator] = await parallel<SimResult>([
    () => runIcarus(vcdFor('icarus'), opts),
    () => runVerilator(vcdFor('verilator'), opts),
  ]);
  compareTraces(icarus!, verilator!);
  return { trace: verilator!.trace, icarus: icarus!, verilator: verilator! };
}
