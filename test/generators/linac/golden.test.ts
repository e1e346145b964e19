/** LINAC golden models equal the reference convolution exactly (random and real face-net inputs, both modes). */
import { describe, it, expect } from 'vitest';
import { linacConv, planeFit, residuals, padded, type LinacLayerData } from '../../../generators/linac/golden.js';
import { conv2dWide, requantize, tensor3, weights4 } from '../../../models/conv2d.js';
import { quantizedLayer } from '../../../workloads/facenet/index.js';
import { uniformRq } from '../../../generators/common/rq.js';
import { nafCount } from '../../../generators/bitserial/golden.js';
import { randomLinacLayer, rng } from './helpers.js';


function reference(l: LinacLayerData): Float64Array {
  const s = l.shape;
  const a = tensor3(s.C, s.H, s.W, Uint16Array.from(l.input));
  const w = weights4(s.M, s.C, s.R, s.S, Int16Array.from(l.weights));
  const o = conv2dWide(a, w, l.bias, { stride: s.stride, pad: s.pad, relu: l.relu });
  const plane = o.H * o.W;
  const rq = l.rq;
  return Float64Array.from(o.data, (v, i) => (rq ? requantize(Number(v), rq.mult[Math.floor(i / plane)]!, rq.shift[Math.floor(i / plane)]!) : Number(v)));
}

describe('linacConv equals conv2d exactly', () => {
  it('act_pred with β = (1), (2,−1), (1,1,−1), (3,−3,1), (−2) and wgt_plane on 300 random layers (8 and 16 bits)', () => {
    const betas = [[1], [2, -1], [1, 1, -1], [3, -3, 1], [-2]];
    for (let seed = 1; seed <= 300; seed++) {
      const l = randomLinacLayer(seed, seed % 3 === 0 ? 16 : 8);
      const ref = reference(l);
      expect(Array.from(linacConv(l, { mode: 'act_pred', beta: betas[seed % betas.length]! })), `act_pred seed ${seed}`).toEqual(Array.from(ref));
      expect(Array.from(linacConv(l, { mode: 'wgt_plane' })), `wgt_plane seed ${seed}`).toEqual(Array.from(ref));
    }
  });

  it('on real face-net layers (the stem, a 3×3/1 and a 3×3/2 layer; first 8 filters), both modes, raw sums and requantised', () => {
    for (const name of ['conv32_down', 'conv32_1/conv1', 'conv64_down/conv1']) {
      const q = quantizedLayer(name, 0);
      const M = 8;
      const K = q.shape.C * q.shape.R * q.shape.S;
      const base: LinacLayerData = {
        name,
        shape: { ...q.shape, M },
        input: q.input.data,
        weights: q.weights.data.subarray(0, M * K),
        bias: q.bias.subarray(0, M),
        relu: q.relu,
      };
      for (const l of [base, { ...base, rq: uniformRq(q.mult, q.shift, M) }]) {
        const ref = reference(l);
        for (const o of [{ mode: 'act_pred' as const, beta: [1] }, { mode: 'act_pred' as const, beta: [2, -1] }, { mode: 'wgt_plane' as const }])
          expect(Array.from(linacConv(l, o)), `${name} ${JSON.stringify(o)}`).toEqual(Array.from(ref));
      }
    }
  }, 120_000);
});

describe('residuals and the plane fit', () => {
  it('residual of a linear ramp under β = (2, −1) is zero past the first two columns', () => {
    const l = { shape: { C: 1, H: 1, W: 8, M: 1, R: 1, S: 1, stride: 1, pad: 0 }, input: Uint16Array.from([3, 5, 7, 9, 11, 13, 15, 17]) };
    expect(Array.from(residuals(padded(l), l.shape, [2, -1]))).toEqual([3, -1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(residuals(padded(l), l.shape, [1]))).toEqual([3, 2, 2, 2, 2, 2, 2, 2]);
  });
  it('the plane fit reconstructs every weight and never has more terms than the raw kernel', () => {
    const r = rng(9);
    const w = Int16Array.from({ length: 6 * 4 * 9 }, (_, i) => ((i % 3) * 10 + Math.floor(i / 3) % 3 * 4 + r(-3, 3)));
    const f = planeFit(w, 6, 4, 3, 3);
    let raw = 0;
    let fitted = 0;
    for (let k = 0; k < 24; k++) {
      for (let i = 0; i < 9; i++) {
        const [rr, s] = [Math.floor(i / 3), i % 3];
        expect(f.alpha[k]! * rr + f.beta[k]! * s + f.gamma[k]! + f.rho[k * 9 + i]!).toBe(w[k * 9 + i]);
        raw += nafCount(w[k * 9 + i]!);
        fitted += nafCount(f.rho[k * 9 + i]!);
      }
      fitted += nafCount(f.alpha[k]!) + nafCount(f.beta[k]!) + nafCount(f.gamma[k]!);
    }
    expect(fitted).toBeLessThan(raw);
  });
});
