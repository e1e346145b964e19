/**
 * The crossbar golden model: bit-sliced MVM in ideal mode equals the exact product (fast-check over tile shapes,
 * slice widths, mappings, several row and column blocks); the losslessness bound of the ADC, both directions; the
 * ADC rule on hand-computed values; the perturbation LFSR; the ISAAC preset's golden conv equals conv2d on real layers.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  xbarMvm, exactMvm, adcConvert, losslessAdcBits, lfsrStep, perturbLevels, tileSeed, weightLevels, type XbarArith,
} from '../../../generators/crossbar/golden.js';
import { xbarConv } from '../../../generators/crossbar/conv.js';
import { ISAAC_HW, PRIME_HW, arithOf } from '../../../generators/crossbar/params.js';
import { exactConv } from '../../../generators/crossbar/verify.js';
import { facenetLayerData } from '../../../generators/common/layers.js';

const arithArb = fc.record({
  rows: fc.integer({ min: 1, max: 12 }),
  cols: fc.constantFrom(4, 8, 16),
  cellBits: fc.integer({ min: 1, max: 4 }),
  dacBits: fc.integer({ min: 1, max: 4 }),
  inputBits: fc.integer({ min: 1, max: 8 }),
  weightBits: fc.integer({ min: 2, max: 8 }),
  mapping: fc.constantFrom('offset' as const, 'differential' as const),
});

/** A problem: tile arithmetic, P×K inputs and K×M weights that may span several row and column blocks. */
const problemArb = arithArb
  .filter((a) => Math.floor(a.cols / (Math.ceil(a.weightBits / a.cellBits) * (a.mapping === 'differential' ? 2 : 1))) >= 1)
  .chain((a) =>
    fc.record({
      a: fc.constant(a),
      P: fc.integer({ min: 1, max: 3 }),
      K: fc.integer({ min: 1, max: 3 * a.rows }),
      M: fc.integer({ min: 1, max: 7 }),
    }).chain((pr) => {
      const xMax = 2 ** a.inputBits - 1;
      const wLo = -(2 ** (a.weightBits - 1));
      const wHi = 2 ** (a.weightBits - 1) - 1;
      const x = fc.oneof(fc.constant(xMax), fc.constant(0), fc.integer({ min: 0, max: xMax }));
      const w = fc.oneof(fc.constant(wHi), fc.constant(wLo), fc.integer({ min: wLo, max: wHi }));
      return fc.record({ pr: fc.constant(pr), X: fc.array(x, { minLength: pr.P * pr.K, maxLength: pr.P * pr.K }), W: fc.array(w, { minLength: pr.K * pr.M, maxLength: pr.K * pr.M }) });
    }),
  );

function full(a: Omit<XbarArith, 'adc' | 'adcBits' | 'deltaLog2' | 'perturbLog2' | 'seed'>, adc: 'ideal' | 'limited', adcBits = 1, deltaLog2 = 0): XbarArith {
  return { ...a, adc, adcBits, deltaLog2, perturbLog2: 0, seed: 1 };
}

describe('crossbar golden model', () => {
  it('ideal mode equals the exact product (offset and differential, many row and column blocks)', () => {
    fc.assert(
      fc.property(problemArb, ({ pr, X, W }) => {
        const a = full(pr.a, 'ideal');
        const wAt = (k: number, m: number) => W[k * pr.M + m]!;
        expect(Array.from(xbarMvm(X, pr.P, pr.K, wAt, pr.M, a).y)).toEqual(Array.from(exactMvm(X, pr.P, pr.K, wAt, pr.M)));
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('ADC-limited equals ideal for every input when b_a = ceil(log2(R·(2^b_d − 1)·(2^b_c − 1) + 1)), and not one bit less', () => {
    const same = (bits: number) =>
      fc.property(problemArb, ({ pr, X, W }) => {
        const wAt = (k: number, m: number) => W[k * pr.M + m]!;
        const ideal = xbarMvm(X, pr.P, pr.K, wAt, pr.M, full(pr.a, 'ideal')).y;
        const lim = xbarMvm(X, pr.P, pr.K, wAt, pr.M, full(pr.a, 'limited', bits === 0 ? losslessAdcBits(pr.a) : Math.max(1, losslessAdcBits(pr.a) - 1)));
        return Array.from(lim.y).every((v, i) => v === ideal[i]) && lim.events.lossyConversions === 0;
      });
    fc.assert(same(0), { numRuns: 300, seed: 15 });
    // one bit less: the search must find an input whose result differs (a column sum above 2^(b_a) − 1)
    const r = fc.check(same(-1), { numRuns: 300, seed: 16 });
    expect(r.failed).toBe(true);
    const ce = r.counterexample![0];
    const wAt = (k: number, m: number) => ce.W[k * ce.pr.M + m]!;
    const b = losslessAdcBits(ce.pr.a) - 1;
    const lim = xbarMvm(ce.X, ce.pr.P, ce.pr.K, wAt, ce.pr.M, full(ce.pr.a, 'limited', Math.max(1, b)));
    expect(lim.events.lossyConversions).toBeGreaterThan(0);
  });

  it('the ADC rule: clamp(round_half_up(v/Δ), 0, 2^b_a − 1)·Δ on hand-worked values', () => {
    const adc = (v: number, adcBits: number, deltaLog2: number) => adcConvert(v, { adc: 'limited', adcBits, deltaLog2 });
    // Δ = 1: identity up to 2^b_a − 1, then the clamp
    expect([0, 5, 7, 8, 100].map((v) => adc(v, 3, 0))).toEqual([0, 5, 7, 7, 7]);
    // Δ = 4: 1 → 0.25 → 0; 2 → 0.5 → 1 (half up); 5 → 1.25 → 1; 6 → 1.5 → 2; 30 → 7.5 → 8 → clamp 7 (b_a = 3) → 28
    expect([1, 2, 5, 6, 30].map((v) => adc(v, 3, 2))).toEqual([0, 4, 4, 8, 28]);
    expect(adcConvert(1000, { adc: 'ideal', adcBits: 1, deltaLog2: 0 })).toBe(1000);
  });

  it('weight cells: offset binary and differential on hand-worked values', () => {
    // w = 4 bits, 2-bit cells: −3 + 8 = 5 = 0b0101 → cells (01, 01); 7 + 8 = 15 → (11, 11); −8 → 0
    expect(weightLevels(-3, { weightBits: 4, cellBits: 2, mapping: 'offset' })).toEqual([1, 1]);
    expect(weightLevels(7, { weightBits: 4, cellBits: 2, mapping: 'offset' })).toEqual([3, 3]);
    expect(weightLevels(-8, { weightBits: 4, cellBits: 2, mapping: 'offset' })).toEqual([0, 0]);
    // differential: positive cells then negative cells; −6 → P = 0, N = 6 = 0b0110 → (10, 01)
    expect(weightLevels(-6, { weightBits: 4, cellBits: 2, mapping: 'differential' })).toEqual([0, 0, 2, 1]);
    expect(() => weightLevels(8, { weightBits: 4, cellBits: 2, mapping: 'offset' })).toThrow(/4-bit/);
  });

  it('the perturbation LFSR is maximal (period 65535) and moves about 2^−k of the cells by one level, within range', () => {
    let s = 0xace1;
    let n = 0;
    do {
      s = lfsrStep(s);
      n++;
    } while (s !== 0xace1 && n < 70000);
    expect(n).toBe(65535);
    const a = { rows: 64, cols: 64, cellBits: 2, perturbLog2: 3 };
    const lv = Uint8Array.from({ length: 64 * 64 }, (_, i) => i % 4);
    const out = perturbLevels(lv, a, tileSeed(5, 1));
    let moved = 0;
    for (let i = 0; i < lv.length; i++) {
      expect(Math.abs(out[i]! - lv[i]!)).toBeLessThanOrEqual(1);
      expect(out[i]!).toBeLessThanOrEqual(3);
      if (out[i] !== lv[i]) moved++;
    }
    // 4096 cells at 1/8, minus the clamped ones (a quarter of the +1 at level 3, of the −1 at level 0): about 384
    expect(moved).toBeGreaterThan(250);
    expect(moved).toBeLessThan(520);
    expect(perturbLevels(lv, a, tileSeed(5, 2))).not.toEqual(out);
  });

  it('ISAAC in ideal mode equals the exact conv2d on real face-net layers; the 9-bit ADC is lossless there, PRIME\u2019s 6-bit is not', async () => {
    for (const name of ['conv256_down_out/conv1', 'conv256_down_out/conv2']) {
      // the first layer runs the float network on the image (synchronous, seconds): let the test runner breathe
      await new Promise((resolve) => setImmediate(resolve));
      const l = facenetLayerData(name, 0);
      const ref = exactConv({ ...l, actBits: 8 });
      const ideal = xbarConv(l.shape, l.input, l.weights, l.bias, l.relu, l.rq, { ...arithOf(ISAAC_HW), adc: 'ideal' });
      expect(Array.from(ideal.out)).toEqual(Array.from(ref));
      const isaac = xbarConv(l.shape, l.input, l.weights, l.bias, l.relu, l.rq, arithOf(ISAAC_HW));
      expect(isaac.events.lossyConversions).toBe(0);
      expect(Array.from(isaac.out)).toEqual(Array.from(ref));
    }
    const l = facenetLayerData('conv256_down_out/conv1', 0);
    const prime = xbarConv(l.shape, l.input, l.weights, l.bias, l.relu, undefined, arithOf(PRIME_HW));
    expect(prime.events.lossyConversions).toBeGreaterThan(0);
  }, 300_000);
});
