/** Shared helpers of the LINAC tests: a seeded generator and random layers. */
import type { LinacLayerData } from '../../../generators/linac/golden.js';
import { randomRqTable, distinctScaleTable } from '../common/rq-table.js';

/** A 5-filter 3×3 layer (filter tiles and columns both > 1 on the small cores) with a requantisation table of distinct scales. */
export function distinctScaleLinacLayer(w: { multBits: number; shiftBits: number }): LinacLayerData {
  const r = rng(4242);
  const shape = { C: 2, H: 5, W: 6, M: 5, R: 3, S: 3, stride: 1, pad: 1 };
  const l: LinacLayerData = {
    name: 'distinct_scales',
    shape,
    input: Uint16Array.from({ length: 2 * 5 * 6 }, () => (r(0, 3) === 0 ? 0 : r(0, 255))),
    weights: Int16Array.from({ length: 5 * 2 * 9 }, () => r(-128, 127)),
    bias: Int32Array.from({ length: 5 }, () => r(-2000, 2000)),
    relu: true,
  };
  return { ...l, rq: distinctScaleTable(l, w) };
}

export function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

export function randomLinacLayer(seed: number, actBits = 8): LinacLayerData {
  const r = rng(seed);
  const R = [1, 2, 3, 5][r(0, 3)]!;
  const S = r(0, 3) ? R : [1, 3][r(0, 1)]!;
  const shape = { C: r(1, 4), H: r(R, R + 7), W: r(S, S + 10), M: r(1, 5), R, S, stride: r(1, 3), pad: r(0, 2) };
  const K = shape.C * R * S;
  // smooth-ish rows (ramps plus noise) and plain noise, with zeros
  const smooth = r(0, 1) === 1;
  const max = 2 ** actBits - 1;
  const input = Uint16Array.from({ length: shape.C * shape.H * shape.W }, (_, i) =>
    r(0, 3) === 0 ? 0 : smooth ? Math.min(max, Math.max(0, ((i % shape.W) * 17 + r(-8, 8) * 2 ** (actBits - 8)) % (max + 1))) : r(0, max),
  );
  const wmax = [127, 7, 1][r(0, 2)]!;
  return {
    name: `rand${seed}`,
    shape,
    input,
    weights: Int16Array.from({ length: shape.M * K }, () => r(-wmax - 1, wmax)),
    bias: Int32Array.from({ length: shape.M }, () => r(-50000, 50000)),
    relu: r(0, 1) === 1,
    ...(r(0, 1) ? { rq: randomRqTable(shape.M, r, [1, 32767], [0, 24]) } : {}),
  };
}

