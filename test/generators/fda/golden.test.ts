/**
 * The frequency-domain golden model against independent references: the frequency-domain weights against the float
 * FFT of the zero-padded kernel (fft.js), the whole pipeline against the exact spatial convolution (2D and 3D; the
 * error shrinks as the word lengths grow and stays within a small fraction of the sums), the lossless fast path
 * against the bit-sliced crossbar model, and the fit errors.
 */
import { describe, it, expect } from 'vitest';
import { fdaConv, exactSums, freqWeights, binProducts, fdaDims, type FdaArith, type FdaLayer } from '../../../generators/fda/golden.js';
import { DEFAULT_HW, fdaArithOf, type FdaHwParams } from '../../../generators/fda/params.js';
import { planFda, checkLayerFits } from '../../../generators/fda/driver.js';
import { tileFda } from '../../../generators/fda/tiling.js';
import { floatFftNd } from '../../../generators/fft/float.js';
import { Prng } from '../../../workloads/synthetic.js';
import { conv2d, tensor3, weights4 } from '../../../models/conv2d.js';

function layer(seed: number, C: number, M: number, H: number, W: number, D?: number): FdaLayer {
  const rng = new Prng(seed);
  const T = D ? 3 : 1;
  return {
    name: 'l',
    shape: { C, H, W, M, R: 3, S: 3, stride: 1, pad: 1, ...(D ? { D, T, padD: 1 } : {}) },
    input: Uint8Array.from({ length: C * (D ?? 1) * H * W }, () => rng.int(0, 255)),
    weights: Int8Array.from({ length: M * C * 9 * T }, () => rng.int(-128, 127)),
    bias: Int32Array.from({ length: M }, () => rng.int(-1000, 1000)),
    relu: false,
  };
}

function errors(l: FdaLayer, a: FdaArith) {
  const r = fdaConv(l, a);
  const ex = exactSums(l, a);
  let max = 0;
  let se = 0;
  let sx = 0;
  for (let i = 0; i < ex.length; i++) {
    const e = r.sums[i]! - ex[i]!;
    max = Math.max(max, Math.abs(e));
    se += e * e;
    sx += ex[i]! * ex[i]!;
  }
  return { max, relRms: Math.sqrt(se / sx), rmsX: Math.sqrt(sx / ex.length) };
}

const hw = (over: Partial<FdaHwParams>): FdaHwParams => ({ ...DEFAULT_HW, adc: 'ideal', ...over });

describe('fda golden model', () => {
  it('frequency-domain weights are conj(DFT(zero-padded kernel))·2^f, rounded (against fft.js)', () => {
    for (const dims of [2, 3] as const) {
      const l = layer(3, 2, 2, 6, 6, dims === 3 ? 5 : undefined);
      const a = fdaArithOf(hw({ dims, n: 4, wFracBits: 5 }));
      const W = freqWeights(l, a);
      const n = 4;
      const d = fdaDims(l.shape, a);
      const ksz = d.T * 9;
      for (let mc = 0; mc < 4; mc++) {
        const re = new Float64Array(d.nz * n * n);
        for (let q = 0; q < d.T; q++) for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) re[(q * n + r) * n + s] = l.weights[mc * ksz + (q * 3 + r) * 3 + s]!;
        const f = floatFftNd({ re, im: new Float64Array(re.length) }, n, dims, false);
        const scale = n ** dims * 2 ** 5;
        for (let z = 0; z < d.nz; z++)
          for (let y = 0; y < n; y++)
            for (let x = 0; x <= n / 2; x++) {
              const b = (z * n + y) * (n / 2 + 1) + x;
              const i = (z * n + y) * n + x;
              expect(Math.abs(W.re[mc * d.bins + b]! - f.re[i]! * scale)).toBeLessThanOrEqual(0.5 + 1e-6);
              expect(Math.abs(W.im[mc * d.bins + b]! + f.im[i]! * scale)).toBeLessThanOrEqual(0.5 + 1e-6);
            }
      }
    }
  });

  it('2D: the result approaches the exact convolution as the word lengths grow', () => {
    const l = layer(5, 3, 2, 11, 9);
    const lo = errors({ ...l, yShift: 4 }, fdaArithOf(hw({ n: 8, guardBits: 1, fftBits: 10, twBits: 8, wFracBits: 1, ifftBits: 24 })));
    const hi = errors({ ...l, yShift: 8 }, fdaArithOf(hw({ n: 8, guardBits: 8, fftBits: 18, twBits: 18, wFracBits: 6, ifftBits: 24 })));
    expect(hi.max).toBeLessThan(lo.max / 8);
    expect(hi.relRms).toBeLessThan(2e-3);
    expect(lo.relRms).toBeLessThan(0.1);
  });

  it('stride 2 and input-channel chunks: close to the exact strided convolution (models/conv2d)', () => {
    const rng = new Prng(12);
    const [C, H, W, M] = [5, 13, 12, 2];
    const input = Uint8Array.from({ length: C * H * W }, () => rng.int(0, 255));
    const weights = Int8Array.from({ length: M * C * 9 }, () => rng.int(-128, 127));
    const bias = Int32Array.from({ length: M }, () => rng.int(-1000, 1000));
    const l: FdaLayer = { name: 's2', shape: { C, H, W, M, R: 3, S: 3, stride: 2, pad: 0 }, input, weights, bias, relu: false };
    const ex = conv2d(tensor3(C, H, W, input), weights4(M, C, 3, 3, weights), bias, { stride: 2, pad: 0 }).data;
    const wide = { n: 8, guardBits: 8, fftBits: 18, twBits: 18, wFracBits: 6, ifftBits: 24 };
    for (const maxC of [2, C]) {
      const a = fdaArithOf(hw({ ...wide, maxC }));
      const r = fdaConv(l, a);
      expect(r.sums.length).toBe(M * 6 * 5);
      let se = 0;
      let sx = 0;
      for (let i = 0; i < ex.length; i++) {
        se += (r.sums[i]! - ex[i]!) ** 2;
        sx += ex[i]! ** 2;
      }
      expect(Math.sqrt(se / sx)).toBeLessThan(2e-3);
      expect(r.inverseFfts).toBe(r.tiles * M * Math.ceil(C / maxC));
    }
  });

  it('3D (3×3×3 kernels): the result approaches the exact convolution', () => {
    const l = layer(6, 2, 2, 6, 5, 5);
    const e = errors({ ...l, yShift: 8 }, fdaArithOf(hw({ dims: 3, n: 4, guardBits: 8, fftBits: 18, twBits: 18, wFracBits: 6, ifftBits: 24 })));
    expect(e.relRms).toBeLessThan(2e-3);
    expect(e.rmsX).toBeGreaterThan(1000);
  });

  it('the lossless fast path equals the bit-sliced crossbar model', () => {
    const rng = new Prng(9);
    const a = fdaArithOf(hw({ adc: 'limited', adcBits: 4, rows: 4 }));
    const C = 4;
    const M = 2;
    const bins = 12;
    const X = { re: Int32Array.from({ length: C * bins }, () => rng.int(-2048, 2047)), im: Int32Array.from({ length: C * bins }, () => rng.int(-2048, 2047)) };
    const W = { re: Int32Array.from({ length: M * C * bins }, () => rng.int(-30000, 30000)), im: Int32Array.from({ length: M * C * bins }, () => rng.int(-30000, 30000)), maxAbs: 30000 };
    const fast = binProducts(X, W, C, M, bins, a, true);
    const slow = binProducts(X, W, C, M, bins, a, false);
    expect(Array.from(fast.re)).toEqual(Array.from(slow.re));
    expect(Array.from(fast.im)).toEqual(Array.from(slow.im));
    expect(fast.events).toEqual(slow.events);
    expect(slow.events.lossyConversions).toBe(0);
    const lossy = binProducts(X, W, C, M, bins, fdaArithOf(hw({ adc: 'limited', adcBits: 3, rows: 4 })), true);
    expect(lossy.events.lossyConversions).toBeGreaterThan(0);
  });

  it('layers that do not fit name the limit and the fix', () => {
    const h = hw({ n: 4, maxC: 4, maxM: 2 });
    const msg = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    // stride 2 and more input channels than maxC (run in channel chunks) fit; a strided 3D layer does not
    expect(msg(() => checkLayerFits({ ...layer(1, 2, 2, 6, 6), shape: { ...layer(1, 2, 2, 6, 6).shape, stride: 2 } }, h))).toBe('no error');
    expect(msg(() => checkLayerFits(layer(1, 5, 2, 6, 6), h))).toBe('no error');
    const l3 = layer(1, 2, 2, 4, 4, 4);
    expect(msg(() => checkLayerFits({ ...l3, shape: { ...l3.shape, stride: 2 } }, { ...h, dims: 3 }))).toBe("layer 'l': stride 2 on 3D hardware: strided 3D layers are not supported; use stride 1");
    expect(msg(() => checkLayerFits(layer(1, 2, 2, 6, 6), { ...h, ifftBits: 12, maxYShift: 2 }))).toMatch(/^layer 'l': the products need a shift of \d+ into the IFFT, more than maxYShift = 2; raise maxYShift or ifftBits in the config$/);
    expect(msg(() => checkLayerFits(layer(1, 2, 2, 6, 6), { ...h, wFracBits: 12 }))).toMatch(/^layer 'l': a frequency-domain weight reaches \d+, more than the 16-bit cells hold \(32767\); lower wFracBits or raise weightBits in the config$/);
    const t = tileFda(layer(1, 2, 3, 6, 6), h);
    expect(t.length).toBe(2 * 9);
    expect(() => planFda(t[0]!.layer, h)).not.toThrow();
    expect(msg(() => planFda(layer(1, 2, 2, 6, 6), h))).toBe("layer 'l': a run is one 4-point patch, got 6×6 with padding 1; tile the layer with tileFda");
  });
});
