/**
 * The width helpers generators use outside the hardware (parameters, drivers, tiling): clog2 and addrWidth, checked
 * against what they promise (the fewest bits that index n things) rather than against a second formula; and
 * dsl/bits.ts has no imports, so a driver that needs them does not load the DSL.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addrWidth, clog2, defineModule, elaborate, In, Out, UInt } from '../../dsl/index.js';

describe('clog2 and addrWidth', () => {
  it('clog2(n) is the fewest bits that count 0..n-1; addrWidth the same, but at least 1 (n = 1..5000, 2^k +- 1)', () => {
    const ns = [...Array.from({ length: 5000 }, (_, i) => i + 1), ...[20, 31, 40, 52].flatMap((k) => [2 ** k - 1, 2 ** k, 2 ** k + 1])];
    for (const n of ns) {
      const w = clog2(n);
      expect(2 ** w >= n && (w === 0 || 2 ** (w - 1) < n), `clog2(${n}) = ${w}`).toBe(true);
      expect(addrWidth(n), `addrWidth(${n})`).toBe(Math.max(w, 1));
    }
    expect([1, 2, 3, 4, 5, 8, 9].map(addrWidth)).toEqual([1, 1, 2, 2, 3, 3, 4]);
  });

  it('a memory of depth n takes addrWidth(n)-bit addresses', () => {
    for (const depth of [1, 2, 3, 6, 16, 17]) {
      const D = defineModule('aw_mem', { a: In(UInt(addrWidth(depth))), y: Out(UInt(4)) }, (m, io) => io.y.set(m.mem('mem', UInt(4), depth).read(io.a)));
      expect(() => elaborate(D, undefined), `depth ${depth}`).not.toThrow();
    }
  });

  it('dsl/bits.ts imports nothing', () => {
    expect(readFileSync(new URL('../../dsl/bits.ts', import.meta.url), 'utf8')).not.toMatch(/^\s*(import|export .* from)\b/m);
  });
});
