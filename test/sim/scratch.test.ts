/**
 * The simulators' scratch root: a tmpfs when there is one with room and the user set no temp folder, else the OS's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseScratchRoot } from '../../sim/scratch.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-scratch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scratch root', () => {
  it('takes a writable folder with room (this disk has more than 1 GiB free)', () => {
    expect(chooseScratchRoot({}, dir, '/fallback')).toBe(dir);
  });

  it('keeps the temp folder the user set', () => {
    for (const k of ['TMPDIR', 'TMP', 'TEMP']) expect(chooseScratchRoot({ [k]: '/mine' }, dir, '/fallback')).toBe('/fallback');
  });

  it('falls back when the tmpfs is missing or not a folder', () => {
    expect(chooseScratchRoot({}, path.join(dir, 'absent'), '/fallback')).toBe('/fallback');
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    expect(chooseScratchRoot({}, file, '/fallback')).toBe('/fallback');
  });
});
