/**
 * The insram golden models without a simulator: every mapping's functional model equals conv2d on the pruned weights
 * (random layers at every pruning level, and a real face-net layer); the pruned models have the documented channel
 * sets (coalesce keeps each filter's largest kernels; overlap groups split the channels disjointly); configuration
 * errors name the field and the fix.
 */
import { describe, it, expect } from 'vitest';
import { conv2dWide, tensor3, weights4 } from '../../../models/conv2d.js';
import { kernelNorms, pruneCoalesce, pruneOverlap, applyMask } from '../../../generators/insram/prune.js';
import { mappingConv, MAPPINGS } from '../../../generators/insram/mapping.js';
import { planLayer, InsramFitError } from '../../../generators/insram/program.js';
import { DEFAULT_HW } from '../../../generators/insram/params.js';
import { parseConfig, ConfigError } from '../../../generators/registry.js';
import { quantizedLayer } from '../../../workloads/facenet/index.js';
import { Prng } from '../../../workloads/synthetic.js';

function randomLayer(seed: number) {
  const g = new Prng(seed);
  const R = g.int(1, 3);
  const shape = { C: g.int(2, 9), H: g.int(R, R + 5), W: g.int(R, R + 5), M: g.int(1, 7), R, S: R, stride: g.int(1, 2), pad: g.int(0, 1) };
  const input = Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (g.next() < 0.4 ? 0 : g.int(1, 255)));
  const weights = Int8Array.from({ length: shape.M * shape.C * R * R }, () => g.int(-127, 127));
  const bias = Int32Array.from({ length: shape.M }, () => g.int(-30000, 30000));
  return { shape, input, weights, bias };
}

const reference = (l: { shape: ReturnType<typeof randomLayer>['shape']; input: ArrayLike<number>; bias: ArrayLike<number> }, w: ArrayLike<number>) => {
  const s = l.shape;
  const a = tensor3(s.C, s.H, s.W, Uint8Array.from(l.input));
  return Float64Array.from(conv2dWide(a, weights4(s.M, s.C, s.R, s.S, Int8Array.from(w)), Int32Array.from(l.bias), { stride: s.stride, pad: s.pad }).data, Number);
};

describe('mapping functional models equal conv2d on the pruned weights', () => {
  it('on 60 random layers, every mapping, pruning 0/25/50/75 %', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const l = randomLayer(seed);
      const s = l.shape;
      const norms = kernelNorms(l.weights, s.M, s.C, s.R * s.S);
      for (const level of [0, 0.25, 0.5, 0.75])
        for (const kind of MAPPINGS) {
          const mask = kind === 'overlapped' ? pruneOverlap(norms, s.M, s.C, level) : pruneCoalesce(norms, s.M, s.C, level);
          const w = applyMask(l.weights, mask, s.R * s.S);
          expect(Array.from(mappingConv(kind, mask, { ...l, weights: w })), `seed ${seed} ${kind} ${level}`).toEqual(Array.from(reference(l, w)));
        }
    }
  });

  it('on a real face-net layer (conv64_down/conv1, stride 2) pruned 50 %', () => {
    const q = quantizedLayer('conv64_down/conv1', 2);
    const s = q.shape;
    const norms = kernelNorms(q.weights.data, s.M, s.C, s.R * s.S);
    for (const kind of MAPPINGS) {
      const mask = kind === 'overlapped' ? pruneOverlap(norms, s.M, s.C, 0.5) : pruneCoalesce(norms, s.M, s.C, 0.5);
      const w = applyMask(q.weights.data, mask, s.R * s.S);
      const l = { shape: s, input: q.input.data, weights: w, bias: q.bias };
      expect(Array.from(mappingConv(kind, mask, l)), kind).toEqual(Array.from(reference(l, w)));
    }
  }, 120_000);
});

describe('pruned channel sets', () => {
  it('coalesce keeps each filter\u2019s C − round(level·C) largest kernels; overlap splits each group\u2019s channels disjointly', () => {
    const g = new Prng(3);
    const M = 12;
    const C = 16;
    const norms = Float64Array.from({ length: M * C }, () => g.next());
    const co = pruneCoalesce(norms, M, C, 0.25);
    for (let m = 0; m < M; m++) {
      expect(co.keep[m]!.length).toBe(12);
      const kept = new Set(co.keep[m]);
      const minKept = Math.min(...co.keep[m]!.map((c) => norms[m * C + c]!));
      for (let c = 0; c < C; c++) if (!kept.has(c)) expect(norms[m * C + c]!).toBeLessThan(minKept);
    }
    for (const [level, G] of [[0.5, 2], [0.75, 4], [0.25, 1]] as const) {
      const ov = pruneOverlap(norms, M, C, level);
      expect(ov.groups.every((gr) => gr.length === G)).toBe(true);
      for (const gr of ov.groups) {
        const all = gr.flatMap((m) => ov.keep[m]!);
        expect(new Set(all).size).toBe(all.length);
        expect(all.length).toBe(C);
      }
      expect(ov.level).toBeCloseTo(1 - 1 / G);
    }
  });
});

describe('fit errors and configuration errors', () => {
  it('name the limit and the fix', () => {
    const l = randomLayer(4);
    const s = l.shape;
    const norms = kernelNorms(l.weights, s.M, s.C, s.R * s.S);
    const mask = pruneCoalesce(norms, s.M, s.C, 0);
    expect(() => planLayer('x', l, mask, 'dense', { mode: 'int', wBits: 8 }, { ...DEFAULT_HW, cols: 2 })).toThrow(InsramFitError);
    expect(() => planLayer('x', { ...l, shape: { ...s, R: 3, S: 3 }, weights: new Int8Array(s.M * s.C * 9) }, mask, 'dense', { mode: 'int', wBits: 8 }, { ...DEFAULT_HW, rows: 64 })).toThrow(
      /needs \d+ wordlines .* an array has 64; raise rows or lower the precision/,
    );
    const cfg = (extra: Record<string, unknown>) => ({ name: 'x', generator: 'insram', ...extra });
    expect(() => parseConfig(cfg({ mapping: 'sparse' }), 'x.json')).toThrow(/x.json: mapping: got "sparse", must be one of "dense", "coalesced", "overlapped"/);
    expect(() => parseConfig(cfg({ pruning: 1 }), 'x.json')).toThrow(/x.json: pruning: got 1, must be a fraction in 0..0.95/);
    expect(() => parseConfig(cfg({ hw: { cols: 16 }, workload: { layers: [{ source: 'facenet', layer: 'conv32_1/conv1' }] } }), 'x.json')).toThrow(
      /x.json: workload.layers\[0\]: layer 'conv32_1\/conv1': a dense segment needs 32 bitlines \(one per input channel\), an array has 16; raise hw.cols/,
    );
    expect(() => parseConfig(cfg({ precision: 'binary', mapping: 'coalesced', workload: { layers: [{ source: 'random', name: 'r', C: 2, H: 3, W: 3, M: 1, R: 1, seed: 1 }] } }), 'x.json')).toThrow(ConfigError);
  });
});
