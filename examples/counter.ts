/** A counter with count enable, synchronous clear and a terminal-count flag. */
import { defineModule, In, Out, UInt, Bool, when } from '../dsl/index.js';

export interface CounterParams {
  width: number;
}

export const Counter = defineModule(
  'counter',
  (p: CounterParams) => ({
    en: In(Bool),
    clear: In(Bool),
    count: Out(UInt(p.width)),
    tc: Out(Bool),
  }),
  (m, io, p) => {
    // The implicit synchronous `rst` and the `clear` input both return the count to 0; `en` gates counting.
    const count = m.reg('count_q', UInt(p.width));
    when(io.clear, () => count.set(0)).elsewhen(io.en, () => count.set(count.addw(1)));
    io.count.set(count);
    // terminal count: the next enabled cycle wraps to 0
    io.tc.set(io.en.and(count.eq(2 ** p.width - 1)));
  },
);
