import { describe, expect, it } from 'vitest';
import {
  accumulatorBits,
  accumulatorBitsFormula,
  accumulatorBound,
  conv2d,
  conv2dRequant,
  conv2dWide,
  outputShape,
  quantizeMultiplier,
  requantize,
  signedBitsFor,
  type Tensor3,
  type Weights4,
} from '../../models/conv2d.ts';

// Small deterministic PRNG (mulberry32), independent of the workloads' one.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randInt = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/**
 * Independent reference: explicit zero-padded copy of the input, im2col matrix [K × OH·OW] with
 * k = (c, r, s), weight matrix [M × K], matrix product in BigInt, then bias. Shares nothing with the model
 * (no shortcut x-range computation, different loop order, BigInt arithmetic throughout).
 */
function im2colConv(a: Tensor3, w: Weights4, bias: ArrayLike<number> | null, stride: number, pad: number): bigint[] {
  const Hp = a.H + 2 * pad;
  const Wp = a.W + 2 * pad;
  const padded: bigint[] = new Array(a.C * Hp * Wp).fill(0n);
  for (let c = 0; c < a.C; c++)
    for (let y = 0; y < a.H; y++)
      for (let x = 0; x < a.W; x++) padded[(c * Hp + y + pad) * Wp + x + pad] = BigInt(a.data[(c * a.H + y) * a.W + x]!);
  const OH = Math.floor((Hp - w.R) / stride) + 1;
  const OW = Math.floor((Wp - w.S) / stride) + 1;
  const K = a.C * w.R * w.S;
  const N = OH * OW;
  const cols: bigint[][] = [];
  for (let k = 0; k < K; k++) {
    const c = Math.floor(k / (w.R * w.S));
    const r = Math.floor(k / w.S) % w.R;
    const s = k % w.S;
    const row: bigint[] = [];
    for (let n = 0; n < N; n++) {
      const oy = Math.floor(n / OW);
      const ox = n % OW;
      row.push(padded[(c * Hp + oy * stride + r) * Wp + ox * stride + s]!);
    }
    cols.push(row);
  }
  const out: bigint[] = [];
  for (let m = 0; m < w.M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = bias ? BigInt(bias[m]!) : 0n;
      for (let k = 0; k < K; k++) acc += BigInt(w.data[m * K + k]!) * cols[k]![n]!;
      out.push(acc);
    }
  }
  return out;
}

function randomCase(seed: number, actBits = 8, weightBits = 8, biasMax = 1 << 20) {
  const r = rng(seed);
  const C = randInt(r, 1, 6);
  const M = randInt(r, 1, 6);
  const R = [1, 2, 3, 5, 7][randInt(r, 0, 4)]!;
  const S = r() < 0.8 ? R : [1, 3][randInt(r, 0, 1)]!;
  const stride = randInt(r, 1, 3);
  const pad = randInt(r, 0, 2);
  const H = Math.max(R - 2 * pad, 1) + randInt(r, 0, 9);
  const W = Math.max(S - 2 * pad, 1) + randInt(r, 0, 9);
  const zeroP = r() * 0.7;
  const amax = 2 ** actBits - 1;
  const ad = actBits <= 8 ? new Uint8Array(C * H * W) : new Uint16Array(C * H * W);
  for (let i = 0; i < ad.length; i++) ad[i] = r() < zeroP ? 0 : randInt(r, 0, amax);
  const wlo = -(2 ** (weightBits - 1));
  const wd = weightBits <= 8 ? new Int8Array(M * C * R * S) : new Int16Array(M * C * R * S);
  for (let i = 0; i < wd.length; i++) wd[i] = randInt(r, wlo, -wlo - 1);
  const bias = new Int32Array(M);
  for (let i = 0; i < M; i++) bias[i] = randInt(r, -biasMax, biasMax);
  return { a: { C, H, W, data: ad } as Tensor3, w: { M, C, R, S, data: wd } as Weights4, bias, stride, pad };
}

describe('conv2d reference', () => {
  it('matches an im2col + matmul implementation on 300 random shapes (stride 1-3, pad 0-2, odd sizes)', () => {
    let sawStride2 = 0;
    let sawPad1 = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { a, w, bias, stride, pad } = randomCase(seed);
      if (stride === 2) sawStride2++;
      if (pad === 1) sawPad1++;
      const got = conv2d(a, w, bias, { stride, pad });
      const ref = im2colConv(a, w, bias, stride, pad);
      const sh = outputShape({ ...a, M: w.M, R: w.R, S: w.S, stride, pad });
      expect([got.C, got.H, got.W]).toEqual([sh.M, sh.OH, sh.OW]);
      expect(Array.from(got.data, (v) => BigInt(v))).toEqual(ref);
      const relu = conv2d(a, w, bias, { stride, pad, relu: true });
      expect(Array.from(relu.data, (v) => BigInt(v))).toEqual(ref.map((v) => (v < 0n ? 0n : v)));
    }
    expect(sawStride2).toBeGreaterThan(50);
    expect(sawPad1).toBeGreaterThan(50);
  });

  it('fixed cases: stride 2 pad 1 odd input, 3x3', () => {
    for (const [H, W, stride, pad] of [
      [7, 9, 2, 1],
      [5, 5, 2, 0],
      [11, 3, 1, 1],
      [35, 35, 2, 0],
    ] as const) {
      const r = rng(H * 100 + W);
      const a: Tensor3 = { C: 3, H, W, data: Uint8Array.from({ length: 3 * H * W }, () => randInt(r, 0, 255)) };
      const w: Weights4 = { M: 4, C: 3, R: 3, S: 3, data: Int8Array.from({ length: 108 }, () => randInt(r, -128, 127)) };
      const got = conv2d(a, w, null, { stride, pad });
      expect(Array.from(got.data, (v) => BigInt(v))).toEqual(im2colConv(a, w, null, stride, pad));
    }
  });

  it('uint16 × int16 with large K: conv2dWide is exact beyond 2^53 (BigInt path) and conv2d refuses', () => {
    // K = 64·3·3 = 576; 65535·32768·576 ≈ 1.24e12 < 2^53: double path. Add a huge bias to force > 2^53.
    for (let seed = 1000; seed < 1020; seed++) {
      const { a, w, bias, stride, pad } = randomCase(seed, 16, 16, 1 << 30);
      const ref = im2colConv(a, w, bias, stride, pad);
      expect(Array.from(conv2dWide(a, w, bias, { stride, pad }).data)).toEqual(ref);
    }
    const C = 2;
    const a: Tensor3 = { C, H: 3, W: 3, data: new Uint16Array(C * 9).fill(65535) };
    const w: Weights4 = { M: 1, C, R: 3, S: 3, data: new Int16Array(C * 9).fill(-32768) };
    const big = [2 ** 53 - 1]; // bias near 2^53 (a double, integer) forces the BigInt path
    const got = conv2dWide(a, w, big, { pad: 1 });
    expect(Array.from(got.data)).toEqual(im2colConv(a, w, big, 1, 1));
    expect(() => conv2d(a, w, null, { pad: 1 })).toThrow(/exceeds int32/);
  });

  it('shape errors are reported', () => {
    const a: Tensor3 = { C: 2, H: 3, W: 3, data: new Uint8Array(18) };
    const w: Weights4 = { M: 1, C: 3, R: 3, S: 3, data: new Int8Array(27) };
    expect(() => conv2d(a, w, null)).toThrow(/channels/);
    const w2: Weights4 = { M: 1, C: 2, R: 5, S: 5, data: new Int8Array(50) };
    expect(() => conv2d(a, w2, null)).toThrow(/empty output/);
  });
});

describe('requantisation', () => {
  function rqRef(v: bigint, mult: bigint, sh: bigint): number {
    const half = sh === 0n ? 0n : 1n << (sh - 1n);
    const q = (v * mult + half) >> sh;
    return q < 0n ? 0 : q > 255n ? 255 : Number(q);
  }
  it('equals the BigInt definition (arithmetic shift, round half up, clamp)', () => {
    const r = rng(7);
    for (let i = 0; i < 20000; i++) {
      const v = randInt(r, -(2 ** 31), 2 ** 31 - 1);
      const mult = randInt(r, 1, 2 ** 16);
      const sh = randInt(r, 0, 40);
      expect(requantize(v, mult, sh)).toBe(rqRef(BigInt(v), BigInt(mult), BigInt(sh)));
    }
    // negative values round towards −∞ before clamping; ties round up
    expect(requantize(3, 1, 1)).toBe(2); // (3+1)>>1 = 2
    expect(requantize(1, 1, 1)).toBe(1); // (1+1)>>1 = 1
    expect(requantize(-1, 1, 1)).toBe(0);
    // beyond 2^53: BigInt path
    const v = 2n ** 60n + 12345n;
    expect(requantize(v, 3, 62)).toBe(rqRef(v, 3n, 62n));
    expect(requantize(2 ** 40, 2 ** 20, 58)).toBe(rqRef(2n ** 40n, 2n ** 20n, 58n));
  });

  it('conv2dRequant = rq(max(conv, 0)) per channel', () => {
    const { a, w, bias, stride, pad } = randomCase(42);
    const ref = im2colConv(a, w, bias, stride, pad);
    const mult = Array.from({ length: w.M }, (_, m) => 100 + 37 * m);
    const q = conv2dRequant(a, w, bias, { stride, pad, relu: true, mult, shift: 16 });
    const plane = q.H * q.W;
    expect(Array.from(q.data)).toEqual(ref.map((v, i) => rqRef(v < 0n ? 0n : v, BigInt(mult[Math.floor(i / plane)]!), 16n)));
  });

  it('quantizeMultiplier approximates the real factor with a 15-bit multiplier', () => {
    for (const real of [0.000123, 0.5, 0.0371, 1.7, 3e-7]) {
      const { mult, shift } = quantizeMultiplier(real);
      expect(mult).toBeLessThan(2 ** 15);
      expect(mult).toBeGreaterThanOrEqual(2 ** 14);
      expect(Math.abs(mult / 2 ** shift - real) / real).toBeLessThan(2 ** -14);
    }
  });
});

describe('accumulator width', () => {
  it('exact bound never exceeds the 16 + ceil(log2 K) + 1 rule for 8b×8b and is tight', () => {
    for (const K of [1, 2, 3, 9, 27, 147, 288, 576, 1152, 2304, 4608, 25 * 96]) {
      const exact = accumulatorBits({ K, actBits: 8, weightBits: 8 });
      expect(exact).toBeLessThanOrEqual(accumulatorBitsFormula(8, 8, K));
      expect(exact).toBeLessThanOrEqual(16 + Math.ceil(Math.log2(K)) + 1);
      const bound = accumulatorBound({ K, actBits: 8, weightBits: 8 });
      expect(bound).toBe(255n * 128n * BigInt(K));
      // tight: one bit fewer cannot hold −bound
      expect(-(2n ** BigInt(exact - 2))).toBeGreaterThan(-bound);
    }
    expect(signedBitsFor(127n)).toBe(8);
    expect(signedBitsFor(128n)).toBe(9);
    expect(accumulatorBits({ K: 576, actBits: 16, weightBits: 16, maxAbsBias: 2 ** 31 })).toBe(42) // 65535·32768·576 + 2^31 ≈ 2^40.17;
  });

  it('an all-max layer attains the bound exactly', () => {
    const K = 3 * 3 * 5;
    const a: Tensor3 = { C: 5, H: 3, W: 3, data: new Uint8Array(45).fill(255) };
    const w: Weights4 = { M: 1, C: 5, R: 3, S: 3, data: new Int8Array(45).fill(-128) };
    const o = conv2d(a, w, null);
    expect(BigInt(o.data[0]!)).toBe(-accumulatorBound({ K, actBits: 8, weightBits: 8 }));
  });
});
