/** A counter register with wrap-around at a chosen last value, an enable and a synchronous clear. */
import { mux, type Signal } from '../signal.js';
import { UInt } from '../types.js';
import { HwError } from '../errors.js';
import { userLoc } from '../loc.js';
import { clog2 } from '../bits.js';
import type { ModuleBuilder } from '../builder.js';
import type { Reg } from '../sinks.js';

export interface CounterOptions {
  /** counts when this 1-bit signal is 1 (default: every cycle) */
  enable?: Signal;
  /** returns to 0 when this 1-bit signal is 1 (it wins over `enable`) */
  clear?: Signal;
}

export interface Counter {
  /** the count, UInt(clog2(last + 1)) bits, 0 after reset */
  value: Reg;
  /** 1 in a cycle where the count is `last` and it counts: the next value is 0 */
  wrap: Signal;
}

/** A register counting 0, 1, …, last, 0, … (any last ≥ 1, not only 2^w − 1) named `name`. */
export function counter(m: ModuleBuilder, name: string, last: number, opts: CounterOptions = {}): Counter {
  if (!Number.isInteger(last) || last < 1) throw new HwError(`counter '${name}': the last value must be an integer of at least 1, got ${last}`, userLoc());
  const w = Math.max(1, clog2(last + 1));
  const value = m.reg(name, UInt(w));
  const en = opts.enable ?? m.const(1, UInt(1));
  const atLast = value.eq(last);
  const wrap = m.named(`${name}_wrap`, en.and(atLast));
  const next = mux(atLast, 0, value.addw(1));
  if (opts.clear) value.set(mux(opts.clear, 0, mux(en, next, value)));
  else value.set(mux(en, next, value));
  return { value, wrap };
}
