/**
 * A small design with one property of each kind, for the property tests and the lint suite: a counter `r` that
 * counts while `go` is 1, with
 * - an assertion, armed by `arm_a`: r never reaches 5;
 * - an assumption, written inside when(arm_b): r stays below 3;
 * - an assertion that `arm_a` and `arm_b` are never 1 together (reset-aware: not checked while rst is 1);
 * - a cover: r equals 2.
 */
import { defineModule, In, Out, UInt, Bool, when } from '../../dsl/index.js';

export const PropDemo = defineModule('prop_demo', { go: In(Bool), arm_a: In(Bool), arm_b: In(Bool), q: Out(UInt(4)) }, (m, io) => {
  const r = m.reg('r', UInt(4));
  when(io.go, () => r.set(r.addw(1)));
  io.q.set(r);
  m.assert(r.ne(5), 'r never reaches 5', { enable: io.arm_a });
  when(io.arm_b, () => m.assume(r.lt(3), 'r below 3 while arm_b'));
  m.assert(io.arm_a.and(io.arm_b).not(), 'arm_a and arm_b are exclusive');
  m.cover(r.eq(2), 'r reaches 2');
});

/** The same kind of check in a module with asynchronous reset: a counter that must never reach 4. */
export const PropAsync = defineModule('prop_async', { go: In(Bool), q: Out(UInt(4)) }, (m, io) => {
  const r = m.reg('r', UInt(4), { reset: 'async' });
  when(io.go, () => r.set(r.addw(1)));
  io.q.set(r);
  m.assert(r.ne(4), 'async counter never reaches 4');
});
