/**
 * One PE. For each channel of its list for the current window it walks the window's chunks (B = chunkRows·KS pairs
 * each): the pair mask is nz(x) & sel(w) — non-zero detection on the activations, instruction bypass on the weights
 * (sel: w ≠ 0; exact mode: w > 0 in pass 1, w < 0 in pass 2) — and each cycle it consumes the lowest `npc` remaining
 * pairs (npc multipliers), at least one cycle per chunk. The partial sum starts at the channel's bias. At the end of a
 * channel (or, in exact mode, when the partial sum is ≤ 0 with only non-positive terms left) the result goes through
 * ReLU and requantisation with the channel's table entry (the shared post stage, common/post.ts; two stages) to the
 * output memories with the executed MAC count.
 *
 * Timing (model.ts): `go` (cycle g) → START (g+1: the first channel's reads) → one cycle per step from g+2; the next
 * channel's reads are issued in the last step of the previous one, so a PE busy for S steps is idle again at g+2+S.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, when, switch_, type Signal } from '../../dsl/index.js';
import { postStage } from '../common/post.js';

export interface PeParams {
  B: number;
  npc: number;
  PE: number;
  exact: boolean;
  actBits: number;
  wBits: number;
  accBits: number;
  dimBits: number;
  /** bias memory address width */
  mBits: number;
  posBits: number;
  chBits: number;
  wAddrBits: number;
  outAddrBits: number;
  macBits: number;
  multBits: number;
  shiftBits: number;
}

const IDLE = 0;
const START = 1;
const RUN = 2;

export const PredictPe = defineModule(
  'predict_pe',
  (p: PeParams) => ({
    go: In(Bool),
    /** channels in this window's list */
    count: In(UInt(p.posBits)),
    /** take channels from the queue (predict) or as pos·PE + lane */
    use_queue: In(Bool),
    lane: In(UInt(p.dimBits)),
    nchunk: In(UInt(p.chBits)),
    obase: In(UInt(p.outAddrBits)),
    q_pos: Out(UInt(p.posBits)),
    q_data: In(UInt(p.dimBits)),
    w_addr: Out(UInt(p.wAddrBits)),
    w_data: In(UInt(p.B * p.wBits)),
    x_addr: Out(UInt(p.chBits)),
    x_data: In(UInt(p.B * p.actBits)),
    b_addr: Out(UInt(p.mBits)),
    b_data: In(SInt(p.accBits)),
    relu: In(Bool),
    rq_en: In(Bool),
    /** the requantisation entry read at b_addr (common/rqtable.ts): the channel's, one cycle after the address like b_data */
    rq_mult: In(UInt(p.multBits)),
    rq_shift: In(UInt(p.shiftBits)),
    busy: Out(Bool),
    /** a step of this PE's walk this cycle, the pairs it consumed, the MACs of a channel ending ≤ 0 (gap counters) */
    run: Out(Bool),
    picks: Out(UInt(p.macBits)),
    nonpos_macs: Out(UInt(p.macBits)),
    wr_en: Out(Bool),
    wr_addr: Out(UInt(p.outAddrBits)),
    wr_y: Out(SInt(p.accBits)),
    wr_macs: Out(UInt(p.macBits)),
  }),
  (m, io, p) => {
    const state = m.reg('state', UInt(2));
    const posN = m.reg('pos_next', UInt(p.posBits));
    const cnt = m.reg('cnt', UInt(p.posBits));
    const ch = m.reg('ch', UInt(p.chBits));
    const consumed = m.reg('consumed', UInt(p.B));
    const acc = m.reg('acc', SInt(p.accBits));
    const macs = m.reg('macs', UInt(p.macBits));
    const first = m.reg('first', Bool);
    const pass = m.reg('pass', Bool);
    const mcur = m.reg('m_cur', UInt(p.dimBits));
    const wbase = m.reg('w_base', UInt(p.wAddrBits));
    const obase = m.reg('obase_q', UInt(p.outAddrBits));
    const useQ = m.reg('use_q', Bool);

    const mNext = m.named('m_next', mux(useQ, io.q_data, posN.ext(p.dimBits).mul(p.PE).trunc(p.dimBits).addw(io.lane)));

    // ---- one step: the lowest npc remaining pairs of the chunk ----
    const xs = Array.from({ length: p.B }, (_, k) => io.x_data.slice(p.actBits * k + p.actBits - 1, p.actBits * k));
    const ws = Array.from({ length: p.B }, (_, k) => io.w_data.slice(p.wBits * k + p.wBits - 1, p.wBits * k).asSInt());
    const selBits = ws.map((w, k) => {
      const wsel = p.exact ? mux(pass, w.lt(0), w.gt(0)) : w.ne(0);
      return xs[k]!.ne(0).and(wsel);
    });
    const pm = m.named('pair_mask', selBits.slice(1).reduce((a: Signal, b) => b.cat(a), selBits[0]!));
    let rem = m.named('rem_0', pm.and(consumed.not()));
    const rem0 = rem;
    const prods: Signal[] = [];
    const picked: Signal[] = [];
    for (let i = 0; i < p.npc; i++) {
      const low = m.named(`low_${i}`, rem.and(rem.not().addw(1)));
      const zx = m.const(0, UInt(p.actBits));
      const zw = m.const(0, SInt(p.wBits));
      const xv = xs.map((x, k) => mux(low.bit(k), x, zx)).reduce((a, b) => a.or(b));
      const wv = ws.map((w, k) => mux(low.bit(k), w, zw)).reduce((a, b) => a.or(b));
      prods.push(m.named(`prod_${i}`, m.named(`xsel_${i}`, xv).toSInt().mul(m.named(`wsel_${i}`, wv))));
      picked.push(rem.ne(0));
      rem = m.named(`rem_${i + 1}`, rem.and(rem.subw(1)));
    }
    const accCur = m.named('acc_cur', mux(first, io.b_data, acc));
    const accNext = m.named('acc_next', prods.reduce((a, b) => a.addw(b.ext(p.accBits)), accCur));
    const nPick = picked.map((b) => b.ext(p.macBits)).reduce((a, b) => a.addw(b));
    const macsNext = m.named('macs_next', macs.addw(nPick));
    const lastStep = m.named('last_step', rem.eq(0));
    const chunkLast = m.named('chunk_last', ch.eq(io.nchunk.subw(1)));
    const running = m.named('running', state.eq(RUN));
    const stop = p.exact ? m.named('stop', accNext.le(0).and(pass.or(lastStep.and(chunkLast)))) : m.const(0, Bool);
    const chanEnd = m.named('chan_end', running.and(stop.or(lastStep.and(chunkLast).and(p.exact ? pass : m.const(1, Bool)))));
    const passSwitch = p.exact ? running.and(lastStep).and(chunkLast).and(pass.not()).and(stop.not()) : m.const(0, Bool);
    const chunkNext = m.named('chunk_next', running.and(lastStep).and(chunkLast.not()).and(stop.not()));
    const more = m.named('more', posN.lt(cnt));
    const startCh = m.named('start_ch', state.eq(START).or(chanEnd.and(more)));

    // the queue entry of the channel after the one starting now (a channel may last a single cycle)
    io.q_pos.set(mux(state.eq(IDLE), m.const(0, UInt(p.posBits)), mux(startCh, posN.addw(1), posN)));
    // read addresses: the chunk being worked on, or the next one when it starts this cycle
    const wbNext = m.named('w_base_next', mNext.mul(io.nchunk).trunc(p.wAddrBits));
    const chRead = m.named('ch_rd', mux(startCh.or(passSwitch), m.const(0, UInt(p.chBits)), mux(chunkNext, ch.addw(1), ch)));
    io.w_addr.set(mux(startCh, wbNext, wbase).addw(chRead.ext(p.wAddrBits)));
    io.x_addr.set(chRead);
    io.b_addr.set(mux(startCh, mNext, mcur).resize(p.mBits));

    switch_(state)
      .is(IDLE, () => {
        when(io.go.and(io.count.ne(0)), () => {
          state.set(START);
          posN.set(0);
          cnt.set(io.count);
          obase.set(io.obase);
          useQ.set(io.use_queue);
        });
      })
      .is(START, () => state.set(RUN))
      .default(() => {
        acc.set(accNext);
        macs.set(macsNext);
        first.set(0);
        consumed.set(consumed.or(rem0.and(rem.not())));
        when(chunkNext.or(passSwitch), () => consumed.set(0));
        when(chunkNext, () => ch.set(ch.addw(1)));
        when(passSwitch, () => {
          ch.set(0);
          pass.set(1);
        });
        when(chanEnd.and(more.not()), () => state.set(IDLE));
      });
    when(startCh, () => {
      mcur.set(mNext);
      wbase.set(wbNext);
      posN.set(posN.addw(1));
      ch.set(0);
      consumed.set(0);
      first.set(1);
      macs.set(0);
      pass.set(0);
    });

    io.run.set(running);
    io.picks.set(mux(running, nPick, m.const(0, UInt(p.macBits))));
    io.nonpos_macs.set(mux(chanEnd.and(accNext.le(0)), macsNext, m.const(0, UInt(p.macBits))));

    // ---- post-processing: ReLU and requantisation, two stages ----
    const yEnd = p.exact ? mux(stop, m.const(0, SInt(p.accBits)), accNext) : accNext;
    const v1 = m.regNext('post_v1', yEnd);
    const a1 = m.regNext('post_a1', obase.addw(mcur.resize(p.outAddrBits)));
    const n1 = m.regNext('post_n1', macsNext);
    const e1 = m.regNext('post_e1', chanEnd);
    const rq1 = { mult: m.regNext('post_mult1', io.rq_mult), shift: m.regNext('post_shift1', io.rq_shift) };
    const a2 = m.regNext('post_a2', a1);
    const n2 = m.regNext('post_n2', n1);
    const e2 = m.regNext('post_e2', e1);
    // ReLU, × mult registered inside the shared stage (common/post.ts), round/shift/clamp out of it
    io.wr_y.set(postStage(m, 'post', v1, io, rq1, p));
    io.wr_en.set(e2);
    io.wr_addr.set(a2);
    io.wr_macs.set(n2);
    io.busy.set(state.ne(IDLE));
  },
);
