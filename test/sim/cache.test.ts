import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
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
