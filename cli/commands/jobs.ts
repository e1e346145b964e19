/**
 * `hwgen verify CONFIG --jobs N`: the verification as N independent processes, each one shard (`--shard k/N --json`),
 * run side by side (up to the cores), then merged into one report with the same function as `--merge`. The shards'
 * tile counts reach the parent's progress bar (with its ETA) through their stderr; their other lines are passed on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { mergeShards } from './shards.js';
import { TICK, type VerifyReport } from './verify.js';
import type { Progress } from '../progress.js';

const BIN = fileURLToPath(new URL('../../bin/hwgen.mjs', import.meta.url));

export async function verifyInJobs(config: string, n: number, args: readonly string[], progress: Progress, log: (line: string) => void): Promise<VerifyReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-jobs-'));
  try {
    let total = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: n }, async (_, k) => {
        const child = execa(process.execPath, [BIN, 'verify', config, ...args, '--shard', `${k}/${n}`, '--json', path.join(dir, `shard${String(k).padStart(3, '0')}.json`), '--no-progress'], {
          reject: false,
          env: { ...process.env, HWGEN_TICKS: '1' },
          stdout: 'ignore',
          buffer: { stderr: false },
        });
        let rest = '';
        child.stderr!.setEncoding('utf8');
        child.stderr!.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop()!;
          for (const line of lines) {
            if (line.startsWith(`${TICK} total `)) progress.setTotal((total += Number(line.slice(TICK.length + 7))));
            else if (line.startsWith(`${TICK} +`)) progress.tick(Number(line.slice(TICK.length + 2)), `${n} jobs`);
            else if (line.trim() !== '') log(`[${k}/${n}] ${line}`);
          }
        });
        const r = await child;
        // exit 1 is a verdict (a mismatch, merged below); anything else is a failure of the run itself
        if (r.exitCode !== 0 && r.exitCode !== 1) failures.push(`shard ${k}/${n} exited with status ${r.exitCode}`);
      }),
    );
    progress.stop();
    if (failures.length) throw new Error(`verify --jobs: ${failures.join('; ')} (its messages are above)`);
    return mergeShards(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
