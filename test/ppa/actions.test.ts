/**
 * The ZAS, LINAC and FDA action-count emitters on layers small enough to count by hand (the dense one is in
 * energy.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { zasActions } from '../../ppa/actions/zas.ts';
import { linacActions } from '../../ppa/actions/linac.ts';
import { DEFAULT_HW as ZAS_HW } from '../../generators/zas/params.js';
import { DEFAULT_LINAC_HW } from '../../generators/linac/params.js';
import { fdaActions } from '../../ppa/actions/fda.ts';
import { DEFAULT_HW as FDA_HW } from '../../generators/fda/params.js';

const count = (a: { counts: Array<{ note?: string; count: number }> }, what: string) => a.counts.find((c) => c.note === what)!.count;

describe('action counts by hand', () => {
  it('ZAS: two non-zeros of a 3×3 map, 3×3 kernel, pad 1, one filter, 8 PEs × 9 taps', () => {
    // non-zeros at (0,0) and (1,1): the corner one has 2×2 output targets, the centre one 3×3
    const l = { name: 'hand', shape: { C: 1, H: 3, W: 3, M: 1, R: 3, S: 3, stride: 1, pad: 1 }, input: [5, 0, 0, 0, 7, 0, 0, 0, 0], weights: new Array(9).fill(1), bias: [0], relu: false };
    const a = zasActions(l, ZAS_HW);
    // one channel tile; the stream is one cycle per non-zero (row 2, empty, is skipped by the row lookahead)
    expect(count(a, 'non-zero reads')).toBe(2 * 16); // x (8 bits for maxW 256) + value (8 bits)
    expect(count(a, 'row-end reads')).toBe(2 * 19); // pointer into 262144 words + 1
    expect(count(a, 'PE multiplies (issued slots)')).toBe(2 * 8 * 9);
    expect(count(a, 'weight SRAM reads')).toBe(2 * 8 * 9 * 8);
    expect(count(a, 'partial-sum accumulates (products with a target)')).toBe(4 + 9);
    // drain: 3×3 positions × 8 PEs; clear: one word in each of the 4×4 banks of 8 PEs
    expect(count(a, 'partial-sum reads (accumulates)')).toBe(13 * 32);
    expect(count(a, 'partial-sum reads (drain)')).toBe(9 * 8 * 32);
    expect(count(a, 'partial-sum writes (accumulates)')).toBe(13 * 32);
    expect(count(a, 'partial-sum writes (clear)')).toBe(16 * 8 * 32);
    expect(count(a, 'bias reads')).toBe(8 * 32);
    expect(count(a, 'bias adds')).toBe(9);
    expect(count(a, 'output SRAM writes')).toBe(9 * 32);
    expect(a.macs).toBe(9 * 9);
  });

  it('LINAC: a 1×3 row, 1×1 kernel, β = [1]: terms of 3 (raw), 5−3 and 5−5', () => {
    const l = { name: 'hand', shape: { C: 1, H: 1, W: 3, M: 1, R: 1, S: 1, stride: 1, pad: 0 }, input: [3, 5, 5], weights: [1], bias: [0], relu: false };
    const a = linacActions(l, DEFAULT_LINAC_HW);
    // NAF(3) = 4 − 1: 2 terms; NAF(2): 1 term; NAF(0): none. Each term adds a shifted weight in all 8 filter columns
    expect(count(a, 'term lanes: shifted-weight adds')).toBe(3 * 8);
    // one group of 16 lanes per output pixel, 3 pixels
    expect(count(a, 'input reads')).toBe(3 * 16 * 8);
    expect(count(a, 'β history reads')).toBe(3 * 16 * 8);
    expect(count(a, 'residual subtracts')).toBe(3 * 16);
    expect(count(a, 'weight SRAM reads')).toBe(3 * 16 * 8 * 8);
    expect(count(a, 'recurrence and bias adds')).toBe(3 * 2);
    expect(count(a, 'output SRAM writes')).toBe(3 * 40);
    expect(a.macs).toBe(3);
  });

  it('FDA: a 6×6 map, 3×3 kernel, pad 1, 2 output channels, on 8-point tiles (6×6 valid outputs): one add per output and run', () => {
    const fda = (C: number) => {
      const l = { name: 'hand', shape: { C, H: 6, W: 6, M: 2, R: 3, S: 3, stride: 1, pad: 1 }, input: new Array(C * 36).fill(1), weights: new Array(2 * C * 9).fill(1), bias: [0, 0], relu: false };
      return fdaActions(l, FDA_HW);
    };
    // one tile (36 outputs per channel); maxC = 4: C = 4 is one run, C = 6 two (the second adds the first's partial sums)
    expect(count(fda(4), 'bias and partial-sum adds (one per output and run)')).toBe(2 * 36);
    expect(count(fda(6), 'bias and partial-sum adds (one per output and run)')).toBe(2 * 2 * 36);
    expect(count(fda(6), 'requantisation multiplies')).toBe(0);
  });
});
