/**
 * The bad-input case generator (sim/fuzz/badinput.ts) itself: it must produce every chunk of a long run, with a bound
 * on what it builds. Two chunks of seed 91 once stalled the long run (sim/fuzz/badinput-cli.ts samples 50 cases per
 * chunk with the seed `seed * 100003 + first case`):
 * - the chunk from case 550: "deep (root)" made the root a scalar, and a following "missing" mutation filtered the
 *   paths for a non-root one, which never comes: fast-check retries a filter forever;
 * - the chunk from case 650: "huge array" in one layer, then "huge layer list x30000" copied that layer 30,000 times:
 *   a 136 MB case that took minutes to serialise.
 * The bounds are stated as counts: no filter rejects more than REJECTS values in a row, no case exceeds MAX_BYTES.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { badCases, baseConfigs, mutation, type Json } from '../../sim/fuzz/badinput.ts';

const REJECTS = 1000;
const MAX_BYTES = 16e6;

// a filter that keeps rejecting fails the test instead of hanging it
const filter = fc.Arbitrary.prototype.filter;
beforeAll(() => {
  fc.Arbitrary.prototype.filter = function <T>(this: fc.Arbitrary<T>, pred: (t: T) => boolean): fc.Arbitrary<T> {
    let rejected = 0;
    return filter.call(this, (t: T) => {
      const ok = pred(t);
      rejected = ok ? 0 : rejected + 1;
      if (rejected > REJECTS) throw new Error(`a filter rejected ${REJECTS} values in a row (last: ${JSON.stringify(t)?.slice(0, 80)})`);
      return ok;
    }) as fc.Arbitrary<T>;
  } as typeof filter;
});
afterAll(() => {
  fc.Arbitrary.prototype.filter = filter;
});

const arb = badCases(baseConfigs());
const chunk = (seed: number, first: number) => fc.sample(arb, { numRuns: 50, seed: seed * 100003 + first });

describe('bad-input case generator', () => {
  it('generates the chunk of seed 91 from case 550 (a mutation of a scalar root)', () => {
    const cases = chunk(91, 550);
    expect(cases).toHaveLength(50);
    // the case that stalled: the root replaced, then a field of it removed
    expect(cases.some((c) => c.what.includes('missing (root)'))).toBe(true);
    for (const c of cases) expect(c.bytes.length, c.what.join('; ')).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('generates the chunk of seed 91 from case 650 without multiplying a huge layer (each case at most 16 MB)', () => {
    const cases = chunk(91, 650);
    expect(cases).toHaveLength(50);
    for (const c of cases) expect(c.bytes.length, c.what.join('; ')).toBeLessThanOrEqual(MAX_BYTES);
  });

  // (which chunk holds the 136 MB combination depends on the set of configs/*.json, so the combination itself is built
  // here: a layer made huge by an earlier mutation, then the long layer list)
  it('never copies a huge layer into the long layer list', () => {
    const base: Json = { name: 'x', generator: 'dense', hw: {}, workload: { layers: [{ source: 'random', name: 'big', C: Array.from({ length: 30000 }, () => 1) }] } };
    const lists = fc.sample(mutation(base), { numRuns: 400, seed: 5 }).filter((m) => m.what === 'huge layer list x30000');
    expect(lists.length).toBeGreaterThan(0);
    for (const m of lists) expect(JSON.stringify(m.value).length).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('mutates any root: a scalar, an empty object or array, null', () => {
    const roots: Json[] = [null, 0, 'x', true, {}, [], [[]], { a: {} }];
    for (const r of roots) {
      const ms = fc.sample(mutation(r), { numRuns: 40, seed: 1 });
      expect(ms, JSON.stringify(r)).toHaveLength(40);
      // the root itself is mutated too (its only path), so some mutation changes it
      expect(ms.some((m) => JSON.stringify(m.value) !== JSON.stringify(r)), JSON.stringify(r)).toBe(true);
    }
  });
});
