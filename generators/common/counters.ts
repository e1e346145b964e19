/**
 * Performance counters and the shared read port. A family names the events it counts (busy, each overhead category,
 * stalls, ...) and gives one signal per event; each counter is cleared by `start` and adds 1 in every cycle its event
 * is 1. The read port returns, one cycle after the request, output word rd_addr of bank rd_bank, or (rd_ctr = 1)
 * counter number rd_addr. The verify loop reads the counters back after the outputs and compares each with the cycle
 * model's figure for its category (common/verify.ts); the counters count modulo 2^counterBits(accBits).
 */
import { type ModuleBuilder, type Signal, type Memory, UInt, mux, when, select, addrWidth } from '../../dsl/index.js';
import { counterBits } from './stimulus.js';

export { counterBits };

/**
 * One counter per event, in order; cleared by start, + `inc` (default 1) in each cycle its event is 1 (an event that
 * stands for several, e.g. every tile activated at once, adds their number).
 */
export function perfCounters(m: ModuleBuilder, start: Signal, events: ReadonlyArray<readonly [name: string, event: Signal, inc?: number | Signal]>, accBits: number): Signal[] {
  const w = counterBits(accBits);
  return events.map(([name, ev, inc]) => {
    const c = m.reg(`ctr_${name}`, UInt(w));
    const add = inc === undefined ? 1 : typeof inc === 'number' ? m.const(inc, UInt(w)) : inc.resize(w);
    when(start, () => c.set(0)).elsewhen(ev, () => c.set(c.addw(add)));
    return c;
  });
}

export interface ReadPortIo {
  rd_en: Signal;
  rd_bank: Signal;
  rd_addr: Signal;
  rd_ctr: Signal;
  rd_data: { set(v: Signal): void };
}

/**
 * The read port over the output banks and the counters; `post` (optional) transforms the selected bank word on its way
 * out (a post-processing unit shared by every bank, applied as the host reads).
 */
export function hostReadPort(m: ModuleBuilder, io: ReadPortIo, banks: readonly Memory[], counters: readonly Signal[], accBits: number, post?: (word: Signal) => Signal): void {
  if (counters.length > 1 && io.rd_addr.width < addrWidth(counters.length))
    throw new Error(`hostReadPort: rd_addr has ${io.rd_addr.width} bits, ${counters.length} counters need ${addrWidth(counters.length)}; widen rdAddrBits`);
  // rd_addr may be wider than a bank's address (to reach every counter): the bank reads its low bits
  const reads = banks.map((mem, i) => mem.read(io.rd_addr.width > mem.addrWidth ? io.rd_addr.trunc(mem.addrWidth) : io.rd_addr, { en: io.rd_en, name: `rd_q_${i}` }));
  const word = reads.length === 1 ? reads[0]! : select(m.regNext('rd_bank_q', io.rd_bank), reads);
  const data = post ? post(word) : word;
  if (counters.length === 0) {
    io.rd_data.set(data);
    return;
  }
  const ctr = m.regNext('rd_ctr_q', select(io.rd_addr.resize(addrWidth(counters.length)), counters));
  io.rd_data.set(mux(m.regNext('rd_ctr_sel', io.rd_ctr), ctr.toSInt().ext(accBits), data));
}
