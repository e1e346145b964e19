/**
 * The zero-activation-skipping accelerator: the encoded map (non-zero words + row-end table, golden.ts) is streamed
 * once per channel tile; every non-zero is broadcast to P scatter PEs (pe.ts), PE p accumulating output channel
 * mt·P + p in its output-partial buffer. While tile mt accumulates in one buffer, tile mt−1 drains from the other
 * through bias and the shared ReLU/requantisation stage (common/post.ts) into the output memories; performance counters
 * (model.ts zasCounters) are read through the read port.
 *
 * Memory layout (driver.ts writes and reads it):
 *   nz        word k: {x, v} of the k-th non-zero (row order)          rowend   entry r = c·H + y: end[r]
 *   wgt_p_t   tap slot t = jr·KS + js; word ((mt·F + f)·C + c)·ss + py·stride + px, pass f = fr·FS + fs:
 *             w(mt·P + p, c, py + stride·(fr·KR + jr), px + stride·(fs·KS + js)) (0 where r ≥ R or s ≥ S)
 *   bias_p    word mt: b(mt·P + p)                                    out_p    word (mt·OH + y)·OW + x: o(mt·P + p, y, x)
 *   rq_table_p  word mt: channel mt·P + p's requantisation entry (common/rqtable.ts; load: LOAD_RQ, bank p)
 *
 * Schedule (model.ts is the same as arithmetic): start; CLEAR (pdepth cycles, both buffers); phases 0..nmt: phase k
 * streams the map for tile k (if k < nmt) F = FR·FS times, once per kernel fold (one cycle per non-zero, and one per
 * empty row; a pass follows the previous one without a bubble) and drains tile k−1 (if k ≥ 1; one output position
 * per cycle); a phase ends when both are done, then `gap` cycles let the pipeline empty.
 *
 * Strides 1..4 and kernels up to 15×15: an activation at (y, x) reaches only the taps r ≡ (y + pad_y) mod stride
 * (its stride phase py) and s ≡ (x + pad_x) mod stride; pass (fr, fs) applies KR × KS of them, the slot (jr, js)
 * multiplying by tap (py + stride·(fr·KR + jr), px + stride·(fs·KS + js)), whose weight is the word of that phase.
 *
 * Pipeline of one non-zero (issued in cycle t):
 *   t    read nz[k] (k = the stream position); the row (c, y) is known from the row-end table read a cycle earlier
 *   t+1  word → x, v; (y + pad)/stride and (x + pad)/stride with their phases; every slot's target (y', x'),
 *        validity (tap inside the kernel, output in range), bank and address; per bank the slot that hits it; weight
 *        read at the word of (tile, pass, c) and the phase
 *   t+2  (PE) products, routing, partial read          t+3  (PE) add, write
 */
import { defineModule, type Signal, UInt, SInt, Bool, mux, when, switch_, select } from '../../dsl/index.js';
import { clog2 } from '../../dsl/bits.js';
import { type ZasHwParams, derived, LOAD_DENSE, LOAD_WEIGHT, LOAD_BIAS, LOAD_NZ, LOAD_ROWEND, LOAD_RQ } from './params.js';
import { rqTable } from '../common/rqtable.js';
import { zasSpec } from './ports.js';
import { ZasPe } from './pe.js';
import { ZasEncoder } from './encoder.js';
import { ZAS_COUNTERS } from './model.js';
import { postStage } from '../common/post.js';
import { perfCounters, hostReadPort } from '../common/counters.js';

const IDLE = 0;
const CLEAR = 1;
const PHASE = 2;
const GAP = 3;
const WAIT = 4;

export const ZasAccel = defineModule('zas_accel', (p: ZasHwParams) => zasSpec(p), (m, io, p) => {
  const d = derived(p);
  const { cfg } = io;
  const D = p.dimBits;

  // ---- memories, the load port and the encoder ----
  const enc = m.instance('enc', ZasEncoder, { actBits: p.actBits, maxW: p.maxW, nzWords: p.nzWords, rowWords: p.rowWords, dimBits: p.dimBits });
  const loadSel = (s: number): Signal => io.load_en.and(io.load_sel.eq(s));
  enc.en.set(loadSel(LOAD_DENSE));
  enc.first.set(io.load_addr.eq(0));
  enc.value.set(io.load_data.resize(p.actBits));
  enc.W.set(cfg.W);
  const nzMem = m.mem('nz', UInt(d.nzBits), p.nzWords);
  const L = p.rowLook;
  const lb = d.lookBits;
  const rowMems = Array.from({ length: L }, (_, b) => m.mem(`rowend_${b}`, UInt(d.ptrBits), d.rowBankWords));
  const direct = (s: number) => loadSel(s);
  nzMem.write(
    mux(direct(LOAD_NZ), io.load_addr.resize(d.nzAddrBits), enc.nz_addr),
    mux(direct(LOAD_NZ), io.load_data.resize(d.nzBits), enc.nz_data),
    direct(LOAD_NZ).or(enc.nz_we),
  );
  const reAddr = m.named('re_addr', mux(direct(LOAD_ROWEND), io.load_addr.resize(d.rowAddrBits), enc.re_addr));
  const reData = m.named('re_data', mux(direct(LOAD_ROWEND), io.load_data.resize(d.ptrBits), enc.re_data));
  const reWe = m.named('re_we', direct(LOAD_ROWEND).or(enc.re_we));
  const reWord = (lb === 0 ? reAddr : reAddr.shr(lb)).resize(d.rowBankAddrBits);
  rowMems.forEach((mem, b) => mem.write(reWord, reData, lb === 0 ? reWe : reWe.and(reAddr.slice(lb - 1, 0).eq(b))));
  const wgt = Array.from({ length: p.P }, (_, pe) => Array.from({ length: d.taps }, (_, t) => m.mem(`wgt_${pe}_${t}`, SInt(p.wBits), p.weightWords)));
  const biasMem = Array.from({ length: p.P }, (_, pe) => m.mem(`bias_${pe}`, SInt(p.accBits), p.biasWords));
  wgt.forEach((row, pe) =>
    row.forEach((mem, t) => mem.write(io.load_addr.resize(d.wAddrBits), io.load_data.resize(p.wBits).asSInt(), loadSel(LOAD_WEIGHT).and(io.load_bank.eq(pe * d.taps + t)))),
  );
  biasMem.forEach((mem, pe) => mem.write(io.load_addr.resize(d.biasAddrBits), io.load_data.resize(p.accBits).asSInt(), loadSel(LOAD_BIAS).and(io.load_bank.eq(pe))));
  // beside bias_p: PE p's channels' requantisation entries
  const rqTables = Array.from({ length: p.P }, (_, pe) =>
    rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.biasWords }, { en: loadSel(LOAD_RQ).and(io.load_bank.eq(pe)), addr: io.load_addr, data: io.load_data }, `rq_table_${pe}`),
  );

  // ---- controller ----
  const state = m.reg('state', UInt(3));
  const cnt = m.reg('cnt', UInt(D));
  const ph = m.reg('ph', UInt(D));
  const strOn = m.reg('str_on', Bool);
  const drnOn = m.reg('drn_on', Bool);
  const r = m.reg('row', UInt(2 * D));
  const k = m.reg('k', UInt(d.ptrBits));
  const yc = m.reg('y_cnt', UInt(D));
  const wrow = m.reg('w_row', UInt(d.wAddrBits));
  const wbase = m.reg('w_base', UInt(d.wAddrBits));
  const dy = m.reg('drn_y', UInt(D));
  const dx = m.reg('drn_x', UInt(D));
  const oaddr = m.reg('out_addr', UInt(d.outAddrBits));
  const finished = m.wire('finished', Bool);
  // kernel folding: the pass (fr, fs) of the stream within a channel tile (model.ts zasFolds)
  const fr = m.reg('fold_r', UInt(4));
  const fs = m.reg('fold_s', UInt(4));

  const inPhase = m.named('in_phase', state.eq(PHASE));
  const streaming = m.named('streaming', inPhase.and(strOn));
  // the row-end entries of rows r..r+L−1 (read a cycle earlier at the row the walker was about to reach)
  const ends = Array.from({ length: L }, (_, j) => m.wire(`row_end_${j}`, UInt(d.ptrBits)));
  const rowEnd = ends[0]!;
  const issue = m.named('issue', streaming.and(k.ne(rowEnd)));
  const adv = m.named('row_adv', streaming.and(issue.not().or(k.addw(1).eq(rowEnd))));
  // empty rows right after row r are skipped with it: row r+j is skipped when rows r+1..r+j are empty, exist, and the
  // row after them lies at most one channel further (y + 1 + j < 2H: the row counters wrap at most once)
  let lead: Signal = m.const(1, Bool);
  let skip: Signal = m.const(0, UInt(d.lookBits + 1));
  const rowsS = cfg.rows;
  for (let j = 1; j < L; j++) {
    const ok = ends[j]!.eq(rowEnd).and(r.add(j).lt(rowsS)).and(yc.add(1 + j).lt(cfg.H.shl(1)));
    lead = m.named(`skip_${j}`, lead.and(ok));
    skip = skip.addw(lead.ext(d.lookBits + 1));
  }
  const step = m.named('row_step', skip.add(1));
  const nextR = m.named('row_next', r.add(step));
  const lastFs = m.named('last_fs', fs.eq(cfg.folds_s.subw(1)));
  const lastPass = m.named('last_pass', lastFs.and(fr.eq(cfg.folds_r.subw(1))));
  const passEnd = m.named('pass_end', adv.and(nextR.ge(rowsS)));
  const restart = m.named('pass_restart', passEnd.and(lastPass.not()));
  const streamDone = m.named('stream_done', strOn.not().or(passEnd.and(lastPass)));
  const yStep = m.named('y_step', yc.add(step));
  const yWrap = m.named('y_wrap', yStep.ge(cfg.H));
  const draining = m.named('draining', inPhase.and(drnOn));
  const drnLast = m.named('drn_last', dy.eq(cfg.OH.subw(1)).and(dx.eq(cfg.OW.subw(1))));
  const drainDone = m.named('drain_done', drnOn.not().or(drnLast));
  const phaseEnd = m.named('phase_end', inPhase.and(streamDone).and(drainDone));
  const row0 = m.const(0, UInt(2 * D));
  const rowRd = m.named('row_rd', mux(restart, row0, mux(streaming.and(adv), nextR.trunc(2 * D), mux(streaming, r, row0))));
  // bank b reads the row of rows rowRd..rowRd+L−1 that it holds: rowRd + ((b − rowRd) mod L)
  const rdLo = lb === 0 ? m.const(0, UInt(1)) : m.named('row_rd_lo', rowRd.slice(lb - 1, 0));
  const rdHi = lb === 0 ? rowRd : rowRd.shr(lb);
  const bankQ = rowMems.map((mem, b) => {
    const bump = lb === 0 ? m.const(0, UInt(1)) : rdLo.gt(b);
    return mem.read(rdHi.addw(bump.ext(rdHi.width)).resize(d.rowBankAddrBits), { name: `row_end_q_${b}` });
  });
  // rotate: entry j is row r + j, in bank (r + j) mod L
  const rLo = lb === 0 ? m.const(0, UInt(1)) : r.slice(lb - 1, 0);
  ends.forEach((w, j) => w.set(lb === 0 ? bankQ[0]! : select(rLo.addw(j % L), bankQ)));

  const nextPhase = (): void => {
    strOn.set(ph.addw(1).lt(cfg.nmt));
    drnOn.set(1);
    ph.set(ph.addw(1));
    wbase.set(wbase.addw(cfg.wtile));
    wrow.set(wbase.addw(cfg.wtile));
  };
  switch_(state)
    .is(IDLE, () => {
      when(io.start, () => {
        state.set(CLEAR);
        cnt.set(0);
        oaddr.set(0);
      });
    })
    .is(CLEAR, () => {
      cnt.set(cnt.addw(1));
      when(cnt.eq(cfg.pdepth.subw(1)), () => {
        state.set(PHASE);
        ph.set(0);
        strOn.set(1);
        drnOn.set(0);
        wbase.set(0);
        wrow.set(0);
      });
    })
    .is(PHASE, () => {
      when(issue, () => k.set(k.addw(1)));
      when(adv, () => {
        r.set(nextR.trunc(2 * D));
        when(yWrap, () => {
          yc.set(yStep.subw(cfg.H.ext(yStep.width)).trunc(D));
          wrow.set(wrow.addw(cfg.ss.resize(d.wAddrBits)));
        }).otherwise(() => yc.set(yStep.trunc(D)));
        // the end of a pass: the next pass streams the map again from row 0 (its weights follow in the weight SRAM)
        when(nextR.ge(rowsS), () => {
          when(lastPass, () => strOn.set(0)).otherwise(() => {
            r.set(0);
            yc.set(0);
            k.set(0);
            when(lastFs, () => {
              fs.set(0);
              fr.set(fr.addw(1));
            }).otherwise(() => fs.set(fs.addw(1)));
          });
        });
      });
      when(draining, () => {
        oaddr.set(oaddr.addw(1));
        when(dx.eq(cfg.OW.subw(1)), () => {
          dx.set(0);
          dy.set(dy.addw(1));
        }).otherwise(() => dx.set(dx.addw(1)));
        when(drnLast, () => drnOn.set(0));
      });
      when(phaseEnd, () => {
        cnt.set(0);
        state.set(mux(ph.eq(cfg.nmt), m.const(WAIT, UInt(3)), m.const(GAP, UInt(3))));
      });
    })
    .is(GAP, () => {
      cnt.set(cnt.addw(1));
      when(cnt.eq(d.gap - 1), () => {
        state.set(PHASE);
        nextPhase();
      });
    })
    .default(() => when(finished, () => state.set(IDLE)));
  // the counters of a phase restart whenever no phase runs
  when(inPhase.not(), () => {
    for (const reg of [r, k, yc, dy, dx, fr, fs]) reg.set(0);
  });

  // ---- stage 1: the word arrives; targets, banks and addresses (shared by all PEs) ----
  const word = nzMem.read(k.resize(d.nzAddrBits), { name: 'nz_q' });
  const v1 = m.named('v1', word.slice(p.actBits - 1, 0));
  const x1 = m.named('x1', word.slice(d.nzBits - 1, p.actBits));
  const valid1 = m.regNext('valid1', issue);
  const y1 = m.regNext('y1', yc);
  const wrow1 = m.regNext('w_row1', wrow);
  const fr1 = m.regNext('fold_r1', fr);
  const fs1 = m.regNext('fold_s1', fs);
  // (coord + pad) divided by the stride (1..4): q and the stride phase rem; 3 by a multiply (exact below 2^N)
  const N = D + 1;
  const strideIs = (k: number): Signal => cfg.stride.eq(k);
  const divStride = (name: string, base: Signal): { q: Signal; rem: Signal } => {
    const k3 = N + 2;
    const q3 = m.named(`${name}_q3`, base.mul(Math.ceil(2 ** k3 / 3)).shr(k3).resize(N));
    const r3 = m.named(`${name}_r3`, base.subw(q3.mul(3).resize(N)).resize(2));
    const q = m.named(`${name}_q`, mux(strideIs(2), base.shr(1).ext(N), mux(strideIs(3), q3, mux(strideIs(4), base.shr(2).ext(N), base))));
    const rem = m.named(`${name}_rem`, mux(strideIs(2), base.slice(0, 0).ext(2), mux(strideIs(3), r3, mux(strideIs(4), base.slice(1, 0), m.const(0, UInt(2))))));
    return { q, rem };
  };
  // phased: slot t of pass `fold` applies kernel tap rem + stride·(fold·n + t) and targets output q − (fold·n + t);
  // direct (one pass): slot t is tap t, which this activation reaches when t ≡ rem (mod stride), targeting output
  // q − (t − rem)/stride (a table of (stride, rem)). Valid when the tap is in the kernel and the output in range; the
  // ≤ n targets of one activation have consecutive outputs, so distinct banks.
  const phased = cfg.phased;
  const axis = (name: string, coord: Signal, pad: Signal, n: number, kSize: Signal, outN: Signal, lb: number, scale: Signal | undefined, fold: Signal) => {
    const base = m.named(`${name}_base`, coord.resize(D).add(pad));
    const { q, rem } = divStride(name, base);
    const tb = n === 1 ? fold : m.named(`${name}_tb`, fold.mul(n));
    const rb = m.named(`${name}_rb`, tb.mul(cfg.stride).add(rem));
    const sel = m.named(`${name}_sel`, cfg.stride.cat(rem));
    const slots = Array.from({ length: n }, (_, t) => {
      const tt = t === 0 ? tb : tb.add(t);
      const tap = t === 0 ? rb : rb.add(cfg.stride.mul(t));
      // the direct table, indexed by {stride, rem}
      const entries = Array.from({ length: 32 }, (_, i) => {
        const st = i >> 2;
        const rm = i & 3;
        return st >= 1 && rm < st && t >= rm && (t - rm) % st === 0 ? (t - rm) / st : -1;
      });
      const jBits = Math.max(1, clog2(n));
      const dj = select(sel, entries.map((e) => m.const(Math.max(e, 0), UInt(jBits))));
      const dOk = select(sel, entries.map((e) => m.const(e >= 0 ? 1 : 0, Bool)));
      const jw = Math.max(tt.width, jBits);
      const j = m.named(`${name}_j_${t}`, mux(phased, tt.resize(jw), dj.resize(jw)));
      const o = m.named(`${name}_o_${t}`, q.subw(j.resize(N)));
      const inKernel = mux(phased, tap.lt(kSize), dOk.and(kSize.gt(t)));
      const ok = m.named(`${name}_ok_${t}`, q.ge(j).and(o.lt(outN)).and(inKernel));
      const ou = o.trunc(D);
      const bank = lb === 0 ? m.const(0, UInt(1)) : m.named(`${name}_bank_${t}`, ou.slice(lb - 1, 0));
      const hi = lb === 0 ? ou : ou.shr(lb);
      const part = m.named(`${name}_part_${t}`, scale ? hi.mul(scale).resize(d.pAddrBits) : hi.resize(d.pAddrBits));
      return { ok, bank, part };
    });
    return { slots, rem };
  };
  const rowAxis = axis('ty', y1, cfg.pad_y, p.KR, cfg.R, cfg.OH, d.lbr, cfg.wb, fr1);
  const colAxis = axis('tx', x1, cfg.pad_x, p.KS, cfg.S, cfg.OW, d.lbs, undefined, fs1);
  const rowsT = rowAxis.slots;
  const colsT = colAxis.slots;
  // the weights of the activation's stride phase: word (tile, pass, c)·ss + rem_y·stride + rem_x
  const wPhase = m.named('w_phase', mux(phased, rowAxis.rem.mul(cfg.stride).add(colAxis.rem), m.const(0, UInt(6))));
  const hit2: Signal[] = [];
  const addr2: Signal[] = [];
  const tap2: Signal[] = [];
  const orAll = (xs: Signal[]): Signal => xs.reduce((a, b) => a.or(b));
  for (let i = 0; i < d.BR; i++)
    for (let j = 0; j < d.BS; j++) {
      const b = i * d.BS + j;
      const rm = rowsT.map((t) => (d.lbr === 0 ? t.ok : t.ok.and(t.bank.eq(i))));
      const cm = colsT.map((t) => (d.lbs === 0 ? t.ok : t.ok.and(t.bank.eq(j))));
      const zeroA = m.const(0, UInt(d.pAddrBits));
      const rowPart = orAll(rm.map((h, t) => mux(h, rowsT[t]!.part, zeroA)));
      const colPart = orAll(cm.map((h, t) => mux(h, colsT[t]!.part, zeroA)));
      const zeroT = m.const(0, UInt(d.tapBits));
      const taps: Signal[] = [];
      for (let rr = 0; rr < p.KR; rr++)
        for (let ss = 0; ss < p.KS; ss++) taps.push(mux(rm[rr]!.and(cm[ss]!), m.const(rr * p.KS + ss, UInt(d.tapBits)), zeroT));
      hit2.push(m.regNext(`hit2_${b}`, valid1.and(orAll(rm)).and(orAll(cm))));
      addr2.push(m.regNext(`addr2_${b}`, rowPart.addw(colPart)));
      tap2.push(m.regNext(`tap2_${b}`, orAll(taps)));
    }
  // the invariant the routing relies on: an activation's targets along each axis fall in distinct banks (the OR above
  // would merge two of them into one wrong address); simulated everywhere, and `hwgen prove` proves it
  const atMostOne = (xs: Signal[]): Signal => {
    const pairs: Signal[] = [];
    for (let a = 0; a < xs.length; a++) for (let b = a + 1; b < xs.length; b++) pairs.push(xs[a]!.and(xs[b]!));
    return pairs.length === 0 ? m.const(1, Bool) : orAll(pairs).not();
  };
  for (const [axisName, slots, nb, lb] of [['row', rowsT, d.BR, d.lbr], ['column', colsT, d.BS, d.lbs]] as const)
    for (let i = 0; i < nb; i++) {
      const hits = slots.map((t) => (lb === 0 ? t.ok : t.ok.and(t.bank.eq(i))));
      m.assert(atMostOne(hits), `zas: at most one ${axisName} target of an activation in partial-sum bank ${i}`, { enable: valid1 });
    }
  const v2 = m.regNext('v2', v1);
  const wAddr = m.named('w_addr', wrow1.addw(wPhase.resize(d.wAddrBits)));
  const wData = wgt.map((row, pe) => row.map((mem, t) => mem.read(wAddr, { name: `w_q_${pe}_${t}` })));

  // ---- drain addressing (cycle d) and the PEs ----
  const buf = m.named('acc_buf', ph.bit(0));
  const clr = m.named('clr', state.eq(CLEAR));
  const bankParts: Signal[] = [];
  if (d.lbr > 0) bankParts.push(dy.slice(d.lbr - 1, 0));
  if (d.lbs > 0) bankParts.push(dx.slice(d.lbs - 1, 0));
  const drnBank = bankParts.length === 0 ? m.const(0, UInt(1)) : m.named('drn_bank', bankParts.length === 1 ? bankParts[0]! : bankParts[0]!.cat(bankParts[1]!));
  const dyHi = d.lbr === 0 ? dy : dy.shr(d.lbr);
  const dxHi = d.lbs === 0 ? dx : dx.shr(d.lbs);
  const drnAddr = m.named('drn_addr', mux(clr, cnt.resize(d.pAddrBits), dyHi.mul(cfg.wb).resize(d.pAddrBits).addw(dxHi.resize(d.pAddrBits))));
  const pes = Array.from({ length: p.P }, (_, pe) => {
    const u = m.instance(`pe_${pe}`, ZasPe, { KR: p.KR, KS: p.KS, actBits: p.actBits, wBits: p.wBits, accBits: p.accBits, partialWords: p.partialWords });
    u.v.set(v2);
    u.w.forEach((w, t) => w.set(wData[pe]![t]!));
    u.hit.forEach((h, b) => h.set(hit2[b]!));
    u.addr.forEach((a, b) => a.set(addr2[b]!));
    u.tap.forEach((a, b) => a.set(tap2[b]!));
    u.acc_buf.set(buf);
    u.clr.set(clr);
    u.drn_en.set(draining);
    u.drn_bank.set(drnBank);
    u.drn_addr.set(drnAddr);
    return u;
  });

  // ---- post-processing: bias, ReLU, requantisation, output memories (one lane per PE) ----
  const mt = m.named('drn_mt', ph.subw(1));
  const biasQ = biasMem.map((mem, pe) => mem.read(mt.resize(d.biasAddrBits), { name: `bias_q_${pe}` }));
  const rg = (name: string, s: Signal): Signal => m.regNext(name, s);
  const vld1 = rg('post_vld1', draining);
  const last1 = rg('post_last1', draining.and(drnLast).and(ph.eq(cfg.nmt)));
  const oa1 = rg('post_oaddr1', oaddr);
  const mt1 = rg('post_mt1', mt);
  const rq2 = rqTables.map((t, pe) => t.read(mt1, { name: `rq_q_${pe}` }));
  const sum2 = pes.map((u, pe) => rg(`post_sum2_${pe}`, u.drn_data.add(biasQ[pe]!)));
  const vld2 = rg('post_vld2', vld1);
  const last2 = rg('post_last2', last1);
  const oa2 = rg('post_oaddr2', oa1);
  const mOk2 = pes.map((_, pe) => rg(`post_mok2_${pe}`, mt1.mul(p.P).add(pe).lt(cfg.M)));
  const outs = sum2.map((s, pe) => postStage(m, `post_${pe}`, s, cfg, rq2[pe]!, p));
  const vld3 = rg('post_vld3', vld2);
  const last3 = rg('post_last3', last2);
  const oa3 = rg('post_oaddr3', oa2);
  const mOk3 = mOk2.map((v, pe) => rg(`post_mok3_${pe}`, v));
  const outMem = Array.from({ length: p.P }, (_, pe) => m.mem(`out_${pe}`, SInt(p.accBits), p.outWords));
  outMem.forEach((mem, pe) => mem.write(oa3, outs[pe]!, vld3.and(mOk3[pe]!)));
  finished.set(vld3.and(last3));

  // ---- performance counters (model.ts zasCounters) and the read port ----
  const busy = m.named('busy_q', state.ne(IDLE));
  const events: Record<(typeof ZAS_COUNTERS)[number], Signal> = {
    busy,
    clear: clr,
    nonzero: issue,
    empty_row: streaming.and(issue.not()),
    drain_only: inPhase.and(strOn.not()),
    gap: state.eq(GAP),
    tail: state.eq(WAIT),
  };
  hostReadPort(m, io, outMem, perfCounters(m, io.start, ZAS_COUNTERS.map((n) => [n, events[n]] as const), p.accBits), p.accBits);

  // ---- status ----
  io.busy.set(busy);
  const done = m.reg('done_q', Bool);
  when(io.start.and(state.eq(IDLE)), () => done.set(0)).elsewhen(finished, () => done.set(1));
  io.done.set(done);
});
