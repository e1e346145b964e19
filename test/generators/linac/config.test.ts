/** configs/linac.json and configs/pragmatic.json load through linacFamily's schema and checks; errors name field and limit. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../../../dsl/index.js';
import { linacFamily } from '../../../generators/linac/index.js';

function load(file: string) {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const r = linacFamily.schema().safeParse(raw);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

describe('LINAC configurations', () => {
  it('both configs parse, pass the fit checks, and verify their random layer in the built-in simulator', async () => {
    for (const file of ['configs/linac.json', 'configs/pragmatic.json']) {
      const c = load(file);
      expect(linacFamily.check(c)).toEqual([]);
      const { def, params } = linacFamily.build(c);
      const compiled = compile(def, params);
      const entry = linacFamily.workload(c).find((w) => w.name === 'small_random')!;
      const l = entry.load();
      const v = await linacFamily.verifyLayer(c, l, compiled, 'builtin', undefined);
      expect(v.pass).toBe(true);
      expect(v.rtlCycles).toBe(linacFamily.modelCycles(c, l));
      expect(linacFamily.tilesOf(c, linacFamily.workload(c)[0]!.load(), 1)).toBe(1);
    }
    expect(load('configs/pragmatic.json').hw).toMatchObject({ mode: 'act_pred', beta: [] });
  }, 120_000);

  it('rejects unknown fields, bad values and layers that do not fit', () => {
    const bad = linacFamily.schema().safeParse({ name: 'x', generator: 'linac', hw: { lanes: 0, bogus: 1 } });
    expect(bad.success).toBe(false);
    const c = load('configs/linac.json');
    const tiny = { ...c, hw: { ...c.hw, weightWords: 4 } };
    expect(linacFamily.check(tiny).map(([p, m]) => `${p}: ${m}`).join('\n')).toMatch(/workload\.layers\[0\]: .*raise weightWords/);
  });
});
