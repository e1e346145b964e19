/**
 * The ZAS golden models: the encoding round-trips and matches its documented layout, the scatter convolution on the
 * encoding equals the reference conv2d (random shapes, strides 1/2, padding 0/1, every sweep sparsity, real face-net
 * activations), and the cycle model's counts add up.
 */
import { describe, it, expect } from 'vitest';
import { zasEncode, zasDecode, zasConv, zasPost, encodedSize } from '../../../generators/zas/golden.js';
import { zasCycles } from '../../../generators/zas/model.js';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../../models/conv2d.js';
import { syntheticMap, SPARSITY_LEVELS, Prng } from '../../../workloads/synthetic.js';
import { quantizedLayer } from '../../../workloads/facenet/index.js';

function randomCase(seed: number, sparsity?: number) {
  const g = new Prng(seed);
  const R = [1, 2, 3, 3, 5][g.int(0, 4)]!;
  const S = g.int(0, 3) === 0 ? g.int(1, 3) : R;
  const stride = g.int(1, 2);
  const pad = g.int(0, 1);
  const C = g.int(1, 5);
  const H = g.int(Math.max(R, 1), R + 7);
  const W = g.int(Math.max(S, 1), S + 9);
  const M = g.int(1, 7);
  const sp = sparsity ?? g.next();
  const input = Uint8Array.from({ length: C * H * W }, () => (g.next() < sp ? 0 : g.int(1, 255)));
  const weights = Int8Array.from({ length: M * C * R * S }, () => g.int(-128, 127));
  const bias = Int32Array.from({ length: M }, () => g.int(-30000, 30000));
  return { C, H, W, M, R, S, stride, pad, input, weights, bias };
}

describe('zasEncode', () => {
  it('round-trips and lays words out as {x, v} in row order with a row-end table', () => {
    const data = Uint8Array.from([0, 5, 0, 7, /* row 1 */ 0, 0, 0, 0, /* row 2 */ 9, 0, 0, 1]);
    const e = zasEncode(1, 3, 4, data);
    expect(e.xBits).toBe(2);
    expect(Array.from(e.words)).toEqual([(1 << 8) | 5, (3 << 8) | 7, (0 << 8) | 9, (3 << 8) | 1]);
    expect(Array.from(e.rowEnd)).toEqual([2, 2, 4]);
    expect(Array.from(zasDecode(e))).toEqual(Array.from(data));
    expect(encodedSize(e)).toEqual({ bits: 4 * 10 + 3 * e.ptrBits, bytes: Math.ceil((40 + 3 * e.ptrBits) / 8), denseBytes: 12 });
    for (let seed = 1; seed <= 50; seed++) {
      const c = randomCase(seed);
      expect(Array.from(zasDecode(zasEncode(c.C, c.H, c.W, c.input)))).toEqual(Array.from(c.input));
    }
  });
});

describe('zasConv equals the reference conv2d', () => {
  it('on 300 random layers (strides 1/2, padding 0/1, kernels 1..5, random sparsity)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed);
      const ref = conv2d(tensor3(c.C, c.H, c.W, c.input), weights4(c.M, c.C, c.R, c.S, c.weights), c.bias, { stride: c.stride, pad: c.pad });
      const got = zasConv(zasEncode(c.C, c.H, c.W, c.input), c.weights, c.bias, { M: c.M, R: c.R, S: c.S, stride: c.stride, padY: c.pad, padX: c.pad });
      expect(Array.from(got), `seed ${seed}`).toEqual(Array.from(ref.data));
    }
  });

  it('at every sweep sparsity on synthetic maps, with ReLU and requantisation', () => {
    const dist = new Float64Array(256).fill(1);
    for (const sp of SPARSITY_LEVELS) {
      const map = syntheticMap({ C: 6, H: 12, W: 13, sparsity: sp, distribution: dist, seed: 7 });
      const g = new Prng(11);
      const w = Int8Array.from({ length: 5 * 6 * 9 }, () => g.int(-128, 127));
      const b = Int32Array.from({ length: 5 }, () => g.int(-5000, 5000));
      const ref = conv2dRequant(map, weights4(5, 6, 3, 3, w), b, { stride: 1, pad: 1, relu: true, mult: 3000, shift: 16 });
      const got = zasPost(zasConv(zasEncode(6, 12, 13, map.data), w, b, { M: 5, R: 3, S: 3, stride: 1, padY: 1, padX: 1 }), true, { mult: 3000, shift: 16 });
      expect(Array.from(got)).toEqual(Array.from(ref.data));
    }
  });

  it('on real face-net layers (stem 7×7/2, 3×3 stride 1 and 2)', () => {
    for (const name of ['conv32_down', 'conv32_1/conv1', 'conv64_down/conv1', 'conv256_1/conv2']) {
      const q = quantizedLayer(name, 1);
      const s = q.shape;
      const ref = conv2dRequant(q.input, q.weights, q.bias, { stride: s.stride, pad: s.pad, relu: q.relu, mult: q.mult, shift: q.shift });
      const e = zasEncode(s.C, s.H, s.W, q.input.data);
      const got = zasPost(zasConv(e, q.weights.data, q.bias, { M: s.M, R: s.R, S: s.S, stride: s.stride, padY: s.pad, padX: s.pad }), q.relu, { mult: q.mult, shift: q.shift });
      expect(Array.from(got), name).toEqual(Array.from(ref.data));
    }
  }, 120_000);
});

describe('zasCycles', () => {
  it('splits the cycles into ideal, row, drain and fixed overheads, and counts MACs and edge slots', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const c = randomCase(seed);
      const e = zasEncode(c.C, c.H, c.W, c.input);
      const s = { M: c.M, R: c.R, S: c.S, stride: c.stride, padY: c.pad, padX: c.pad };
      const m = zasCycles(e, s, { P: 4, KR: 5, KS: 5 });
      expect(m.ideal + m.rowOverhead + m.drainOverhead + m.fixed).toBe(m.cycles);
      expect(m.stream).toBe(m.nnz + m.emptyRows);
      // without lookahead every row costs max(len, 1); with it never more
      const one = zasCycles(e, s, { P: 4, KR: 5, KS: 5, rowLook: 1 });
      let plain = 0;
      for (let r = 0; r < c.C * c.H; r++) plain += Math.max(1, e.rowEnd[r]! - (r ? e.rowEnd[r - 1]! : 0));
      expect(one.stream).toBe(plain);
      expect(zasCycles(e, s, { P: 4, KR: 5, KS: 5, rowLook: 4 }).stream).toBeLessThanOrEqual(plain);
      // MACs: the dense reference's non-zero products
      let macs = 0;
      for (let mm = 0; mm < c.M; mm++)
        for (let y = 0; y < m.OH; y++)
          for (let x = 0; x < m.OW; x++)
            for (let ch = 0; ch < c.C; ch++)
              for (let r = 0; r < c.R; r++)
                for (let q = 0; q < c.S; q++) {
                  const iy = y * c.stride + r - c.pad;
                  const ix = x * c.stride + q - c.pad;
                  if (iy >= 0 && iy < c.H && ix >= 0 && ix < c.W && c.input[(ch * c.H + iy) * c.W + ix] !== 0) macs++;
                }
      expect(m.macs, `seed ${seed}`).toBe(macs);
      expect(m.edgeSlots).toBe(m.nnz * 25 * c.M - macs);
    }
  });
});
