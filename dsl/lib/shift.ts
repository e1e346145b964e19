/** Delay lines and shift registers: chains of registers named after the designer's `name`. */
import type { Signal } from '../signal.js';
import type { ModuleBuilder } from '../builder.js';
import type { ResetKind } from '../ir.js';

export interface ShiftOptions {
  reset?: ResetKind;
  /** the chain shifts only when this 1-bit signal is 1 */
  enable?: Signal;
}

/**
 * A shift register of n stages named `${name}_d1` … `${name}_dn`: element k−1 of the result is `v` delayed by k
 * shifts (k = 1 … n). With `enable`, every stage holds when it is 0.
 */
export function shiftRegister(m: ModuleBuilder, name: string, v: Signal, n: number, opts: ShiftOptions = {}): Signal[] {
  const taps: Signal[] = [];
  let cur = v;
  for (let k = 1; k <= n; k++) {
    cur = m.regNext(`${name}_d${k}`, cur, opts);
    taps.push(cur);
  }
  return taps;
}

/** v delayed by n clock cycles through registers named `${name}_d1` … (n = 0 returns v). */
export function delay(m: ModuleBuilder, name: string, v: Signal, n: number, opts: ShiftOptions = {}): Signal {
  return n === 0 ? v : shiftRegister(m, name, v, n, opts)[n - 1]!;
}
