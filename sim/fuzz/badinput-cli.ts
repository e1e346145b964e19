/**
 * The long bad-input run: `node --import tsx sim/fuzz/badinput-cli.ts --n 10000 --seed 1 [--json bench-out/badinput.json]
 * [--no-verify-valid]`. With --no-verify-valid, a configuration that generates is not simulated (verify still runs on
 * every refused one): the simulation of valid designs is what costs, and the test suite verifies them.
 * Generates N mutated configurations (badinput.ts), runs `hwgen generate` and `hwgen verify --sim builtin` on each
 * in-process, prints progress, then the counts per outcome and per mutation kind, every violation (at most 20 in
 * full), and the line `badinput: N configs, A ok, R refused, V violations` (exit status 1 when V > 0).
 */
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { setLocCapture } from '../../dsl/index.ts';
import { badCases, runCase, baseConfigs } from './badinput.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] ?? dflt : dflt;
}

async function main(): Promise<number> {
  const n = Number(arg('n', '1000'));
  const seed = Number(arg('seed', '1'));
  const json = arg('json', '');
  const verifyValid = !process.argv.includes('--no-verify-valid');
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) throw new Error('badinput: --n and --seed need integers');
  setLocCapture(false);
  const work = path.join(os.tmpdir(), `hwgen-badinput-${process.pid}`);
  const arb = badCases(baseConfigs());
  const counts = { ok: 0, refused: 0 };
  const kinds = new Map<string, { ok: number; refused: number }>();
  const violations: Array<{ case: number; kind: string; detail: string; what: string[]; base: string }> = [];
  const t0 = performance.now();
  let slowest = { ms: 0, what: '' };
  const CHUNK = 50;
  try {
    for (let k = 0; k < n; k += CHUNK) {
      const cases = fc.sample(arb, { numRuns: Math.min(CHUNK, n - k), seed: seed * 100003 + k });
      for (const [i, c] of cases.entries()) {
        const r = await runCase(c, work, 300_000, verifyValid);
        counts[r.outcome]++;
        for (const w of c.what) {
          const key = w.split(' ')[0]!;
          const e = kinds.get(key) ?? { ok: 0, refused: 0 };
          e[r.outcome]++;
          kinds.set(key, e);
        }
        const ms = r.generate.ms + r.verify.ms;
        if (ms > slowest.ms) slowest = { ms, what: `${c.base}: ${c.what.join('; ')}` };
        for (const v of r.violations) {
          violations.push({ case: k + i, kind: v.kind, detail: v.detail, what: c.what, base: c.base });
          console.log(`VIOLATION case ${k + i} (${c.base}: ${c.what.join('; ').slice(0, 120)}): ${v.kind}: ${v.detail}`);
        }
      }
      const done = Math.min(n, k + CHUNK);
      const el = (performance.now() - t0) / 1000;
      console.log(`badinput: ${done}/${n} configs, ${counts.ok} ok, ${counts.refused} refused, ${violations.length} violations; ${el.toFixed(0)} s`);
      if (json) save(json, { n: done, seed, verifyValid, counts, kinds: Object.fromEntries(kinds), violations, ms: performance.now() - t0 });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log('\nper mutation kind (a case may have several):');
  for (const [k, e] of [...kinds].sort()) console.log(`  ${k.padEnd(10)} ${String(e.ok).padStart(6)} ok ${String(e.refused).padStart(6)} refused`);
  console.log(`slowest case: ${(slowest.ms / 1000).toFixed(1)} s (${slowest.what.slice(0, 160)})`);
  const byKind = new Map<string, number>();
  for (const v of violations) byKind.set(v.kind, (byKind.get(v.kind) ?? 0) + 1);
  if (json) save(json, { n, seed, verifyValid, counts, kinds: Object.fromEntries(kinds), violations, ms: performance.now() - t0 });
  console.log(
    `badinput: seed ${seed}, ${n} configs, ${counts.ok} ok, ${counts.refused} refused, ${violations.length} violations` +
      (byKind.size ? ` (${[...byKind].map(([k, c]) => `${k} x${c}`).join(', ')})` : ''),
  );
  return violations.length ? 1 : 0;
}

function save(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
}

main().then(
  (c) => process.exit(c),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(2);
  },
);
