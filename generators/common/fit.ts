/**
 * Fit checks shared by the host drivers: one error class for "this layer does not fit this hardware", whose message
 * names the layer, the limit and the fix (`layer 'x': K = 4608 exceeds the 12-bit K field; raise kBits in the config`),
 * and the checks every family repeats (accumulator bound, requantisation widths, shape-field widths).
 */
import { maxAbs, type ConvLayer } from './shape.js';
import { rqMisfit, type RqTable } from './rq.js';

/** A layer that does not fit the generated hardware. Families subclass it only to keep their own error name. */
export class FitError extends Error {
  override name = 'FitError';
}

export type Fail = (what: string, fix: string) => never;

/** `fail(what, fix)` throws `layer '<name>': <what>; <fix>` as the given FitError class. */
export function failFor(name: string, E: new (msg: string) => FitError = FitError): Fail {
  return (what, fix) => {
    throw new E(`layer '${name}': ${what}; ${fix}`);
  };
}

/**
 * The accumulator must hold every sum: |Σ| ≤ vmax·2^(wBits−1)·K·(1 + extra) + max|bias|, where vmax is the largest
 * streamed magnitude (2^actBits − 1 for raw activations).
 */
export function checkAccumulator(l: ConvLayer, w: { wBits: number; accBits: number }, vmax: number, K: number, fail: Fail, extra = 0): void {
  const bound = BigInt(vmax) * BigInt(2 ** (w.wBits - 1)) * BigInt(K) * BigInt(1 + extra) + BigInt(maxAbs(l.bias));
  if (bound > (1n << BigInt(w.accBits - 1)) - 1n)
    fail(`sums can reach ±${bound}, which overflows the ${w.accBits}-bit accumulator`, `raise accBits to at least ${bound.toString(2).length + 1}`);
}

/** Every channel's requantisation multiplier and shift must fit the table's fields, and the table must cover every channel. */
export function checkRequant(l: { shape: { M: number }; rq?: RqTable | undefined }, w: { multBits: number; shiftBits: number }, fail: Fail): void {
  if (!l.rq) return;
  if (l.rq.mult.length !== l.shape.M || l.rq.shift.length !== l.shape.M)
    fail(`the requantisation table has ${l.rq.mult.length} multipliers and ${l.rq.shift.length} shifts for ${l.shape.M} output channels`, 'give one entry per output channel');
  const bad = rqMisfit(l.rq, w);
  if (bad) fail(`requantisation of channel ${bad.m} (mult ${bad.mult}, shift ${bad.shift}) does not fit ${w.multBits}/${w.shiftBits} bits`, 'raise multBits/shiftBits');
}

/** Every named shape field must fit `bits` bits. */
export function checkFields(fields: Record<string, number>, bits: number, fail: Fail): void {
  const max = 2 ** bits - 1;
  for (const [k, v] of Object.entries(fields)) if (v > max) fail(`${k} = ${v} exceeds the ${bits}-bit shape fields (max ${max})`, 'raise dimBits in the config');
}
