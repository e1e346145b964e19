/**
 * Elaboration benchmark: the output-stationary N×N MAC mesh of examples/mesh.ts (int8×int8→int32) through elaborate,
 * optimize and Verilog emission (to text, in memory). Every run is a separate child process
 * (`node --import tsx bench/elab.ts --child N`), timed from the parent (spawn to exit: Node + tsx start-up, module
 * loading and the work), with the child's own peak RSS (process.resourceUsage().maxRSS) and phase times reported back
 * as JSON on stdout. Medians over several runs.
 *
 *   npx tsx bench/elab.ts            N = 16, 32, 64, 128
 *   npx tsx bench/elab.ts 64 [--runs 5]
 *
 * Results also go to bench-out/elab.json.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { median, printTable, writeBenchJson, ms } from './util.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const SIZES = [16, 32, 64, 128];

interface ChildResult {
  n: number;
  pes: number;
  elabMs: number;
  optMs: number;
  emitMs: number;
  verilogBytes: number;
  modules: number;
  maxRssMB: number;
}

type Sample = ChildResult & { wallMs: number };

async function child(n: number): Promise<void> {
  const { elaborate, optimize, emitVerilog } = await import('../dsl/index.js');
  const { Mesh } = await import('../examples/mesh.js');
  const t0 = performance.now();
  const ir = elaborate(Mesh, { n, aw: 8, accw: 32 });
  const t1 = performance.now();
  const opt = optimize(ir);
  const t2 = performance.now();
  const v = emitVerilog(opt);
  const t3 = performance.now();
  let bytes = 0;
  for (const text of v.files.values()) bytes += Buffer.byteLength(text);
  const r: ChildResult = {
    n,
    pes: n * n,
    elabMs: t1 - t0,
    optMs: t2 - t1,
    emitMs: t3 - t2,
    verilogBytes: bytes,
    modules: v.files.size,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/** One child process; resolves with its report and the wall time measured here. */
function runChild(n: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', String(n)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`bench child N=${n} exited with status ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...(JSON.parse(line) as ChildResult), wallMs });
      } catch {
        reject(new Error(`bench child N=${n} printed no result: ${out}`));
      }
    });
  });
}

interface SizeResult {
  n: number;
  pes: number;
  runs: number;
  elabMs: number;
  optMs: number;
  emitMs: number;
  /** elab + opt + emit, in process */
  computeMs: number;
  /** whole child process, measured by the parent */
  wallMs: number;
  maxRssMB: number;
  verilogBytes: number;
  samples: Sample[];
}

async function parent(sizes: number[], runsOverride: number | undefined): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  // one untimed run first, so tsx's transform cache is warm for every timed run
  await runChild(sizes[0]!);
  const results: SizeResult[] = [];
  for (const n of sizes) {
    const runs = runsOverride ?? (n <= 64 ? 5 : 3);
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await runChild(n));
    const med = (k: keyof Sample) => median(samples.map((s) => s[k] as number));
    results.push({
      n,
      pes: n * n,
      runs,
      elabMs: med('elabMs'),
      optMs: med('optMs'),
      emitMs: med('emitMs'),
      computeMs: median(samples.map((s) => s.elabMs + s.optMs + s.emitMs)),
      wallMs: med('wallMs'),
      maxRssMB: med('maxRssMB'),
      verilogBytes: samples[0]!.verilogBytes,
      samples,
    });
    process.stderr.write(`  N=${n}: ${runs} runs, median process wall ${ms(med('wallMs'))} ms\n`);
  }

  const loadAfter = os.loadavg()[0]!;
  console.log('\nelaboration of the N×N int8×int8→int32 MAC mesh (medians; process wall = whole child process incl. Node/tsx start-up)');
  printTable(
    ['N', 'PEs', 'runs', 'elab ms', 'optimize ms', 'emit ms', 'in-process ms', 'process wall ms', 'peak RSS MB', 'Verilog bytes'],
    results.map((r) => [r.n, r.pes, r.runs, ms(r.elabMs), ms(r.optMs), ms(r.emitMs), ms(r.computeMs), ms(r.wallMs), r.maxRssMB.toFixed(0), r.verilogBytes]),
  );

  console.log(`machine: ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? '?'}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (other load inflates the times)`);

  const goals: Array<{ n: number; limitMs: number; wallMs?: number; met?: boolean }> = [
    { n: 64, limitMs: 1000 },
    { n: 128, limitMs: 4000 },
  ];
  for (const g of goals) {
    const r = results.find((x) => x.n === g.n);
    if (r) Object.assign(g, { wallMs: r.wallMs, met: r.wallMs < g.limitMs });
  }
  console.log(
    `\ngoal (process wall time): ` +
      goals.map((g) => `N=${g.n} < ${g.limitMs / 1000} s: ${g.wallMs === undefined ? 'not measured' : `${ms(g.wallMs)} ms ${g.met ? 'MET' : 'MISSED'}`}`).join('; '),
  );

  const growth: Array<{ from: number; to: number; computeRatio: number; wallRatio: number }> = [];
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    if (b.pes === 4 * a.pes) growth.push({ from: a.n, to: b.n, computeRatio: b.computeMs / a.computeMs, wallRatio: b.wallMs / a.wallMs });
  }
  if (growth.length)
    console.log(
      'growth per 4× PEs (linear in N² ≈ 4×): ' +
        growth.map((g) => `N ${g.from}→${g.to}: in-process ${g.computeRatio.toFixed(2)}×, process wall ${g.wallRatio.toFixed(2)}×`).join('; '),
    );

  const file = writeBenchJson('elab', {
    bench: 'elab',
    design: 'examples/mesh.ts Mesh { aw: 8, accw: 32 }',
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: loadBefore, after: loadAfter },
    date: new Date().toISOString(),
    note: 'medians; wallMs = whole child process measured by the parent; maxRssMB from the child process.resourceUsage().maxRSS',
    results,
    goals,
    growth,
  });
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { child: { type: 'string' }, runs: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
const toN = (s: string): number => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench/elab: expected a positive integer, got '${s}'`);
  return n;
};
if (values.help) console.log('usage: tsx bench/elab.ts [N ...] [--runs k]   (default N = 16 32 64 128; 5 runs for N <= 64, 3 above)');
else if (values.child !== undefined) await child(toN(values.child));
else await parent(positionals.length ? positionals.map(toN) : SIZES, values.runs !== undefined ? toN(values.runs) : undefined);
