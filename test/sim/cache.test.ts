import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedBuild, cacheRoot, hashParts } from '../../sim/cache.ts';
import { generateTestbench } from '../../sim/testbench.ts';
import { lintVerilator } from '../../sim/verilator.ts';
import { COUNTER, scratchDir, writeDesign } from './designs.ts';

describe('cache', () => {
  it('defaults to .cache/hwgen in the project and honours HWGEN_CACHE', () => {
    expect(cacheRoot({})).toBe(path.resolve(import.meta.dirname, '../../.cache/hwgen'));
    expect(cacheRoot({ HWGEN_CACHE: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
  });

  it('hashParts separates part boundaries', () => {
    expect(hashParts(['ab', 'c'])).not.toBe(hashParts(['a', 'bc']));
    expect(hashParts(['x'])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failed build leaves neither an entry nor a temporary folder', async () => {
    const root = await scratchDir('hwgen-cache-');
    const failing = cachedBuild('k', 'key1', async (tmp) => {
      await writeFile(path.join(tmp, 'half'), 'partial');
      throw new Error('compiler crashed');
    }, root);
    await expect(failing).rejects.toThrow('compiler crashed');
    expect(await readdir(path.join(root, 'k'))).toEqual([]);
  });

  it('concurrent requests share one build; later ones hit', async () => {
    const root = await scratchDir('hwgen-cache-');
    let builds = 0;
    const build = async (tmp: string): Promise<void> => {
      builds++;
      await new Promise((r) => setTimeout(r, 50));
      await writeFile(path.join(tmp, 'out'), 'done');
    };
    const [a, b] = await Promise.all([cachedBuild('k', 'key2', build, root), cachedBuild('k', 'key2', build, root)]);
    const c = await cachedBuild('k', 'key2', build, root);
    expect(builds).toBe(1);
    expect([a.hit, b.hit, c.hit]).toEqual([false, true, true]);
    expect(await readFile(path.join(c.dir, 'out'), 'utf8')).toBe('done');
  });

  it('waits for a build another process holds the lock of, and takes over the lock of a dead one', async () => {
    const root = await scratchDir('hwgen-cache-');
    const dir = path.join(root, 'k', 'key4');
    await mkdir(path.dirname(dir), { recursive: true });
    // a live holder (this process's parent stands in for the other process): the call waits, then hits its entry
    await writeFile(`${dir}.lock`, String(process.ppid));
    let builds = 0;
    const waiting = cachedBuild('k', 'key4', async () => void builds++, root);
    await new Promise((r) => setTimeout(r, 500));
    expect(builds).toBe(0);
    await mkdir(dir);
    await writeFile(path.join(dir, 'out'), 'theirs');
    await rm(`${dir}.lock`);
    expect(await waiting).toEqual({ dir, hit: true });
    expect(builds).toBe(0);
    // a holder that is gone: its lock is taken over and the entry built here
    const dead = path.join(root, 'k', 'key5');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(`${dead}.lock`, gone);
    const e = await cachedBuild('k', 'key5', async (tmp) => writeFile(path.join(tmp, 'out'), 'mine'), root);
    expect(e.hit).toBe(false);
    expect(await readFile(path.join(e.dir, 'out'), 'utf8')).toBe('mine');
    expect(existsSync(`${dead}.lock`)).toBe(false);
  });

  it('removes stale temporary folders of killed builds', async () => {
    const root = await scratchDir('hwgen-cache-');
    const stale = path.join(root, 'k', '.tmp-dead-1-x');
    await mkdir(stale, { recursive: true });
    const old = new Date(Date.now() - 24 * 3600 * 1000);
    await utimes(stale, old, old);
    await cachedBuild('k', 'key3', async () => {}, root);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('testbench', () => {
  it('is lint-clean under verilator -Wall --timing together with a clean design', async () => {
    const [counter] = await writeDesign({ 'counter.v': COUNTER });
    const ports = [
      { name: 'clk', width: 1, signed: false, dir: 'input' as const },
      { name: 'rst', width: 1, signed: false, dir: 'input' as const },
      { name: 'en', width: 1, signed: false, dir: 'input' as const },
      { name: 'count', width: 8, signed: false, dir: 'output' as const },
    ];
    const [tb] = await writeDesign({ 'tb.v': generateTestbench('counter', ports) });
    expect(await lintVerilator([counter!, tb!], 'tb', { timing: true })).toEqual([]);
  });
});
