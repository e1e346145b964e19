/**
 * One compute array: `rows` wordlines × `cols` bitlines in transposed bit-plane layout (bitline j holds element j; an
 * operand's bits sit on consecutive wordlines, LSB first), the bitline peripherals and the array's transpose unit.
 *
 * Per cycle the sequencer activates wordlines `rda` and `rdb` (the same row for a one-row read). The sense amplifiers
 * give, on every bitline, AND = a & b and NOR = ~(a | b); the peripheral derives XOR = ~(AND | NOR) and, with its carry
 * latch C, the sum bit XOR ^ C and the next carry AND | (XOR & C). A one-row read gives the row itself (AND) and its
 * complement (NOR). The value written back to wordline `wrow` is chosen by `func` (F_* below); with `pred` only the
 * bitlines whose tag latch is 1 are written. A shift network moves a sensed row by k bitlines (reductions).
 *
 * Transpose unit: the gather fills one staging register per cycle (bitline g_slot) with xin[xbase + idx[g_addr]]
 * (0 when the index word's top bit is set) two cycles after the request; F_STAGE writes the staging registers' LSBs
 * as a wordline and shifts them right by one, so n consecutive writes lay n-bit values out LSB first.
 */
import { defineModule, In, Out, UInt, Bool, mux, when, select, type Signal } from '../../dsl/index.js';
import { derived, type InsramHwParams } from './params.js';

export const F_SUM = 0;
export const F_CARRY = 1;
export const F_NOT = 2;
export const F_XNOR = 3;
export const F_ZERO = 4;
export const F_SHIFT = 5;
export const F_STAGE = 6;
export const F_AND = 7;

export type ArrayParams = InsramHwParams;

export function arrayCtlSpec(p: InsramHwParams) {
  const d = derived(p);
  return {
    rda: In(UInt(d.rowBits)),
    rdb: In(UInt(d.rowBits)),
    func: In(UInt(3)),
    we: In(Bool),
    wrow: In(UInt(d.rowBits)),
    pred: In(Bool),
    /** carry latch update (sum steps) and its initial value on the first step of an add */
    carry_ld: In(Bool),
    cfirst: In(Bool),
    cval: In(Bool),
    tag_ld: In(Bool),
    sh: In(UInt(d.shBits)),
    left: In(Bool),
    g_en: In(Bool),
    g_addr: In(UInt(d.idxAddrBits)),
    g_slot: In(UInt(d.shBits)),
    xbase: In(UInt(d.xinAddrBits)),
    stage_sh: In(Bool),
  };
}

export const InsramArray = defineModule(
  'insram_array',
  (p: ArrayParams) => {
    const d = derived(p);
    return {
      ctl: arrayCtlSpec(p),
      ld_xin: In(Bool),
      ld_idx: In(Bool),
      ld_addr: In(UInt(d.loadAddrBits)),
      ld_data: In(UInt(d.loadDataBits)),
      rd_addr: In(UInt(d.rowBits)),
      rd_q: Out(UInt(p.cols)),
    };
  },
  (m, io, p) => {
    const d = derived(p);
    const W = UInt(p.cols);
    const c = io.ctl;
    const zero = m.const(0, W);
    const ones = m.const((1n << BigInt(p.cols)) - 1n, W);
    const wl = Array.from({ length: p.rows - 1 }, (_, r) => m.reg(`wl_${r + 1}`, W, { init: 0 }));
    const all: Signal[] = [zero, ...wl];
    const va = m.named('sense_a', select(c.rda, all));
    const vb = m.named('sense_b', select(c.rdb, all));
    const andv = m.named('sa_and', va.and(vb));
    const norv = m.named('sa_nor', va.or(vb).not());
    const xorv = m.named('bl_xor', andv.or(norv).not());
    const carry = m.reg('carry', W, { init: 0 });
    const tag = m.reg('tag', W, { init: 0 });
    const cin = m.named('carry_in', mux(c.cfirst, mux(c.cval, ones, zero), carry));
    when(c.carry_ld, () => carry.set(andv.or(xorv.and(cin))));
    when(c.tag_ld, () => tag.set(andv));

    // ---- transpose unit: gather into the staging registers ----
    const xin = m.mem('xin', UInt(p.xinBits), p.xinWords);
    const idx = m.mem('idx', UInt(d.idxBits), p.idxWords);
    xin.write(io.ld_addr.resize(d.xinAddrBits), io.ld_data.resize(p.xinBits), io.ld_xin);
    idx.write(io.ld_addr.resize(d.idxAddrBits), io.ld_data.resize(d.idxBits), io.ld_idx);
    const iq = idx.read(c.g_addr, { name: 'idx_q' });
    const en1 = m.regNext('g_en1', c.g_en, { init: 0 });
    const slot1 = m.regNext('g_slot1', c.g_slot);
    const base1 = m.regNext('g_xbase1', c.xbase);
    const zero1 = m.named('g_zero1', iq.bit(d.idxBits - 1));
    const xq = xin.read(base1.addw(iq.slice(d.xinAddrBits - 1, 0)), { name: 'xin_q' });
    const en2 = m.regNext('g_en2', en1, { init: 0 });
    const slot2 = m.regNext('g_slot2', slot1);
    const zero2 = m.regNext('g_zero2', zero1);
    const stage = Array.from({ length: p.cols }, (_, j) => m.reg(`stage_${j}`, UInt(p.xinBits), { init: 0 }));
    stage.forEach((s, j) => {
      when(en2.and(slot2.eq(j)), () => s.set(mux(zero2, m.const(0, UInt(p.xinBits)), xq)));
      when(c.stage_sh, () => s.set(s.shr(1).ext(p.xinBits)));
    });
    const plane = m.named('stage_plane', stage.map((s) => s.bit(0)).reverse().reduce((acc, b) => acc.cat(b)));

    // ---- the value written back ----
    const shifted = m.named('shifted', mux(c.left, andv.shlDyn(c.sh), andv.shrDyn(c.sh)));
    const sum = m.named('bl_sum', xorv.xor(cin));
    const fv = [sum, carry, norv, andv.or(norv), zero, shifted, plane.asUInt(), andv];
    const val = m.named('wr_val', select(c.func, fv));
    const en = m.named('wr_mask', mux(c.pred, tag, ones));
    const merged = (old: Signal) => val.and(en).or(old.and(en.not()));
    wl.forEach((reg, r) => when(c.we.and(c.wrow.eq(r + 1)), () => reg.set(merged(reg))));

    io.rd_q.set(m.regNext('rd_q_r', select(io.rd_addr, all)));
  },
);
