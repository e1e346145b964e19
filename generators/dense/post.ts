/**
 * Post-processing and the output SRAM: for each array row (an output pixel), the drained sum gets its channel's
 * bias, optional ReLU and optional requantisation `clamp((v·mult + 2^(sh−1)) >> sh, 0, 255)` (sh = 0: no rounding
 * term), then is written to output bank `row` (the pixel's x mod rows). Three pipeline stages:
 *   D1: sum = v + bias[m]          D2: ReLU, v·mult, output address          D3: round, shift, clamp, write
 */
import { type ModuleBuilder, type Signal, type Memory, type Inside, UInt, SInt, mux, select } from '../../dsl/index.js';
import { type DenseHwParams, derived } from './params.js';
import type { denseSpec } from './ports.js';
import type { Cfg } from './controller.js';

export interface Drained {
  valid: Signal;
  /** the last column of the last tile */
  last: Signal;
  m: Signal;
  y: Signal;
  xt: Signal;
  /** one drained accumulator per array row */
  values: Signal[];
  biasMem: Memory;
}

export function postProcess(m: ModuleBuilder, cfg: Cfg, io: Inside<ReturnType<typeof denseSpec>>, p: DenseHwParams, dr: Drained): { finished: Signal } {
  const d = derived(p);
  const r = (name: string, s: Signal): Signal => m.regNext(name, s);
  // D1
  const bias = dr.biasMem.read(dr.m.resize(d.biasAddrBits), { name: 'bias_q' });
  const v1 = dr.values.map((v, i) => r(`post_v1_${i}`, v));
  const m1 = r('post_m1', dr.m);
  const y1 = r('post_y1', dr.y);
  const xt1 = r('post_xt1', dr.xt);
  const vld1 = r('post_vld1', dr.valid);
  const last1 = r('post_last1', dr.last);
  const sums = v1.map((v, i) => m.named(`post_sum_${i}`, v.add(bias)));
  const mOH = m.named('post_moh', m1.mul(cfg.OH).addw(y1.ext(2 * p.dimBits)));
  // D2
  const sum2 = sums.map((s, i) => r(`post_sum2_${i}`, s));
  const mOH2 = r('post_moh2', mOH);
  const xt2 = r('post_xt2', xt1);
  const vld2 = r('post_vld2', vld1);
  const last2 = r('post_last2', last1);
  const mOk2 = r('post_mok2', m1.lt(cfg.M));
  const relu = sum2.map((s, i) => m.named(`post_relu_${i}`, mux(cfg.relu.and(s.lt(0)), 0, s)));
  const scaled = relu.map((v, i) => m.named(`post_scaled_${i}`, v.mul(cfg.rq_mult.toSInt())));
  const oAddr = m.named('post_oaddr', mOH2.mul(cfg.nxt).addw(xt2.ext(3 * p.dimBits)).trunc(d.outAddrBits));
  // D3
  const relu3 = relu.map((v, i) => r(`post_relu3_${i}`, v));
  const scaled3 = scaled.map((v, i) => r(`post_scaled3_${i}`, v));
  const oAddr3 = r('post_oaddr3', oAddr);
  const xt3 = r('post_xt3', xt2);
  const vld3 = r('post_vld3', vld2);
  const last3 = r('post_last3', last2);
  const mOk3 = r('post_mok3', mOk2);
  const sw = scaled3[0]!.width;
  const sh = cfg.rq_shift;
  const rnd = m.named('post_round', mux(sh.eq(0), m.const(0, UInt(sw)), m.const(1, UInt(sw)).shlDyn(sh.subw(1))).toSInt());
  const xBase = m.named('post_x0', xt3.mul(p.rows));
  const outBanks = Array.from({ length: p.rows }, (_, i) => m.mem(`out_${i}`, SInt(p.accBits), p.outWords));
  outBanks.forEach((mem, i) => {
    const q = m.named(`post_q_${i}`, scaled3[i]!.add(rnd).shrDyn(sh));
    const clamped = mux(q.lt(0), 0, mux(q.gt(255), 255, q)).trunc(p.accBits);
    const out = m.named(`post_out_${i}`, mux(cfg.rq_en, clamped, relu3[i]!.trunc(p.accBits)));
    const xOk = xBase.add(i).lt(cfg.OW);
    mem.write(oAddr3, out, vld3.and(mOk3).and(xOk));
  });
  // the read port
  const reads = outBanks.map((mem, i) => mem.read(io.rd_addr, { en: io.rd_en, name: `rd_q_${i}` }));
  io.rd_data.set(select(r('rd_bank_q', io.rd_bank), reads));
  return { finished: vld3.and(last3) };
}
