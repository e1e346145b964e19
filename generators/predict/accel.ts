/**
 * The output-sign-prediction accelerator. A front end walks the output windows in raster order; for each window it
 * reads one kernel row (KS activations from the x-banked input SRAM) per cycle into the window buffer (chunks of
 * chunkRows rows) and, in predict mode, through the prediction unit's stage 1; then stage 2 decides, one channel per
 * cycle, skip(m) = ŷ_m ≤ τ, writes the skip mask and deals the executed channels round-robin into the PEs' channel
 * lists (PE k mod PE gets the k-th executed channel). The PEs then process the window from the other half of the
 * double-buffered window buffer while the front end prepares the next one.
 *
 * Memory layout (driver.ts writes and reads it):
 *   ifmap_b  a(c, y, x) with x mod pow2(KS) = b, word (c·H + y)·wb + floor(x / pow2(KS))
 *   wgt      word m·nchunk + ch: the chunk's B weights (slot q·KS + s = kernel row ch·chunkRows + q, column s), 8 bits each
 *   bias     word m            pred.p_j / pred.q / pred.bhat: see predictor.ts
 *   rq_table word m: channel m's requantisation entry (common/rqtable.ts), read beside bias[m]
 *   out_y, out_macs, mask     word (y·OW + x)·M + m
 *
 * Schedule (model.ts is the same as arithmetic): front window = C·R fetch cycles + 1 (+ M + 1 with prediction); the
 * PEs start a window once the front has finished it and the PEs have finished the previous one; the front starts a
 * window once a buffer is free.
 */
import { defineModule, type Signal, UInt, SInt, Bool, mux, when, switch_, select, addrWidth } from '../../dsl/index.js';
import { perfCounters } from '../common/counters.js';
import { type PredictHwParams, derived, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_P, LOAD_Q, LOAD_BHAT, LOAD_RQ } from './params.js';
import { rqTable } from '../common/rqtable.js';
import { predictSpec } from './ports.js';
import { PredictUnit } from './predictor.js';
import { PredictPe } from './pe.js';
import { SVD_COUNTERS } from './model.js';

const F_IDLE = 0;
const F_FETCH = 1;
const F_LAST = 2;
const F_Q = 3;
const F_QLAST = 4;
const F_WAIT = 5;
const F_END = 6;

export const PredictAccel = defineModule('predict_accel', (p: PredictHwParams) => predictSpec(p), (m, io, p) => {
  const d = derived(p);
  const { cfg } = io;
  const D = p.dimBits;
  const predictMode = p.mode === 'predict';
  const predOn = predictMode ? m.named('pred_on', cfg.pred_en) : m.const(0, Bool);
  const loadSel = (s: number): Signal => io.load_en.and(io.load_sel.eq(s));

  // ---- memories ----
  const ifBanks = Array.from({ length: d.NBk }, (_, b) => m.mem(`ifmap_${b}`, UInt(p.actBits), p.ifmapWords));
  ifBanks.forEach((mem, b) => mem.write(io.load_addr.resize(d.ifAddrBits), io.load_data.resize(p.actBits), loadSel(LOAD_IFMAP).and(io.load_bank.eq(b))));
  const wgt = m.mem('wgt', UInt(d.B * p.wBits), p.weightWords);
  wgt.write(io.load_addr.resize(d.wAddrBits), io.load_data.resize(d.B * p.wBits), loadSel(LOAD_WEIGHT));
  const biasMem = m.mem('bias', SInt(p.accBits), p.maxM);
  biasMem.write(io.load_addr.resize(d.mBits), io.load_data.resize(p.accBits).asSInt(), loadSel(LOAD_BIAS));
  const rqt = rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.maxM }, { en: loadSel(LOAD_RQ), addr: io.load_addr, data: io.load_data });
  const win = m.mem('win', UInt(d.B * p.actBits), 2 * d.nchMax);
  const queues = Array.from({ length: p.PE }, (_, l) => m.mem(`queue_${l}`, UInt(D), 2 * d.nmtMax));
  const outY = m.mem('out_y', SInt(p.accBits), p.outWords);
  const outMacs = m.mem('out_macs', UInt(d.macBits), p.outWords);
  const mask = m.mem('mask', Bool, p.outWords);

  // ---- front end: fetch, prediction, channel lists ----
  const fstate = m.reg('fstate', UInt(3));
  const irow = m.reg('irow', UInt(d.crBits + 1));
  const rc = m.reg('r_cnt', UInt(4));
  const cH = m.reg('c_h', UInt(2 * D));
  const rin = m.reg('row_in_chunk', UInt(Math.max(1, Math.ceil(Math.log2(p.chunkRows + 1)))));
  const chk = m.reg('chunk', UInt(d.chBits));
  const wx = m.reg('win_x', UInt(D));
  const wy = m.reg('win_y', UInt(D));
  const pos = SInt(D + 4);
  const yBase = m.reg('y_base', pos);
  const x0Base = m.reg('x0_base', pos);
  const fb = m.reg('f_buf', Bool);
  const fbase = m.reg('f_base', UInt(d.outAddrBits));
  const qm = m.reg('q_m', UInt(D));
  const rr = m.reg('rr', UInt(d.peBits + 1));
  const qpos = m.reg('q_pos', UInt(d.posBits));
  const occ = m.reg('occ', UInt(2));
  const negPadY = m.named('neg_pad_y', cfg.pad_y.neg().ext(D + 4));
  const negPadX = m.named('neg_pad_x', cfg.pad_x.neg().ext(D + 4));

  const fetching = m.named('fetching', fstate.eq(F_FETCH));
  // with a time-multiplexed prediction unit each kernel row is held rowCycles cycles (only while it predicts)
  const T = d.rowCycles;
  const sub = T > 1 ? m.reg('row_sub', UInt(Math.max(1, Math.ceil(Math.log2(T))))) : undefined;
  const rowDone = m.named('row_done', sub ? mux(predOn, sub.eq(T - 1), m.const(1, Bool)) : m.const(1, Bool));
  const lastRow = m.named('last_row', irow.eq(cfg.CR.subw(1)));
  // row addresses of the row being issued
  const yIn = m.named('y_in', yBase.add(rc.toSInt()));
  const yOk = m.named('y_ok', yIn.ge(0).and(yIn.lt(cfg.H.toSInt())));
  const rowAddr = m.named('row_addr', cH.toSInt().add(yIn).asUInt().trunc(d.ifAddrBits));
  const rowWord = m.named('row_word', rowAddr.mul(cfg.wb).trunc(d.ifAddrBits));
  const lb = d.lb;
  const baseLo = lb === 0 ? m.const(0, UInt(1)) : m.named('base_lo', x0Base.slice(lb - 1, 0));
  const wb0 = m.named('wb0', x0Base.shr(lb).resize(d.ifAddrBits).asUInt());
  const ifData = ifBanks.map((mem, b) => {
    const bump = lb === 0 ? m.const(0, UInt(1)) : m.const(b, UInt(lb)).lt(baseLo);
    return mem.read(rowWord.addw(wb0).addw(bump.ext(d.ifAddrBits)), { name: `if_q_${b}` });
  });
  const slotOk = Array.from({ length: p.KS }, (_, s) => {
    const xIn = s === 0 ? x0Base : x0Base.add(s);
    return m.named(`slot_ok_${s}`, fetching.and(yOk).and(cfg.S.gt(s)).and(xIn.ge(0)).and(xIn.lt(cfg.W.toSInt())));
  });
  // stage 1: the row arrives (every cycle it is held, for the prediction unit; once, for the window buffer)
  const vld1 = m.regNext('row_vld1', fetching);
  const take1 = sub ? m.regNext('row_take1', fetching.and(rowDone)) : vld1;
  const first1 = m.regNext('row_first1', sub ? irow.eq(0).and(sub.eq(0)) : irow.eq(0));
  const last1 = m.regNext('row_last1', lastRow);
  const rin1 = m.regNext('row_in_chunk1', rin);
  const chk1 = m.regNext('chunk1', chk);
  const baseLo1 = m.regNext('base_lo1', baseLo);
  const ok1 = slotOk.map((v, s) => m.regNext(`slot_ok1_${s}`, v));
  const zeroA = m.const(0, UInt(p.actBits));
  const rowVals = Array.from({ length: p.KS }, (_, s) => {
    const bank = lb === 0 ? baseLo1 : baseLo1.addw(s % d.NBk);
    return m.named(`row_v_${s}`, mux(ok1[s]!, select(bank, ifData), zeroA));
  });
  const rowWordBits = rowVals.slice(1).reduce((a: Signal, b) => b.cat(a), rowVals[0]!);
  const asm = m.reg('chunk_asm', UInt(d.B * p.actBits));
  const segW = p.KS * p.actBits;
  const segs = Array.from({ length: p.chunkRows }, (_, q) => mux(rin1.eq(q), rowWordBits, asm.slice(segW * q + segW - 1, segW * q)));
  const asmNew = m.named('chunk_new', segs.slice(1).reduce((a: Signal, b) => b.cat(a), segs[0]!));
  const writeChunk = m.named('chunk_write', take1.and(rin1.eq(p.chunkRows - 1).or(last1)));
  const winHalf = (buf: Signal, a: Signal): Signal => mux(buf, m.const(d.nchMax, UInt(d.winAddrBits)), m.const(0, UInt(d.winAddrBits))).addw(a.resize(d.winAddrBits));
  win.write(winHalf(fb, chk1), asmNew, writeChunk);
  when(take1, () => asm.set(mux(writeChunk, m.const(0, UInt(d.B * p.actBits)), asmNew)));

  // prediction unit and stage 2
  const qv = m.regNext('q_vld', fstate.eq(F_Q));
  const qm1 = m.regNext('q_m1', qm);
  let skip: Signal = m.const(0, Bool);
  if (predictMode) {
    const pu = m.instance('pred', PredictUnit, {
      rank: p.rank, KS: p.KS, slots: d.slots, actBits: p.actBits, wBits: p.wBits, accBits: p.accBits, maxCR: p.maxCR, maxM: p.maxM,
      loadAddrBits: d.loadAddrBits, loadDataBits: d.loadDataBits,
    });
    pu.load_p.set(loadSel(LOAD_P));
    pu.load_q.set(loadSel(LOAD_Q));
    pu.load_b.set(loadSel(LOAD_BHAT));
    pu.load_bank.set(io.load_bank.resize(pu.load_bank.width));
    pu.load_addr.set(io.load_addr);
    pu.load_data.set(io.load_data);
    pu.row_addr.set(irow.resize(pu.row_addr.width));
    pu.x.forEach((x, s) => x.set(rowVals[s]!));
    pu.acc_en.set(vld1);
    if (sub) pu.sub!.set(m.regNext('row_sub1', sub));
    pu.acc_first.set(first1);
    pu.zshift.set(cfg.zshift);
    pu.tau.set(cfg.tau);
    pu.q_addr.set(qm.resize(pu.q_addr.width));
    skip = m.named('skip', pu.skip);
  }
  const kept = m.named('kept', qv.and(skip.not()));
  const rrWrap = m.named('rr_wrap', rr.eq(p.PE - 1));
  const rrN = m.named('rr_next', mux(kept, mux(rrWrap, m.const(0, rr.type), rr.addw(1)), rr));
  const qposN = m.named('q_pos_next', mux(kept.and(rrWrap), qpos.addw(1), qpos));
  mask.write(fbase.addw(qm1.resize(d.outAddrBits)), skip, qv);
  const qWord = m.named('queue_waddr', mux(fb, m.const(d.nmtMax, UInt(d.qAddrBits)), m.const(0, UInt(d.qAddrBits))).addw(qpos.resize(d.qAddrBits)));
  queues.forEach((mem, l) => mem.write(qWord, qm1, kept.and(rr.eq(l))));

  // window completion (front)
  const fdone = m.named('f_done', mux(predOn, fstate.eq(F_QLAST), fstate.eq(F_LAST)));
  const rrEnd = [0, 1].map((b) => m.reg(`rr_end_${b}`, UInt(d.peBits + 1)));
  const posEnd = [0, 1].map((b) => m.reg(`pos_end_${b}`, UInt(d.posBits)));
  const lastWin = m.named('last_win', wx.eq(cfg.OW.subw(1)).and(wy.eq(cfg.OH.subw(1))));

  // ---- PE control ----
  const pstate = m.reg('pstate', Bool);
  const pb = m.reg('p_buf', Bool);
  const pbase = m.reg('p_base', UInt(d.outAddrBits));
  const pw = m.reg('p_win', UInt(2 * D));
  const go = m.named('pe_go', pstate.not().and(occ.ne(0)));
  const pes = Array.from({ length: p.PE }, (_, l) =>
    m.instance(`pe_${l}`, PredictPe, {
      B: d.B, npc: p.npc, PE: p.PE, exact: p.mode === 'exact', actBits: p.actBits, wBits: p.wBits, accBits: p.accBits, dimBits: D, mBits: d.mBits,
      posBits: d.posBits, chBits: d.chBits, wAddrBits: d.wAddrBits, outAddrBits: d.outAddrBits, macBits: d.macBits, multBits: p.multBits,
      shiftBits: p.shiftBits,
    }),
  );
  const allIdle = m.named('pe_all_idle', pes.map((u) => u.busy.not()).reduce((a, b) => a.and(b)));
  const pdone = m.named('p_done', pstate.and(allIdle));
  const finished = m.named('finished', pdone.and(pw.eq(cfg.nwin.subw(1))));
  const rrCur = m.named('rr_cur', mux(pb, rrEnd[1]!, rrEnd[0]!));
  const posCur = m.named('pos_cur', mux(pb, posEnd[1]!, posEnd[0]!));
  pes.forEach((u, l) => {
    u.go.set(go);
    u.count.set(posCur.addw(m.const(l, rr.type).lt(rrCur).ext(d.posBits)));
    u.use_queue.set(predOn);
    u.lane.set(m.const(l, UInt(D)));
    u.nchunk.set(cfg.nchunk);
    u.obase.set(pbase);
    const qAddr = mux(pb, m.const(d.nmtMax, UInt(d.qAddrBits)), m.const(0, UInt(d.qAddrBits))).addw(u.q_pos.resize(d.qAddrBits));
    u.q_data.set(queues[l]!.read(qAddr, { name: `queue_q_${l}` }));
    u.w_data.set(wgt.read(u.w_addr, { name: `w_q_${l}` }));
    u.x_data.set(win.read(winHalf(pb, u.x_addr), { name: `x_q_${l}` }));
    u.b_data.set(biasMem.read(u.b_addr, { name: `b_q_${l}` }));
    u.relu.set(cfg.relu);
    u.rq_en.set(cfg.rq_en);
    const rq = rqt.read(u.b_addr, { name: `rq_q_${l}` });
    u.rq_mult.set(rq.mult);
    u.rq_shift.set(rq.shift);
    outY.write(u.wr_addr, u.wr_y, u.wr_en);
    outMacs.write(u.wr_addr, u.wr_macs, u.wr_en);
  });
  when(go, () => pstate.set(1));
  when(pdone, () => {
    pstate.set(0);
    pb.set(pb.not());
    pbase.set(pbase.addw(cfg.M.resize(d.outAddrBits)));
    pw.set(pw.addw(1));
  });
  const occNext = m.named('occ_next', occ.addw(fdone.ext(2)).subw(pdone.ext(2)));
  occ.set(occNext);
  const bufFree = m.named('buf_free', occNext.le(1));

  const resetRows = (): void => {
    for (const r of [irow, rc, cH, rin, chk, ...(sub ? [sub] : [])]) r.set(0);
  };
  switch_(fstate)
    .is(F_IDLE, () => {
      when(io.start, () => {
        fstate.set(F_FETCH);
        resetRows();
        for (const r of [wx, wy, fb, fbase, occ, pb, pbase, pw, pstate]) r.set(0);
        yBase.set(negPadY);
        x0Base.set(negPadX);
      });
    })
    .is(F_FETCH, () => {
      when(rowDone, () => {
        if (sub) sub.set(0);
        irow.set(irow.addw(1));
        when(rc.eq(cfg.R.subw(1)), () => {
          rc.set(0);
          cH.set(cH.addw(cfg.H.ext(2 * D)));
        }).otherwise(() => rc.set(rc.addw(1)));
        when(rin.eq(p.chunkRows - 1), () => {
          rin.set(0);
          chk.set(chk.addw(1));
        }).otherwise(() => rin.set(rin.addw(1)));
        when(lastRow, () => fstate.set(F_LAST));
      }).otherwise(() => {
        if (sub) sub.set(sub.addw(1));
      });
    })
    .is(F_LAST, () => {
      when(predOn, () => {
        fstate.set(F_Q);
        qm.set(0);
        rr.set(0);
        qpos.set(0);
      });
    })
    .is(F_Q, () => {
      qm.set(qm.addw(1));
      rr.set(rrN);
      qpos.set(qposN);
      when(qm.eq(cfg.M.subw(1)), () => fstate.set(F_QLAST));
    })
    .is(F_QLAST, () => {
      rr.set(rrN);
      qpos.set(qposN);
    })
    .is(F_WAIT, () => when(bufFree, () => fstate.set(F_FETCH)))
    .default(() => when(finished, () => fstate.set(F_IDLE)));
  when(fdone, () => {
    resetRows();
    fb.set(fb.not());
    fbase.set(fbase.addw(cfg.M.resize(d.outAddrBits)));
    for (const b of [0, 1]) {
      when(fb.eq(b), () => {
        rrEnd[b]!.set(mux(predOn, rrN, cfg.mmodl));
        posEnd[b]!.set(mux(predOn, qposN, cfg.mdivl));
      });
    }
    when(wx.eq(cfg.OW.subw(1)), () => {
      wx.set(0);
      x0Base.set(negPadX);
      wy.set(wy.addw(1));
      yBase.set(yBase.addw(cfg.stride.toSInt().ext(D + 4)));
    }).otherwise(() => {
      wx.set(wx.addw(1));
      x0Base.set(x0Base.addw(cfg.stride.toSInt().ext(D + 4)));
    });
    fstate.set(mux(lastWin, m.const(F_END, UInt(3)), mux(bufFree, m.const(F_FETCH, UInt(3)), m.const(F_WAIT, UInt(3)))));
  });

  // ---- read port and status ----
  const yq = outY.read(io.rd_addr, { en: io.rd_en, name: 'rd_y_q' });
  const nq = outMacs.read(io.rd_addr, { en: io.rd_en, name: 'rd_macs_q' });
  const sq = m.named('rd_skip_v', mask.read(io.rd_addr, { en: io.rd_en, name: 'rd_mask_q' }).and(predOn));
  // performance counters (SVD_COUNTERS order; model.ts gives each one's figure), read with rd_ctr = 1
  // the gap counters: cycles with a PE stepping, idle PEs in those cycles, unused multiplier slots of stepping PEs,
  // MACs spent on executed outputs that came out ≤ 0
  const sum = (xs: Signal[]): Signal => xs.reduce((a, b) => a.addw(b));
  const anyRun = m.named('any_run', pes.map((u) => u.run).reduce((a, b) => a.or(b)));
  const laneIdle = m.named('lane_idle_n', sum(pes.map((u) => u.run.not().ext(d.peBits + 1))));
  const slotIdle = m.named('slot_idle_n', sum(pes.map((u) => mux(u.run, m.const(p.npc, UInt(d.macBits + 1)).subw(u.picks.ext(d.macBits + 1)), m.const(0, UInt(d.macBits + 1))))));
  const nonposMacs = m.named('nonpos_macs_n', sum(pes.map((u) => u.nonpos_macs.ext(d.macBits + d.peBits))));
  const events: Record<(typeof SVD_COUNTERS)[number], readonly [Signal, Signal?]> = {
    busy: [fstate.ne(F_IDLE)],
    windows: [pdone],
    skipped: [qv.and(skip)],
    front_wait: [fstate.eq(F_WAIT)],
    any_run: [anyRun],
    lane_idle: [anyRun, laneIdle],
    slot_idle: [anyRun, slotIdle],
    nonpos_macs: [nonposMacs.ne(0), nonposMacs],
  };
  const ctrs = perfCounters(m, io.start, SVD_COUNTERS.map((k) => [k, ...events[k]] as const), p.accBits);
  const ctrQ = m.regNext('rd_ctr_q', select(io.rd_addr.resize(addrWidth(ctrs.length)), ctrs));
  const yOut = mux(sq, m.const(0, SInt(p.accBits)), yq);
  io.rd_data.set(mux(m.regNext('rd_ctr_sel', io.rd_ctr), ctrQ.toSInt().ext(p.accBits), yOut));
  io.rd_macs.set(mux(sq, m.const(0, UInt(d.macBits)), nq));
  io.rd_skip.set(sq);
  io.busy.set(fstate.ne(F_IDLE));
  const fin1 = m.regNext('finished_q', finished);
  const done = m.reg('done_q', Bool);
  when(io.start.and(fstate.eq(F_IDLE)), () => done.set(0)).elsewhen(fin1, () => done.set(1));
  io.done.set(done);
  void io.rd_bank;
});
