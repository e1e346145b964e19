/**
 * Post-processing and the output SRAM: U = postUnits units (one per array row by default); in each drain cycle unit u
 * takes row g·U + u of the drained column (g: the row group, 0 with one unit per row): its sum gets the channel's
 * bias, goes through the shared post-processing stage (common/post.ts: ReLU, requantisation) and is written to output
 * bank `row` (the flattened pixel index mod rows). Three pipeline stages:
 *   D1: sum = v + bias[m], output address       D2: ReLU, v·mult[m]       D3: round, shift[m], clamp, write
 * (the channel's requantisation entry is read from the table in D1, one cycle after its bias, so it arrives with D2).
 */
import { type ModuleBuilder, type Signal, type Memory, SInt } from '../../dsl/index.js';
import { type DenseHwParams, derived } from './params.js';
import type { Cfg } from './controller.js';
import { postStage } from '../common/post.js';
import type { RqTableHw } from '../common/rqtable.js';

export interface Drained {
  valid: Signal;
  /** the last column of the last tile */
  last: Signal;
  m: Signal;
  /** the pixel tile: row i holds pixel pt·rows + i */
  pt: Signal;
  /** the row group of this drain cycle (rows group·U .. group·U + U − 1; a constant 0 with one unit per row) */
  group: Signal;
  /** one drained accumulator per post-processing unit */
  values: Signal[];
  biasMem: Memory;
  /** the per-channel requantisation table */
  rqTable: RqTableHw;
}

export function postProcess(m: ModuleBuilder, cfg: Cfg, p: DenseHwParams, dr: Drained): { finished: Signal; outBanks: Memory[] } {
  const d = derived(p);
  const r = (name: string, s: Signal): Signal => m.regNext(name, s);
  // D1
  const bias = dr.biasMem.read(dr.m.resize(d.biasAddrBits), { name: 'bias_q' });
  const v1 = dr.values.map((v, i) => r(`post_v1_${i}`, v));
  const m1 = r('post_m1', dr.m);
  const pt1 = r('post_pt1', dr.pt);
  const U = dr.values.length;
  const grp3 = U === p.rows ? dr.group : r('post_grp3', r('post_grp2', r('post_grp1', dr.group)));
  const vld1 = r('post_vld1', dr.valid);
  const last1 = r('post_last1', dr.last);
  const sums = v1.map((v, i) => m.named(`post_sum_${i}`, v.add(bias)));
  const oAddr = m.named('post_oaddr', m1.mul(cfg.npt).addw(pt1.ext(3 * p.dimBits)).resize(d.outAddrBits));
  const pix = m.named('post_pix', pt1.mul(p.rows));
  // D2
  const sum2 = sums.map((s, i) => r(`post_sum2_${i}`, s));
  const oAddr2 = r('post_oaddr2', oAddr);
  const pix2 = r('post_pix2', pix);
  const rq2 = dr.rqTable.read(m1, { name: 'rq_q' });
  const vld2 = r('post_vld2', vld1);
  const last2 = r('post_last2', last1);
  const mOk2 = r('post_mok2', m1.lt(cfg.M));
  // D3: ReLU/multiply registered inside the shared stage, round/clamp out of it, write
  const outs = sum2.map((s, i) => postStage(m, `post_${i}`, s, cfg, rq2, p));
  const oAddr3 = r('post_oaddr3', oAddr2);
  const pix3 = r('post_pix3', pix2);
  const vld3 = r('post_vld3', vld2);
  const last3 = r('post_last3', last2);
  const mOk3 = r('post_mok3', mOk2);
  const outBanks = Array.from({ length: p.rows }, (_, i) => m.mem(`out_${i}`, SInt(p.accBits), p.outWords));
  // bank i is written by unit i mod U in the cycle of its row group
  outBanks.forEach((mem, i) => {
    const mine = U === p.rows ? vld3 : vld3.and(grp3.eq(Math.floor(i / U)));
    mem.write(oAddr3, outs[i % U]!, mine.and(mOk3).and(pix3.add(i).lt(cfg.npix)));
  });
  return { finished: vld3.and(last3), outBanks };
}
