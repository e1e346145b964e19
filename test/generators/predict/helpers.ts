/** Seeded random layers for the output-sign-prediction tests. */
import type { PredLayer } from '../../../generators/predict/golden.js';
import { Prng } from '../../../workloads/synthetic.js';
import { randomRqTable } from '../common/rq-table.js';

/** Kernels 1..3 in each direction, stride 1 or 2, padding 0 or 1, 40% zero activations and 20% zero weights. */
export function randomPredLayer(seed: number, zeros = 0.4): PredLayer {
  const g = new Prng(seed);
  const R = g.int(1, 3);
  const S = g.int(1, 3);
  const shape = { C: g.int(1, 4), H: g.int(R, R + 5), W: g.int(S, S + 6), M: g.int(1, 9), R, S, stride: g.int(1, 2), pad: g.int(0, 1) };
  return {
    name: `rand${seed}`,
    shape,
    input: Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (g.next() < zeros ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: shape.M * shape.C * R * S }, () => (g.next() < 0.2 ? 0 : g.int(-127, 127))),
    bias: Int32Array.from({ length: shape.M }, () => g.int(-30000, 30000)),
    relu: true,
    ...(g.int(0, 1) ? { rq: randomRqTable(shape.M, (lo, hi) => g.int(lo, hi), [1, 32767], [8, 24]) } : {}),
  };
}

