/**
 * The dense ("value-agnostic") convolution accelerator: an output-stationary rows×cols array of MAC PEs fed from
 * banked on-chip SRAMs by the address-generating controller, a drain that reads one column of results in
 * S = ceil(rows / postUnits) cycles (rows g·U .. g·U + U − 1 in its g-th cycle), U post-processing units (bias, then
 * the shared ReLU/requantisation stage; U = rows by default, one per row) writing a banked output SRAM, and
 * performance counters (busy, compute, bubble, drain) readable through the read port.
 *
 * Memory layout (the driver in driver.ts writes and reads it):
 *   input   a(c, y, x)        V = c·H·pitch + y·pitch + x: bank V mod B, word floor(V / B)   (B = pow2(rows·maxStride) banks)
 *   weights w(m, c, r, s)     bank m mod cols, word floor(m / cols)·K + (c·R + r)·S + s
 *   bias    b(m)              word m
 *   output  o(m, p)           pixel p = y·OW + x: bank p mod rows, word m·npt + floor(p / rows)
 */
import { defineModule, type Signal, UInt, SInt, Bool, mux, when, select, delay, addrWidth } from '../../dsl/index.js';
import { type DenseHwParams, derived } from './params.js';
import { denseSpec, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_RQ } from './ports.js';
import { rqTable } from '../common/rqtable.js';
import { controller, IDLE } from './controller.js';
import { DensePe } from './pe.js';
import { postProcess } from './post.js';
import { DENSE_COUNTERS } from './model.js';
import { perfCounters, hostReadPort } from '../common/counters.js';

export const DenseAccel = defineModule('dense_accel', (p: DenseHwParams) => denseSpec(p), (m, io, p) => {
  const d = derived(p);
  const { cfg } = io;
  const finished = m.wire('finished', Bool);
  const ctl = controller(m, cfg, io.start, finished, p);

  // ---- on-chip memories and the load port ----
  const loadTo = (sel: number, bank: number): Signal =>
    io.load_en.and(io.load_sel.eq(sel)).and(io.load_bank.eq(bank));
  const ifBanks = Array.from({ length: d.ifBanks }, (_, b) => m.mem(`ifmap_${b}`, UInt(p.actBits), p.ifmapWords));
  const wBanks = Array.from({ length: p.cols }, (_, j) => m.mem(`wgt_${j}`, SInt(p.wBits), p.weightWords));
  const biasMem = m.mem('bias', SInt(p.accBits), p.biasWords);
  ifBanks.forEach((mem, b) => mem.write(io.load_addr.resize(d.ifAddrBits), io.load_data.resize(p.actBits), loadTo(LOAD_IFMAP, b)));
  wBanks.forEach((mem, j) => mem.write(io.load_addr.resize(d.wAddrBits), io.load_data.resize(p.wBits).asSInt(), loadTo(LOAD_WEIGHT, j)));
  biasMem.write(io.load_addr.resize(d.biasAddrBits), io.load_data.resize(p.accBits).asSInt(), io.load_en.and(io.load_sel.eq(LOAD_BIAS)));
  const rqt = rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.biasWords }, { en: io.load_en.and(io.load_sel.eq(LOAD_RQ)), addr: io.load_addr, data: io.load_data });

  // ---- stage 1: SRAM data arrives; route each bank to its row, zero the invalid rows ----
  const ifData = ifBanks.map((mem, b) => mem.read(ctl.ifAddr[b]!, { name: `if_q_${b}` }));
  const wData = wBanks.map((mem, j) => mem.read(ctl.wAddr, { name: `w_q_${j}` }));
  const first1 = m.regNext('first_s1', ctl.first);
  const baseLo1 = m.regNext('base_lo_s1', ctl.baseLo);
  const lb = d.ifBankBits;
  const rowA = ctl.rowValid.map((v, i) => {
    const valid1 = m.regNext(`row_ok_s1_${i}`, v);
    const bank = lb === 0 ? baseLo1 : baseLo1.addw(cfg.stride.mul(i).resize(lb));
    return m.named(`a_row_${i}`, mux(valid1, select(bank, ifData), 0));
  });

  // ---- skew: row i and column j enter the array i and j cycles late ----
  const aIn = rowA.map((a, i) => delay(m, `a_skew_${i}`, a, i));
  const fIn = rowA.map((_, i) => delay(m, `first_skew_${i}`, first1, i));
  // a bubble step past K reads a weight word past the filter (maybe never loaded): feed 0 instead
  const kStep1 = m.regNext('k_step_s1', ctl.kStep);
  const wIn = wData.map((w, j) => delay(m, `w_skew_${j}`, mux(kStep1, w, 0), j));

  // ---- the PE array ----
  const pe = { actBits: p.actBits, wBits: p.wBits, accBits: p.accBits };
  const grid = Array.from({ length: p.rows }, (_, i) => Array.from({ length: p.cols }, (_, j) => m.instance(`pe_${i}_${j}`, DensePe, pe)));
  for (let i = 0; i < p.rows; i++)
    for (let j = 0; j < p.cols; j++) {
      const u = grid[i]![j]!;
      u.a_in.set(j === 0 ? aIn[i]! : grid[i]![j - 1]!.a_out);
      u.first_in.set(j === 0 ? fIn[i]! : grid[i]![j - 1]!.first_out);
      u.w_in.set(i === 0 ? wIn[j]! : grid[i - 1]![j]!.w_out);
    }

  // ---- skew invariant: the `first` flag a PE sees with its activations (along its row) is the one that travels with its
  // weights (down its column), so every PE starts a new sum on the step whose operands are the new tile's first pair.
  // A shadow flag goes down each column beside the weights (simulation and proofs only: nothing else reads it).
  for (let j = 0; j < p.cols; j++) {
    let wFirst = delay(m, `w_first_skew_${j}`, first1, j);
    for (let i = 0; i < p.rows; i++) {
      if (i > 0) wFirst = m.regNext(`w_first_${i}_${j}`, wFirst);
      m.assert(grid[i]![j]!.first_out.eq(m.regNext(`w_first_q_${i}_${j}`, wFirst)), `dense skew: PE (${i}, ${j}) sees the tile's first step with both operands`);
    }
  }

  // ---- drain: the finished tile's descriptor arrives `rows` cycles after its successor's first step, then one column per cycle ----
  const dly = (name: string, s: Signal): Signal => delay(m, name, s, d.drainDelay - 1);
  const dStart = dly('dsc_valid', ctl.desc.valid);
  const dLast = dly('dsc_last', ctl.desc.last);
  const dMt = dly('dsc_mt', ctl.desc.mt);
  const dPt = dly('dsc_pt', ctl.desc.pt);
  const colBits = addrWidth(p.cols + 1);
  const U = d.postUnits;
  const S = d.drainSteps;
  const dAct = m.reg('drain_act', Bool);
  const dCol = m.reg('drain_col', UInt(colBits));
  // the row group of the drained column going through the post units this cycle (0 when every row has its own)
  const grpReg = S > 1 ? m.reg('drain_grp', UInt(addrWidth(S))) : undefined;
  const dGrp = grpReg ?? m.const(0, UInt(1));
  const colEnd = S > 1 ? m.named('drain_col_end', dGrp.eq(S - 1)) : m.const(1, Bool);
  const tile = { mt: m.reg('drain_mt', UInt(p.dimBits)), pt: m.reg('drain_pt', UInt(2 * p.dimBits)), last: m.reg('drain_last', Bool) };
  when(dStart, () => {
    dAct.set(1);
    dCol.set(0);
    grpReg?.set(0);
    tile.mt.set(dMt);
    tile.pt.set(dPt);
    tile.last.set(dLast);
  }).elsewhen(dAct, () => {
    grpReg?.set(mux(colEnd, 0, dGrp.addw(1)));
    when(colEnd, () => {
      dCol.set(dCol.addw(1));
      when(dCol.eq(p.cols - 1), () => dAct.set(0));
    });
  });
  const column = grid.map((row, i) => m.named(`drain_v_${i}`, select(dCol, row.map((u) => u.res))));
  // unit u takes row g·U + u of group g (a missing row of the last group: 0, never written)
  const zero = m.const(0, SInt(p.accBits));
  const values = S === 1 ? column : Array.from({ length: U }, (_, u) => m.named(`drain_u_${u}`, select(dGrp, Array.from({ length: S }, (_, g) => column[g * U + u] ?? zero))));
  const post = postProcess(m, cfg, p, {
    valid: dAct,
    last: dAct.and(tile.last).and(dCol.eq(p.cols - 1)).and(colEnd),
    m: m.named('drain_m', tile.mt.mul(p.cols).addw(dCol.resize(p.dimBits + 8)).trunc(p.dimBits)),
    pt: tile.pt,
    group: dGrp,
    values,
    biasMem,
    rqTable: rqt,
  });
  finished.set(post.finished);

  // ---- status, performance counters (model.ts denseCounters) and the read port ----
  const busy = m.named('busy_q', ctl.state.ne(IDLE));
  io.busy.set(busy);
  const events: Record<(typeof DENSE_COUNTERS)[number], Signal> = {
    busy,
    compute: ctl.kStep,
    bubble: ctl.running.and(ctl.kStep.not()),
    drain: busy.and(ctl.running.not()),
  };
  const ctrs = perfCounters(m, io.start, DENSE_COUNTERS.map((n) => [n, events[n]] as const), p.accBits);
  hostReadPort(m, io, post.outBanks, ctrs, p.accBits);
  const done = m.reg('done_q', Bool);
  when(io.start.and(ctl.state.eq(IDLE)), () => done.set(0)).elsewhen(post.finished, () => done.set(1));
  io.done.set(done);
});
