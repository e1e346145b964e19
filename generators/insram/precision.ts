/**
 * Operand precisions of the bit-serial array: n-bit two's-complement weights (8, 4, 2), ternary weights {−1, 0, 1}
 * (masked add and subtract, no multiply) and binary ±1 weights and inputs (XNOR and popcount; binary weights are sign(w)). Real int8 weights are
 * brought to a lower precision by rounding w·(2^(n−1)−1)/127 (per layer, symmetric) or, for ternary, to sign(w) where
 * |w| > 0.7·mean|w| (the usual ternary threshold); the golden model is conv2d on those weights.
 */
import type { Precision } from './program.js';

export const PRECISIONS = ['int8', 'int4', 'int2', 'ternary', 'binary'] as const;
export type PrecisionName = (typeof PRECISIONS)[number];

export function parsePrecision(p: PrecisionName): Precision {
  if (p === 'ternary' || p === 'binary') return { mode: p };
  return { mode: 'int', wBits: Number(p.slice(3)) };
}

/** Int8 weights (|w| ≤ 127) at a lower precision. */
export function reduceWeights(w: ArrayLike<number>, prec: Precision): Int16Array {
  if (prec.mode === 'int') {
    const q = 2 ** (prec.wBits - 1) - 1;
    return Int16Array.from(w, (v) => Math.max(-q, Math.min(q, Math.round((v * q) / 127))));
  }
  if (prec.mode === 'binary') return Int16Array.from(w, (v) => (v > 0 ? 1 : -1));
  let mean = 0;
  for (let i = 0; i < w.length; i++) mean += Math.abs(w[i]!);
  mean /= Math.max(1, w.length);
  const th = 0.7 * mean;
  return Int16Array.from(w, (v) => (Math.abs(v) > th ? Math.sign(v) : 0));
}
