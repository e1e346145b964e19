/**
 * The prediction unit. Stage 1 (`acc_en`): r·slots multipliers accumulate a_j += Σ_s P_j[row][s]·x_s over the kernel
 * row's KS activations (the P row is read at `row_addr` the cycle before, with the activations): with slots = KS the
 * whole row in one cycle; with fewer, the front end holds the row ceil(KS / slots) cycles and `sub` = g selects the
 * slots g·slots … g·slots + slots − 1 (a time-multiplexed stage 1: the same sums on fewer multipliers). Stage 2 (one
 * channel per cycle, `q_addr` the cycle before): z_j = sat16((a_j + 2^(zshift−1)) >> zshift) from the held sums,
 * ŷ_m = Σ_j Q[m][j]·z_j + b̂_m on r more multipliers, skip = ŷ_m ≤ τ.
 *
 * Memories (host-loaded): p_j (word = row c·R + r: KS int8 values, slot s in bits [8s+7:8s]), q (word m: r int8
 * values), bhat (word m).
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, when, select, type Signal } from '../../dsl/index.js';
import { Z_BITS } from './params.js';

export interface PredUnitParams {
  rank: number;
  KS: number;
  /** stage-1 products per rank and cycle (1 ≤ slots ≤ KS) */
  slots: number;
  actBits: number;
  wBits: number;
  accBits: number;
  maxCR: number;
  maxM: number;
  loadAddrBits: number;
  loadDataBits: number;
}

const bits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n)));

export const PredictUnit = defineModule(
  'predict_unit',
  (p: PredUnitParams) => ({
    load_p: In(Bool),
    load_q: In(Bool),
    load_b: In(Bool),
    load_bank: In(UInt(bits(Math.max(2, p.rank)))),
    load_addr: In(UInt(p.loadAddrBits)),
    load_data: In(UInt(p.loadDataBits)),
    row_addr: In(UInt(bits(p.maxCR))),
    x: Array.from({ length: p.KS }, () => In(UInt(p.actBits))),
    /** which group of slots of the row this cycle takes (only when the row takes several cycles) */
    ...(p.slots < p.KS ? { sub: In(UInt(bits(Math.ceil(p.KS / p.slots)))) } : {}),
    acc_en: In(Bool),
    acc_first: In(Bool),
    zshift: In(UInt(5)),
    tau: In(SInt(32)),
    q_addr: In(UInt(bits(p.maxM))),
    yhat: Out(SInt(32)),
    skip: Out(Bool),
  }),
  (m, io, p) => {
    const pw = p.KS * p.wBits;
    const qw = p.rank * p.wBits;
    const pMem = Array.from({ length: p.rank }, (_, j) => m.mem(`p_${j}`, UInt(pw), p.maxCR));
    const qMem = m.mem('q', UInt(qw), p.maxM);
    const bMem = m.mem('bhat', SInt(32), p.maxM);
    const la = (n: number) => io.load_addr.resize(bits(n));
    pMem.forEach((mem, j) => mem.write(la(p.maxCR), io.load_data.resize(pw), io.load_p.and(io.load_bank.eq(j))));
    qMem.write(la(p.maxM), io.load_data.resize(qw), io.load_q);
    bMem.write(la(p.maxM), io.load_data.resize(32).asSInt(), io.load_b);

    // stage 1: r·slots multipliers; slot i of group g is the row's activation g·slots + i (0 beyond KS)
    const groups = Math.ceil(p.KS / p.slots);
    const pick = (vals: Signal[], i: number, zero: Signal): Signal => {
      if (groups === 1) return vals[i]!;
      const opts = Array.from({ length: groups }, (_, g) => vals[g * p.slots + i] ?? zero);
      return select(io.sub!, opts);
    };
    const xs = Array.from({ length: p.slots }, (_, i) => pick(io.x, i, m.const(0, UInt(p.actBits))));
    const sums = pMem.map((mem, j) => {
      const row = mem.read(io.row_addr, { name: `p_q_${j}` });
      const ws = Array.from({ length: p.KS }, (_, s) => row.slice(p.wBits * s + p.wBits - 1, p.wBits * s).asSInt());
      const prods = xs.map((x, i) => m.named(`pp_${j}_${i}`, x.toSInt().mul(pick(ws, i, m.const(0, SInt(p.wBits))))));
      const rowSum = prods.map((v) => v.ext(p.accBits)).reduce((a, b) => a.addw(b));
      const acc = m.reg(`pacc_${j}`, SInt(p.accBits));
      when(io.acc_en, () => acc.set(mux(io.acc_first, rowSum, acc.addw(rowSum))));
      return acc;
    });
    // z = sat16((acc + round) >> zshift)
    const sh = io.zshift;
    const rnd = m.named('z_round', mux(sh.eq(0), m.const(0, UInt(p.accBits + 1)), m.const(1, UInt(p.accBits + 1)).shlDyn(sh.subw(1))).asSInt());
    const zs = sums.map((a, j) => {
      const t = m.named(`z_pre_${j}`, a.ext(p.accBits + 1).addw(rnd).shrDyn(sh));
      const hi = (1 << (Z_BITS - 1)) - 1;
      return m.named(`z_${j}`, mux(t.gt(hi), m.const(hi, SInt(Z_BITS)), mux(t.lt(-hi - 1), m.const(-hi - 1, SInt(Z_BITS)), t.trunc(Z_BITS))));
    });
    // stage 2: r multipliers
    const qRow = qMem.read(io.q_addr, { name: 'q_q' });
    const bq = bMem.read(io.q_addr, { name: 'bhat_q' });
    const terms = zs.map((z, j) => m.named(`qz_${j}`, qRow.slice(p.wBits * j + p.wBits - 1, p.wBits * j).asSInt().mul(z)).ext(32));
    const yhat = m.named('yhat_v', terms.reduce((a, b) => a.addw(b), bq));
    io.yhat.set(yhat);
    io.skip.set(yhat.le(io.tau));
  },
);
