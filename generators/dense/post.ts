/**
 * Post-processing and the output SRAM: for each array row (an output pixel), the drained sum gets its channel's
 * bias, then goes through the shared post-processing stage (common/post.ts: ReLU, requantisation), then is written to
 * output bank `row` (the pixel's x mod rows). Three pipeline stages:
 *   D1: sum = v + bias[m]          D2: ReLU, v·mult, output address          D3: round, shift, clamp, write
 */
import { type ModuleBuilder, type Signal, type Memory, SInt } from '../../dsl/index.js';
import { type DenseHwParams, derived } from './params.js';
import type { Cfg } from './controller.js';
import { postStage } from '../common/post.js';

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

export function postProcess(m: ModuleBuilder, cfg: Cfg, p: DenseHwParams, dr: Drained): { finished: Signal; outBanks: Memory[] } {
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
  const oAddr = m.named('post_oaddr', mOH2.mul(cfg.nxt).addw(xt2.ext(3 * p.dimBits)).trunc(d.outAddrBits));
  // D3: ReLU/multiply registered inside the shared stage, round/clamp out of it, write
  const outs = sum2.map((s, i) => postStage(m, `post_${i}`, s, cfg, p));
  const oAddr3 = r('post_oaddr3', oAddr);
  const xt3 = r('post_xt3', xt2);
  const vld3 = r('post_vld3', vld2);
  const last3 = r('post_last3', last2);
  const mOk3 = r('post_mok3', mOk2);
  const xBase = m.named('post_x0', xt3.mul(p.rows));
  const outBanks = Array.from({ length: p.rows }, (_, i) => m.mem(`out_${i}`, SInt(p.accBits), p.outWords));
  outBanks.forEach((mem, i) => mem.write(oAddr3, outs[i]!, vld3.and(mOk3).and(xBase.add(i).lt(cfg.OW))));
  return { finished: vld3.and(last3), outBanks };
}
