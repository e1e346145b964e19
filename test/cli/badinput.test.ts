/**
 * Bad-input fuzzing of `hwgen generate` and `hwgen verify --sim builtin` (sim/fuzz/badinput.ts): a small sample of
 * mutated configurations (the long run is `node --import tsx sim/fuzz/badinput-cli.ts --n 10000`), and the mutation
 * kinds that found problems, each as a fixed case.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { badCases, baseConfigs, runCase, goodLine, type BadCase } from '../../sim/fuzz/badinput.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'hwgen-badinput-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bases = baseConfigs();
const small = bases.find((b) => b.name === 'small-dense')!.config as Record<string, unknown>;
const bytes = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v), 'utf8');
const one = (what: string, b: Uint8Array): BadCase => ({ base: 'small-dense', what: [what], bytes: b });

describe('bad input to the CLI', () => {
  it('a sample of mutated configurations: each succeeds or fails with one named line per problem, nothing outside, no partial folder', async () => {
    const outcomes = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(badCases(bases.filter((b) => b.name.startsWith('small-'))), async (c) => {
        const r = await runCase(c, path.join(work, 'sample'));
        outcomes[r.outcome]++;
        expect(r.violations, `${c.what.join('; ')}: ${JSON.stringify(r.violations)}`).toEqual([]);
      }),
      { numRuns: 15, seed: 4 },
    );
    expect(outcomes.refused).toBeGreaterThan(5);
  }, 120_000);

  it('the small base configurations are valid unmutated: each generates and verifies', async () => {
    for (const b of bases.filter((x) => x.name.startsWith('small-'))) {
      const r = await runCase({ base: b.name, what: ['unchanged'], bytes: bytes(b.config) }, path.join(work, 'base'));
      expect(r.violations, b.name).toEqual([]);
      expect([r.outcome, r.generate.code, r.generate.err, r.verify.code], b.name).toEqual(['ok', 0, [], 0]);
      expect(r.verify.err.join('\n'), b.name).toMatch(/tiny in builtin: 1 tile\(s\), .*: PASS/);
    }
  });

  it('refuses a 256×256 dense array up front, with its size', async () => {
    const t0 = performance.now();
    const r = await runCase(one('256x256', bytes({ ...small, hw: { rows: 256, cols: 256 } })), path.join(work, 'big'));
    expect(r.generate.code).toBe(1);
    expect(r.generate.err).toHaveLength(1);
    expect(r.generate.err[0]).toMatch(/hw: rows × cols = 256×256 = 65536 processing elements, too large .* at most 8192/);
    expect(r.verify.err[0]).toBe(r.generate.err[0]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('refuses names that would leave the output folder, bytes that are not UTF-8, deep nesting, a BOM past the start and empty outputs, naming the file', async () => {
    for (const [what, b, re] of [
      ['../escape', bytes({ ...small, name: '../escape' }), /bad\.json: name: got "\.\.\/escape", must be an identifier/],
      ['/abs', bytes({ ...small, name: '/abs_escape' }), /bad\.json: name: got "\/abs_escape"/],
      ['non-UTF-8', Buffer.concat([Buffer.from('{"name": "a'), Buffer.from([0xff]), Buffer.from('b"}')]), /bad\.json: byte 11 \(0xff\) is not UTF-8/],
      ['deep', Buffer.from(`{"name": ${'['.repeat(20000)}${']'.repeat(20000)}}`), /bad\.json: nested more than 16 levels deep/],
      ['BOM inside', Buffer.from(`{\ufeff${JSON.stringify(small).slice(1)}`), /bad\.json: not valid JSON: Expected property name/],
      ['empty key', bytes({ ...small, hw: { ...(small.hw as object), '': 1 } }), /bad\.json: hw\[""\]: unknown field; allowed fields here: rows, cols/],
      [
        'empty output',
        bytes({ ...small, workload: { layers: [{ source: 'random', name: 'big', C: 2, H: 2, W: 9, M: 2, R: 7, pad: 1, seed: 1 }] } }),
        /bad\.json: workload\.layers\[0\]\.H: got 2, must be at least 5 so that H \+ 2·pad \(pad = 1\) reaches the kernel's R = 7; else the output is empty/,
      ],
    ] as const) {
      const r = await runCase(one(what, b), path.join(work, 'x'));
      expect(r.violations, what).toEqual([]);
      expect(r.generate.code, what).toBe(1);
      expect(r.generate.err, what).toHaveLength(1);
      expect(r.generate.err[0], what).toMatch(re);
      expect(existsSync('/abs_escape')).toBe(false);
    }
  });

  it('reads a configuration that starts with a UTF-8 byte order mark like the same file without it', async () => {
    const plain = await runCase(one('plain', bytes(small)), path.join(work, 'plain'));
    const bom = await runCase(one('BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(small)])), path.join(work, 'bom'));
    expect(plain.outcome).toBe('ok');
    expect(bom.violations).toEqual([]);
    expect(bom.outcome).toBe('ok');
    expect(bom.generate.err).toEqual(plain.generate.err);
  });

  // Found by the bad-input runs, seed 101 case 585 (fda3d.json: unknown workload.layers.0.rowz) and seed 102 case 1951
  // (fda.json: a facenet layer given a `name`, "workload.layers[0].name: unknown field"): fda's layer schema is a
  // plain z.union of the shared layer schema and its random3d layer (generators/fda/index.ts), and allowedKeys() of
  // generators/registry.ts followed discriminated unions only, so the line did not say which fields are allowed; it now
  // takes the option of a plain union that knows most of the input's fields.
  it('an unknown field in an fda layer names the fields allowed there', async () => {
    const fda = bases.find((b) => b.name === 'fda3d.json')!.config as { workload: { layers: Array<Record<string, unknown>> } };
    const c = structuredClone(fda);
    c.workload.layers[0]!.rowz = 1;
    const r = await runCase({ base: 'fda3d.json', what: ['unknown workload.layers.0.rowz'], bytes: bytes(c) }, path.join(work, 'fda'));
    expect(r.generate.err).toEqual([expect.stringMatching(/bad\.json: workload\.layers\[0\]\.rowz: unknown field.*\bR\b/)]);
    expect(r.violations).toEqual([]);
  });

  it('judges message lines: the file first, then a field or the whole file, then what is allowed', () => {
    expect(goodLine('c.json: hw.rows: got 0, must be a positive integer (1..256)', 'c.json')).toBe(true);
    expect(goodLine('c.json: workload.layers[2].pad: got -1, must be at least 0', 'c.json')).toBe(true);
    expect(goodLine('c.json: not valid JSON: Unexpected end of JSON input', 'c.json')).toBe(true);
    expect(goodLine('hwgen: Maximum call stack size exceeded', 'c.json')).toBe(false);
    expect(goodLine('c.json: : unknown field', 'c.json')).toBe(false);
    expect(goodLine('c.json: the workload lists no layers', 'c.json')).toBe(false);
  });
});
