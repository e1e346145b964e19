/**
 * Simulation-speed benchmark: cycles per second of the built-in simulator, Verilator (single-threaded model) and Icarus
 * on the output-stationary N×N int8×int8→int32 MAC mesh of examples/mesh.ts.
 *
 * Fairness rules:
 * - One design: the optimized IR of `compile(Mesh, { n, aw: 8, accw: 32 })` for the built-in simulator, its emitted
 *   Verilog for the other two.
 * - One stimulus: a seeded random sequence (new a/b operands on every row/column every cycle, `rst` in cycle 0,
 *   `clear` held for the first 2N+2 cycles so no X reaches Icarus' accumulators, then a one-cycle pulse every 32–255
 *   cycles). Each simulator runs a prefix of it; the cycle count per simulator is calibrated so that one run takes at
 *   least ~`--target-ms` (Icarus is much slower, so it runs fewer cycles).
 * - One set of samples: the four corner accumulators, every cycle, plus every accumulator once after the last cycle.
 *   The simulator-only runs use the harness's generic testbench (sim/testbench.ts, same vector file, same per-cycle
 *   protocol) with the per-cycle writes of the other N²−4 outputs removed and one final write of all N² outputs
 *   added: without that final read Verilator deletes the unobserved accumulators (checked: with only the corners
 *   connected, an N=4 model keeps 4 of 16 acc_q registers) and would simulate a smaller design than the others.
 * - Every run of every simulator is checked against the reference (the built-in simulator's trace over the longest
 *   count, and its N² final accumulators at each external run's count), which makes the three-way check.
 * - The harness rows use the stock harness (runVerilator / runIcarus with `sample` = the corners): its testbench writes
 *   *all* N² outputs every cycle whatever `sample` says, so they measure that real cost, with their own cycle count.
 *
 * Rows per N:
 *   builtin poke/peek   new Simulator + poker/peeker loop over typed arrays (how a TypeScript testbench drives it)
 *   builtin runTrace    runTrace(design, cycles, corners) with Record<string, bigint> cycles (Simulator construction
 *                       included in its run time)
 *   verilator raw C++ loop   the same model (top mac_mesh, same flags) driven by the hand-written loop of
 *                       bench/sim-raw.ts: the real limit of a Verilator testbench (process spawn to exit)
 *   verilator compiled harness   the harness's generated C++ main (sim/vtb.ts) on a binary change-only stimulus
 *                       file written beforehand (process spawn to exit)
 *   verilator generic tb   the earlier `--binary` $fscanf testbench (sim/testbench.ts, corners only per cycle)
 *   verilator runVerilator   runVerilator(stimulus) on a cached build: validate, write stimulus, run, decode (wall)
 *   icarus generic tb   `vvp -n` on the compiled generic testbench, vector file written beforehand
 *   icarus runIcarus    runIcarus(stimulus) (the lean change-only testbench), wall time
 * Build = Simulator construction (flatten + codegen + new Function) for the built-in one; one cold build per external
 * simulator and testbench (fresh build cache, CCACHE_DISABLE=1). Run times are medians of --runs.
 * Ratios compare cycles/s with the raw C++ loop and the generic Icarus testbench; CPU-time ratios too (the machine
 * is shared, so the goals are judged by CPU time where /usr/bin/time is present).
 *
 *   npx tsx bench/sim.ts                 N = 8, 16, 32
 *   npx tsx bench/sim.ts 16 [--runs 3] [--target-ms 1200] [--seed 1] [--shared-cache]
 *
 * Results also go to bench-out/sim.json.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compile, type IRDesign } from '../dsl/index.ts';
import { Mesh } from '../examples/mesh.ts';
import { Simulator, runTrace } from '../sim/builtin/index.ts';
import { runIcarus, runVerilator, type PortSpec, type Stimulus, type Trace } from '../sim/harness.ts';
import { buildVerilator } from '../sim/verilator.ts';
import { buildIcarus } from '../sim/icarus.ts';
import { findTool } from '../sim/tools.ts';
import { existsSync } from 'node:fs';
import { runTool } from '../sim/exec.ts';
import { generateTestbench, TB_ERROR, TB_TOP } from '../sim/testbench.ts';
import { decodeSamples, encodeVectors, outputPorts, dataInputs } from '../sim/vectors.ts';
import { materialize, topPorts } from '../sim/simulate.ts';
import { decodeBinarySamples, encodeBinaryStimulus, selection } from '../sim/events.ts';
import { buildVerilatorHarness } from '../sim/vtb.ts';
import { cacheRoot } from '../sim/cache.ts';
import { buildRawMesh, meshBinaryStimulus, readRawOut, writeRawStim } from './sim-raw.ts';
import { median, printTable, writeBenchJson, ms } from './util.ts';

const SIZES = [8, 16, 32];
/** GNU time, for the CPU time of the external simulators (the machine may be shared). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

type SimKind =
  | 'builtin-poke'
  | 'builtin-trace'
  | 'verilator-raw'
  | 'verilator-compiled'
  | 'verilator-alone'
  | 'verilator-harness'
  | 'icarus-alone'
  | 'icarus-harness';
const LABEL: Record<SimKind, string> = {
  'builtin-poke': 'builtin poke/peek',
  'builtin-trace': 'builtin runTrace',
  'verilator-raw': 'verilator raw C++ loop',
  'verilator-compiled': 'verilator compiled harness',
  'verilator-alone': 'verilator generic tb',
  'verilator-harness': 'verilator runVerilator*',
  'icarus-alone': 'icarus generic tb',
  'icarus-harness': 'icarus runIcarus*',
};

// ---------------------------------------------------------------------------------------------------------------
// stimulus

/** xorshift32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

interface StimData {
  n: number;
  cycles: number;
  a: Int8Array; // cycles × n
  b: Int8Array;
  clear: Uint8Array;
  rst: Uint8Array;
}

/** The seeded stimulus; drawn cycle by cycle, so a shorter one is a prefix of a longer one. */
function makeStim(n: number, cycles: number, seed: number): StimData {
  const r = rng(seed * 7919 + n);
  const a = new Int8Array(cycles * n);
  const b = new Int8Array(cycles * n);
  const clear = new Uint8Array(cycles);
  const rst = new Uint8Array(cycles);
  let nextClear = 2 * n + 2;
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < n; i++) a[c * n + i] = r() & 0xff;
    for (let i = 0; i < n; i++) b[c * n + i] = r() & 0xff;
    rst[c] = c === 0 ? 1 : 0;
    if (c < 2 * n + 2) clear[c] = 1;
    else if (c === nextClear) {
      clear[c] = 1;
      nextClear = c + 32 + (r() & 0xdf);
    }
  }
  return { n, cycles, a, b, clear, rst };
}

const BIG = Array.from({ length: 256 }, (_, i) => BigInt(i - 128));
const big = (v: number): bigint => BIG[v + 128]!;

/** Harness/runTrace form: every input in every cycle (bigints shared from a table, so records stay small). */
function records(st: StimData, count: number): Array<Record<string, bigint>> {
  const { n } = st;
  const out = new Array<Record<string, bigint>>(count);
  for (let c = 0; c < count; c++) {
    const rec: Record<string, bigint> = { rst: big(st.rst[c]!) };
    for (let i = 0; i < n; i++) rec[`a_${i}`] = big(st.a[c * n + i]!);
    for (let i = 0; i < n; i++) rec[`b_${i}`] = big(st.b[c * n + i]!);
    rec.clear = big(st.clear[c]!);
    out[c] = rec;
  }
  return out;
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The vector file of sim/vectors.ts encodeVectors, straight from the typed arrays (checked against it below). */
function vectorText(st: StimData, count: number, inputs: readonly PortSpec[]): string {
  const { n } = st;
  const col = new Map<string, (c: number) => string>();
  for (let i = 0; i < n; i++) {
    col.set(`a_${i}`, (c) => HEX2[st.a[c * n + i]! & 0xff]!);
    col.set(`b_${i}`, (c) => HEX2[st.b[c * n + i]! & 0xff]!);
  }
  col.set('rst', (c) => String(st.rst[c]));
  col.set('clear', (c) => String(st.clear[c]));
  const fns = inputs.map((p) => {
    const f = col.get(p.name);
    if (!f) throw new Error(`bench/sim: no stimulus column for input '${p.name}'`);
    return f;
  });
  const parts: string[] = [`${count}\n`];
  for (let c = 0; c < count; c++) {
    let line = '';
    for (let k = 0; k < fns.length; k++) line += (k ? ' ' : '') + fns[k]!(c);
    parts.push(`${line}\n`);
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// checking

class Mismatch extends Error {}

/** Every sampled output equal to the reference over the first `count` cycles (X samples of Icarus counted apart). */
type Cols = Record<string, ArrayLike<bigint>>;

function check(what: string, trace: Cols, ref: Cols, count: number, unknown?: Record<string, number[]>): void {
  for (const [name, want] of Object.entries(ref)) {
    const got = trace[name];
    if (!got || got.length !== count) throw new Mismatch(`${what}: ${name} has ${got?.length ?? 0} samples, expected ${count}`);
    // Icarus' registers are X until the first edge (the reset in cycle 0 acts on that edge): only cycle 0 may be X
    const x = (unknown?.[name] ?? []).filter((c) => c !== 0);
    if (x.length) throw new Mismatch(`${what}: ${name} had X/Z in ${x.length} cycle(s) after cycle 0, first ${x[0]}`);
    const from = unknown?.[name]?.includes(0) ? 1 : 0;
    for (let c = from; c < count; c++)
      if (got[c] !== want[c]) throw new Mismatch(`${what}: ${name} @ cycle ${c}: ${got[c]} but reference ${want[c]}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the bench testbench

/**
 * sim/testbench.ts's testbench for `ports`, with the per-cycle writes limited to `sampled` and one final line holding
 * every output (so that nothing in the design is unobserved).
 */
function benchTestbench(top: string, ports: readonly PortSpec[], sampled: ReadonlySet<string>): string {
  const outs = outputPorts(ports);
  const lines = generateTestbench(top, ports).split('\n');
  const out: string[] = [];
  let removed = 0;
  let added = 0;
  for (const line of lines) {
    const m = /^\s*\$fwrite\(tb_out, "%h ", p_(\w+)\);$/.exec(line);
    if (m && !sampled.has(m[1]!)) {
      removed++;
      continue;
    }
    if (line.trim() === 'if (tb_out != 0) $fclose(tb_out);') {
      out.push('    if (tb_out != 0) begin');
      for (const p of outs) out.push(`      $fwrite(tb_out, "%h ", p_${p.name});`);
      out.push('      $fwrite(tb_out, "\\n");', '    end');
      added++;
    }
    out.push(line);
  }
  if (removed !== outs.length - sampled.size || added !== 1) throw new Error('bench/sim: sim/testbench.ts changed shape; update benchTestbench()');
  return out.join('\n');
}

/** Parse the bench testbench's output: `count` sample lines, then the final line of all outputs. */
function parseBenchOut(text: string, sampled: readonly PortSpec[], all: readonly PortSpec[], count: number): { trace: Trace; unknown: Record<string, number[]>; final: bigint[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const last = lines.pop() ?? '';
  const fields = last.trim().split(/\s+/);
  if (fields.length !== all.length) throw new Mismatch(`final line has ${fields.length} fields, expected ${all.length}`);
  const final = fields.map((f, i) => {
    if (!/^[0-9a-f]+$/i.test(f)) throw new Mismatch(`final value of ${all[i]!.name} is '${f}'`);
    const v = BigInt(`0x${f}`);
    return all[i]!.signed ? BigInt.asIntN(all[i]!.width, v) : v;
  });
  const dec = decodeSamples(`${lines.join('\n')}\n`, sampled, count);
  return { ...dec, final };
}

// ---------------------------------------------------------------------------------------------------------------
// runners

interface Run {
  buildMs: number;
  runMs: number;
  /** CPU time (user + system) of the run: this process for the built-in one, the child for the external ones */
  cpuMs?: number;
  trace: Cols;
}

/**
 * The built-in simulator driven like a TypeScript testbench: pokers and peekers in a loop. After the cycles listed in
 * `snapshotAt` (counts), every output is peeked once (outside the timed loop's work, but inside its time: negligible).
 */
function runPoke(
  design: IRDesign,
  st: StimData,
  count: number,
  corners: readonly string[],
  snapshotAt: readonly number[] = [],
  allOuts: readonly string[] = [],
): Run & { snapshots: Map<number, bigint[]> } {
  const { n } = st;
  const t0 = performance.now();
  const sim = new Simulator(design);
  const t1 = performance.now();
  const pa = Array.from({ length: n }, (_, i) => sim.poker(`a_${i}`));
  const pb = Array.from({ length: n }, (_, i) => sim.poker(`b_${i}`));
  const pc = sim.poker('clear');
  const pr = sim.poker('rst');
  const pk = corners.map((c) => sim.peeker(c));
  const cols = corners.map(() => new BigInt64Array(count));
  const snaps = new Set(snapshotAt);
  const snapshots = new Map<number, bigint[]>();
  const { a, b, clear, rst } = st;
  const cpu0 = process.cpuUsage();
  for (let c = 0; c < count; c++) {
    const o = c * n;
    for (let i = 0; i < n; i++) pa[i]!(a[o + i]!);
    for (let i = 0; i < n; i++) pb[i]!(b[o + i]!);
    pc(clear[c]!);
    pr(rst[c]!);
    for (let k = 0; k < pk.length; k++) cols[k]![c] = pk[k]!();
    sim.step();
    if (snaps.size && snaps.has(c + 1)) snapshots.set(c + 1, allOuts.map((x) => sim.peek(x)));
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  sim.close();
  const trace: Cols = {};
  corners.forEach((name, k) => (trace[name] = cols[k]!));
  return { buildMs: t1 - t0, runMs: t2 - t1, cpuMs: (cpu.user + cpu.system) / 1000, trace, snapshots };
}

function runTraceTimed(design: IRDesign, cycles: Array<Record<string, bigint>>, corners: string[]): Run {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const trace = runTrace(design, cycles, corners);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { buildMs: NaN, runMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, trace };
}

// ---------------------------------------------------------------------------------------------------------------
// one size

interface Row {
  n: number;
  sim: SimKind;
  /** build ms (median for the built-in one; one cold build for the external ones) */
  buildMs: number | null;
  cycles: number;
  runMs: number;
  cyclesPerSec: number;
  vsVerilator: number;
  vsIcarus: number;
  runsMs: number[];
  /** median CPU time of a run (null where not measured: harness rows, or no /usr/bin/time) */
  cpuMs: number | null;
  cyclesPerCpuSec: number | null;
  cpuVsVerilator: number | null;
  cpuVsIcarus: number | null;
}

type CountKey = 'builtin' | 'builtinTrace' | 'verilatorRaw' | 'verilatorCompiled' | 'verilator' | 'icarus' | 'verilatorHarness' | 'icarusHarness';

interface SizeInfo {
  n: number;
  pes: number;
  elabMs: number;
  nodes: number;
  cycles: Record<CountKey, number>;
  /** median wall time of a one-cycle run of the external programs (their fixed cost, included in their run ms) */
  startupMs: Record<'verilator' | 'icarus' | 'raw' | 'compiled', number>;
  loadAverage: { before: number[]; after: number[] };
}

async function benchSize(n: number, runs: number, targetMs: number, seed: number, scratch: string, sharedCache: boolean): Promise<{ rows: Row[]; info: SizeInfo }> {
  const loadBefore = os.loadavg();
  const log = (s: string) => process.stderr.write(`  N=${n}: ${s}\n`);
  const tc = performance.now();
  const c = compile(Mesh, { n, aw: 8, accw: 32 });
  const elabMs = performance.now() - tc;
  const design = c.optimized;
  const nodes = design.modules.reduce((s, m) => s + m.nodes.length, 0);
  const ports = topPorts(design);
  const inputs = dataInputs(ports);
  const allOuts = outputPorts(ports);
  const cornerSet = new Set([`acc_0_0`, `acc_0_${n - 1}`, `acc_${n - 1}_0`, `acc_${n - 1}_${n - 1}`]);
  const sampled = allOuts.filter((p) => cornerSet.has(p.name)); // port order = the testbench's write order
  const corners = sampled.map((p) => p.name);
  const files = materialize(c.verilog);

  const dir = mkdtempSync(path.join(scratch, `n${n}-`));
  const tbFile = path.join(dir, 'tb.v');
  writeFileSync(tbFile, benchTestbench(design.top, ports, cornerSet));
  const cacheDir = sharedCache ? cacheRoot() : path.join(dir, 'cache');
  const coldEnv = sharedCache ? process.env : { ...process.env, CCACHE_DISABLE: '1' };
  const tbFiles = [...files.map((f) => path.resolve(f)), tbFile];
  const harnessOpts = { cacheDir, env: coldEnv, runTimeoutMs: 15 * 60_000 };

  log('building the bench testbench with Verilator (cold)...');
  const vb = await buildVerilator({ top: TB_TOP, files: tbFiles, defines: {}, env: coldEnv, cacheDir });
  log(`  ${ms(vb.buildMs)} ms; with Icarus (cold)...`);
  const ib = await buildIcarus({ top: TB_TOP, files: tbFiles, defines: {}, env: coldEnv, cacheDir });
  log(`  ${ms(ib.buildMs)} ms; the raw C++ loop (cold)...`);
  const rb = await buildRawMesh(files, n, dir, coldEnv, cacheDir);
  log(`  ${ms(rb.buildMs)} ms; the compiled harness (cold)...`);
  const cb = await buildVerilatorHarness({ top: design.top, files, ports, preloadPaths: [], trace: false, dir, env: coldEnv, cacheDir });
  log(`  ${ms(cb.buildMs)} ms`);
  const sel = selection({ top: design.top, files, ports, cycles: [], sample: corners });
  type Ext = 'verilator' | 'icarus';
  type Prog = Ext | 'raw' | 'compiled';
  /** One run of the program alone: wall time from spawn to exit, and its CPU time via /usr/bin/time when present. */
  const runAlone = async (kind: Prog, vectors: string, out: string): Promise<{ ms: number; cpuMs?: number }> => {
    const plus = [`+hwgen_vectors=${vectors}`, `+hwgen_out=${out}`];
    const cmd =
      kind === 'verilator' ? [vb.binary, ...plus]
      : kind === 'icarus' ? [findTool('vvp'), '-n', ib.vvp, ...plus]
      : kind === 'raw' ? [rb.binary, vectors, out]
      : [cb.binary, ...plus];
    const timeFile = path.join(dir, 'time.txt');
    const t0 = performance.now();
    const r = TIME
      ? await runTool({ file: TIME, name: `time ${kind}` }, ['-f', '%U %S', '-o', timeFile, ...cmd], { cwd: dir, timeoutMs: 15 * 60_000 })
      : await runTool({ file: cmd[0]!, name: kind }, cmd.slice(1), { cwd: dir, timeoutMs: 15 * 60_000 });
    const ms = performance.now() - t0;
    if (r.stdout.includes(TB_ERROR)) throw new Error(`${kind}: testbench error: ${r.stdout}`);
    if (!TIME) return { ms };
    const [u, sy] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { ms, cpuMs: (u! + sy!) * 1000 };
  };

  // the vector-file writer must agree with the harness's encoder
  {
    const st = makeStim(n, 300, seed);
    const mine = vectorText(st, 300, inputs);
    const theirs = encodeVectors({ top: design.top, files, ports, cycles: records(st, 300) });
    if (mine !== theirs) throw new Error('bench/sim: vector file differs from sim/vectors.ts encodeVectors');
  }

  // calibration: rescale the count from the last run until one run takes about the target time
  const BOUNDS: Record<CountKey, readonly [number, number]> = {
    builtin: [20_000, 4_000_000],
    builtinTrace: [20_000, 1_000_000],
    verilatorRaw: [20_000, 4_000_000],
    verilatorCompiled: [20_000, 4_000_000],
    verilator: [20_000, 400_000],
    icarus: [200, 100_000],
    verilatorHarness: [1_000, 400_000],
    icarusHarness: [50, 100_000],
  };
  const calibrate = async (key: CountKey, start: number, fn: (count: number) => Promise<number>): Promise<number> => {
    const [lo, hi] = BOUNDS[key];
    const step = (x: number) => (x >= 10_000 ? 1000 : 100);
    let count = start;
    let t = await fn(count);
    // rescale from the last measurement (at most ×16 per step) until a run reaches ~the target
    for (let i = 0; i < 8 && t < 0.8 * targetMs && count < hi; i++) {
      const want = Math.min(count * 16, (count * targetMs) / Math.max(t, 1));
      count = Math.max(lo, Math.min(hi, Math.ceil(want / step(want)) * step(want)));
      t = await fn(count);
    }
    // one more run at that count: on a loaded machine a single slow run makes the count too small
    if (count < hi) t = Math.min(t, await fn(count));
    if (t < targetMs && count < hi) count = Math.min(hi, Math.ceil((count * targetMs) / Math.max(t, 1) / step(count)) * step(count));
    return Math.max(lo, count);
  };
  const st = makeStim(n, Math.max(...Object.values(BOUNDS).map((b) => b[1])), seed);
  const writeVectors = (count: number): string => {
    const f = path.join(dir, `vectors-${count}.hex`);
    writeFileSync(f, vectorText(st, count, inputs));
    return f;
  };
  const writeRaw = (count: number): string => {
    const f = path.join(dir, `raw-${count}.bin`);
    writeRawStim(f, st, count);
    return f;
  };
  const writeBinary = (count: number): string => {
    const f = path.join(dir, `vectors-${count}.bin`);
    writeFileSync(f, meshBinaryStimulus(st, count, inputs, sel.sampledIndex));
    return f;
  };
  // the compiled harness's stimulus writer must agree with the harness's encoder
  {
    const mine = Buffer.from(meshBinaryStimulus(st, 300, inputs, sel.sampledIndex));
    const theirs = Buffer.from(encodeBinaryStimulus({ top: design.top, files, ports, cycles: records(st, 300), sample: corners }, sel));
    if (!mine.equals(theirs)) throw new Error('bench/sim: binary stimulus differs from sim/events.ts encodeBinaryStimulus');
  }
  const harnessBuild: Record<Ext, number> = { verilator: NaN, icarus: NaN };
  const harness = async (kind: Ext, count: number) => {
    const stim: Stimulus = { top: design.top, files, ports, cycles: records(st, count), sample: corners };
    const t0 = performance.now();
    const h = kind === 'verilator' ? await runVerilator(stim, harnessOpts) : await runIcarus(stim, harnessOpts);
    const wall = performance.now() - t0;
    if (!h.cached) {
      harnessBuild[kind] = h.buildMs;
      log(`  stock ${kind} harness testbench built (cold) in ${ms(h.buildMs)} ms`);
    }
    return { h, wallMs: h.cached ? wall : wall - h.buildMs };
  };
  log('calibrating...');
  // warm up the built-in simulator first: V8 reuses the compiled step code across Simulators of one design, and the
  // first, unoptimised runs would make the calibration pick too few cycles
  for (let i = 0; i < 3; i++) runPoke(design, st, 20_000, corners);
  const cycles: Record<CountKey, number> = {
    builtin: await calibrate('builtin', 2000, async (k) => runPoke(design, st, k, corners).runMs),
    builtinTrace: await calibrate('builtinTrace', 2000, async (k) => runTraceTimed(design, records(st, k), corners).runMs),
    verilatorRaw: await calibrate('verilatorRaw', 20_000, async (k) => (await runAlone('raw', writeRaw(k), path.join(dir, 'cal.out'))).ms),
    verilatorCompiled: await calibrate('verilatorCompiled', 20_000, async (k) => (await runAlone('compiled', writeBinary(k), path.join(dir, 'cal.out'))).ms),
    verilator: await calibrate('verilator', 5000, async (k) => (await runAlone('verilator', writeVectors(k), path.join(dir, 'cal.out'))).ms),
    icarus: await calibrate('icarus', 50, async (k) => (await runAlone('icarus', writeVectors(k), path.join(dir, 'cal.out'))).ms),
    verilatorHarness: await calibrate('verilatorHarness', 1000, async (k) => (await harness('verilator', k)).wallMs),
    icarusHarness: await calibrate('icarusHarness', 50, async (k) => (await harness('icarus', k)).wallMs),
  };
  log(`cycles: ${JSON.stringify(cycles)}`);
  // fixed cost of an external run (process start, model construction / vvp load, file opening): median of 3 one-cycle runs
  const startupMs: Record<Prog, number> = { verilator: 0, icarus: 0, raw: 0, compiled: 0 };
  for (const kind of ['verilator', 'icarus', 'raw', 'compiled'] as const) {
    const v1 = kind === 'raw' ? writeRaw(1) : kind === 'compiled' ? writeBinary(1) : writeVectors(1);
    const xs: number[] = [];
    for (let r = 0; r < 3; r++) xs.push((await runAlone(kind, v1, path.join(dir, 'cal.out'))).ms);
    startupMs[kind] = median(xs);
  }
  log(`startup (1-cycle run): verilator ${ms(startupMs.verilator)} ms, icarus ${ms(startupMs.icarus)} ms`);

  // the reference: corners every cycle over the longest count, all outputs after each external count
  const maxCycles = Math.max(...Object.values(cycles));
  const refRun = runPoke(design, st, maxCycles, corners, [cycles.verilator, cycles.icarus, cycles.verilatorRaw], allOuts.map((p) => p.name));
  const ref = refRun.trace;

  const samples: Record<SimKind, Run[]> = {
    'builtin-poke': [],
    'builtin-trace': [],
    'verilator-raw': [],
    'verilator-compiled': [],
    'verilator-alone': [],
    'verilator-harness': [],
    'icarus-alone': [],
    'icarus-harness': [],
  };

  // built-in
  const recB = records(st, cycles.builtinTrace);
  for (let r = 0; r < runs; r++) {
    const p = runPoke(design, st, cycles.builtin, corners);
    check('builtin poke/peek', p.trace, ref, cycles.builtin);
    samples['builtin-poke'].push(p);
    const t = runTraceTimed(design, recB, corners);
    check('builtin runTrace', t.trace, ref, cycles.builtinTrace);
    samples['builtin-trace'].push(t);
    log(`builtin run ${r + 1}/${runs}: poke/peek ${ms(p.runMs)} ms, runTrace ${ms(t.runMs)} ms`);
  }

  // the raw C++ loop and the compiled harness alone
  for (let r = 0; r < runs; r++) {
    const rawCount = cycles.verilatorRaw;
    const rawOut = path.join(dir, 'raw.out');
    const raw = await runAlone('raw', writeRaw(rawCount), rawOut);
    const got = readRawOut(rawOut, corners, n, rawCount);
    check('verilator raw', got.trace, ref, rawCount);
    const wantRaw = refRun.snapshots.get(rawCount)!;
    got.final.forEach((v, i) => {
      if (v !== wantRaw[i]) throw new Mismatch(`verilator raw: final ${allOuts[i]!.name} = ${v}, reference ${wantRaw[i]}`);
    });
    samples['verilator-raw'].push({ buildMs: rb.buildMs, runMs: raw.ms, ...(raw.cpuMs !== undefined ? { cpuMs: raw.cpuMs } : {}), trace: {} });
    const cCount = cycles.verilatorCompiled;
    const cOut = path.join(dir, 'compiled.out');
    const comp = await runAlone('compiled', writeBinary(cCount), cOut);
    check('verilator compiled harness', decodeBinarySamples(readFileSync(cOut), sel, cCount), ref, cCount);
    samples['verilator-compiled'].push({ buildMs: cb.buildMs, runMs: comp.ms, ...(comp.cpuMs !== undefined ? { cpuMs: comp.cpuMs } : {}), trace: {} });
    log(`raw/compiled run ${r + 1}/${runs}: raw ${ms(raw.ms)} ms (${rawCount} cycles), compiled harness ${ms(comp.ms)} ms (${cCount} cycles)`);
  }

  // external simulators: the program alone on the generic testbench, then the stock harness
  for (const kind of ['verilator', 'icarus'] as const) {
    const count = cycles[kind];
    const vectors = writeVectors(count);
    const out = path.join(dir, `${kind}.out`);
    const wantFinal = refRun.snapshots.get(count)!;
    const hCount = cycles[`${kind}Harness`];
    for (let r = 0; r < runs; r++) {
      const { ms: runMs, cpuMs } = await runAlone(kind, vectors, out);
      const got = parseBenchOut(readFileSync(out, 'utf8'), sampled, allOuts, count);
      check(`${kind} alone`, got.trace, ref, count, got.unknown);
      got.final.forEach((v, i) => {
        if (v !== wantFinal[i]) throw new Mismatch(`${kind} alone: final ${allOuts[i]!.name} = ${v}, reference ${wantFinal[i]}`);
      });
      samples[`${kind}-alone`].push({ buildMs: kind === 'verilator' ? vb.buildMs : ib.buildMs, runMs, ...(cpuMs !== undefined ? { cpuMs } : {}), trace: {} });
      const { h, wallMs } = await harness(kind, hCount);
      check(`${kind} harness`, h.trace, ref, hCount, h.unknown);
      samples[`${kind}-harness`].push({ buildMs: harnessBuild[kind], runMs: wallMs, trace: {} });
      log(`${kind} run ${r + 1}/${runs}: alone ${ms(runMs)} ms (${count} cycles), harness ${ms(wallMs)} ms (${hCount} cycles; its own runMs ${ms(h.runMs)})`);
    }
  }
  rmSync(dir, { recursive: true, force: true });

  const countOf: Record<SimKind, number> = {
    'builtin-poke': cycles.builtin,
    'builtin-trace': cycles.builtinTrace,
    'verilator-raw': cycles.verilatorRaw,
    'verilator-compiled': cycles.verilatorCompiled,
    'verilator-alone': cycles.verilator,
    'verilator-harness': cycles.verilatorHarness,
    'icarus-alone': cycles.icarus,
    'icarus-harness': cycles.icarusHarness,
  };
  const cps = (k: SimKind): number => countOf[k] / (median(samples[k].map((s) => s.runMs)) / 1000);
  const cpuMed = (k: SimKind): number | null => {
    const xs = samples[k].map((s) => s.cpuMs).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : null;
  };
  const cpuCps = (k: SimKind): number | null => {
    const m = cpuMed(k);
    return m === null ? null : countOf[k] / (m / 1000);
  };
  const vCps = cps('verilator-raw');
  const iCps = cps('icarus-alone');
  const vCpu = cpuCps('verilator-raw');
  const iCpu = cpuCps('icarus-alone');
  const rows: Row[] = (Object.keys(samples) as SimKind[]).map((k) => {
    const builds = samples[k].map((s) => s.buildMs).filter((x) => !Number.isNaN(x));
    return {
      n,
      sim: k,
      buildMs: builds.length ? median(builds) : null,
      cycles: countOf[k],
      runMs: median(samples[k].map((s) => s.runMs)),
      cyclesPerSec: cps(k),
      vsVerilator: cps(k) / vCps,
      vsIcarus: cps(k) / iCps,
      runsMs: samples[k].map((s) => s.runMs),
      cpuMs: cpuMed(k),
      cyclesPerCpuSec: cpuCps(k),
      cpuVsVerilator: cpuCps(k) !== null && vCpu !== null ? cpuCps(k)! / vCpu : null,
      cpuVsIcarus: cpuCps(k) !== null && iCpu !== null ? cpuCps(k)! / iCpu : null,
    };
  });
  return { rows, info: { n, pes: n * n, elabMs, nodes, cycles, startupMs, loadAverage: { before: loadBefore, after: os.loadavg() } } };
}

// ---------------------------------------------------------------------------------------------------------------
// main

function fmtRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0);
}
const fmtLoad = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');

async function main(sizes: number[], runs: number, targetMs: number, seed: number, sharedCache: boolean): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hwgen-bench-sim-'));
  const allRows: Row[] = [];
  const infos: SizeInfo[] = [];
  try {
    for (const n of sizes) {
      const { rows, info } = await benchSize(n, runs, targetMs, seed, scratch, sharedCache);
      allRows.push(...rows);
      infos.push(info);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log(
    `\nsimulation speed on the N×N int8 MAC mesh (medians of ${runs} runs; four corner accumulators sampled every cycle; ` +
      `ratios are cycles/s over "verilator raw C++ loop" / "icarus generic tb")`,
  );
  printTable(
    ['N', 'simulator', 'build ms', 'cycles', 'run ms', 'cycles/s', '× Verilator', '× Icarus', 'cpu ms', 'cycles/cpu-s', 'cpu × V', 'cpu × I'],
    allRows.map((r) => [
      r.n,
      LABEL[r.sim],
      r.buildMs === null ? '(in run)' : ms(r.buildMs),
      r.cycles,
      ms(r.runMs),
      fmtRate(r.cyclesPerSec),
      r.vsVerilator.toFixed(2),
      r.vsIcarus.toFixed(1),
      r.cpuMs === null ? '-' : ms(r.cpuMs),
      r.cyclesPerCpuSec === null ? '-' : fmtRate(r.cyclesPerCpuSec),
      r.cpuVsVerilator === null ? '-' : r.cpuVsVerilator.toFixed(2),
      r.cpuVsIcarus === null ? '-' : r.cpuVsIcarus.toFixed(1),
    ]),
  );
  for (const i of infos)
    console.log(
      `N=${i.n}: ${i.pes} PEs, ${i.nodes} IR nodes, elaborate+optimize+emit ${ms(i.elabMs)} ms (common to all, not in build ms); ` +
        `one-cycle run (fixed cost, inside run ms): verilator ${ms(i.startupMs.verilator)} ms, icarus ${ms(i.startupMs.icarus)} ms; ` +
        `load average ${fmtLoad(i.loadAverage.before)} before, ${fmtLoad(i.loadAverage.after)} after`,
    );
  console.log(
    `machine: ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? '?'}; node ${process.version}. ` +
      'Build: built-in = new Simulator (median); external = one cold build (fresh cache, CCACHE_DISABLE=1). ' +
      'Harness rows = wall time of runVerilator/runIcarus on a cached build (validation, vector file, run, decoding).',
  );

  const goals = infos.map((i) => {
    const get = (k: SimKind) => allRows.find((r) => r.n === i.n && r.sim === k)!;
    const poke = get('builtin-poke');
    const trace = get('builtin-trace');
    const v = get('verilator-raw');
    const comp = get('verilator-compiled');
    const ic = get('icarus-alone');
    return {
      n: i.n,
      compiledCps: comp.cyclesPerSec,
      compiledVsRaw: comp.vsVerilator,
      compiledCpuVsRaw: comp.cpuVsVerilator,
      compiledGoalMet: (comp.cpuVsVerilator ?? comp.vsVerilator) >= 1 / 1.5,
      builtinPokeCps: poke.cyclesPerSec,
      builtinTraceCps: trace.cyclesPerSec,
      verilatorCps: v.cyclesPerSec,
      icarusCps: ic.cyclesPerSec,
      vsVerilatorPoke: poke.vsVerilator,
      vsVerilatorTrace: trace.vsVerilator,
      vsIcarusPoke: poke.vsIcarus,
      vsIcarusTrace: trace.vsIcarus,
      cpuVsVerilatorPoke: poke.cpuVsVerilator,
      cpuVsIcarusPoke: poke.cpuVsIcarus,
      verilatorGoalMet: (poke.cpuVsVerilator ?? poke.vsVerilator) >= 1,
      icarusGoalMet: poke.vsIcarus >= 10,
      verilatorGoalMetRunTrace: (trace.cpuVsVerilator ?? trace.vsVerilator) >= 1,
      icarusGoalMetRunTrace: trace.vsIcarus >= 10,
    };
  });
  const cpuNote = (x: number | null, digits: number) => (x === null ? '' : `, by CPU time ${x.toFixed(digits)}`);
  console.log('\ngoals (judged by CPU time where measured: the machine is shared; wall-clock cycles/s shown):');
  for (const g of goals) {
    console.log(
      `  N=${g.n}: compiled harness within 1.5× of the raw C++ loop: ${fmtRate(g.compiledCps)} vs ${fmtRate(g.verilatorCps)} cycles/s = ${g.compiledVsRaw.toFixed(2)}` +
        `${cpuNote(g.compiledCpuVsRaw, 2)} ${g.compiledGoalMet ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `  N=${g.n}: built-in ≥ raw Verilator: ${fmtRate(g.builtinPokeCps)} vs ${fmtRate(g.verilatorCps)} cycles/s = ${g.vsVerilatorPoke.toFixed(2)}` +
        `${cpuNote(g.cpuVsVerilatorPoke, 2)} (runTrace ${g.vsVerilatorTrace.toFixed(2)}) ${g.verilatorGoalMet ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `  N=${g.n}: built-in ≥ 10× Icarus: ${fmtRate(g.builtinPokeCps)} vs ${fmtRate(g.icarusCps)} cycles/s = ${g.vsIcarusPoke.toFixed(1)}×` +
        `${cpuNote(g.cpuVsIcarusPoke, 1)} (runTrace ${g.vsIcarusTrace.toFixed(1)}×) ${g.icarusGoalMet ? 'MET' : 'NOT MET'}`,
    );
  }
  console.log(
    '\n* runVerilator / runIcarus rows: the whole harness call on a cached build (validation, change-only stimulus file, ' +
      'run, decoding into bigint traces), wall time. "compiled harness" = the harness\'s Verilator program alone on a ' +
      'binary stimulus file written beforehand; "generic tb" = the earlier $fscanf testbench of sim/testbench.ts writing ' +
      'the four corners per cycle and all outputs once at the end; "raw C++ loop" = bench/sim-raw.ts.',
  );

  const file = writeBenchJson('sim', {
    bench: 'sim',
    design: 'examples/mesh.ts Mesh { aw: 8, accw: 32 }, optimized IR / emitted Verilog',
    sampled: 'acc_0_0, acc_0_{N-1}, acc_{N-1}_0, acc_{N-1}_{N-1}, every cycle',
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(),
    runs,
    targetMs,
    seed,
    note:
      'medians; cyclesPerSec = cycles / median run time; vsVerilator / vsIcarus relative to the "alone" rows; ' +
      'external buildMs = one cold build (fresh cache, CCACHE_DISABLE=1); builtin-trace run time includes Simulator construction',
    sizes: infos,
    results: allRows,
    goals,
  });
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string' },
    'target-ms': { type: 'string' },
    seed: { type: 'string' },
    'shared-cache': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
const toInt = (s: string, what: string): number => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench/sim: ${what}: expected a positive integer, got '${s}'`);
  return n;
};
if (values.help) console.log('usage: tsx bench/sim.ts [N ...] [--runs 3] [--target-ms 1200] [--seed 1] [--shared-cache]   (default N = 8 16 32)\n  --shared-cache: builds from and into the shared build cache ($HWGEN_CACHE), so build ms are not cold builds');
else
  await main(
    positionals.length ? positionals.map((s) => toInt(s, 'N')) : SIZES,
    values.runs !== undefined ? toInt(values.runs, '--runs') : 3,
    values['target-ms'] !== undefined ? toInt(values['target-ms'], '--target-ms') : 1200,
    values.seed !== undefined ? toInt(values.seed, '--seed') : 1,
    values['shared-cache'] === true,
  );
