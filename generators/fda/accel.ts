/**
 * The frequency-domain accelerator (`fda_accel`): one overlap-save tile per run, up to maxC input and maxM output
 * channels (a layer with more input channels takes one run per chunk: driver.ts).
 *
 *   forward   for each input channel c: the tile's N^d inputs (in_mem, word c·E + element) shifted left by guardBits
 *             into the forward FftNd, the transform, the N^(d−1)·(N/2+1) kept bins (k_x ≤ N/2) read out into the
 *             complex MAC stage's input registers (cmac.ts) while the next channel's first inputs go in
 *   crossbar  the complex MAC stage: Σ_c X·conj(W) on every bin's crossbar tiles at once, Y' into its memories
 *             (the shift into the IFFT is the layer's, cfg yshift)
 *   inverse   for each output channel m: the full spectrum rebuilt from the kept bins (k_x > N/2 from the mirror bin,
 *             conjugated) into the inverse FftNd, the transform, the valid outputs (z < vz, y < vy, x < vx) read out,
 *             brought to the convolution's scale (2^e, e = eBase − yshift: rounded half up, or shifted left), the bias
 *             added (cfg acc_in: the partial sum of the previous chunk's run, read from `out`), ReLU and
 *             requantisation (common/post.ts), written to the output memory (word m·E + element)
 *
 * Memory layout (driver.ts writes and reads it): in_mem, cmac.xb_<b>_<rb>_<cb>.cell_<r> (the frequency-domain
 * weights), cmac.corr_re_<m>/corr_im_<m> (the input offset's share per bin), bias (word m), rq_table (word m: channel
 * m's requantisation entry), out (word m·E + element).
 * Schedule and cycle count: model.ts. Counters: busy, fwd, xbar, inv (the three phases' cycles), act (bin
 * activations: + bins per activation of every bin's tiles), adc (bin conversion steps: + bins per step), lines (lines
 * through the two FFTs' butterfly pipelines).
 */
import { defineModule, UInt, SInt, Bool, mux, when, switch_, select, type Signal } from '../../dsl/index.js';
import { clog2 } from '../../dsl/bits.js';
import { FftNd } from '../fft/nd.js';
import { postStage } from '../common/post.js';
import { perfCounters, hostReadPort } from '../common/counters.js';
import { type FdaHwParams, derived } from './params.js';
import { fdaSpec, LOAD_INPUT, LOAD_CELL, LOAD_CORR, LOAD_BIAS, LOAD_RQ } from './ports.js';
import { rqTable } from '../common/rqtable.js';
import { FdaCmac } from './cmac.js';
import { FDA_COUNTERS } from './model.js';

const S = {
  IDLE: 0,
  FW: 1,
  FS: 2,
  FSTART: 3,
  FWAIT: 4,
  FR: 5,
  XS: 6,
  XWAIT: 7,
  IW: 8,
  IS: 9,
  ISTART: 10,
  IWAIT: 11,
  IR: 12,
  FIN: 13,
} as const;

export const FdaAccel = defineModule('fda_accel', (p: FdaHwParams) => fdaSpec(p), (m, io, p) => {
  const d = derived(p);
  const { cfg } = io;
  const lg = d.lg;
  const E = d.elements;
  const h = p.n / 2 + 1;
  const three = p.dims === 3;
  const loadSel = (s: number): Signal => io.load_en.and(io.load_sel.eq(s));

  // ---- memories ----
  const inMem = m.mem('in_mem', UInt(p.inBits), p.maxC * E);
  inMem.write(io.load_addr.resize(d.inAddrBits), io.load_data.resize(p.inBits), loadSel(LOAD_INPUT));
  const biasMem = m.mem('bias', SInt(p.accBits), p.maxM);
  biasMem.write(io.load_addr.resize(d.mBits), io.load_data.resize(p.accBits).asSInt(), loadSel(LOAD_BIAS));
  const rqt = rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: p.maxM }, { en: loadSel(LOAD_RQ), addr: io.load_addr, data: io.load_data });
  const outMem = m.mem('out', SInt(p.accBits), p.maxM * E);

  // ---- controller ----
  const state = m.reg('state', UInt(4));
  const ch = m.reg('chan', UInt(d.cBits));
  const oc = m.reg('ochan', UInt(d.mBits));
  const k = m.reg('k', UInt(d.elemBits));
  const kb = m.reg('kb', UInt(d.binBits));
  const rx = m.reg('rx', UInt(lg));
  const ry = m.reg('ry', UInt(lg));
  const rz = m.reg('rz', UInt(lg));
  const finCnt = m.reg('fin_cnt', Bool);
  const is = (s: number) => state.eq(s);
  const startNow = m.named('start_now', io.start.and(is(S.IDLE)));
  const lastElem = m.named('last_elem', k.eq(E - 1));
  const lastChan = m.named('last_chan', ch.eq(cfg.C.subw(1).resize(d.cBits)));
  const lastOchan = m.named('last_ochan', oc.eq(cfg.M.subw(1).resize(d.mBits)));
  const elemOf = (z: Signal, y: Signal, x: Signal): Signal => (three ? z.cat(y, x) : y.cat(x)).resize(d.elemBits);
  // kept-bin walk (FR): x ≤ N/2, then y, then z; output walk (IR): x < vx, y < vy, z < vz
  const frLast = rx.eq(p.n / 2).and(ry.eq(p.n - 1)).and(three ? rz.eq(p.n - 1) : m.const(1, Bool));
  const irLastX = rx.eq(cfg.vx.subw(1).resize(lg));
  const irLastY = ry.eq(cfg.vy.subw(1).resize(lg));
  const irLast = irLastX.and(irLastY).and(three ? rz.eq(cfg.vz.subw(1).resize(lg)) : m.const(1, Bool));
  const walk = (lastX: Signal, lastY: Signal) => {
    when(lastX, () => {
      rx.set(0);
      when(lastY, () => {
        ry.set(0);
        rz.set(rz.addw(1));
      }).otherwise(() => ry.set(ry.addw(1)));
    }).otherwise(() => rx.set(rx.addw(1)));
  };
  const clearWalk = () => {
    rx.set(0);
    ry.set(0);
    rz.set(0);
  };
  const fwd = m.instance('fft_fwd', FftNd, { n: p.n, dims: p.dims, w: p.fftBits, t: p.twBits });
  const inv = m.instance('fft_inv', FftNd, { n: p.n, dims: p.dims, w: p.ifftBits, t: p.twBits });
  const cm = m.instance('cmac', FdaCmac, p);
  switch_(state)
    .is(S.IDLE, () =>
      when(io.start, () => {
        state.set(S.FW);
        ch.set(0);
        oc.set(0);
        k.set(0);
      }),
    )
    .is(S.FW, () => {
      k.set(k.addw(1));
      when(lastElem, () => state.set(S.FS));
    })
    .is(S.FS, () => state.set(S.FSTART))
    .is(S.FSTART, () => state.set(S.FWAIT))
    .is(S.FWAIT, () =>
      when(fwd.done, () => {
        state.set(S.FR);
        clearWalk();
        kb.set(0);
      }),
    )
    .is(S.FR, () => {
      // the kept bins of channel ch are read out while the next channel's first inputs are written (see below)
      kb.set(kb.addw(1));
      walk(rx.eq(p.n / 2), ry.eq(p.n - 1));
      when(lastChan.not(), () => k.set(k.addw(1)));
      when(frLast, () => {
        when(lastChan, () => {
          k.set(0);
          state.set(S.XS);
        }).otherwise(() => {
          ch.set(ch.addw(1));
          state.set(S.FW);
        });
      });
    })
    .is(S.XS, () => state.set(S.XWAIT))
    .is(S.XWAIT, () => when(cm.done, () => state.set(S.IW)))
    .is(S.IW, () => {
      k.set(k.addw(1));
      when(lastElem, () => state.set(S.IS));
    })
    .is(S.IS, () => state.set(S.ISTART))
    .is(S.ISTART, () => state.set(S.IWAIT))
    .is(S.IWAIT, () =>
      when(inv.done, () => {
        state.set(S.IR);
        clearWalk();
      }),
    )
    .is(S.IR, () => {
      walk(irLastX, irLastY);
      when(irLast, () => {
        k.set(0);
        when(lastOchan, () => {
          state.set(S.FIN);
          finCnt.set(0);
        }).otherwise(() => {
          oc.set(oc.addw(1));
          state.set(S.IW);
        });
      });
    })
    .is(S.FIN, () => {
      finCnt.set(1);
      when(finCnt, () => state.set(S.IDLE));
    })
    .default(() => state.set(S.IDLE));

  // ---- forward: inputs into the FFT, kept bins out to the MAC stage ----
  // inputs are written in element order; during FR they are the next channel's: element (z, y, x) is written
  // (z·N + y)·N + x + 1 cycles into FR, after its bin (z·N + y)·(N/2 + 1) + x was read (read-first), so the
  // transform's kept bins are all read before an input overwrites them
  const fr = is(S.FR);
  const fw = m.named('fw', is(S.FW).or(fr.and(lastChan.not())));
  const wch = mux(fr, ch.addw(1), ch);
  const inQ = inMem.read(wch.mul(E).add(k).resize(d.inAddrBits), { en: fw, name: 'in_q' });
  fwd.start.set(is(S.FSTART));
  fwd.inverse.set(m.const(0, Bool));
  fwd.wr_en.set(m.regNext('fwd_we', fw));
  fwd.wr_addr.set(m.regNext('fwd_wa', k));
  fwd.wr_re.set(m.named('fwd_in', inQ.shl(p.guardBits).toSInt().resize(p.fftBits)));
  fwd.wr_im.set(m.const(0, SInt(p.fftBits)));
  fwd.rd_en.set(fr);
  fwd.rd_addr.set(elemOf(rz, ry, rx));
  cm.cfg_C.set(cfg.C);
  cm.cfg_yshift.set(cfg.yshift);
  cm.x_we.set(m.regNext('x_we', fr));
  cm.x_bin.set(m.regNext('x_bin', kb));
  cm.x_c.set(m.regNext('x_c', ch));
  cm.x_re.set(fwd.rd_re);
  cm.x_im.set(fwd.rd_im);

  // ---- the crossbar stage and its load port ----
  const rc = io.load_addr.resize(Math.max(1, Math.ceil(Math.log2(p.rows * p.cols))));
  const colBits = Math.max(1, Math.ceil(Math.log2(p.cols)));
  cm.prog_en.set(loadSel(LOAD_CELL));
  cm.prog_tile.set(io.load_bank.resize(d.tileIdxBits));
  cm.prog_row.set(rc.shr(colBits).resize(Math.max(1, Math.ceil(Math.log2(p.rows)))));
  cm.prog_col.set(rc.resize(colBits));
  cm.prog_level.set(io.load_data.resize(p.cellBits));
  cm.corr_we.set(loadSel(LOAD_CORR));
  cm.corr_m.set(io.load_bank.resize(d.mBits));
  cm.corr_bin.set(io.load_addr.resize(d.binBits));
  cm.corr_re.set(io.load_data.slice(d.corrBits - 1, 0).asSInt());
  cm.corr_im.set(io.load_data.slice(2 * d.corrBits - 1, d.corrBits).asSInt());
  cm.start.set(is(S.XS));

  // ---- inverse: the rebuilt spectrum into the IFFT (mirror bins conjugated), outputs through the post stage ----
  const iw = is(S.IW);
  const ex = k.slice(lg - 1, 0);
  const ey = k.slice(2 * lg - 1, lg);
  const ez = three ? k.slice(3 * lg - 1, 2 * lg) : m.const(0, UInt(lg));
  const mirror = m.named('mirror', ex.gt(p.n / 2));
  const neg = (v: Signal) => m.const(0, UInt(lg)).subw(v);
  const sx = mux(mirror, neg(ex), ex);
  const sy = mux(mirror, neg(ey), ey);
  const sz = mux(mirror, neg(ez), ez);
  const srcBin = m.named('src_bin', (three ? sz.cat(sy) : sy).mul(h).add(sx).resize(d.binBits));
  cm.y_rd_en.set(iw);
  cm.y_rd_bin.set(srcBin);
  const conjQ = m.regNext('conj_q', mirror);
  const yre = select(oc, cm.y_re);
  const yim = select(oc, cm.y_im);
  inv.start.set(is(S.ISTART));
  inv.inverse.set(m.const(1, Bool));
  inv.wr_en.set(m.regNext('inv_we', iw));
  inv.wr_addr.set(m.regNext('inv_wa', k));
  inv.wr_re.set(yre);
  inv.wr_im.set(m.named('inv_in_im', mux(conjQ, yim.neg().resize(p.ifftBits), yim)));
  const ir = is(S.IR);
  const oElem = elemOf(rz, ry, rx);
  inv.rd_en.set(ir);
  inv.rd_addr.set(oElem);
  // to the convolution's scale 2^e, e = eBase − yshift: (re + 2^(e−1)) >> e for e > 0, re << −e otherwise (exact)
  const re = inv.rd_re.resize(d.sumBits);
  const ysh = cfg.yshift;
  const ab = d.ysBits + 1 + clog2(Math.abs(d.eBase) + 1);
  const ysw = ysh.resize(ab);
  let scaledV: Signal;
  if (d.eBase <= 0) scaledV = re.shlDyn(ysw.addw(m.const(-d.eBase, UInt(ab))));
  else {
    const left = re.shlDyn(ysw.subw(d.eBase));
    const rAmt = m.named('out_right', m.const(d.eBase, UInt(ab)).subw(ysw));
    const half = m.named('out_half', m.const(1, UInt(d.sumBits)).shlDyn(rAmt.subw(1)).toSInt().resize(d.sumBits));
    const right = re.add(half).resize(d.sumBits).shrDyn(rAmt);
    scaledV = mux(ysh.lt(d.eBase), right, left);
  }
  const scaled = m.named('scaled', scaledV);
  const biasQ = biasMem.read(oc, { name: 'bias_q' });
  const rqQ = rqt.read(oc, { name: 'rq_q' });
  // a later channel chunk adds the partial sum the previous run left in `out` (read here, rewritten two cycles later)
  const prevQ = outMem.read(oc.mul(E).add(oElem).resize(d.outAddrBits), { en: ir, name: 'prev_q' });
  const sum = m.named('out_sum', scaled.addw(mux(cfg.acc_in, prevQ, biasQ).resize(d.sumBits)));
  const v1 = m.regNext('post_v1', ir);
  const a1 = m.regNext('post_a1', oc.mul(E).add(oElem).resize(d.outAddrBits));
  const post = postStage(m, 'post', sum, cfg, rqQ, p);
  outMem.write(m.regNext('post_a2', a1), post, m.regNext('post_v2', v1));

  // ---- status, counters, read port ----
  const done = m.reg('done_q', Bool);
  when(startNow, () => done.set(0)).elsewhen(is(S.FIN).and(finCnt), () => done.set(1));
  io.done.set(done);
  io.busy.set(state.ne(S.IDLE));
  const inF = state.ge(S.FW).and(state.le(S.FR));
  const inX = is(S.XS).or(is(S.XWAIT));
  const inI = state.ge(S.IW).and(state.le(S.FIN));
  // act and adc count per bin: every bin's tiles are activated (converted) together
  const events: Record<(typeof FDA_COUNTERS)[number], readonly [Signal, number]> = {
    busy: [state.ne(S.IDLE), 1],
    fwd: [inF, 1],
    xbar: [inX, 1],
    inv: [inI, 1],
    act: [cm.ev_act, d.bins],
    adc: [cm.ev_adc, d.bins],
    lines: [fwd.line_valid.or(inv.line_valid), 1],
  };
  const ctrs = perfCounters(m, io.start, FDA_COUNTERS.map((n) => [n, ...events[n]] as const), p.accBits);
  hostReadPort(m, io, [outMem], ctrs, p.accBits);
});
