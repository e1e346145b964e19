/**
 * The golden models against the reference convolution (models/conv2d.ts): exact mode equals ReLU(conv) (then rq) on
 * random layers and a real face-net layer; in predict mode every executed output equals the reference, every skipped
 * one is 0 and the MAC count is the number of non-zero pairs counted here from the data; the offline preparation
 * (SVD factors, zshift, τ) and the fast ŷ path agree with their definitions.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../../models/conv2d.js';
import { goldenPredict, predictAll, outSize, type PredLayer } from '../../../generators/predict/golden.js';
import { svdFactors, quantizeP, calibrateTau, chooseZshift, preparePredictor, rawLowRank, windowsOf, yhatFromRaw, buildPredictor } from '../../../generators/predict/prep.js';
import { facenetLayerData } from '../../../generators/common/layers.js';
import { Prng } from '../../../workloads/synthetic.js';
import { randomPredLayer } from './helpers.js';

function reference(l: PredLayer): Int32Array {
  const s = l.shape;
  const a = tensor3(s.C, s.H, s.W, Uint16Array.from(l.input));
  const w = weights4(s.M, s.C, s.R, s.S, Int16Array.from(l.weights));
  const o = { stride: s.stride, pad: s.pad, relu: l.relu };
  return l.rq ? Int32Array.from(conv2dRequant(a, w, l.bias, { ...o, ...l.rq }).data) : conv2d(a, w, l.bias, o).data;
}

/** Non-zero pairs of output (m, oy, ox), counted straight from the tensors. */
function pairsAt(l: PredLayer, m: number, oy: number, ox: number): number {
  const s = l.shape;
  let n = 0;
  for (let c = 0; c < s.C; c++)
    for (let r = 0; r < s.R; r++)
      for (let q = 0; q < s.S; q++) {
        const y = oy * s.stride + r - s.pad;
        const x = ox * s.stride + q - s.pad;
        if (y < 0 || y >= s.H || x < 0 || x >= s.W) continue;
        if (l.input[(c * s.H + y) * s.W + x] !== 0 && l.weights[((m * s.C + c) * s.R + r) * s.S + q] !== 0) n++;
      }
  return n;
}

describe('exact mode (after SnaPEA)', () => {
  it('equals ReLU(conv) bit for bit on random layers, for every chunk size and pair rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (seed, chunkRows, npc) => {
        const l = randomPredLayer(seed);
        const g = goldenPredict(l, null, { chunkRows, npc, exact: true });
        expect(Array.from(g.y)).toEqual(Array.from(reference(l)));
        // an early end never executes more pairs than the whole dot product
        const { OH, OW } = outSize(l.shape);
        for (let m = 0; m < l.shape.M; m++) for (let i = 0; i < OH * OW; i++) expect(g.macs[m * OH * OW + i]!).toBeLessThanOrEqual(pairsAt(l, m, Math.floor(i / OW), i % OW));
      }),
      { numRuns: 25 },
    );
  });
  it('equals ReLU(conv) on a real face-net layer and ends some outputs early', () => {
    const l = facenetLayerData('conv256_1/conv1', 1);
    const g = goldenPredict(l, null, { chunkRows: 4, npc: 2, exact: true });
    expect(Array.from(g.y)).toEqual(Array.from(reference(l)));
    const full = goldenPredict(l, null, { chunkRows: 4, npc: 2, exact: false });
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(g.macs)).toBeLessThan(sum(full.macs));
    let early = 0;
    for (let i = 0; i < g.macs.length; i++) if (g.macs[i]! < full.macs[i]!) early++;
    expect(early).toBeGreaterThan(0);
  });
});

describe('predict mode', () => {
  it('executed outputs equal the reference, skipped ones are 0, MACs are the non-zero pairs', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const l = randomPredLayer(seed);
      const calib = [1, 2].map((k) => ({ ...randomPredLayer(seed), input: randomPredLayer(seed + 1000 * k).input }));
      const same = calib.every((c) => c.input.length === l.input.length);
      if (!same) continue;
      const rank = Math.min(2, l.shape.M, l.shape.C * l.shape.R * l.shape.S);
      const pred = preparePredictor(l, calib, rank, 0.1);
      const g = goldenPredict(l, pred, { chunkRows: 2, npc: 2, exact: false });
      const ref = reference(l);
      const { OH, OW } = outSize(l.shape);
      const yh = predictAll(l, pred);
      for (let i = 0; i < ref.length; i++) {
        const m = Math.floor(i / (OH * OW));
        const p = i % (OH * OW);
        expect(g.skip[i]).toBe(yh[i]! <= pred.tau ? 1 : 0);
        expect(g.y[i]).toBe(g.skip[i] ? 0 : ref[i]);
        expect(g.macs[i]).toBe(g.skip[i] ? 0 : pairsAt(l, m, Math.floor(p / OW), p % OW));
      }
    }
  });
  it('without a predictor computes every output (zero skipping only)', () => {
    const l = randomPredLayer(77);
    const g = goldenPredict(l, null, { chunkRows: 3, npc: 1, exact: false });
    expect(Array.from(g.y)).toEqual(Array.from(reference(l)));
    expect(g.skip.every((v) => v === 0)).toBe(true);
  });
});

describe('offline preparation', () => {
  it('the SVD factors rebuild W at full rank (ml-matrix)', () => {
    const l = randomPredLayer(11);
    const s = l.shape;
    const K = s.C * s.R * s.S;
    const f = svdFactors(l.weights, s.M, K);
    for (let m = 0; m < s.M; m++)
      for (let k = 0; k < K; k++) {
        let v = 0;
        for (let j = 0; j < f.rMax; j++) v += f.Q[m * f.rMax + j]! * f.P[j * K + k]!;
        expect(v).toBeCloseTo(l.weights[m * K + k]!, 6);
      }
    // singular values in decreasing order, P rows quantised to int8 with a per-row scale
    for (let j = 1; j < f.rMax; j++) expect(f.sigma[j]!).toBeLessThanOrEqual(f.sigma[j - 1]! + 1e-9);
    const qp = quantizeP(f, 1);
    expect(Math.max(...Array.from(qp.Pq, Math.abs))).toBe(127);
  });
  it('zshift is the smallest shift keeping the calibration P·x inside int16', () => {
    for (const mx of [0, 32767, 32768, 65534, 1e6, 7e7]) {
      const zs = chooseZshift(mx);
      expect(Math.floor((mx + (zs ? 2 ** (zs - 1) : 0)) / 2 ** zs)).toBeLessThanOrEqual(32767);
      if (zs > 0) expect(Math.floor((mx + (zs > 1 ? 2 ** (zs - 2) : 0)) / 2 ** (zs - 1))).toBeGreaterThan(32767);
    }
  });
  it('τ is the largest threshold whose false skips stay within the target', () => {
    const g = new Prng(5);
    const yh = [Int32Array.from({ length: 500 }, () => g.int(-1000, 1000))];
    const acc = [Float64Array.from(yh[0]!, (v) => v + g.int(-300, 300))];
    const falses = (tau: number) => yh[0]!.reduce((n, v, i) => n + (v <= tau && acc[0]![i]! > 0 ? 1 : 0), 0);
    for (const target of [0, 0.01, 0.05, 0.2]) {
      const tau = calibrateTau(yh, acc, target);
      expect(falses(tau)).toBeLessThanOrEqual(Math.floor(target * 500));
      expect(falses(tau + 1)).toBeGreaterThan(Math.floor(target * 500));
    }
  });
  it('the fast ŷ path of the bench equals the golden predictor', () => {
    const l = { ...randomPredLayer(21), shape: { C: 8, H: 9, W: 9, M: 12, R: 3, S: 3, stride: 1, pad: 1 } };
    const g = new Prng(4);
    l.input = Uint8Array.from({ length: 8 * 81 }, () => (g.next() < 0.4 ? 0 : g.int(1, 255)));
    l.weights = Int8Array.from({ length: 12 * 72 }, () => g.int(-127, 127));
    l.bias = Int32Array.from({ length: 12 }, () => g.int(-9999, 9999));
    const s = l.shape;
    const f = svdFactors(l.weights, s.M, s.C * s.R * s.S);
    const qp = quantizeP(f, 4);
    const raw = rawLowRank(qp, windowsOf(l));
    const pred = buildPredictor(f, qp, 6, l.bias, 0);
    expect(Array.from(yhatFromRaw(raw, pred, s.M))).toEqual(Array.from(predictAll(l, pred)));
  });
});
