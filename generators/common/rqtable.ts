/**
 * The per-output-channel requantisation table in hardware: one word per output channel, mult · 2^shiftBits + shift,
 * held next to the bias and written by the same host load port (its own load_sel value in each family). The family
 * reads entry m where it reads bias[m] (one cycle, synchronous) and hands the entry to the post stage with the value
 * of channel m (common/post.ts). One design for every family; common/rq.ts packs the words on the host side.
 */
import { UInt, type ModuleBuilder, type Memory, type Signal } from '../../dsl/index.js';
import { RQ_TABLE } from './rq.js';

export interface RqTableParams {
  multBits: number;
  shiftBits: number;
  /** entries: the output channels one run can write */
  channels: number;
}

/** One table entry as the post stage takes it. */
export interface RqEntry {
  mult: Signal;
  shift: Signal;
}

export interface RqTableHw {
  mem: Memory;
  /** entry `addr` (low bits used), one cycle after the read (enabled by `en`, default every cycle) */
  read(addr: Signal, o?: { en?: Signal; name?: string }): RqEntry;
}

/** Width of a table word (the load port's data must be at least this wide). */
export const rqWordBits = (p: { multBits: number; shiftBits: number }): number => p.multBits + p.shiftBits;

/** The table (memory `rq_table`, or `name`) of `p.channels` words, written when `load.en` at `load.addr` with `load.data` (low bits used). */
export function rqTable(m: ModuleBuilder, p: RqTableParams, load: { en: Signal; addr: Signal; data: Signal }, name: string = RQ_TABLE): RqTableHw {
  const w = rqWordBits(p);
  if (load.data.width < w) throw new Error(`rqTable: the load data has ${load.data.width} bits, a table word needs ${w} (multBits + shiftBits); widen loadDataBits`);
  const mem = m.mem(name, UInt(w), Math.max(1, p.channels));
  mem.write(load.addr.resize(mem.addrWidth), load.data.resize(w), load.en);
  return {
    mem,
    read(addr, o = {}) {
      const word = mem.read(addr.resize(mem.addrWidth), { ...(o.en ? { en: o.en } : {}), name: o.name ?? `${name}_q` });
      return { mult: word.slice(w - 1, p.shiftBits), shift: word.slice(p.shiftBits - 1, 0) };
    },
  };
}
