/** Golden models of the bit-serial library: NAF terms, the tile's cycle rule, the serial-parallel multiplier. */
import { describe, it, expect } from 'vitest';
import { nafTerms, nafCount, termsValue, termCycles, termSchedule, serialMul } from '../../../generators/bitserial/golden.js';

function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

/** A direct, independent statement of the rule on explicit term lists (no shared helper). */
function cyclesByRule(group: number[], B: number): number {
  const lanes = group.map((v) => nafTerms(v).map((t) => t.exp));
  let cycles = 0;
  while (lanes.some((l) => l.length)) {
    const m = Math.min(...lanes.filter((l) => l.length).map((l) => l[0]!));
    for (const l of lanes) if (l.length && l[0]! <= m + 2 ** B - 1) l.shift();
    cycles++;
  }
  return Math.max(cycles, 1);
}

describe('nafTerms', () => {
  it('is the non-adjacent form: value exact, digits ±1, no two adjacent exponents, ascending, minimal weight', () => {
    const bad: number[] = [];
    for (let v = -70000; v <= 70000; v++) {
      const t = nafTerms(v);
      let ok = termsValue(t) === v && t.length === nafCount(v);
      for (let i = 1; i < t.length; i++) ok &&= t[i]!.exp - t[i - 1]!.exp >= 2;
      if (!ok) bad.push(v);
    }
    expect(bad).toEqual([]);
    // minimal: never more terms than the binary popcount of |v|, and 7 = 8 − 1
    expect(nafTerms(7)).toEqual([{ sign: -1, exp: 0 }, { sign: 1, exp: 3 }]);
    expect(nafTerms(-5)).toEqual([{ sign: -1, exp: 0 }, { sign: -1, exp: 2 }]);
    expect(nafTerms(0)).toEqual([]);
    for (let v = 1; v < 4096; v++) expect(nafCount(v)).toBeLessThanOrEqual(v.toString(2).replace(/0/g, '').length);
  });
});

describe('termCycles', () => {
  it('equals the rule stated directly, on random groups (B = 0..3, 1..16 lanes, 8/9/17-bit values)', () => {
    const r = rng(1);
    for (let n = 0; n < 3000; n++) {
      const L = r(1, 16);
      const bits = [8, 9, 17][r(0, 2)]!;
      const g = Array.from({ length: L }, () => (r(0, 3) === 0 ? 0 : r(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)));
      const B = r(0, 3);
      expect(termCycles(g, B)).toBe(cyclesByRule(g, B));
      expect(termSchedule(g, B).length).toBe(g.every((v) => v === 0) ? 0 : cyclesByRule(g, B));
    }
  });
  it('bounds: at least 1, at least the most terms of a lane, at most the total terms; all zero takes 1 cycle', () => {
    const r = rng(2);
    for (let n = 0; n < 2000; n++) {
      const g = Array.from({ length: 16 }, () => r(0, 255));
      const c = termCycles(g, 2);
      expect(c).toBeGreaterThanOrEqual(Math.max(1, ...g.map(nafCount)));
      expect(c).toBeLessThanOrEqual(Math.max(1, g.reduce((s, v) => s + nafCount(v), 0)));
      // an unbounded first stage (B large) reaches the most terms of a lane
      expect(termCycles(g, 5)).toBe(Math.max(1, ...g.map(nafCount)));
    }
    expect(termCycles(new Array(16).fill(0), 2)).toBe(1);
    // 1 = 2^0 and 64 = 2^6 are 6 apart: with B = 2 (window 3) they go in two cycles, with B = 3 (window 7) in one
    expect(termCycles([1, 64], 2)).toBe(2);
    expect(termCycles([1, 64], 3)).toBe(1);
  });
});

describe('serialMul', () => {
  it('is the exact product in W cycles', () => {
    const r = rng(3);
    for (let n = 0; n < 5000; n++) {
      const bits = r(1, 16);
      const a = r(0, 2 ** bits - 1);
      const w = r(-32768, 32767);
      expect(serialMul(a, w, bits)).toEqual({ product: a * w + 0, cycles: bits });
    }
  });
});
