/**
 * One scatter PE. It receives (from the shared front end, stage 2 of the pipeline) the broadcast non-zero activation
 * `v`, its own KR·KS weights w(m, c, r, s) of the activation's channel, and for every partial-buffer bank b the shared
 * routing: whether the activation has a target in that bank (`hit`), the target's word address and which kernel tap
 * (r·KS + s) produces it. It multiplies v by every tap (KR·KS multipliers), routes the products to the banks and
 * does a pipelined read-modify-write:
 *   stage 2: products; partial read issued at `addr` (buffer `buf`)
 *   stage 3: old value (forwarded from stage 3's previous write when the address repeats: the read of cycle u+1 does
 *            not see the write of cycle u+1), + product, written back.
 * The banks are (y' mod BR, x' mod BS), BR, BS powers of two ≥ KR, KS: the targets of one activation have distinct
 * (y' mod BR, x' mod BS) because their y' (x') are consecutive and at most KR (KS) of them, so they never collide.
 * Two buffers: one accumulates the current channel tile while the other is drained (read, then cleared to 0).
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, select, when } from '../../dsl/index.js';
import { type ZasHwParams, derived } from './params.js';

export type PeParams = Pick<ZasHwParams, 'KR' | 'KS' | 'actBits' | 'wBits' | 'accBits' | 'partialWords'>;

function dims(p: PeParams) {
  return derived({ ...p, P: 1, maxW: 2, nzWords: 1, rowWords: 1, weightWords: 1, biasWords: 1, outWords: 1, dimBits: 4, multBits: 1, shiftBits: 1, rowLook: 1 });
}

export const ZasPe = defineModule(
  'zas_pe',
  (p: PeParams) => {
    const d = dims(p);
    return {
      v: In(UInt(p.actBits)),
      w: Array.from({ length: d.taps }, () => In(SInt(p.wBits))),
      hit: Array.from({ length: d.NB }, () => In(Bool)),
      addr: Array.from({ length: d.NB }, () => In(UInt(d.pAddrBits))),
      tap: Array.from({ length: d.NB }, () => In(UInt(d.tapBits))),
      /** buffer that accumulates (the other one is drained) */
      acc_buf: In(Bool),
      /** initial clear: write 0 at drn_addr in every bank of both buffers */
      clr: In(Bool),
      drn_en: In(Bool),
      drn_bank: In(UInt(Math.max(1, d.lbr + d.lbs))),
      drn_addr: In(UInt(d.pAddrBits)),
      /** the drained word, one cycle after drn_en */
      drn_data: Out(SInt(p.accBits)),
    };
  },
  (m, io, p) => {
    const d = dims(p);
    const prods = io.w.map((w, k) => m.named(`prod_${k}`, io.v.toSInt().mul(w)));
    const buf3 = m.regNext('buf_q', io.acc_buf);
    const drnBank1 = m.regNext('drn_bank_q', io.drn_bank);
    const drained: ReturnType<typeof m.named>[][] = [[], []];
    const banks = [0, 1].map((q) => Array.from({ length: d.NB }, (_, b) => m.mem(`part_${q}_${b}`, SInt(p.accBits), p.partialWords)));
    for (let b = 0; b < d.NB; b++) {
      const prod3 = m.regNext(`prod3_${b}`, select(io.tap[b]!, prods));
      const addr3 = m.regNext(`addr3_${b}`, io.addr[b]!);
      const hit3 = m.regNext(`hit3_${b}`, io.hit[b]!);
      const fwdV = m.reg(`fwd_v_${b}`, Bool);
      const fwdA = m.reg(`fwd_a_${b}`, UInt(d.pAddrBits));
      const fwdD = m.reg(`fwd_d_${b}`, SInt(p.accBits));
      const q = [0, 1].map((k) => {
        const mine = k === 0 ? io.acc_buf.not() : io.acc_buf;
        return banks[k]![b]!.read(mux(mine, io.addr[b]!, io.drn_addr), { name: `part_q_${k}_${b}` });
      });
      const memOld = mux(buf3, q[1]!, q[0]!);
      const old = m.named(`old_${b}`, mux(fwdV.and(fwdA.eq(addr3)), fwdD, memOld));
      const sum = m.named(`new_${b}`, old.addw(prod3.ext(p.accBits)));
      fwdV.set(hit3);
      fwdA.set(addr3);
      fwdD.set(sum);
      for (const k of [0, 1]) {
        const mine3 = k === 0 ? buf3.not() : buf3;
        const mineNow = k === 0 ? io.acc_buf.not() : io.acc_buf;
        const drainHere = io.drn_en.and(mineNow.not()).and(io.drn_bank.eq(b));
        const zeroHere = io.clr.or(drainHere);
        // the compute write (stage 3) and the clear/drain write never coincide on one buffer: the phases are separated
        banks[k]![b]!.write(mux(zeroHere, io.drn_addr, addr3), mux(zeroHere, m.const(0, SInt(p.accBits)), sum), zeroHere.or(hit3.and(mine3)));
        drained[k]!.push(m.named(`drn_q_${k}_${b}`, q[k]!));
      }
    }
    // the drained buffer is the one not accumulating
    const dq = m.named('drn_sel', mux(buf3, select(drnBank1, drained[0]!), select(drnBank1, drained[1]!)));
    io.drn_data.set(dq);
    void when;
  },
);
