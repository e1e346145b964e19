/**
 * The dense accelerator's rows walk the flattened OH·OW output pixels. Random arrays (square and not, 1 to 6 rows and
 * columns, maxStride 1 to 4) and random layers (odd sizes, OW below, equal to and above the rows and not a multiple
 * of them, stride 1 to 4, padding 0 and 1, tiling when the SRAMs are small) against the golden convolution and the
 * cycle model: the input layout's bank property by itself, then the RTL in the built-in simulator (fast-check), then
 * a batch on a non-square array in Icarus and Verilator (one build each).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compile, type Compiled } from '../../../dsl/index.js';
import { DenseAccel } from '../../../generators/dense/accel.js';
import { DEFAULT_HW, derived, inputPitch, type DenseHwParams } from '../../../generators/dense/params.js';
import { verifyDense, type DenseLayer } from '../../../generators/dense/driver.js';
import { tileLayer } from '../../../generators/dense/tiling.js';
import { outDims, type ConvShape } from '../../../generators/common/shape.js';
import { randomRqTable } from '../common/rq-table.js';

interface Case {
  hw: DenseHwParams;
  shape: ConvShape;
  seed: number;
}

const arrayArb = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }), maxStride: fc.integer({ min: 1, max: 4 }), small: fc.boolean() })
  .map(({ rows, cols, maxStride, small }): DenseHwParams => ({
    ...DEFAULT_HW, rows, cols, maxStride,
    // small SRAMs make most layers tile (channel and output-row chunks)
    ...(small ? { ifmapWords: 48, weightWords: 160, outWords: 24, biasWords: 16 } : { ifmapWords: 512, weightWords: 1024, outWords: 512, biasWords: 32 }),
  }));

const caseArb = arrayArb.chain((hw) =>
  fc.record({
    R: fc.constantFrom(1, 2, 3, 5),
    S: fc.constantFrom(1, 3),
    stride: fc.integer({ min: 1, max: hw.maxStride }),
    pad: fc.integer({ min: 0, max: 1 }),
    C: fc.integer({ min: 1, max: 4 }),
    M: fc.integer({ min: 1, max: 9 }),
    dh: fc.integer({ min: 0, max: 7 }),
    dw: fc.integer({ min: 0, max: 11 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  }).map(({ R, S, stride, pad, C, M, dh, dw, seed }): Case => ({
    hw,
    shape: { C, M, R, S, stride, pad, H: Math.max(1, R - 2 * pad) + dh, W: Math.max(1, S - 2 * pad) + dw },
    seed,
  })),
);

function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

function layerOf(c: Case, name: string): DenseLayer {
  const r = rng(c.seed);
  const s = c.shape;
  const K = s.C * s.R * s.S;
  return {
    name,
    shape: s,
    input: Uint8Array.from({ length: s.C * s.H * s.W }, () => (r(0, 9) < 3 ? 0 : r(0, 255))),
    weights: Int8Array.from({ length: s.M * K }, () => r(-128, 127)),
    bias: Int32Array.from({ length: s.M }, () => r(-20000, 20000)),
    relu: r(0, 1) === 1,
    ...(r(0, 1) ? { rq: randomRqTable(s.M, r, [1, 32767], [0, 24]) } : {}),
  };
}

const text = (c: Case): string => `${c.hw.rows}x${c.hw.cols}/maxStride ${c.hw.maxStride}: ${JSON.stringify(c.shape)}`;
const why = (v: Awaited<ReturnType<typeof verifyDense>>): string =>
  `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;

describe('the input layout', () => {
  it('gives the rows of every pixel tile distinct banks at every step, wherever the tile wraps (3000 shapes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 7 }),
        (rows, maxStride, st, W, S, pad, OH) => {
          const stride = Math.min(st, maxStride);
          const OW = Math.floor((W + 2 * pad - S) / stride) + 1;
          if (OW < 1) return;
          const B = derived({ ...DEFAULT_HW, rows, maxStride }).ifBanks;
          const pitch = inputPitch(W, OW, stride, B);
          expect(pitch).toBeGreaterThanOrEqual(W);
          expect(pitch - W).toBeLessThan(B);
          for (let p0 = 0; p0 < OH * OW; p0 += rows)
            for (const r of [0, 2])
              for (let s = 0; s < S; s++) {
                const banks = new Set<number>();
                for (let i = 0; i < rows; i++) {
                  const y = Math.floor((p0 + i) / OW);
                  const x = (p0 + i) % OW;
                  const v = (y * stride + r - pad) * pitch + (x * stride + s - pad);
                  banks.add(((v % B) + B) % B);
                }
                expect(banks.size, `rows ${rows}, stride ${stride}, W ${W}, OW ${OW}, pitch ${pitch}, tile at ${p0}`).toBe(rows);
              }
        },
      ),
      { numRuns: 3000, seed: 10 },
    );
  });
});

describe('dense accelerator on random arrays and shapes', () => {
  it('matches the golden convolution and the cycle model in the built-in simulator (fast-check, 60 cases)', async () => {
    const designs = new Map<string, Compiled>();
    let wrapped = 0;
    let tiled = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const key = JSON.stringify(c.hw);
        if (!designs.has(key)) designs.set(key, compile(DenseAccel, c.hw));
        const l = layerOf(c, 'fc');
        const { OW } = outDims(c.shape);
        if (OW % c.hw.rows !== 0) wrapped++;
        if (tileLayer(l, c.hw).length > 1) tiled++;
        const v = await verifyDense(l, c.hw, designs.get(key)!, 'builtin');
        expect(v.pass, `${text(c)}: ${why(v)}`).toBe(true);
        expect(v.rtlCycles, text(c)).toBe(v.modelCycles);
      }),
      { numRuns: 60, seed: 2026 },
    );
    // the sample exercised wrapping tiles and SRAM tiling
    expect(wrapped).toBeGreaterThan(20);
    expect(tiled).toBeGreaterThan(5);
  }, 300_000);

  it('matches in Icarus and Verilator on a 5×3 array (8 layers, one build per simulator)', async () => {
    const hw: DenseHwParams = { ...DEFAULT_HW, rows: 5, cols: 3, maxStride: 2, ifmapWords: 256, weightWords: 512, outWords: 128, biasWords: 16 };
    const shapes: ConvShape[] = [
      { C: 3, H: 9, W: 7, M: 5, R: 3, S: 3, stride: 1, pad: 1 }, // OW 7: tiles wrap across output rows
      { C: 2, H: 11, W: 9, M: 4, R: 3, S: 3, stride: 2, pad: 1 }, // stride 2, OW 5 = rows
      { C: 1, H: 6, W: 4, M: 7, R: 3, S: 3, stride: 1, pad: 0 }, // OW 2 < rows: a tile spans three output rows
      { C: 4, H: 5, W: 13, M: 3, R: 1, S: 1, stride: 2, pad: 0 }, // 1×1, K < rows: bubbles
      { C: 2, H: 10, W: 8, M: 6, R: 5, S: 5, stride: 2, pad: 1 }, // 5×5 stride 2, OW 3
    ];
    const sample = fc.sample(caseArb.filter((c) => c.hw.maxStride <= 2), { numRuns: 3, seed: 77 }).map((c) => c.shape);
    const layers = [...shapes, ...sample].map((shape, i) => layerOf({ hw, shape, seed: 500 + i }, `ns${i}`));
    const c = compile(DenseAccel, hw);
    for (const sim of ['verilator', 'icarus'] as const)
      for (const l of layers) {
        const v = await verifyDense(l, hw, c, sim);
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles, `${l.name} in ${sim}`).toBe(v.modelCycles);
      }
  }, 600_000);
});
