/**
 * Priority encoding: the lowest set bit of a vector as a one-hot (x & −x, one carry chain), its index (an OR tree per
 * index bit), and both together as `priorityEncoder` for a list of requests.
 */
import { cat, type Signal } from '../signal.js';
import { HwError } from '../errors.js';
import { userLoc } from '../loc.js';
import { addrWidth } from '../bits.js';
import type { ModuleBuilder } from '../builder.js';

/** The lowest set bit of x as a one-hot of x's type (0 when x is 0). */
export function lowestOneHot(x: Signal): Signal {
  return x.and(x.not().addw(1));
}

/** Index of the set bit of a one-hot UInt(n), as UInt(addrWidth(n)); 0 for 0. */
export function oneHotIndex(oh: Signal): Signal {
  const n = oh.width;
  const w = addrWidth(n);
  if (n === 1) return oh.asUInt().and(0);
  const bits: Signal[] = [];
  for (let k = 0; k < w; k++) {
    const hits: Signal[] = [];
    for (let i = 0; i < n; i++) if ((i >> k) & 1) hits.push(oh.bit(i));
    bits.push(hits.length ? hits.reduce((a, b) => a.or(b)) : oh.bit(0).and(0));
  }
  return cat(...bits.reverse());
}

export interface Priority {
  /** 1 when any request is set */
  valid: Signal;
  /** the index of the lowest set request (0 when none is), UInt(addrWidth(n)) */
  index: Signal;
  /** one 1-bit signal per request: 1 for the winner only */
  oneHot: Signal[];
}

/** The lowest-numbered set request wins. `reqs` are 1-bit signals (or one UInt whose bit i is request i). */
export function priorityEncoder(m: ModuleBuilder, name: string, reqs: Signal | readonly Signal[]): Priority {
  const list = Array.isArray(reqs) ? (reqs as readonly Signal[]) : undefined;
  if (list && list.length === 0) throw new HwError(`priorityEncoder '${name}': needs at least one request`, userLoc());
  for (const b of list ?? []) if (b.width !== 1) throw new HwError(`priorityEncoder '${name}': every request must be 1 bit, got ${b.width} bits`, userLoc());
  const vec = list ? cat(...[...list].reverse()).asUInt() : (reqs as Signal).asUInt();
  const oh = m.named(`${name}_one_hot`, lowestOneHot(vec));
  return {
    valid: m.named(`${name}_valid`, vec.orR()),
    index: m.named(`${name}_index`, oneHotIndex(oh)),
    oneHot: Array.from({ length: vec.width }, (_, i) => oh.bit(i)),
  };
}
