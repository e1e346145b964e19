/**
 * Designs for the formal tests: a counter that counts 0..wrap-1 while `go` is 1 and asserts it never equals 5.
 * With wrap <= 5 the assertion holds (and is inductive); with wrap > 5 it is a planted violation, reachable in 6
 * counting cycles after reset.
 */
import { defineModule, In, Out, UInt, Bool, when, mux } from '../../dsl/index.js';

export const WrapCounter = defineModule('wrap_counter', (_p: { wrap: number }) => ({ go: In(Bool), q: Out(UInt(4)) }), (m, io, p) => {
  const r = m.reg('r', UInt(4));
  when(io.go, () => r.set(mux(r.eq(p.wrap - 1), 0, r.addw(1))));
  io.q.set(r);
  m.assert(r.ne(5), 'the counter never shows 5');
  m.cover(r.eq(3), 'the counter reaches 3');
});
