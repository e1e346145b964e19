/**
 * A FIFO queue between two valid/ready streams (Chisel's Queue): `depth` words in registers, a circular buffer with
 * read and write pointers and an occupancy count. The head word is on deq.data whenever deq.valid (show-ahead); a word
 * enqueued into an empty queue is visible the next cycle; enq and deq may fire in the same cycle, also when full
 * (with `pipe`, a full queue accepts a word in the cycle its head leaves). Meant for small depths (registers and an
 * index mux); larger buffers want a memory.
 */
import { defineModule } from '../module.js';
import { Out } from '../ports.js';
import { UInt, SInt } from '../types.js';
import { mux } from '../signal.js';
import { when } from '../when.js';
import { HwError } from '../errors.js';
import { addrWidth } from '../bits.js';
import { Stream } from './stream.js';
import { flip } from './bundle.js';
import { select } from './select.js';

export interface QueueParams {
  width: number;
  depth: number;
  signed?: boolean;
  /** a full queue accepts a word in the cycle its head is dequeued (enq.ready then depends on deq.ready) */
  pipe?: boolean;
}

const dataType = (p: QueueParams) => (p.signed ? SInt(p.width) : UInt(p.width));
const countBits = (p: QueueParams) => addrWidth(p.depth + 1);

export const Queue = defineModule(
  'queue',
  (p: QueueParams) => ({ enq: flip(Stream(dataType(p))), deq: Stream(dataType(p)), count: Out(UInt(countBits(p))) }),
  (m, io, p) => {
    if (!Number.isInteger(p.depth) || p.depth < 1) throw new HwError(`Queue: depth must be a positive integer, got ${p.depth}`);
    const t = dataType(p);
    const aw = addrWidth(p.depth);
    const slots = Array.from({ length: p.depth }, (_, i) => m.reg(`slot_${i}`, t, { reset: 'none' }));
    const wrPtr = m.reg('wr_ptr', UInt(aw));
    const rdPtr = m.reg('rd_ptr', UInt(aw));
    const count = m.reg('count_q', UInt(countBits(p)));
    const empty = m.named('is_empty', count.eq(0));
    const full = m.named('is_full', count.eq(p.depth));
    const deqFire = m.named('deq_fire', empty.not().and(io.deq.ready));
    const enqReady = m.named('can_enq', p.pipe ? full.not().or(io.deq.ready) : full.not());
    const enqFire = m.named('enq_fire', io.enq.valid.and(enqReady));
    const next = (ptr: typeof wrPtr) => mux(ptr.eq(p.depth - 1), 0, ptr.addw(1));
    when(enqFire, () => {
      slots.forEach((s, i) => when(wrPtr.eq(i), () => s.set(io.enq.data)));
      wrPtr.set(next(wrPtr));
    });
    when(deqFire, () => rdPtr.set(next(rdPtr)));
    when(enqFire.and(deqFire.not()), () => count.set(count.addw(1))).elsewhen(deqFire.and(enqFire.not()), () => count.set(count.subw(1)));
    io.enq.ready.set(enqReady);
    io.deq.valid.set(empty.not());
    io.deq.data.set(select(rdPtr, slots));
    io.count.set(count);
    // never overflows, pointers stay in range, and the count is the pointers' distance (which makes the first two inductive)
    m.assert(count.le(p.depth), 'queue: the occupancy never exceeds the depth');
    m.assert(wrPtr.lt(p.depth).and(rdPtr.lt(p.depth)), 'queue: the pointers stay below the depth');
    const sum = rdPtr.add(count); // < 2·depth
    const wrapped = m.named('rd_plus_count', mux(sum.ge(p.depth), sum.subw(p.depth), sum));
    m.assert(wrapped.eq(wrPtr.ext(wrapped.width)), 'queue: write pointer = read pointer + occupancy (mod depth)');
  },
);
