/**
 * The arithmetic of `hwgen bench zas`: the equal-resource dense baseline (every factorisation of the multiplier count,
 * the fastest kept), the totals (ratios of sums, zeros weighted by work), the work-weighted ideal (never above 100%)
 * and the encoder cycles, each against an independent computation.
 */
import { describe, it, expect } from 'vitest';
import { factorisations, denseEqualMults, totalRow, sweepRow, zasLayerFigures, type SweepRow } from '../../../generators/zas/bench.js';
import { DEFAULT_HW, type ZasHwParams } from '../../../generators/zas/params.js';
import { DEFAULT_HW as DENSE_HW } from '../../../generators/dense/params.js';
import { denseCycles } from '../../../generators/dense/model.js';
import { tileShapes } from '../../../generators/dense/tiling.js';
import { VGG16 } from '../../../workloads/shapes.js';
import { Prng } from '../../../workloads/synthetic.js';

const HW: ZasHwParams = DEFAULT_HW;

/** The dense baseline's cycles for one array, tiled to the dense default SRAMs. */
function denseOn(s: { C: number; H: number; W: number; M: number; R: number; S: number; stride: number; pad: number }, rows: number, cols: number): number {
  const dh = { ...DENSE_HW, rows, cols, maxStride: Math.max(2, s.stride) };
  return tileShapes('x', s, dh).reduce((n, t) => n + denseCycles(t.shape, dh).cycles, 0);
}

describe('the equal-resource dense baseline', () => {
  it('tries every rows×cols factorisation of the multiplier count', () => {
    const f = factorisations(72);
    expect(f.map(([r, c]) => `${r}x${c}`)).toEqual(['1x72', '2x36', '3x24', '4x18', '6x12', '8x9', '9x8', '12x6', '18x4', '24x3', '36x2', '72x1']);
    expect(factorisations(7)).toEqual([[1, 7], [7, 1]]);
  });

  it('is the fastest array of the same multiplier count, and never slower than the fixed 9×8 / 8×9 arrays', () => {
    for (const l of [VGG16[10]!, VGG16[1]!, { name: 'odd', C: 16, H: 13, W: 11, M: 20, R: 3, S: 3, stride: 2, pad: 1 }]) {
      const s = { C: l.C, H: l.H, W: l.W, M: l.M, R: l.R, S: l.S, stride: l.stride, pad: l.pad };
      const best = denseEqualMults(l.name, s, HW);
      let min = Infinity;
      for (let rows = 1; rows <= 72; rows++) {
        if (72 % rows !== 0) continue;
        try {
          min = Math.min(min, denseOn(s, rows, 72 / rows));
        } catch {
          // this array's tiles do not fit the dense SRAMs: not a candidate
        }
      }
      expect(best.cycles, l.name).toBe(min);
      const [r, c] = best.array.split('x').map(Number);
      expect(r! * c!).toBe(72);
      expect(denseOn(s, r!, c!)).toBe(best.cycles);
      expect(best.cycles).toBeLessThanOrEqual(Math.min(denseOn(s, 9, 8), denseOn(s, 8, 9)));
    }
    // VGG16 conv1_2 (64 output channels): a 72×1 array beats both fixed shapes
    const c12 = VGG16[1]!;
    const s12 = { C: c12.C, H: c12.H, W: c12.W, M: c12.M, R: 3, S: 3, stride: 1, pad: 1 };
    expect(denseEqualMults('conv1_2', s12, HW).cycles).toBeLessThan(Math.min(denseOn(s12, 9, 8), denseOn(s12, 8, 9)));
  });

  it('with the load counted, takes the factorisation with the fewest cycles + input words', () => {
    const l = VGG16[8]!;
    const s = { C: l.C, H: l.H, W: l.W, M: l.M, R: 3, S: 3, stride: 1, pad: 1 };
    const b = denseEqualMults(l.name, s, HW);
    for (const t of b.tried) if (Number.isFinite(t.cycles)) expect(b.withLoad.cycles + b.withLoad.loadWords).toBeLessThanOrEqual(t.cycles + t.loadWords);
    // every dense tile loads its input rows: at least the whole map once
    expect(b.withLoad.loadWords).toBeGreaterThanOrEqual(l.C * l.H * l.W);
  });
});

function fakeRow(layer: string, denseCycles: number, zasCycles: number, macs: number, denseMacs: number, zeros: number, enc: number, denseWithLoad: number): SweepRow {
  return {
    layer, sparsity: zeros, measuredSparsity: zeros, denseArray: '9x8', denseCycles, denseLoadArray: '9x8', denseWithLoad, zasCycles, encoderCycles: enc,
    speedup: denseCycles / zasCycles, speedupWithLoad: denseWithLoad / (zasCycles + enc), idealCycles: macs / 72, ofIdeal: macs / 72 / zasCycles, macs, denseMacs,
    passes: 1, encodedBytes: 10, denseBytes: 20, halo: 1, rowOverhead: 2, drainOverhead: 3, fixed: 4, tiles: 1,
  };
}

describe('totals', () => {
  it('are ratios of sums, with the zeros weighted by each layer\u2019s dense MACs', () => {
    const a = fakeRow('a', 1000, 100, 7200, 72000, 0.9, 50, 1500);
    const b = fakeRow('b', 3000, 1900, 72000, 216000, 0.5, 150, 3500);
    const t = totalRow('t', [a, b]);
    expect(t.denseCycles).toBe(4000);
    expect(t.zasCycles).toBe(2000);
    expect(t.speedup).toBe(2); // not the mean of 10 and 1.58
    expect(t.speedupWithLoad).toBeCloseTo(5000 / 2200, 12);
    expect(t.idealCycles).toBe(1100);
    expect(t.ofIdeal).toBeCloseTo(0.55, 12);
    expect(t.measuredSparsity).toBeCloseTo((0.9 * 72000 + 0.5 * 216000) / 288000, 12);
    expect([t.halo, t.rowOverhead, t.drainOverhead, t.fixed, t.tiles, t.encoderCycles]).toEqual([2, 4, 6, 8, 2, 200]);
  });
});

describe('a layer row', () => {
  it('has the work-weighted ideal at most 100%, and encoder cycles equal to the input rows every tile streams', () => {
    const hw: ZasHwParams = { ...DEFAULT_HW, nzWords: 2048, rowWords: 512, partialWords: 32, outWords: 1024 };
    const g = new Prng(5);
    for (const [sp, s] of [
      [0, { C: 8, H: 20, W: 20, M: 24, R: 3, S: 3, stride: 1, pad: 1 }],
      [0.7, { C: 8, H: 20, W: 20, M: 24, R: 3, S: 3, stride: 1, pad: 1 }],
      [0.5, { C: 3, H: 31, W: 31, M: 16, R: 7, S: 7, stride: 2, pad: 3 }],
      [0.3, { C: 3, H: 27, W: 27, M: 16, R: 11, S: 11, stride: 4, pad: 2 }],
    ] as const) {
      const input = Uint8Array.from({ length: s.C * s.H * s.W }, () => (g.next() < sp ? 0 : g.int(1, 255)));
      const z = zasLayerFigures('l', s, input, hw);
      const r = sweepRow('l', s, sp, sp, denseEqualMults('l', s, hw), z, hw);
      expect(r.ofIdeal).toBeGreaterThan(0);
      expect(r.ofIdeal).toBeLessThanOrEqual(1);
      // useful MACs: a dense loop over the outputs counting non-zero operands
      let macs = 0;
      const OH = Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1;
      const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
      for (let y = 0; y < OH; y++)
        for (let x = 0; x < OW; x++)
          for (let c = 0; c < s.C; c++)
            for (let i = 0; i < s.R; i++)
              for (let j = 0; j < s.S; j++) {
                const iy = y * s.stride + i - s.pad;
                const ix = x * s.stride + j - s.pad;
                if (iy >= 0 && iy < s.H && ix >= 0 && ix < s.W && input[(c * s.H + iy) * s.W + ix] !== 0) macs++;
              }
      expect(z.macs).toBe(macs * s.M);
      expect(r.idealCycles).toBe((macs * s.M) / 72);
      // every tile streams its input rows through the encoder: at least the map once, more where chunks share rows
      expect(z.encoderCycles).toBeGreaterThanOrEqual(s.C * s.H * s.W);
      if (z.tiles === 1) expect(z.encoderCycles).toBe(s.C * s.H * s.W);
    }
  });
});
