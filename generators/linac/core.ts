/**
 * The LINAC core (mode act_pred): F filter columns × L lanes of essential-bit processing on residuals computed on the fly,
 * the output recurrence that restores the exact convolution, bias, ReLU and requantisation; the start/done and
 * memory-load interface of the dense baseline.
 *
 * Per output pixel (filter tile mt, row y, column x) and per group g of L window positions (k = g·L + i for lane i):
 *   FETCH (nb + 3 cycles): read lane i's offset word off_i[g] and the weights wgt_f_i[mt·G + g]; then read the input copy
 *          if_i at p, p − stride, …, p − nb·stride (p = y·stride·Wp + x·stride + offset, on the zero-padded input); the
 *          lane loads E = A(p) − Σ β_k A(p − k·stride) (the raw A(p) for the first nb columns; 0 for invalid lanes).
 *   TERM (termCycles(group, B) cycles): every lane retires terms by the tile rule; each filter column accumulates
 *          (Σ_i ±w_f,i << (e_i − m)) << m.
 *   after the last group, POST (3 cycles): P = acc + Σ β_k P(x − k) (x ≥ nb; else acc), kept in a per-column history;
 *          then bias, ReLU, requantisation, and the write of output bank f at (mt·OH + y)·OW + x.
 *
 * Memories (driver.ts lays them out): if_i  padded input (C·Hp·Wp words, the same in every lane: the load port writes all
 * copies at once); off_i  offset table (valid bit, (c·Hp + r)·Wp + s); wgt_f_i  weights; bias_f  bias of filter mt·F + f;
 * out_f  outputs.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, when, switch_, select, type Signal } from '../../dsl/index.js';
import { EbLaneF, expBits, encodeOneHot, lowestOneHot, adderTree } from '../bitserial/units.js';
import { type LinacHwParams, linacDerived } from './params.js';

export const LOAD_IFMAP = 0;
export const LOAD_WEIGHT = 1;
export const LOAD_BIAS = 2;
export const LOAD_OFFSET = 3;

const IDLE = 0;
const FETCH = 1;
const TERM = 2;
const POST = 3;

export function linacSpec(p: LinacHwParams) {
  const d = linacDerived(p);
  const D = p.dimBits;
  return {
    cfg: {
      Wp: In(UInt(D)),
      stride: In(UInt(3)),
      OH: In(UInt(D)),
      OW: In(UInt(D)),
      /** filter tiles ceil(M / F) */
      nmt: In(UInt(D)),
      /** groups per window ceil(K / L) */
      G: In(UInt(D)),
      relu: In(Bool),
      rq_en: In(Bool),
      rq_mult: In(UInt(p.multBits)),
      rq_shift: In(UInt(p.shiftBits)),
    },
    start: In(Bool),
    busy: Out(Bool),
    done: Out(Bool),
    load_en: In(Bool),
    load_sel: In(UInt(2)),
    load_bank: In(UInt(d.loadBankBits)),
    load_addr: In(UInt(d.loadAddrBits)),
    load_data: In(UInt(d.loadDataBits)),
    rd_en: In(Bool),
    rd_bank: In(UInt(Math.max(1, Math.ceil(Math.log2(p.filters))))),
    rd_addr: In(UInt(d.outAddrBits)),
    rd_data: Out(SInt(p.accBits)),
  };
}

export const LinacCore = defineModule('linac_core', (p: LinacHwParams) => linacSpec(p), (m, io, p) => {
  const d = linacDerived(p);
  const { cfg } = io;
  const D = p.dimBits;
  const L = p.lanes;
  const F = p.filters;
  const nb = d.nb;

  // ---- memories and the load port ----
  const loadTo = (sel: number, bank?: number): Signal =>
    bank === undefined ? io.load_en.and(io.load_sel.eq(sel)) : io.load_en.and(io.load_sel.eq(sel)).and(io.load_bank.eq(bank));
  const ifm = Array.from({ length: L }, (_, i) => m.mem(`if_${i}`, UInt(p.actBits), p.ifmapWords));
  const off = Array.from({ length: L }, (_, i) => m.mem(`off_${i}`, UInt(d.offBits), p.offWords));
  const wgt = Array.from({ length: F }, (_, f) => Array.from({ length: L }, (_, i) => m.mem(`wgt_${f}_${i}`, SInt(p.wBits), p.weightWords)));
  const biasM = Array.from({ length: F }, (_, f) => m.mem(`bias_${f}`, SInt(p.accBits), p.biasWords));
  const outM = Array.from({ length: F }, (_, f) => m.mem(`out_${f}`, SInt(p.accBits), p.outWords));
  ifm.forEach((mem) => mem.write(io.load_addr.resize(d.ifAddrBits), io.load_data.resize(p.actBits), loadTo(LOAD_IFMAP)));
  off.forEach((mem, i) => mem.write(io.load_addr.resize(d.offAddrBits), io.load_data.resize(d.offBits), loadTo(LOAD_OFFSET, i)));
  wgt.forEach((row, f) => row.forEach((mem, i) => mem.write(io.load_addr.resize(d.wAddrBits), io.load_data.resize(p.wBits).asSInt(), loadTo(LOAD_WEIGHT, f * L + i))));
  biasM.forEach((mem, f) => mem.write(io.load_addr.resize(d.biasAddrBits), io.load_data.resize(p.accBits).asSInt(), loadTo(LOAD_BIAS, f)));

  // ---- controller state ----
  const state = m.reg('state', UInt(2));
  const fc = m.reg('fc', UInt(4));
  const pc = m.reg('pc', UInt(2));
  const g = m.reg('g', UInt(D));
  const x = m.reg('x', UInt(D));
  const y = m.reg('y', UInt(D));
  const mt = m.reg('mt', UInt(D));
  const wBase = m.reg('w_base', UInt(d.wAddrBits));
  const rowBase = m.reg('row_base', UInt(d.ifAddrBits));
  const xBase = m.reg('x_base', UInt(d.ifAddrBits));
  const outAddr = m.reg('out_addr', UInt(d.outAddrBits));
  const done = m.reg('done_q', Bool);
  const raw = nb === 0 ? m.const(1, Bool) : m.named('raw', x.lt(nb));
  const lastG = m.named('last_g', g.eq(cfg.G.subw(1)));
  const inFetch = state.eq(FETCH);
  const loadNow = m.named('load_now', inFetch.and(fc.eq(nb + 2)));

  // ---- fetch: offsets and weights at fc = 0, input reads at fc = 1 .. nb + 1 ----
  const rdOff = inFetch.and(fc.eq(0));
  const offQ = off.map((mem, i) => mem.read(g.resize(d.offAddrBits), { en: rdOff, name: `off_q_${i}` }));
  const wAddr = m.named('w_addr', wBase.addw(g.resize(d.wAddrBits)));
  const wQ = wgt.map((row, f) => row.map((mem, i) => mem.read(wAddr, { en: rdOff, name: `w_q_${f}_${i}` })));
  const bQ = biasM.map((mem, f) => mem.read(mt.resize(d.biasAddrBits), { en: rdOff, name: `b_q_${f}` }));
  const pix = m.named('pix_base', rowBase.addw(xBase));
  // read j = fc − 1 at p − j·stride
  const back = m.reg('back', UInt(d.ifAddrBits));
  const rdIf = inFetch.and(fc.ge(1)).and(fc.le(nb + 1));
  const ifQ = ifm.map((mem, i) => {
    const addr = pix.addw(offQ[i]!.resize(d.ifAddrBits)).subw(back);
    return mem.read(addr, { en: rdIf, name: `if_q_${i}` });
  });
  // A_j registers: the data of read j arrives at fc = j + 2; A_nb is used directly at the load cycle
  const aHist = ifQ.map((q, i) => Array.from({ length: nb }, (_, j) => {
    const r = m.reg(`a_${i}_${j}`, UInt(p.actBits));
    when(inFetch.and(fc.eq(j + 2)), () => r.set(q));
    return r as Signal;
  }));
  const values = ifQ.map((q, i) => {
    const a = [...aHist[i]!, q];
    const vt = SInt(d.vBits);
    const rawV = a[0]!.toSInt().resize(d.vBits);
    let e: Signal = a[0]!.toSInt().ext(d.vBits + 24);
    p.beta.forEach((b, k) => {
      if (b !== 0) e = e.subw(a[k + 1]!.toSInt().ext(d.vBits + 24).mul(b).trunc(d.vBits + 24));
    });
    const res = e.trunc(d.vBits);
    const valid = offQ[i]!.bit(d.offBits - 1);
    void vt;
    return m.named(`value_${i}`, mux(valid, mux(raw, rawV, res), 0));
  });

  // ---- the lanes and the filter columns ----
  const step = m.named('step', state.eq(TERM));
  const lanes = Array.from({ length: L }, (_, i) => m.instance(`lane_${i}`, EbLaneF, { vBits: d.vBits, wBits: p.wBits, B: p.B, filters: F }));
  const allMask = m.named('all_mask', lanes.map((l) => l.mask as Signal).reduce((a, b) => a.or(b)));
  const mMin = m.named('m_min', encodeOneHot(lowestOneHot(allMask)));
  lanes.forEach((l, i) => {
    l.load.set(loadNow);
    l.value.set(values[i]!);
    for (let f = 0; f < F; f++) l.weights[f]!.set(wQ[f]![i]!);
    l.step.set(step);
    l.m.set(mMin.resize(expBits(d.vBits)));
  });
  const anyLeft = m.named('any_left', lanes.map((l) => l.left as Signal).reduce((a, b) => a.or(b)));
  const accs = Array.from({ length: F }, (_, f) => {
    const acc = m.reg(`acc_${f}`, SInt(p.accBits));
    const tree = m.named(`tree_${f}`, adderTree(lanes.map((l) => l.terms[f] as Signal)));
    when(step, () => acc.set(acc.addw(tree.ext(p.accBits).shlDyn(mMin))));
    when(loadNow.and(g.eq(0)), () => acc.set(0));
    return acc;
  });

  // ---- post: recurrence, bias, ReLU, requantisation, write ----
  const hist = Array.from({ length: F }, (_, f) => Array.from({ length: nb }, (_, k) => m.reg(`p_hist_${f}_${k}`, SInt(p.accBits))));
  const pQ = Array.from({ length: F }, (_, f) => m.reg(`p_q_${f}`, SInt(p.accBits)));
  const sQ = Array.from({ length: F }, (_, f) => m.reg(`s_q_${f}`, SInt(p.accBits + p.multBits + 1)));
  const rQ = Array.from({ length: F }, (_, f) => m.reg(`r_q_${f}`, SInt(p.accBits)));
  const inPost = state.eq(POST);
  for (let f = 0; f < F; f++) {
    // P1: P = acc + Σ β_k P(x − k)
    let pred: Signal = accs[f]!;
    p.beta.forEach((b, k) => {
      if (b !== 0) pred = pred.addw(hist[f]![k]!.mul(b).trunc(p.accBits));
    });
    const pNew = m.named(`p_new_${f}`, nb === 0 ? accs[f]! : mux(raw, accs[f]!, pred));
    when(inPost.and(pc.eq(0)), () => {
      pQ[f]!.set(pNew);
      hist[f]!.forEach((h, k) => h.set(k === 0 ? pNew : hist[f]![k - 1]!));
    });
    // P2: + bias, ReLU, × mult
    const sum = pQ[f]!.addw(bQ[f]!);
    const relu = mux(cfg.relu.and(sum.lt(0)), 0, sum);
    when(inPost.and(pc.eq(1)), () => {
      rQ[f]!.set(relu);
      sQ[f]!.set(relu.mul(cfg.rq_mult.toSInt()).resize(p.accBits + p.multBits + 1));
    });
    // P3: round, shift, clamp, write
    const sw = p.accBits + p.multBits + 1;
    const sh = cfg.rq_shift;
    const rnd = mux(sh.eq(0), m.const(0, UInt(sw)), m.const(1, UInt(sw)).shlDyn(sh.subw(1))).asSInt();
    const q = sQ[f]!.addw(rnd).shrDyn(sh);
    const clamped = mux(q.lt(0), 0, mux(q.gt(255), 255, q)).trunc(p.accBits);
    const outV = m.named(`out_v_${f}`, mux(cfg.rq_en, clamped, rQ[f]!));
    outM[f]!.write(outAddr, outV, inPost.and(pc.eq(2)));
  }

  // ---- the schedule ----
  const stepAddrX = cfg.stride.ext(d.ifAddrBits);
  const stepAddrY = m.named('row_step', cfg.Wp.mul(cfg.stride).resize(d.ifAddrBits));
  switch_(state)
    .is(IDLE, () => {
      when(io.start, () => {
        done.set(0);
        state.set(FETCH);
        for (const r of [fc, pc, g, x, y, mt, wBase, rowBase, xBase, outAddr, back]) r.set(0);
      });
    })
    .is(FETCH, () => {
      fc.set(fc.addw(1));
      when(fc.ge(1), () => back.set(back.addw(stepAddrX)));
      when(loadNow, () => {
        fc.set(0);
        back.set(0);
        state.set(TERM);
      });
    })
    .is(TERM, () => {
      when(anyLeft.not(), () => {
        when(lastG, () => {
          g.set(0);
          state.set(POST);
        }).otherwise(() => {
          g.set(g.addw(1));
          state.set(FETCH);
        });
      });
    })
    .default(() => {
      pc.set(pc.addw(1));
      when(pc.eq(2), () => {
        pc.set(0);
        outAddr.set(outAddr.addw(1));
        state.set(FETCH);
        when(x.eq(cfg.OW.subw(1)), () => {
          x.set(0);
          xBase.set(0);
          when(y.eq(cfg.OH.subw(1)), () => {
            y.set(0);
            rowBase.set(0);
            when(mt.eq(cfg.nmt.subw(1)), () => {
              state.set(IDLE);
              done.set(1);
            }).otherwise(() => {
              mt.set(mt.addw(1));
              wBase.set(wBase.addw(cfg.G.resize(d.wAddrBits)));
            });
          }).otherwise(() => {
            y.set(y.addw(1));
            rowBase.set(rowBase.addw(stepAddrY));
          });
        }).otherwise(() => {
          x.set(x.addw(1));
          xBase.set(xBase.addw(stepAddrX));
        });
      });
    });

  // ---- status and read port ----
  io.busy.set(state.ne(IDLE));
  io.done.set(done);
  const reads = outM.map((mem, f) => mem.read(io.rd_addr, { en: io.rd_en, name: `rd_q_${f}` }));
  io.rd_data.set(F === 1 ? reads[0]! : select(m.regNext('rd_bank_q', io.rd_bank), reads));
});
