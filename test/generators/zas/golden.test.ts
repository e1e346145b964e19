/**
 * The ZAS golden models: the encoding round-trips and matches its documented layout, the scatter convolution on the
 * encoding equals the reference conv2d (random shapes, strides 1 to 4, padding 0 to 3, kernels up to 11, every sweep
 * sparsity, real face-net activations), and the cycle model's categories equal independent counts: non-zeros counted
 * on the dense map, MACs counted by a dense loop, and every overhead category the accelerator's own counter.
 */
import { describe, it, expect } from 'vitest';
import { zasEncode, zasDecode, zasConv, zasPost, encodedSize } from '../../../generators/zas/golden.js';
import { zasCycles, zasCounters, zasFolds, ZAS_COUNTERS } from '../../../generators/zas/model.js';
import { ZasAccel } from '../../../generators/zas/accel.js';
import { DEFAULT_HW, type ZasHwParams } from '../../../generators/zas/params.js';
import { verifyZas, planZas } from '../../../generators/zas/driver.js';
import { tileZas } from '../../../generators/zas/tiling.js';
import { compile } from '../../../dsl/index.js';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../../models/conv2d.js';
import { syntheticMap, SPARSITY_LEVELS, Prng } from '../../../workloads/synthetic.js';
import { quantizedLayer, channelQuantWeights } from '../../../workloads/facenet/index.js';
import { uniformRq } from '../../../generators/common/rq.js';

/** A random layer; `wide`: kernels up to 11, strides up to 4, padding up to 3 (else kernels ≤ 5, stride ≤ 2, pad ≤ 1). */
function randomCase(seed: number, sparsity?: number, wide = false) {
  const g = new Prng(seed);
  const R = (wide ? [1, 2, 3, 5, 7, 11] : [1, 2, 3, 3, 5])[g.int(0, 4 + (wide ? 1 : 0))]!;
  const S = g.int(0, 3) === 0 ? g.int(1, 3) : R;
  const stride = g.int(1, wide ? 4 : 2);
  const pad = g.int(0, wide ? 3 : 1);
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
  it('on 400 random layers (strides 1 to 4, padding 0 to 3, kernels 1 to 11, random sparsity)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCase(seed, undefined, seed > 300);
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
      const got = zasPost(zasConv(zasEncode(6, 12, 13, map.data), w, b, { M: 5, R: 3, S: 3, stride: 1, padY: 1, padX: 1 }), true, uniformRq(3000, 16, 5), 12 * 13);
      expect(Array.from(got)).toEqual(Array.from(ref.data));
    }
  });

  it('on real face-net layers (stem 7×7/2, 3×3 stride 1 and 2)', () => {
    for (const name of ['conv32_down', 'conv32_1/conv1', 'conv64_down/conv1', 'conv256_1/conv2']) {
      // per-channel weights and requantisation table (the default quantisation)
      const q = quantizedLayer(name, 1);
      const ch = channelQuantWeights(name);
      const s = q.shape;
      const ref = conv2dRequant(q.input, ch.weights, ch.bias, { stride: s.stride, pad: s.pad, relu: q.relu, mult: ch.mults, shift: ch.shifts });
      const e = zasEncode(s.C, s.H, s.W, q.input.data);
      const got = zasPost(zasConv(e, ch.weights.data, ch.bias, { M: s.M, R: s.R, S: s.S, stride: s.stride, padY: s.pad, padX: s.pad }), q.relu, { mult: ch.mults, shift: ch.shifts }, ref.H * ref.W);
      expect(Array.from(got), name).toEqual(Array.from(ref.data));
    }
  }, 120_000);
});

describe('zasCycles', () => {
  it('counts non-zero issues, MACs and edge slots as a dense count does, and empty-row cycles as the row formula', () => {
    for (let seed = 1; seed <= 140; seed++) {
      const c = randomCase(seed, undefined, seed > 100);
      const e = zasEncode(c.C, c.H, c.W, c.input);
      const s = { M: c.M, R: c.R, S: c.S, stride: c.stride, padY: c.pad, padX: c.pad };
      const m = zasCycles(e, s, { P: 4, KR: 5, KS: 5 });
      // one issue per non-zero of the dense map, per pass, per channel tile of P = 4
      const nonZeros = c.input.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
      expect(m.ideal, `seed ${seed}`).toBe(nonZeros * m.F * Math.ceil(c.M / 4));
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
      expect(m.edgeSlots).toBe(m.nnz * m.F * 25 * c.M - macs);
    }
  });

  it('folds a kernel into the fewest passes of KR×KS taps that cover every stride phase', () => {
    // brute force: pass (fr, fs) covers, in each stride phase, taps fr·KR … fr·KR + KR − 1 of that phase
    for (const [R, stride, KR] of [[7, 2, 3], [11, 4, 3], [5, 1, 3], [3, 2, 3], [11, 1, 4], [7, 3, 2], [4, 4, 1]] as const) {
      let maxPhaseTaps = 0;
      for (let ph = 0; ph < stride; ph++) {
        let n = 0;
        for (let r = ph; r < R; r += stride) n++;
        maxPhaseTaps = Math.max(maxPhaseTaps, n);
      }
      const f = zasFolds({ R, S: R, stride }, { KR, KS: KR });
      const fits = R <= KR;
      expect(f.FR, `${R}/${stride} on ${KR}`).toBe(fits ? 1 : Math.ceil(maxPhaseTaps / KR));
      expect(f.ss).toBe(fits ? 1 : stride * stride);
    }
  });

  it('every overhead category equals the accelerator\u2019s own counter (built-in simulator, 30 layers, at least 6 folded)', async () => {
    const hw: ZasHwParams = { ...DEFAULT_HW, P: 4, nzWords: 1024, rowWords: 256, partialWords: 64, weightWords: 1024, biasWords: 8, outWords: 512 };
    const c = compile(ZasAccel, hw);
    let folded = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = randomCase(500 + seed, undefined, seed > 10);
      const layer = { name: `case${seed}`, shape: { C: r.C, H: r.H, W: r.W, M: r.M, R: r.R, S: r.S, stride: r.stride, pad: r.pad }, input: r.input, weights: r.weights, bias: r.bias, relu: true };
      const v = await verifyZas(layer, hw, c, 'builtin');
      expect(v.tileRecords.length).toBeGreaterThan(0);
      for (const t of v.tileRecords) {
        const model = zasCounters(planZas(tileZas(layer, hw)[t.index]!.layer, hw).model);
        for (const k of ZAS_COUNTERS) expect(t.counters[k]!.rtl, `${t.name}: ${k}`).toBe(model[k]);
        expect(t.rtlCycles).toBe(model.busy + 1);
      }
      if (zasFolds(layer.shape, hw).F > 1) folded++;
    }
    expect(folded).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
