/**
 * The LINAC core in mode wgt_plane (weight-plane regression, weight-serial): F pixel columns (consecutive x of one
 * output row) × L lanes. The serial operand is the offline-compiled weight stream of each filter (per channel: ρ(m,c,·,·),
 * then α, β, γ when not all zero), shared by the F columns; each lane of each column holds the bit-parallel operand
 * of its slot: the activation A(c, y·stride + r, x·stride + s) for a ρ slot, or one of the channel's window sums
 * Σ r·a, Σ s·a, Σ a for an α, β, γ slot. The window sums are shared by all M filters: a prologue computes them once
 * per pixel batch (C·R·S + 1 cycles), then every filter streams its groups:
 *   per group: read the slot words (1 cycle), read the operands (1 cycle), load the lanes (1 cycle), then exactly
 *   termCycles(group of stream values, B) term cycles; per filter then 2 output cycles (bias, ReLU, ×mult registered in
 *   the shared stage of common/post.ts; round/clamp, write). The fetch is not overlapped with the terms in this version (see driver planeCoreCycles).
 *
 * Memories: ifm (zero-padded input, C·Hp·Wp words; one read port per lane and column); slot_i (stream words:
 * {last, kind, index, value}); wsr_f / wss_f / ws1_f (window sums of column f, by channel); bias and rq_table (by filter); out_f.
 */
import { defineModule, UInt, SInt, Bool, mux, when, switch_, type Signal } from '../../dsl/index.js';
import { type PlaneHwParams, planeDerived, PLANE_KIND_ACT, PLANE_KIND_SR, PLANE_KIND_SS, PLANE_LOAD_IFMAP, PLANE_LOAD_SLOT, PLANE_LOAD_BIAS, PLANE_LOAD_RQ, PLANE_COUNTERS } from './params.js';
import { rqTable } from '../common/rqtable.js';
import { postStage } from '../common/post.js';
import { perfCounters, hostReadPort } from '../common/counters.js';
import { planeSpec } from './ports.js';

export { DEFAULT_PLANE_HW, planeDerived, type PlaneHwParams } from './params.js';
import { EbLaneF, expBits, encodeOneHot, lowestOneHot, adderTree } from '../bitserial/units.js';

const IDLE = 0;
const PRO = 1;
const S0 = 2;
const S1 = 3;
const S2 = 4;
const TERM = 5;
const POST = 6;

export const LinacPlaneCore = defineModule(
  'linac_plane_core',
  (p: PlaneHwParams) => planeSpec(p),
  (m, io, p) => {
    const d = planeDerived(p);
    const { cfg } = io;
    const D = p.dimBits;
    const L = p.lanes;
    const F = p.cols;
    const A = d.ifAddrBits;
    const sel = (k: number) => io.load_en.and(io.load_sel.eq(k));
    const ifm = m.mem('ifm', UInt(p.actBits), p.ifmapWords);
    ifm.write(io.load_addr.resize(A), io.load_data.resize(p.actBits), sel(PLANE_LOAD_IFMAP));
    const slots = Array.from({ length: L }, (_, i) => m.mem(`slot_${i}`, UInt(d.slotBits), p.slotWords));
    slots.forEach((mem, i) => mem.write(io.load_addr.resize(d.slotAddrBits), io.load_data.resize(d.slotBits), sel(PLANE_LOAD_SLOT).and(io.load_bank.eq(i))));
    const biasM = m.mem('bias', SInt(p.accBits), p.biasWords);
    biasM.write(io.load_addr.resize(d.biasAddrBits), io.load_data.resize(p.accBits).asSInt(), sel(PLANE_LOAD_BIAS));
    const rqt = rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.biasWords }, { en: sel(PLANE_LOAD_RQ), addr: io.load_addr, data: io.load_data });
    const ws = Array.from({ length: F }, (_, f) => [0, 1, 2].map((k) => m.mem(`ws${['r', 's', '1'][k]}_${f}`, SInt(p.pBits), p.wsWords)));
    const outM = Array.from({ length: F }, (_, f) => m.mem(`out_${f}`, SInt(p.accBits), p.outWords));

    const state = m.reg('state', UInt(3));
    const done = m.reg('done_q', Bool);
    const y = m.reg('y', UInt(D));
    const xb = m.reg('xb', UInt(D));
    const x0 = m.reg('x0', UInt(D));
    const rowBase = m.reg('row_base', UInt(A));
    const colBase = m.reg('col_base', UInt(A));
    const filt = m.reg('filt', UInt(D));
    const sa = m.reg('slot_addr', UInt(d.slotAddrBits));
    const firstG = m.reg('first_g', Bool);
    const pc = m.reg('pc', UInt(2));
    // ---- prologue counters: c, r, s; the data of a read arrives one cycle later ----
    const pcC = m.reg('pro_c', UInt(D));
    const pcR = m.reg('pro_r', UInt(4));
    const pcS = m.reg('pro_s', UInt(4));
    const proIssue = m.reg('pro_issue', Bool);
    const chanBase = m.reg('pro_chan_base', UInt(A));
    const rowOff = m.reg('pro_row_off', UInt(A));
    const inPro = state.eq(PRO);
    const proAddr = m.named('pro_addr', rowBase.addw(colBase).addw(chanBase).addw(rowOff).addw(pcS.resize(A)));
    const colStep = m.named('col_step', cfg.stride.ext(A));
    const proQ = Array.from({ length: F }, (_, f) => {
      const fo = m.const(f, UInt(A)).resize(A);
      return ifm.read(proAddr.addw(fo.mul(cfg.stride).resize(A)), { en: inPro.and(proIssue), name: `pro_q_${f}` });
    });
    const dV = m.regNext('pro_dv', inPro.and(proIssue), { init: 0 });
    const dR = m.regNext('pro_dr', pcR);
    const dS = m.regNext('pro_ds', pcS);
    const dC = m.regNext('pro_dc', pcC);
    const dFirst = m.regNext('pro_dfirst', pcR.eq(0).and(pcS.eq(0)));
    const dLast = m.regNext('pro_dlast', pcR.eq(cfg.R.subw(1)).and(pcS.eq(cfg.S.subw(1))));
    for (let f = 0; f < F; f++) {
      const a = proQ[f]!.toSInt().ext(p.pBits);
      const terms = [a.mul(dR.toSInt()).trunc(p.pBits), a.mul(dS.toSInt()).trunc(p.pBits), a];
      ws[f]!.forEach((mem, k) => {
        const acc = m.reg(`ws_acc_${f}_${k}`, SInt(p.pBits));
        const next = mux(dFirst, terms[k]!, acc.addw(terms[k]!));
        when(dV, () => acc.set(next));
        mem.write(dC.resize(d.wsAddrBits), next, dV.and(dLast));
      });
    }

    // ---- main: slot words, operands, lanes ----
    const slotQ = slots.map((mem, i) => mem.read(sa, { en: state.eq(S0), name: `slot_q_${i}` }));
    const field = (q: Signal) => ({
      value: q.slice(p.svBits - 1, 0).asSInt(),
      index: q.slice(p.svBits + A - 1, p.svBits),
      kind: q.slice(p.svBits + A + 1, p.svBits + A),
      last: q.bit(p.svBits + A + 2),
    });
    const sf = slotQ.map(field);
    const rdOp = state.eq(S1);
    const opAct = Array.from({ length: F }, (_, f) => sf.map((s, i) => {
      const base = rowBase.addw(colBase).addw(m.const(f, UInt(A)).mul(cfg.stride).resize(A));
      return ifm.read(base.addw(s.index), { en: rdOp, name: `op_a_${f}_${i}` });
    }));
    const opWs = Array.from({ length: F }, (_, f) => sf.map((s, i) => ws[f]!.map((mem, k) => mem.read(s.index.resize(d.wsAddrBits), { en: rdOp, name: `op_w_${f}_${i}_${k}` }))));
    const kindQ = sf.map((s, i) => m.regNext(`kind_q_${i}`, s.kind, { enable: rdOp }));
    const lastQ = m.regNext('last_q', sf[0]!.last, { enable: rdOp });
    const load = m.named('load', state.eq(S2));
    const step = m.named('step', state.eq(TERM));
    const vb = p.svBits;
    const lanes = Array.from({ length: L }, (_, i) => m.instance(`lane_${i}`, EbLaneF, { vBits: vb, wBits: p.pBits, B: p.B, filters: F }));
    const allMask = m.named('all_mask', lanes.map((l) => l.mask as Signal).reduce((a, b) => a.or(b)));
    const mMin = m.named('m_min', encodeOneHot(lowestOneHot(allMask)));
    const anyLeft = m.named('any_left', lanes.map((l) => l.left as Signal).reduce((a, b) => a.or(b)));
    lanes.forEach((l, i) => {
      l.load.set(load);
      l.value.set(sf[i]!.value);
      for (let f = 0; f < F; f++) {
        const k = kindQ[i]!;
        const w = opWs[f]![i]!;
        const op = mux(k.eq(PLANE_KIND_ACT), opAct[f]![i]!.toSInt().ext(p.pBits), mux(k.eq(PLANE_KIND_SR), w[0]!, mux(k.eq(PLANE_KIND_SS), w[1]!, w[2]!)));
        l.weights[f]!.set(op);
      }
      l.step.set(step);
      l.m.set(mMin.resize(expBits(vb)));
    });
    const accs = Array.from({ length: F }, (_, f) => {
      const acc = m.reg(`acc_${f}`, SInt(p.accBits));
      const tree = adderTree(lanes.map((l) => l.terms[f] as Signal)).ext(p.accBits).shlDyn(mMin);
      when(step, () => acc.set(acc.addw(tree)));
      when(load.and(firstG), () => acc.set(0));
      return acc;
    });

    // ---- post: bias, ReLU, requantisation, write ----
    const bQ = biasM.read(filt.resize(d.biasAddrBits), { en: state.eq(S0), name: 'bias_q' });
    const rqQ = rqt.read(filt, { en: state.eq(S0), name: 'rq_q' });
    const outAddr = m.named('out_addr', filt.mul(cfg.OH).addw(y.ext(2 * D)).mul(cfg.nxb).addw(xb.ext(3 * D)).trunc(d.outAddrBits));
    const postEn = m.named('post_en', state.eq(POST).and(pc.eq(0)));
    for (let f = 0; f < F; f++) {
      const out = postStage(m, `post_${f}`, accs[f]!.addw(bQ), cfg, rqQ, p, postEn);
      outM[f]!.write(outAddr, out, state.eq(POST).and(pc.eq(1)).and(x0.add(f).lt(cfg.OW)));
    }

    // ---- schedule ----
    const proStart = (): void => {
      state.set(PRO);
      for (const r of [pcC, pcR, pcS, chanBase, rowOff]) r.set(0);
      proIssue.set(1);
    };
    switch_(state)
      .is(IDLE, () => {
        when(io.start, () => {
          done.set(0);
          for (const r of [y, xb, x0, rowBase, colBase, filt, sa]) r.set(0);
          proStart();
        });
      })
      .is(PRO, () => {
        when(proIssue, () => {
          when(pcS.eq(cfg.S.subw(1)), () => {
            pcS.set(0);
            when(pcR.eq(cfg.R.subw(1)), () => {
              pcR.set(0);
              rowOff.set(0);
              chanBase.set(chanBase.addw(cfg.Hp.mul(cfg.Wp).resize(A)));
              when(pcC.eq(cfg.C.subw(1)), () => proIssue.set(0)).otherwise(() => pcC.set(pcC.addw(1)));
            }).otherwise(() => {
              pcR.set(pcR.addw(1));
              rowOff.set(rowOff.addw(cfg.Wp.resize(A)));
            });
          }).otherwise(() => pcS.set(pcS.addw(1)));
        }).otherwise(() => {
          // the last read's data is written this cycle
          state.set(S0);
          filt.set(0);
          sa.set(0);
          firstG.set(1);
        });
      })
      .is(S0, () => state.set(S1))
      .is(S1, () => state.set(S2))
      .is(S2, () => {
        state.set(TERM);
        firstG.set(0);
      })
      .is(TERM, () => {
        when(anyLeft.not(), () => {
          sa.set(sa.addw(1));
          when(lastQ, () => {
            state.set(POST);
            pc.set(0);
          }).otherwise(() => state.set(S0));
        });
      })
      .default(() => {
        pc.set(pc.addw(1));
        when(pc.eq(1), () => {
          firstG.set(1);
          when(filt.eq(cfg.M.subw(1)), () => {
            filt.set(0);
            when(xb.eq(cfg.nxb.subw(1)), () => {
              xb.set(0);
              x0.set(0);
              colBase.set(0);
              when(y.eq(cfg.OH.subw(1)), () => {
                state.set(IDLE);
                done.set(1);
              }).otherwise(() => {
                y.set(y.addw(1));
                rowBase.set(rowBase.addw(cfg.Wp.mul(cfg.stride).resize(A)));
                proStart();
              });
            }).otherwise(() => {
              xb.set(xb.addw(1));
              x0.set(x0.addw(F));
              colBase.set(colBase.addw(colStep.mul(F).resize(A)));
              proStart();
            });
          }).otherwise(() => {
            filt.set(filt.addw(1));
            state.set(S0);
          });
        });
      });
    // ---- status, performance counters (plane_driver.ts planeCounters) and the read port ----
    const busy = m.named('busy_q', state.ne(IDLE));
    io.busy.set(busy);
    io.done.set(done);
    const events: Record<(typeof PLANE_COUNTERS)[number], Signal> = {
      busy,
      prologue: inPro,
      fetch: state.eq(S0).or(state.eq(S1)).or(state.eq(S2)),
      term: step,
      post: state.eq(POST),
    };
    hostReadPort(m, io, outM, perfCounters(m, io.start, PLANE_COUNTERS.map((n) => [n, events[n]] as const), p.accBits), p.accBits);
  },
);
