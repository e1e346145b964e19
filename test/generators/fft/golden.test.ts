/**
 * The fixed-point FFT golden model: the twiddle table and the butterfly on hand-worked values, an exact case (an
 * impulse), saturation, and the accuracy property: against the float FFT (fft.js) the error stays within the bound
 * derived from the word lengths (bound.ts), for random n, dims, widths, directions and inputs up to the largest
 * magnitude that cannot saturate, and the bound is not vacuous (the observed error reaches a good part of it).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { twiddleTable, roundHalfAway, bitReverse } from '../../../generators/fft/twiddle.js';
import { butterfly, goldenFft1d, goldenFftNd, type FftNdParams } from '../../../generators/fft/golden.js';
import { floatFftNd } from '../../../generators/fft/float.js';
import { fftErrorBound, maxSafeMagnitude } from '../../../generators/fft/bound.js';

describe('twiddles', () => {
  it('n = 8, t = 4: cos/sin(2πk/8)·8 rounded half away from zero', () => {
    // 8·cos(π/4) = 5.657 → 6; k = 0 is exactly 2^(t−1) = 8 (SInt(t+1))
    expect(twiddleTable(8, 4)).toEqual({ cos: [8, 6, 0, -6], sin: [0, 6, 8, 6] });
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(-2.4)).toBe(-2);
    expect(bitReverse(1, 3)).toBe(4);
    expect(bitReverse(6, 3)).toBe(3);
  });
});

describe('butterfly', () => {
  it('rounds (a ± b·W)/2 half up once and saturates', () => {
    // W = 1 (c = 8, s = 0, t = 4): (3 + 5)/2 = 4, (−2 + 1)/2 = −0.5 → 0, (3 − 5)/2 = −1, (−2 − 1)/2 = −1.5 → −1
    expect(butterfly(3, -2, 5, 1, 8, 0, 8, 4)).toEqual([4, 0, -1, -1]);
    // W = i (c = 0, s = 8): b·W = (−1, 5): (3 − 1)/2 = 1, (−2 + 5)/2 = 1.5 → 2, (3 + 1)/2 = 2, (−2 − 5)/2 = −3.5 → −3
    expect(butterfly(3, -2, 5, 1, 0, 8, 8, 4)).toEqual([1, 2, 2, -3]);
    // a = 127, b = 127 − 127i, W = (91 + 91i)/128 ≈ e^{iπ/4}: re(a + bW)/2 ≈ 1.21·127 → saturates to 127 in SInt(8)
    const [r0] = butterfly(127, 0, 127, -127, 91, 91, 8, 8);
    expect(r0).toBe(127);
    // a = −128i, b = 127 + 127i: im(a − bW)/2 ≈ (−128 − 1.41·127)/2 → saturates to −128
    const [, , , i1] = butterfly(0, -128, 127, 127, 91, 91, 8, 8);
    expect(i1).toBe(-128);
  });

  it('an impulse of 64 transforms to 64/8 = 8 in every bin (each stage halves exactly)', () => {
    const x = { re: [64, 0, 0, 0, 0, 0, 0, 0], im: new Array(8).fill(0) };
    const y = goldenFft1d(x, { n: 8, w: 12, t: 10 }, false);
    expect(Array.from(y.re)).toEqual(new Array(8).fill(8));
    expect(Array.from(y.im)).toEqual(new Array(8).fill(0));
    // a constant 2D input of 16 concentrates in bin (0, 0): 16 there, 0 elsewhere
    const c = goldenFftNd({ re: new Array(16).fill(16), im: new Array(16).fill(0) }, { n: 4, dims: 2, w: 12, t: 10 }, false);
    expect(Array.from(c.re)).toEqual([16, ...new Array(15).fill(0)]);
  });

  it('refuses an input that does not fit SInt(w)', () => {
    expect(() => goldenFft1d({ re: [128, 0], im: [0, 0] }, { n: 2, w: 8, t: 8 }, false)).toThrow(/does not fit SInt\(8\)/);
  });
});

describe('accuracy against the float FFT', () => {
  it('stays within the bound derived from the word lengths (1D, 2D, 3D; forward and inverse)', () => {
    let worstRatio = 0;
    const arb = fc
      .record({ lg: fc.integer({ min: 1, max: 4 }), dims: fc.constantFrom(1 as const, 2 as const, 3 as const), w: fc.integer({ min: 8, max: 20 }), t: fc.integer({ min: 4, max: 18 }), inverse: fc.boolean(), seed: fc.integer() })
      .filter((r) => (2 ** r.lg) ** r.dims <= 512);
    fc.assert(
      fc.property(arb, (r) => {
        const p: FftNdParams = { n: 2 ** r.lg, dims: r.dims, w: r.w, t: r.t };
        const E = p.n ** p.dims;
        const M = maxSafeMagnitude(p);
        // components in ±M/√2, so every input magnitude is ≤ M; a seeded generator keeps the shrinker simple
        const A = Math.floor(M / Math.SQRT2);
        let s = r.seed >>> 0;
        const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s % (2 * A + 1)) - A);
        const x = { re: Array.from({ length: E }, next), im: Array.from({ length: E }, next) };
        const got = goldenFftNd(x, p, r.inverse);
        const ref = floatFftNd(x, p.n, p.dims, r.inverse);
        let err = 0;
        for (let i = 0; i < E; i++) err = Math.max(err, Math.hypot(got.re[i]! - ref.re[i]!, got.im[i]! - ref.im[i]!));
        const bound = fftErrorBound(p, M);
        worstRatio = Math.max(worstRatio, err / bound);
        return err <= bound;
      }),
      { numRuns: 300, seed: 15 },
    );
    // not vacuous: the bound is nearly attained (n = 2: one rounding of 1/2 in both components, √2/2 per pass)
    expect(worstRatio).toBeGreaterThan(0.9);
  });

  it('the bound is about dims·log2(n)·(0.35·2^(w−t) + 0.71) LSB for full-scale inputs', () => {
    const p: FftNdParams = { n: 8, dims: 2, w: 16, t: 16 };
    const b = fftErrorBound(p, maxSafeMagnitude(p));
    expect(b).toBeGreaterThan(2 * 3 * 1.0);
    expect(b).toBeLessThan(2 * 3 * 1.1);
  });
});
