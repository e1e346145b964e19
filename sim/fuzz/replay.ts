/**
 * Replay a reproducer written by the fuzzer: `node --import tsx sim/fuzz/replay.ts fuzz-out/<seed>-<n>
 * [--sims builtin,icarus,verilator]`. Rebuilds the design from spec.json, runs it alone in the simulators and prints
 * the first mismatch (exit 1) or "no mismatch" (exit 0).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runSingle } from './shrink.ts';
import { ALL_SIMS, type SimName } from './run.ts';
import type { DesignSpec } from './spec.ts';
import { describe } from './fuzz.ts';

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: replay.ts <reproducer folder> [--sims a,b,c]');
  const i = process.argv.indexOf('--sims');
  const sims = (i > 0 ? process.argv[i + 1]!.split(',') : [...ALL_SIMS]) as SimName[];
  const data = JSON.parse(await readFile(path.join(dir, 'spec.json'), 'utf8')) as { spec: DesignSpec; cycles: Array<Record<string, string>> };
  const cycles = data.cycles.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, BigInt(v)])));
  const r = await runSingle({ spec: data.spec, cycles }, sims, path.join(os.tmpdir(), `hwgen-fuzz-replay-${process.pid}`));
  if (!r.mismatch) {
    console.log('no mismatch');
    return 0;
  }
  console.log(describe(data.spec.name, r.mismatch));
  return 1;
}

main().then(
  (c) => process.exit(c),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(2);
  },
);
