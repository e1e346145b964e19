/**
 * Valid/ready streams. `Stream(t)` is the producer's view {valid, data: out; ready: in}; `flip(Stream(t))` the
 * consumer's. A word moves in a cycle where valid and ready are both 1 (`fire`). A producer that raises valid keeps
 * valid and data until the word moves.
 */
import { In, Out } from '../ports.js';
import { Bool, type HwType } from '../types.js';
import type { Signal } from '../signal.js';

export function Stream<T extends HwType>(t: T) {
  return { valid: Out(Bool), data: Out(t), ready: In(Bool) };
}

/** valid ∧ ready of a stream view (either side's). */
export function fire(s: { valid: Signal; ready: Signal }): Signal {
  return s.valid.and(s.ready);
}
