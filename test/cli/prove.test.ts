/** `hwgen prove`: proves an example's assertions, and refuses designs without any or a bad depth with one clear line. */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/hwgen.mjs');
const hwgen = (args: string[]) => execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true, env: { ...process.env, NO_COLOR: '1' } });

describe('hwgen prove', () => {
  it('proves the FIFO example never overflows', async () => {
    const r = await hwgen(['prove', 'fifo', '--depth', '8']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^sync_fifo|fifo: 2 assertion\(s\), 0 assumption\(s\): PROVEN by induction/m);
  }, 120_000);

  it('names the problem for a design without assertions and for a bad depth', async () => {
    const none = await hwgen(['prove', 'counter']);
    expect(none.exitCode).not.toBe(0);
    expect(none.all).toContain("design 'counter' has no assertions");
    const bad = await hwgen(['prove', 'fifo', '--depth', '0']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toContain('--depth 0: must be a positive integer');
  }, 120_000);
});
