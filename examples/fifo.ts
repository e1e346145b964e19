/**
 * A synchronous FIFO on one RAM (m.mem): `push` writes `din` when not full; `pop` reads when not empty and the word
 * appears on `dout` on the next cycle (`dout_valid`). Push and pop may happen in the same cycle. Any depth >= 2.
 */
import { defineModule, In, Out, UInt, Bool, when, mux } from '../dsl/index.js';
import { bitsFor } from './util.js';

export interface FifoParams {
  width: number;
  depth: number;
}

export const Fifo = defineModule(
  'sync_fifo',
  (p: FifoParams) => ({
    push: In(Bool),
    din: In(UInt(p.width)),
    pop: In(Bool),
    dout: Out(UInt(p.width)),
    dout_valid: Out(Bool),
    full: Out(Bool),
    empty: Out(Bool),
    count: Out(UInt(bitsFor(p.depth + 1))),
  }),
  (m, io, p) => {
    const aw = bitsFor(p.depth);
    const cw = bitsFor(p.depth + 1);
    const mem = m.mem('ram', UInt(p.width), p.depth);
    const wrPtr = m.reg('wr_ptr', UInt(aw));
    const rdPtr = m.reg('rd_ptr', UInt(aw));
    const count = m.reg('count_q', UInt(cw));
    const full = m.named('is_full', count.eq(p.depth));
    const empty = m.named('is_empty', count.eq(0));
    const doPush = m.named('do_push', io.push.and(full.not()));
    const doPop = m.named('do_pop', io.pop.and(empty.not()));
    const next = (ptr: typeof wrPtr) => mux(ptr.eq(p.depth - 1), 0, ptr.addw(1));

    when(doPush, () => {
      mem.write(wrPtr, io.din);
      wrPtr.set(next(wrPtr));
    });
    const rd = mem.read(rdPtr, { en: doPop, name: 'rd_data' });
    when(doPop, () => rdPtr.set(next(rdPtr)));
    when(doPush.and(doPop.not()), () => count.set(count.addw(1))).elsewhen(doPop.and(doPush.not()), () => count.set(count.subw(1)));

    io.dout.set(rd);
    io.dout_valid.set(m.regNext('dout_valid_q', doPop));
    io.full.set(full);
    io.empty.set(empty);
    io.count.set(count);
    // the invariants `hwgen prove fifo` proves: the occupancy never passes the depth, the pointers stay in range
    m.assert(count.le(p.depth), 'FIFO occupancy never exceeds its depth');
    m.assert(wrPtr.lt(p.depth).and(rdPtr.lt(p.depth)), 'FIFO pointers stay below the depth');
  },
);
