/**
 * Running many random designs at once: K designs become children of one generated top (`fuzz_top`) whose ports are
 * each child's own inputs and outputs (`d<j>_i<k>`, `d<j>_o<k>`), so one Verilator build and one Icarus compile
 * simulate the whole batch. The built-in simulator runs the same elaborated design in-process, and the spec
 * interpreter (interp.ts) runs each design's data without the DSL at all.
 *
 * Comparison, sample by sample (see compare()): the built-in simulator, Verilator and the spec interpreter are
 * compared on every sample (all three are 2-state with registers and read ports starting at 0). Icarus is 4-state:
 * where the spec interpreter's taint says the sample may be X (it depends on a register or read port not yet loaded
 * from defined values, or on a word written with X), an X/Z sample of Icarus is left out for Icarus alone; where the
 * sample is untainted, an X/Z from Icarus is a failure (an undefined value where the design defines one: e.g. an
 * out-of-range memory read without its guard).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scratchRoot } from '../scratch.ts';
import { defineModule, compile, verilogMemPath, In, Out, UInt, SInt, type Compiled, type IRDesign, type ModuleDef } from '../../dsl/index.ts';
import { runTool } from '../exec.ts';
import { runIcarus, runVerilator, type PortSpec, type Preload, type SimResult, type Stimulus, type Trace } from '../harness.ts';
import { runTrace } from '../builtin/index.ts';
import { defineDesign, preloadsOf } from './build.ts';
import { type DesignSpec, inferTypes, wrapTo } from './spec.ts';
import { interpret, RACE_TAINT } from './interp.ts';

/** The simulators, and 'spec': the interpreter of the design data (interp.ts), the reference independent of the DSL. */
export type SimName = 'builtin' | 'icarus' | 'verilator' | 'spec';
export const ALL_SIMS: readonly SimName[] = ['builtin', 'icarus', 'verilator', 'spec'];

/** One design with its stimulus (keys `i<k>` and `rst`, values of the design's input types). */
export interface Case {
  spec: DesignSpec;
  cycles: Array<Record<string, bigint>>;
}

/** Deliberate faults for testing the fuzzer itself: applied to one simulator path only. */
export interface Injection {
  /** rewrite a Verilog file's text for one simulator */
  verilog?: (sim: 'icarus' | 'verilator', file: string, text: string) => string;
  /** rewrite the IR given to the built-in simulator */
  builtin?: (design: IRDesign) => IRDesign;
}

export interface RunOptions {
  sims: readonly SimName[];
  /** scratch folder (created, and removed at the end unless keep) */
  workDir: string;
  /** Verilator/Icarus build cache root */
  cacheDir: string;
  inject?: Injection;
  /** the built-in simulator gets the elaborated IR (default) or the optimized IR the Verilog is emitted from */
  builtinIr?: 'elaborated' | 'optimized';
  /**
   * Compare cycle 0 of designs with asynchronously reset registers (default false). The testbench raises rst at
   * time 0, in the same time step the inputs are initialised: whether `always @(posedge clk or posedge rst)` sees
   * that edge is a race (Icarus does, Verilator 5.006 does not), so cycle-0 samples of async designs are undefined.
   */
  compareAsyncCycle0?: boolean;
}

export interface Mismatch {
  /** index of the case in the batch */
  design: number;
  /** output port of the design (o<k>) */
  output: string;
  cycle: number;
  values: Partial<Record<SimName, bigint>>;
  /** the simulator that disagrees with all the others while they agree, or 'all' when there is no such one */
  odd: SimName | 'all';
  /** Icarus showed X/Z at or after the output's settle cycle (its value in `values` is then the trace's 0) */
  x?: true;
}

export interface BatchResult {
  /** first mismatch of each failing case */
  mismatches: Mismatch[];
  /** failing samples in total */
  mismatchSamples: number;
  /** samples compared (output × cycle); Icarus X/Z samples before the settle cycle, left out for Icarus alone */
  samples: number;
  xSamples: number;
  /** cases whose elaboration failed (index and message) */
  elabErrors: Array<{ design: number; message: string }>;
  ms: Record<string, number>;
}

const hw = (t: { w: number; s: boolean }) => (t.s ? SInt(t.w) : UInt(t.w));

/** A copy of a spec under a new module name (its children renamed after it). */
export function renamed(d: DesignSpec, name: string): DesignSpec {
  return { ...d, name, children: d.children.map((c, i) => renamed(c, `${name}_c${i}`)) };
}

/** Input values wrapped to the design's current input types (shrinking may narrow inputs). */
export function fitCycles(d: DesignSpec, cycles: Array<Record<string, bigint>>): Array<Record<string, bigint>> {
  return cycles.map((cyc) => {
    const out: Record<string, bigint> = {};
    for (const [k, v] of Object.entries(cyc)) {
      if (k === 'rst') out[k] = v;
      else {
        const t = d.ins[Number(k.slice(1))];
        if (t) out[k] = wrapTo(v, t);
      }
    }
    return out;
  });
}

/** The top of a batch: instance d<j> of each case, its ports exposed as d<j>_i<k> / d<j>_o<k>. */
export function batchTop(specs: DesignSpec[]): ModuleDef<void, any> {
  const defs = new Map<string, ModuleDef<void, any>>();
  const childDefs = specs.map((s) => defineDesign(s, defs));
  const ports: Record<string, ReturnType<typeof In> | ReturnType<typeof Out>> = {};
  specs.forEach((s, j) => {
    s.ins.forEach((t, k) => (ports[`d${j}_i${k}`] = In(hw(t))));
    inferTypes(s).outs.forEach((t, k) => (ports[`d${j}_o${k}`] = Out(hw(t))));
  });
  return defineModule('fuzz_top', ports, (m, io: any) => {
    specs.forEach((s, j) => {
      const u: any = m.instance(`d${j}`, childDefs[j]!, undefined);
      s.ins.forEach((_, k) => u[`i${k}`].set(io[`d${j}_i${k}`]));
      s.outs.forEach((_, k) => io[`d${j}_o${k}`].set(u[`o${k}`]));
    });
  });
}

/** Elaborate each spec alone; returns the messages of those that fail. */
export function elabErrors(specs: DesignSpec[]): Array<{ design: number; message: string }> {
  const out: Array<{ design: number; message: string }> = [];
  specs.forEach((s, j) => {
    try {
      compile(defineDesign(s), undefined);
    } catch (e) {
      out.push({ design: j, message: (e as Error).message });
    }
  });
  return out;
}

/** Harness ports of an elaborated design's top (clk and rst first when present). */
export function topPorts(ir: IRDesign): PortSpec[] {
  const top = ir.modules.find((m) => m.name === ir.top)!;
  const ports: PortSpec[] = [];
  if (top.clock) ports.push({ name: 'clk', width: 1, signed: false, dir: 'input' });
  if (top.reset) ports.push({ name: 'rst', width: 1, signed: false, dir: 'input' });
  for (const p of top.ports) ports.push({ name: p.name, width: p.width, signed: p.signed, dir: p.dir });
  return ports;
}

/** Everything needed to run a batch in any simulator. */
export interface Prepared {
  ir: IRDesign;
  optimized: IRDesign;
  verilog: Map<string, string>;
  filelist: string;
  top: string;
  ports: PortSpec[];
  cycles: Array<Record<string, bigint>>;
  preload: Preload[];
  /** the same preloads by their paths in the emitted Verilog, only those the text still has (legalisation can remove a memory) */
  preloadHdl: Preload[];
  /** per case, its outputs' names at the top */
  outputs: string[][];
  /** the spec interpreter's trace of the whole batch and its taints (interp.ts), under the top's output names */
  interp(): { trace: Trace; taint: Record<string, number[]> };
}

/** Elaborate a batch and lay out its stimulus. Throws on an elaboration error. */
export function prepareBatch(cases: Case[]): Prepared {
  const specs = cases.map((c) => c.spec);
  const compiled = compile(batchTop(specs), undefined);
  const ports = topPorts(compiled.ir);
  const inputs = new Set(ports.filter((p) => p.dir === 'input').map((p) => p.name));
  const n = Math.max(0, ...cases.map((c) => c.cycles.length));
  const cycles: Array<Record<string, bigint>> = Array.from({ length: n }, () => ({}));
  cases.forEach((c, j) => {
    fitCycles(c.spec, c.cycles).forEach((cyc, i) => {
      for (const [k, v] of Object.entries(cyc)) {
        const name = k === 'rst' ? 'rst' : `d${j}_${k}`;
        if (inputs.has(name)) cycles[i]![name] = v;
      }
    });
  });
  return {
    ir: compiled.ir,
    optimized: compiled.optimized,
    verilog: compiled.verilog.files,
    filelist: compiled.verilog.filelist,
    top: compiled.ir.top,
    ports,
    cycles,
    ...preloadsFor(compiled, cases.flatMap((c, j) => preloadsOf(c.spec, `d${j}.`))),
    outputs: cases.map((c, j) => c.spec.outs.map((_, k) => `d${j}_o${k}`)),
    interp: () => interpTrace(cases, (j, k) => `d${j}_o${k}`),
  };
}

/** The spec interpreter's trace and taints of cases, output k of case j named name(j, k). */
export function interpTrace(cases: Case[], name: (j: number, k: number) => string): { trace: Trace; taint: Record<string, number[]> } {
  const trace: Trace = {};
  const taint: Record<string, number[]> = {};
  cases.forEach((c, j) => {
    const r = interpret(c.spec, fitCycles(c.spec, c.cycles));
    c.spec.outs.forEach((_, k) => {
      trace[name(j, k)] = r.trace[`o${k}`]!;
      taint[name(j, k)] = r.taint[`o${k}`]!;
    });
  });
  return { trace, taint };
}

/** Does a hierarchical memory path (below the top) exist in a design? */
/**
 * The preloads a compiled batch can take: memories nothing reads are removed by the optimizer (the built-in simulator
 * gets those the optimized design has), and the Verilog legalisation can remove more (Icarus and Verilator get those the
 * emitted text has, by their Verilog paths).
 */
export function preloadsFor(compiled: Compiled, all: Preload[]): { preload: Preload[]; preloadHdl: Preload[] } {
  const preload = all.filter((pl) => memExists(compiled.optimized, pl.path));
  const preloadHdl = preload.flatMap((pl) => {
    const v = verilogMemPath(compiled.optimized, compiled.verilog.names, pl.path);
    return v === undefined ? [] : [{ ...pl, path: v }];
  });
  return { preload, preloadHdl };
}


export function memExists(ir: IRDesign, hier: string): boolean {
  const parts = hier.split('.');
  let mod = ir.modules.find((m) => m.name === ir.top);
  for (const inst of parts.slice(0, -1)) {
    const i = mod?.instances.find((x) => x.name === inst);
    mod = i ? ir.modules.find((m) => m.name === i.module) : undefined;
  }
  return mod?.mems.some((m) => m.name === parts.at(-1)) ?? false;
}

/** Write the Verilog for one simulator (with the injection applied) and return the file paths. */
async function writeFiles(p: Prepared, dir: string, sim: 'icarus' | 'verilator', inject?: Injection): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const [f, text0] of p.verilog) {
    const text = inject?.verilog ? inject.verilog(sim, f, text0) : text0;
    const file = path.join(dir, f);
    await writeFile(file, text);
    files.push(file);
  }
  return files;
}

/** Run the prepared batch in each requested simulator; returns the traces (and Icarus' X samples). */
export async function simulate(
  p: Prepared,
  opts: RunOptions,
): Promise<{ traces: Partial<Record<SimName, Trace>>; unknown: Record<string, number[]>; taint: Record<string, number[]>; ms: Record<string, number> }> {
  const traces: Partial<Record<SimName, Trace>> = {};
  const ms: Record<string, number> = {};
  let unknown: Record<string, number[]> = {};
  // a busy shared machine can take many minutes to compile a batch's C++: a timeout there is not a finding
  const hopts = { cacheDir: opts.cacheDir, buildTimeoutMs: 90 * 60_000, runTimeoutMs: 30 * 60_000 };
  const jobs: Array<Promise<void>> = [];
  for (const sim of ['icarus', 'verilator'] as const) {
    if (!opts.sims.includes(sim)) continue;
    jobs.push(
      (async () => {
        const t0 = performance.now();
        const files = await writeFiles(p, path.join(opts.workDir, sim), sim, opts.inject);
        const stim: Stimulus = { top: p.top, files, ports: p.ports, cycles: p.cycles, preload: p.preloadHdl };
        const r: SimResult = sim === 'icarus' ? await runIcarus(stim, hopts) : await runVerilator(stim, hopts);
        traces[sim] = r.trace;
        if (sim === 'icarus') unknown = r.unknown;
        ms[sim] = performance.now() - t0;
      })(),
    );
  }
  if (opts.sims.includes('builtin')) {
    const t0 = performance.now();
    let ir = opts.builtinIr === 'optimized' ? p.optimized : p.ir;
    if (opts.inject?.builtin) ir = opts.inject.builtin(structuredClone(ir));
    traces.builtin = runTrace(ir, p.cycles, undefined, p.preload);
    ms.builtin = performance.now() - t0;
  }
  // the interpreter always runs: its taints say which samples must be defined
  const t1 = performance.now();
  const it = p.interp();
  if (opts.sims.includes('spec')) traces.spec = it.trace;
  ms.spec = performance.now() - t1;
  const settled = await Promise.allSettled(jobs);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return { traces, unknown, taint: it.taint, ms };
}

/** Does a design have asynchronously reset registers? */
export function hasAsync(ir: IRDesign): boolean {
  return ir.modules.some((m) => m.nodes.some((n) => n.op === 'reg' && n.reset === 'async'));
}

/**
 * Compare traces sample by sample (`taint`: the spec interpreter's, interp.ts). Every simulator's value takes part,
 * except: an Icarus X/Z sample the taint marks as possibly X (Icarus alone left out), and, unless compareAsyncCycle0,
 * the Verilog simulators' samples the taint marks as touched by the time-0 async reset race (the built-in simulator
 * and the spec interpreter are still compared there). An Icarus X/Z sample without any taint is a failure.
 */
export function compare(
  p: Prepared,
  traces: Partial<Record<SimName, Trace>>,
  unknown: Record<string, number[]>,
  taint: Record<string, number[]>,
  opts: { compareAsyncCycle0?: boolean } = {},
): Omit<BatchResult, 'elabErrors' | 'ms'> {
  const sims = (Object.keys(traces) as SimName[]).sort();
  const mismatches: Mismatch[] = [];
  let mismatchSamples = 0;
  let samples = 0;
  let xSamples = 0;
  p.outputs.forEach((outs, j) => {
    let first: Mismatch | undefined;
    outs.forEach((name) => {
      const xs = new Set(unknown[name] ?? []);
      const tn = taint[name]!;
      const cols = sims.map((s) => traces[s]![name]!);
      for (let c = 0; c < p.cycles.length; c++) {
        const isX = xs.has(c);
        const race = (tn[c]! & RACE_TAINT) !== 0 && !opts.compareAsyncCycle0;
        const xFail = isX && tn[c] === 0;
        if (isX && !xFail) xSamples++;
        const take = sims.map((s) => !((s === 'icarus' && isX) || ((s === 'icarus' || s === 'verilator') && race)));
        const vals = cols.map((col) => col[c]);
        const present = vals.filter((_, i) => take[i]);
        if (present.length < 2 && !xFail) continue;
        samples++;
        if (!xFail && present.every((v) => v === present[0])) continue;
        mismatchSamples++;
        const values: Partial<Record<SimName, bigint>> = {};
        sims.forEach((s, i) => (values[s] = vals[i]!));
        let odd: SimName | 'all' = 'all';
        if (xFail) odd = 'icarus';
        else
          sims.forEach((s, i) => {
            if (!take[i]) return;
            const others = vals.filter((_, x) => x !== i && take[x]);
            if (others.length >= 2 && others.every((v) => v === others[0]) && vals[i] !== others[0]) odd = s;
          });
        const m: Mismatch = { design: j, output: name.slice(name.indexOf('_') + 1), cycle: c, values, odd, ...(xFail ? { x: true as const } : {}) };
        if (!first || c < first.cycle) first = m;
      }
    });
    if (first) mismatches.push(first);
  });
  return { mismatches, mismatchSamples, samples, xSamples };
}

/** A simulator rejected some designs of a batch (e.g. a Verilator build error); they are dropped and the rest rerun. */
export interface BuildError {
  design: number;
  sim: string;
  /** the first line of the tool's complaint about that design */
  message: string;
  /** a short classification, e.g. 'verilator:SELRANGE' */
  kind: string;
}

/** Which cases (by module name) a tool's error output blames. */
function blamed(output: string, names: Map<string, number>): Map<number, { message: string; kind: string }> {
  const out = new Map<number, { message: string; kind: string }>();
  for (const line of output.split('\n')) {
    const m = /(%(?:Error|Warning)(?:-([A-Z0-9_]+))?:.*?\/([A-Za-z0-9_]+)\.v:\d+.*)$/.exec(line) ?? /(([^\s]*?\/)?([A-Za-z0-9_]+)\.v:\d+: (?:error|syntax error).*)$/.exec(line);
    if (!m) continue;
    const mod = m[3]!;
    const base = names.get(mod) ?? names.get(mod.replace(/_c\d*$/, ''));
    if (base === undefined || out.has(base)) continue;
    out.set(base, { message: m[1]!.trim().slice(0, 300), kind: m[2] ?? 'error' });
  }
  return out;
}

/** The live cases minus those a tool error blames (recorded in buildErrors); undefined when it blames none. */
function dropBlamed(e: unknown, live: number[], cases: Case[], sim: string, buildErrors: BuildError[]): number[] | undefined {
  const output = String((e as { output?: string }).output ?? (e as Error).message);
  const names = new Map(live.map((j, k) => [cases[j]!.spec.name, k] as [string, number]));
  const hit = blamed(output, names);
  if (hit.size === 0) return undefined;
  for (const [k, b] of hit) buildErrors.push({ design: live[k]!, sim, message: b.message, kind: `${sim}:${b.kind}` });
  return live.filter((_, k) => !hit.has(k));
}

/**
 * Run a batch of cases through the simulators and compare. Cases that fail to elaborate (elabErrors) or that a
 * simulator refuses to build (buildErrors) are dropped; the others still run.
 */
export async function runBatch(cases: Case[], opts: RunOptions): Promise<BatchResult & { buildErrors: BuildError[] }> {
  let errs: Array<{ design: number; message: string }> = [];
  const buildErrors: BuildError[] = [];
  let live = cases.map((_, j) => j);
  const t0 = performance.now();
  try {
    prepareBatch(cases);
  } catch {
    errs = elabErrors(cases.map((c) => c.spec));
    const bad = new Set(errs.map((e) => e.design));
    live = live.filter((j) => !bad.has(j));
  }
  const empty = { mismatches: [], mismatchSamples: 0, samples: 0, xSamples: 0, elabErrors: errs, buildErrors, ms: {} };
  // Verilator: a lint pass (seconds, no C++ compile) finds the designs a build would reject, so one build suffices
  if (opts.sims.includes('verilator') && live.length > 0) {
    for (let attempt = 0; attempt < 4 && live.length > 0; attempt++) {
      const p = prepareBatch(live.map((j) => cases[j]!));
      const dir = path.join(opts.workDir, 'lint');
      try {
        const files = await writeFiles(p, dir, 'verilator', opts.inject);
        await runTool('verilator', ['--lint-only', '--top-module', p.top, ...files], { cwd: dir, timeoutMs: 60 * 60_000 });
        break;
      } catch (e) {
        const drop = dropBlamed(e, live, cases, 'verilator', buildErrors);
        if (drop === undefined) break; // not attributable: let the build report it
        live = drop;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    if (live.length === 0) return empty;
    const p = prepareBatch(live.map((j) => cases[j]!));
    const elabMs = performance.now() - t0;
    await mkdir(opts.workDir, { recursive: true });
    try {
      const { traces, unknown, taint, ms } = await simulate(p, opts);
      const r = compare(p, traces, unknown, taint, opts);
      for (const m of r.mismatches) m.design = live[m.design]!;
      return { ...r, elabErrors: errs, buildErrors, ms: { elab: elabMs, ...ms } };
    } catch (e) {
      const sim = /icarus|iverilog|vvp/i.test((e as Error).message) ? 'icarus' : 'verilator';
      const drop = dropBlamed(e, live, cases, sim, buildErrors);
      if (drop === undefined) throw e;
      live = drop;
    } finally {
      await rm(opts.workDir, { recursive: true, force: true });
    }
  }
  throw new Error('fuzz: batch still fails to build after dropping the blamed designs');
}

/** A fresh scratch folder under the simulators' scratch root (sim/scratch.ts). */
export function scratch(tag: string): string {
  return path.join(scratchRoot(), `hwgen-fuzz-${process.pid}-${tag}-${Math.random().toString(36).slice(2, 8)}`);
}

export { readFile };
