/**
 * The LINAC core (mode act_pred): F filter columns × L lanes of essential-bit processing on residuals computed on the fly,
 * the output recurrence that restores the exact convolution, bias, ReLU and requantisation; the start/done and
 * memory-load interface of the dense baseline.
 *
 * Groups are processed back to back with no bubble: group n = (filter tile mt, row y, column x, group g of L window
 * positions k = g·L + i) is loaded into the lanes in the same cycle as the last term step of group n − 1, so the engine
 * spends exactly termCycles(group, B) cycles on each group. The memories are read ahead, their registered read data
 * acting as the stage: the input copy if_i and the history h_i_k for group n + 1 are read at the load of group n; the
 * offset table off_i two groups ahead.
 *
 * Residuals: lane i at (x, g) reads A(p) (p = y·stride·Wp + x·stride + offset, zero-padded input); the predecessors
 * A(p − k·stride) are the values the same lane read at the same g for pixels x − k, kept in a per-lane history h_i_k of
 * depth G (a line buffer; written at each load). E = A(p) − Σ β_k A(p − k·stride) for x ≥ nb, A(p) for x < nb, 0 for
 * invalid positions.
 *
 * At the last step of a pixel's last group each filter column captures P = acc + Σ β_k P(x − k) (raw sum for x < nb)
 * into a 3-stage pipeline: + bias, ReLU, × mult; round, shift, clamp; write out_f at (mt·OH + y)·OW + x.
 *
 * Memories (driver.ts lays them out): if_i padded input (C·Hp·Wp words, the same in every lane: the load port writes
 * all copies at once); off_i offset table (valid bit, (c·Hp + r)·Wp + s) per group; wgt_f_i weights at mt·G + g;
 * bias_f bias of filter mt·F + f; rq_table_f its requantisation entry (common/rqtable.ts); out_f outputs.
 */
import { defineModule, UInt, SInt, Bool, mux, when, switch_, type Signal } from '../../dsl/index.js';
import { EbLaneF, expBits, encodeOneHot, lowestOneHot, adderTree } from '../bitserial/units.js';
import { type LinacHwParams, linacDerived, LINAC_COUNTERS } from './params.js';
import { postStage } from '../common/post.js';
import { perfCounters, hostReadPort } from '../common/counters.js';
import { linacSpec, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_OFFSET, LOAD_RQ } from './ports.js';
import { rqTable } from '../common/rqtable.js';

export { linacSpec, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_OFFSET, LOAD_RQ } from './ports.js';

const IDLE = 0;
const PRIME0 = 1;
const PRIME1 = 2;
const RUN = 3;

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
  const hist = Array.from({ length: L }, (_, i) => Array.from({ length: nb }, (_, k) => m.mem(`h_${i}_${k}`, UInt(p.actBits), p.offWords)));
  ifm.forEach((mem) => mem.write(io.load_addr.resize(d.ifAddrBits), io.load_data.resize(p.actBits), loadTo(LOAD_IFMAP)));
  off.forEach((mem, i) => mem.write(io.load_addr.resize(d.offAddrBits), io.load_data.resize(d.offBits), loadTo(LOAD_OFFSET, i)));
  wgt.forEach((row, f) => row.forEach((mem, i) => mem.write(io.load_addr.resize(d.wAddrBits), io.load_data.resize(p.wBits).asSInt(), loadTo(LOAD_WEIGHT, f * L + i))));
  biasM.forEach((mem, f) => mem.write(io.load_addr.resize(d.biasAddrBits), io.load_data.resize(p.accBits).asSInt(), loadTo(LOAD_BIAS, f)));
  const rqTables = Array.from({ length: F }, (_, f) =>
    rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.biasWords }, { en: loadTo(LOAD_RQ, f), addr: io.load_addr, data: io.load_data }, `rq_table_${f}`),
  );

  // ---- read position: the group whose input is read next ----
  const state = m.reg('state', UInt(2));
  const rd = { g: m.reg('rd_g', UInt(D)), x: m.reg('rd_x', UInt(D)), y: m.reg('rd_y', UInt(D)), mt: m.reg('rd_mt', UInt(D)), wBase: m.reg('rd_w_base', UInt(d.wAddrBits)), rowBase: m.reg('rd_row_base', UInt(d.ifAddrBits)), xBase: m.reg('rd_x_base', UInt(d.ifAddrBits)) };
  // position of the group whose read data is waiting (loaded next)
  const nx = { g: m.reg('nx_g', UInt(D)), x: m.reg('nx_x', UInt(D)), last: m.reg('nx_last', Bool) };
  // position of the group in the lanes
  const cur = { g: m.reg('cur_g', UInt(D)), x: m.reg('cur_x', UInt(D)), last: m.reg('cur_last', Bool), active: m.reg('cur_active', Bool) };
  const rdLastG = rd.g.eq(cfg.G.subw(1));
  const rdLastX = rd.x.eq(cfg.OW.subw(1));
  const rdLastY = rd.y.eq(cfg.OH.subw(1));
  const rdLastMt = rd.mt.eq(cfg.nmt.subw(1));
  const rdFinal = m.named('rd_final', rdLastG.and(rdLastX).and(rdLastY).and(rdLastMt));

  // ---- the lanes ----
  const lanes = Array.from({ length: L }, (_, i) => m.instance(`lane_${i}`, EbLaneF, { vBits: d.vBits, wBits: p.wBits, B: p.B, filters: F }));
  const allMask = m.named('all_mask', lanes.map((l) => l.mask as Signal).reduce((a, b) => a.or(b)));
  const mMin = m.named('m_min', encodeOneHot(lowestOneHot(allMask)));
  const anyLeft = m.named('any_left', lanes.map((l) => l.left as Signal).reduce((a, b) => a.or(b)));
  const running = state.eq(RUN);
  const step = m.named('step', running.and(cur.active));
  const lastStep = m.named('last_step', step.and(anyLeft.not()));
  // load: the first group right after priming, then in the cycle of each group's last step (unless it was the final group)
  const first = m.reg('first_load', Bool);
  const load = m.named('load', running.and(first.or(lastStep.and(cur.last.not()))));
  const capture = m.named('capture', lastStep.and(cur.g.eq(cfg.G.subw(1))));
  const readNow = m.named('read_now', state.eq(PRIME1).or(load));

  // ---- reads: offsets two groups ahead, inputs, weights and history one group ahead ----
  const gNext = mux(rdLastG, m.const(0, UInt(D)), rd.g.addw(1));
  const offAddr = mux(state.eq(PRIME0), rd.g, gNext).resize(d.offAddrBits);
  const offQ = off.map((mem, i) => mem.read(offAddr, { en: state.eq(PRIME0).or(readNow), name: `off_q_${i}` }));
  const pix = m.named('pix_base', rd.rowBase.addw(rd.xBase));
  const ifQ = ifm.map((mem, i) => mem.read(pix.addw(offQ[i]!.resize(d.ifAddrBits)), { en: readNow, name: `if_q_${i}` }));
  const validQ = offQ.map((q, i) => m.regNext(`valid_q_${i}`, q.bit(d.offBits - 1), { enable: readNow }));
  const wAddr = m.named('w_addr', rd.wBase.addw(rd.g.resize(d.wAddrBits)));
  const wQ = wgt.map((row, f) => row.map((mem, i) => mem.read(wAddr, { en: readNow, name: `w_q_${f}_${i}` })));
  const hQ = hist.map((hs, i) => hs.map((mem, k) => mem.read(rd.g.resize(d.offAddrBits), { en: readNow, name: `h_q_${i}_${k}` })));
  // with one group per window the history is read in the same cycle it is written: use the written values
  const oneGroup = m.named('one_group', cfg.G.eq(1));
  const raw = nb === 0 ? m.const(1, Bool) : m.named('raw', nx.x.lt(nb));
  const values = ifQ.map((a0, i) => {
    const preds = hQ[i]!.map((q, k) => ({ q, held: m.reg(`h_w_${i}_${k}`, UInt(p.actBits)) }));
    const eff = preds.map(({ q, held }) => mux(oneGroup, held, q));
    const wv = 24;
    let e: Signal = a0.toSInt().ext(d.vBits + wv);
    p.beta.forEach((b, k) => {
      if (b !== 0) e = e.subw(eff[k]!.toSInt().ext(d.vBits + wv).mul(b).trunc(d.vBits + wv));
    });
    const rawV = a0.toSInt().resize(d.vBits);
    // history writes at the load: h_0 ← A, h_k ← h_(k−1) (effective)
    hist[i]!.forEach((mem, k) => {
      const data = k === 0 ? a0 : eff[k - 1]!;
      mem.write(nx.g.resize(d.offAddrBits), data, load);
      when(load, () => preds[k]!.held.set(data));
    });
    return m.named(`value_${i}`, mux(validQ[i]!, mux(raw, rawV, e.trunc(d.vBits)), 0));
  });

  lanes.forEach((l, i) => {
    l.load.set(load);
    l.value.set(values[i]!);
    for (let f = 0; f < F; f++) l.weights[f]!.set(wQ[f]![i]!);
    l.step.set(step);
    l.m.set(mMin.resize(expBits(d.vBits)));
  });

  // ---- accumulators, capture and the output recurrence ----
  const trees = Array.from({ length: F }, (_, f) => m.named(`tree_${f}`, adderTree(lanes.map((l) => l.terms[f] as Signal)).ext(p.accBits).shlDyn(mMin)));
  const pHist = Array.from({ length: F }, (_, f) => Array.from({ length: nb }, (_, k) => m.reg(`p_hist_${f}_${k}`, SInt(p.accBits))));
  const curRaw = nb === 0 ? m.const(1, Bool) : m.named('cur_raw', cur.x.lt(nb));
  const v1 = m.reg('post_v1', Bool, { init: 0 });
  const last1 = m.reg('post_last1', Bool);
  const p1 = Array.from({ length: F }, (_, f) => m.reg(`post_p1_${f}`, SInt(p.accBits)));
  const outAddr = m.reg('out_addr', UInt(d.outAddrBits));
  const mtCur = m.reg('cur_mt', UInt(D));
  const bQ = biasM.map((mem, f) => mem.read(mtCur.resize(d.biasAddrBits), { en: capture, name: `b_q_${f}` }));
  const rqQ = rqTables.map((t, f) => t.read(mtCur, { en: capture, name: `rq_q_${f}` }));
  for (let f = 0; f < F; f++) {
    const acc = m.reg(`acc_${f}`, SInt(p.accBits));
    const total = m.named(`total_${f}`, acc.addw(trees[f]!));
    when(step, () => acc.set(mux(capture, m.const(0, SInt(p.accBits)), total)));
    let pred: Signal = total;
    p.beta.forEach((b, k) => {
      if (b !== 0) pred = pred.addw(pHist[f]![k]!.mul(b).trunc(p.accBits));
    });
    const pNew = m.named(`p_new_${f}`, nb === 0 ? total : mux(curRaw, total, pred));
    when(capture, () => {
      p1[f]!.set(pNew);
      pHist[f]!.forEach((h, k) => h.set(k === 0 ? pNew : pHist[f]![k - 1]!));
    });
  }
  v1.set(capture);
  when(capture, () => last1.set(cur.last));
  const addr1 = m.regNext('post_addr1', outAddr, { enable: capture });
  when(capture, () => outAddr.set(outAddr.addw(1)));
  // stage 2: + bias, ReLU, × mult
  const v2 = m.regNext('post_v2', v1, { init: 0 });
  const last2 = m.regNext('post_last2', last1.and(v1));
  const addr2 = m.regNext('post_addr2', addr1);
  const outs = Array.from({ length: F }, (_, f) => postStage(m, `post_${f}`, p1[f]!.addw(bQ[f]!), cfg, rqQ[f]!, p));
  // stage 3: round, shift, clamp (out of the shared stage), write
  outs.forEach((o, f) => outM[f]!.write(addr2, o, v2));
  const done = m.reg('done_q', Bool);
  when(v2.and(last2), () => done.set(1));

  // ---- the schedule ----
  const advanceRead = (): void => {
    nx.g.set(rd.g);
    nx.x.set(rd.x);
    nx.last.set(rdFinal);
    when(rdLastG, () => {
      rd.g.set(0);
      when(rdLastX, () => {
        rd.x.set(0);
        rd.xBase.set(0);
        when(rdLastY, () => {
          rd.y.set(0);
          rd.rowBase.set(0);
          rd.mt.set(rd.mt.addw(1));
          rd.wBase.set(rd.wBase.addw(cfg.G.resize(d.wAddrBits)));
        }).otherwise(() => {
          rd.y.set(rd.y.addw(1));
          rd.rowBase.set(rd.rowBase.addw(cfg.Wp.mul(cfg.stride).resize(d.ifAddrBits)));
        });
      }).otherwise(() => {
        rd.x.set(rd.x.addw(1));
        rd.xBase.set(rd.xBase.addw(cfg.stride.ext(d.ifAddrBits)));
      });
    }).otherwise(() => rd.g.set(rd.g.addw(1)));
  };
  // the mt of the group in the lanes, for the bias read at capture
  const nxMt = m.reg('nx_mt', UInt(D));
  when(readNow, () => nxMt.set(rd.mt));
  when(load, () => {
    cur.g.set(nx.g);
    cur.x.set(nx.x);
    cur.last.set(nx.last);
    cur.active.set(1);
    mtCur.set(nxMt);
  });
  when(lastStep.and(cur.last), () => cur.active.set(0));
  when(load, () => first.set(0));
  switch_(state)
    .is(IDLE, () => {
      when(io.start, () => {
        done.set(0);
        state.set(PRIME0);
        for (const r of [rd.g, rd.x, rd.y, rd.mt, rd.wBase, rd.rowBase, rd.xBase, outAddr]) r.set(0);
        cur.active.set(0);
      });
    })
    .is(PRIME0, () => state.set(PRIME1))
    .is(PRIME1, () => {
      advanceRead();
      first.set(1);
      state.set(RUN);
    })
    .default(() => {
      when(load, () => advanceRead());
      when(v2.and(last2), () => state.set(IDLE));
    });

  // ---- status, performance counters (driver.ts linacCounters) and the read port ----
  const busy = m.named('busy_q', state.ne(IDLE));
  io.busy.set(busy);
  io.done.set(done);
  const events: Record<(typeof LINAC_COUNTERS)[number], Signal> = { busy, term: step, groups: load, fixed: busy.and(step.not()) };
  hostReadPort(m, io, outM, perfCounters(m, io.start, LINAC_COUNTERS.map((n) => [n, events[n]] as const), p.accBits), p.accBits);
});
