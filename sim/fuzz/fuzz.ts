/**
 * The fuzz loop: generate batches of random designs (seeded), run each batch through the simulators, collect
 * mismatches, and hand each failing design to the shrinker.
 */
import path from 'node:path';
import os from 'node:os';
import { rm } from 'node:fs/promises';
import { setLocCapture, compile } from '../../dsl/index.ts';
import { Rng, generateDesign, generateResets, generateStimulus, type GenOptions } from './gen.ts';
import { runBatch, type Case, type Injection, type Mismatch, type SimName, type BuildError, ALL_SIMS } from './run.ts';
import { shrinkCase, writeReproducer, type ShrinkResult } from './shrink.ts';
import { explain, refusalReason } from './known.ts';
import { defineDesign } from './build.ts';

export interface FuzzOptions {
  n: number;
  seed: number;
  batch?: number;
  cycles?: number;
  sims?: readonly SimName[];
  gen?: GenOptions;
  inject?: Injection;
  /** shrink failures and write reproducers (default true) */
  shrink?: boolean;
  /** where reproducers go (default fuzz-out) */
  outDir?: string;
  /** stop shrinking after this many failures (default 3) */
  maxShrink?: number;
  log?: (line: string) => void;
  builtinIr?: 'elaborated' | 'optimized';
  /** also shrink mismatches a known bug explains (default false) */
  shrinkKnown?: boolean;
}

export interface Failure {
  /** a known bug (known.ts) that explains it */
  known?: string;
  batch: number;
  index: number;
  mismatch: Mismatch;
  case: Case;
  shrunk?: ShrinkResult;
  dir?: string;
}

export interface FuzzResult {
  designs: number;
  cycles: number;
  samples: number;
  xSamples: number;
  failures: Failure[];
  /** designs a simulator refused to build; `reason` when the kind is a listed refusal (known.ts), else a failure */
  buildErrors: Array<BuildError & { batch: number; reason?: string }>;
  elabErrors: Array<{ batch: number; design: number; message: string }>;
  ms: number;
}

/** The cases of batch b of a run: deterministic in (seed, b). */
export function batchCases(seed: number, b: number, count: number, cycles: number, gen: GenOptions = {}): Case[] {
  const r = new Rng(`fuzz:${seed}:${b}`);
  const resetStyle = gen.resetStyle ?? (r.chance(0.5) ? 'sync' : 'async');
  const rst = generateResets(r, cycles);
  const cases: Case[] = [];
  for (let j = 0; j < count; j++) {
    const spec = generateDesign(r.fork(j), `f${b}_${j}`, { ...gen, resetStyle });
    cases.push({ spec, cycles: generateStimulus(r.fork(`stim${j}`), spec, rst) });
  }
  return cases;
}

export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  setLocCapture(false);
  const log = o.log ?? ((l: string) => console.log(l));
  const batch = o.batch ?? 100;
  const cycles = o.cycles ?? 24;
  const sims = o.sims ?? ALL_SIMS;
  const work = path.join(os.tmpdir(), `hwgen-fuzz-${process.pid}-${Date.now().toString(36)}`);
  const res: FuzzResult = { designs: 0, cycles: 0, samples: 0, xSamples: 0, failures: [], buildErrors: [], elabErrors: [], ms: 0 };
  const t0 = performance.now();
  const nb = Math.ceil(o.n / batch);
  let shrunk = 0;
  try {
    // two batches in flight: one's Verilator build overlaps the other's elaboration, Icarus run and comparison
    const started = new Map<number, Promise<{ cases: Case[]; r: Awaited<ReturnType<typeof runBatch>> }>>();
    const start = (b: number): void => {
      if (b >= nb || started.has(b)) return;
      const count = Math.min(batch, o.n - b * batch);
      const p = (async () => {
        const cases = batchCases(o.seed, b, count, cycles, o.gen);
        const r = await runBatch(cases, {
          sims,
          workDir: path.join(work, `b${b}`),
          cacheDir: path.join(work, 'cache', `b${b}`),
          ...(o.inject ? { inject: o.inject } : {}),
          ...(o.builtinIr ? { builtinIr: o.builtinIr } : {}),
        });
        return { cases, r };
      })();
      p.catch(() => {});
      started.set(b, p);
    };
    for (let b = 0; b < nb; b++) {
      start(b);
      start(b + 1);
      const count = Math.min(batch, o.n - b * batch);
      const { cases, r } = await started.get(b)!;
      started.delete(b);
      await rm(path.join(work, 'cache', `b${b}`), { recursive: true, force: true });
      const ran = count - r.elabErrors.length - r.buildErrors.length;
      res.designs += ran;
      res.cycles += ran * cycles;
      res.samples += r.samples;
      res.xSamples += r.xSamples;
      for (const e of r.buildErrors) {
        const reason = refusalReason(e.kind);
        res.buildErrors.push({ ...e, batch: b, ...(reason ? { reason } : {}) });
      }
      for (const e of r.elabErrors) res.elabErrors.push({ ...e, batch: b });
      for (const m of r.mismatches) {
        const c = cases[m.design]!;
        let known: string | undefined;
        try {
          known = explain(compile(defineDesign(c.spec), undefined).optimized, m);
        } catch {
          known = undefined;
        }
        res.failures.push({ batch: b, index: m.design, mismatch: m, case: c, ...(known ? { known } : {}) });
      }
      const el = (performance.now() - t0) / 1000;
      log(
        `batch ${b + 1}/${nb}: ${ran} designs, ${r.mismatches.length} mismatching, ${r.buildErrors.length} build errors, ` +
          `${r.elabErrors.length} elaboration errors; ${r.samples} samples (${r.xSamples} X skipped); ` +
          `elab ${ms(r.ms.elab)} builtin ${ms(r.ms.builtin)} icarus ${ms(r.ms.icarus)} verilator ${ms(r.ms.verilator)}; ` +
          `${res.designs} designs in ${el.toFixed(0)} s (${((res.designs / el) * 60).toFixed(0)}/min)`,
      );
      for (const f of res.failures.filter((x) => x.batch === b))
        log(`  MISMATCH ${describe(f.case.spec.name, f.mismatch)}${f.known ? ` [known bug ${f.known}]` : ''}`);
      for (const e of r.buildErrors)
        log(`  ${refusalReason(e.kind) ? 'REFUSED (listed)' : 'REFUSED'} ${cases[e.design]!.spec.name} (${e.kind}): ${e.message}`);
      for (const e of r.elabErrors) log(`  ELABORATION ERROR ${cases[e.design]!.spec.name}: ${e.message.split('\n')[0]}`);
      if (o.shrink !== false)
        for (const f of res.failures.filter((x) => x.batch === b && (!x.known || o.shrinkKnown))) {
          if (shrunk >= (o.maxShrink ?? 3)) break;
          shrunk++;
          log(`  shrinking ${f.case.spec.name} ...`);
          f.shrunk = await shrinkCase(f.case, f.mismatch, { sims, work: path.join(work, `s${b}_${f.index}`), log, ...(o.inject ? { inject: o.inject } : {}) });
          f.dir = await writeReproducer(f.shrunk, path.join(o.outDir ?? 'fuzz-out', `${o.seed}-${b * batch + f.index}`), o.seed, o.inject);
          log(`  reproducer: ${f.dir} (${f.shrunk.size} nodes, ops: ${f.shrunk.ops.join(' ')})`);
        }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  res.ms = performance.now() - t0;
  return res;
}

function ms(x: number | undefined): string {
  return x === undefined ? '-' : `${(x / 1000).toFixed(1)}s`;
}

export function describe(name: string, m: Mismatch): string {
  const vals = Object.entries(m.values)
    .map(([s, v]) => (s === 'icarus' && m.x ? 'icarus=X' : `${s}=${v}`))
    .join(' ');
  return `${name}.${m.output} @ cycle ${m.cycle}: ${vals} (odd: ${m.odd}${m.x ? ', X where the design defines the value' : ''})`;
}

/**
 * The summary line: `fuzz: N designs, C cycles, M mismatches, R refused (U unexplained[; kind xK ...])`, and
 * whether the run failed (a counted mismatch, an unexplained refusal or an elaboration error).
 */
export function summary(r: FuzzResult, strict = false): { line: string; failed: boolean } {
  const known = r.failures.filter((f) => f.known).length;
  const m = strict ? r.failures.length : r.failures.length - known;
  const kinds = new Map<string, number>();
  for (const e of r.buildErrors) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  const unexplained = r.buildErrors.filter((e) => !e.reason).length;
  const list = [...kinds].map(([k, n]) => `${k} x${n}`).join(', ');
  const line =
    `fuzz: ${r.designs} designs, ${r.cycles} cycles, ${m} mismatches, ${r.buildErrors.length} refused ` +
    `(${unexplained} unexplained${list ? `; ${list}` : ''})`;
  return { line, failed: m > 0 || unexplained > 0 || r.elabErrors.length > 0 };
}
