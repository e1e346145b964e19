/**
 * The frequency-domain complex multiply-accumulate stage on crossbar tiles (`fda_cmac`): for every kept bin b its own
 * crossbar tiles (crossbar/tile.ts, `xb_<b>_<rb>_<cb>`: row block rb of the input channels, lane block cb) hold the
 * bin's frequency-domain weights, Re W and Im W of output channel m in lanes 2m and 2m+1 (the two cells of the PE,
 * each a column group of ceil(w / b_c) cells). Every bin's tiles are activated together (the weights of every bin
 * resident, as in ISAAC): part 0 drives Re X' and reads S1 = Σ_c ReX'·ReW and S2 = Σ_c ReX'·ImW on the two lanes;
 * part 1 drives Im X' and reads S3 = Σ ImX'·ReW and S4 = Σ ImX'·ImW (the bitlines sum over the input channels c, the
 * crossbar rows). Inputs are the offset-binary X' = X + 2^(D−1) (the sign bit flipped), held per (channel, bin) in a
 * register that shifts one DAC slice out per activation (`xs_<c>_<b>`; Im X' waits in `xim_<c>_<b>`); the columns
 * are shift-added per lane as the ISAAC-like accelerator does (crossbar/sequencer.ts), straight into the complex
 * accumulators of each bin and channel: Re += S1 then −= S4, Im += S2 then += S3. The offset mapping's unit sums
 * Σ_c X' of each bin and part are added up as the inputs arrive. Then, one bin per cycle (the drain),
 * Re Y = acc_re − 2^(w−1)·(U_re − U_im) − cRe, Im Y = acc_im − 2^(w−1)·(U_re + U_im) − cIm (cRe, cIm: the input
 * offset's constant share, loaded per bin and channel), Y' = sat(round_half_up(Y / 2^yShift)) into the memories
 * yr_<m>, yi_<m> (word b).
 *
 * Schedule (model.ts): start → an activation of every bin's tiles every adcShare cycles, (part, slice) in order; the
 * outputs of an activation come back tagged with (part, slice); after the last one the drain writes bin b in its b-th
 * cycle; `done` pulses A·adcShare + bins + 4 cycles after start (A = 2·slices activations).
 */
import { defineModule, In, Out, UInt, SInt, Bool, Vec, mux, when, select, type Signal } from '../../dsl/index.js';
import { XbarTile } from '../crossbar/index.js';
import { sliceSequencer, laneStepTerm } from '../crossbar/sequencer.js';
import { clog2 } from '../../dsl/bits.js';
import { type FdaHwParams, derived } from './params.js';

export function cmacPorts(p: FdaHwParams) {
  const d = derived(p);
  return {
    cfg_C: In(UInt(clog2(p.maxC + 1))),
    cfg_yshift: In(UInt(d.ysBits)),
    x_we: In(Bool),
    x_bin: In(UInt(d.binBits)),
    x_c: In(UInt(d.cBits)),
    x_re: In(SInt(p.fftBits)),
    x_im: In(SInt(p.fftBits)),
    prog_en: In(Bool),
    prog_tile: In(UInt(d.tileIdxBits)),
    prog_row: In(UInt(Math.max(1, clog2(p.rows)))),
    prog_col: In(UInt(Math.max(1, clog2(p.cols)))),
    prog_level: In(UInt(p.cellBits)),
    corr_we: In(Bool),
    corr_m: In(UInt(d.mBits)),
    corr_bin: In(UInt(d.binBits)),
    corr_re: In(SInt(d.corrBits)),
    corr_im: In(SInt(d.corrBits)),
    start: In(Bool),
    /** one cycle, when the last bin's Y has been written */
    done: Out(Bool),
    y_rd_en: In(Bool),
    y_rd_bin: In(UInt(d.binBits)),
    y_re: Vec(p.maxM, Out(SInt(p.ifftBits))),
    y_im: Vec(p.maxM, Out(SInt(p.ifftBits))),
    /** an activation of every bin's tiles (bins · tilesPerBin tiles) this cycle */
    ev_act: Out(Bool),
    /** a conversion step of every bin's tiles' ADCs (bins · tilesPerBin · nAdc conversions) this cycle */
    ev_adc: Out(Bool),
  };
}

/** Saturate to ±(2^(bits−1) − 1): symmetric, so the IFFT stage may negate a value (the mirrored bins' conj). */
function sat(v: Signal, bits: number): Signal {
  if (v.width < bits) return v.resize(bits);
  const hi = 2 ** (bits - 1) - 1;
  return mux(v.gt(hi), v.lit(hi), mux(v.lt(-hi), v.lit(-hi), v)).resize(bits);
}

export const FdaCmac = defineModule('fda_cmac', (p: FdaHwParams) => cmacPorts(p), (m, io, p) => {
  const d = derived(p);
  const D = p.fftBits;
  const B = d.bins;
  const tagBits = 1 + d.tBits;
  const tp = { rows: p.rows, cols: p.cols, cellBits: p.cellBits, dacBits: p.dacBits, adc: p.adc, adcBits: p.adcBits, deltaLog2: p.deltaLog2, adcShare: p.adcShare, perturbLog2: 0, tagBits };
  const offset = p.mapping === 'offset';

  // ---- sequencer: (part, slice), an activation of every bin's tiles every adcShare cycles ----
  const seq = sliceSequencer(m, {
    start: io.start, outerName: 'part', outerBits: 1, tBits: d.tBits, stepBits: d.stepBits, adcShare: p.adcShare,
    lastSlice: (t) => t.eq(d.slices - 1),
    lastOuter: (part) => part,
  });
  const { outer: part, slice: t, act, lastSlice, finished } = seq;
  seq.advance();

  // ---- the frequency-domain inputs: per (channel, bin) X' = X + 2^(D−1); a shift register feeds the DAC slices ----
  const top = m.const(2 ** (D - 1), UInt(D));
  const xre = m.named('x_re_off', io.x_re.asUInt().xor(top));
  const xim = m.named('x_im_off', io.x_im.asUInt().xor(top));
  const binHit = Array.from({ length: B }, (_, b) => m.named(`x_bin_${b}`, io.x_we.and(io.x_bin.eq(b))));
  const toIm = m.named('to_im', act.and(lastSlice).and(part.not()));
  const zeroDac = m.const(0, UInt(p.dacBits));
  const dac = Array.from({ length: p.maxC }, (_, c) => {
    const chHit = io.x_c.eq(c);
    const on = io.cfg_C.gt(c);
    return Array.from({ length: B }, (_, b) => {
      const xs = m.reg(`xs_${c}_${b}`, UInt(D));
      const xi = m.reg(`xim_${c}_${b}`, UInt(D));
      const we = binHit[b]!.and(chHit);
      when(we, () => {
        xs.set(xre);
        xi.set(xim);
      }).elsewhen(act, () => xs.set(mux(toIm, xi, D > p.dacBits ? xs.shr(p.dacBits).resize(D) : m.const(0, UInt(D)))));
      return mux(on, xs.slice(p.dacBits - 1, 0), zeroDac);
    });
  });
  // the unit sums Σ_c X' per bin and part (offset mapping), added up as the channels arrive (channel 0 restarts them)
  const units = offset
    ? Array.from({ length: B }, (_, b) => {
        const ur = m.reg(`unit_re_${b}`, UInt(d.unitBits));
        const ui = m.reg(`unit_im_${b}`, UInt(d.unitBits));
        const first = io.x_c.eq(0);
        when(binHit[b]!, () => {
          ur.set(mux(first, m.const(0, UInt(d.unitBits)), ur).addw(xre.resize(d.unitBits)));
          ui.set(mux(first, m.const(0, UInt(d.unitBits)), ui).addw(xim.resize(d.unitBits)));
        });
        return { re: ur, im: ui };
      })
    : undefined;

  // ---- the tiles: every bin's, activated together ----
  const tag = m.named('tag', part.cat(t));
  const tiles = Array.from({ length: B }, (_, b) =>
    Array.from({ length: d.rowTiles }, (_, rb) =>
      Array.from({ length: d.colTiles }, (_, cb) => {
        const u = m.instance(`xb_${b}_${rb}_${cb}`, XbarTile, tp);
        const idx = (b * d.rowTiles + rb) * d.colTiles + cb;
        u.prog_en.set(io.prog_en.and(io.prog_tile.eq(idx)));
        u.prog_row.set(io.prog_row);
        u.prog_col.set(io.prog_col);
        u.prog_level.set(io.prog_level);
        u.act.set(act);
        u.dac.forEach((x, r) => x.set(rb * p.rows + r < p.maxC ? dac[rb * p.rows + r]![b]! : zeroDac));
        u.tag_in.set(b === 0 && rb === 0 && cb === 0 ? tag : m.const(0, UInt(tagBits)));
        return u;
      }),
    ),
  );
  const t0 = tiles[0]![0]![0]!;
  const valid = m.named('o_valid', t0.adc_valid);
  const step = m.named('o_step', t0.adc_step);
  const oPart = m.named('o_part', t0.tag_out.bit(tagBits - 1));
  const oT = m.named('o_slice', t0.tag_out.slice(tagBits - 2, 0));
  const oFirst = m.named('o_first', valid.and(oPart.not()).and(oT.eq(0)).and(step.eq(0)));
  const oEnd = m.named('o_end', valid.and(oPart).and(oT.eq(d.slices - 1)).and(step.eq(p.adcShare - 1)));
  const oShift = m.named('o_shift', oT.mul(p.dacBits));

  // ---- per bin: shift-and-add straight into the complex accumulators (row blocks summed digitally) ----
  const geom = { cpw: d.cpw, nc: d.nc, cellBits: p.cellBits, adcShare: p.adcShare };
  const AB = d.laneBits + 1;
  const zero = m.const(0, SInt(AB));
  const acc = Array.from({ length: B }, (_, b) => {
    const rowSum = Array.from({ length: d.colTiles }, (_, cb) =>
      Array.from({ length: d.nAdc }, (_, a) => m.named(`rsum_${b}_${cb}_${a}`, tiles[b]!.map((row) => row[cb]!.adc_out[a]! as Signal).reduce((x, y) => x.add(y)))),
    );
    const term = (L: number) => m.named(`lane_add_${b}_${L}`, laneStepTerm(m, rowSum[Math.floor(L / d.lanesT)]!, step, L % d.lanesT, geom).resize(AB).shlDyn(oShift));
    return Array.from({ length: p.maxM }, (_, k) => {
      const tRe = term(2 * k);
      const tIm = term(2 * k + 1);
      const re = m.reg(`acc_re_${b}_${k}`, SInt(AB));
      const im = m.reg(`acc_im_${b}_${k}`, SInt(AB));
      // part 0: Re += S1 (Re X'·Re W), Im += S2 (Re X'·Im W); part 1: Re −= S4 (Im X'·Im W), Im += S3 (Im X'·Re W)
      when(valid, () => {
        re.set(mux(oFirst, zero, re).addw(mux(oPart, zero.subw(tIm), tRe)));
        im.set(mux(oFirst, zero, im).addw(mux(oPart, tRe, tIm)));
      });
      return { re, im };
    });
  });

  // ---- the drain: one bin per cycle, the corrections, the shift into the IFFT ----
  const draining = m.reg('draining', Bool);
  const db = m.reg('drain_bin', UInt(d.binBits));
  const lastBin = m.named('last_bin', db.eq(B - 1));
  when(oEnd, () => {
    draining.set(1);
    db.set(0);
  }).elsewhen(draining, () => {
    db.set(db.addw(1));
    when(lastBin, () => draining.set(0));
  });
  // the offset shares are read one cycle ahead of their bin's write
  const corrAddr = m.named('corr_addr', mux(oEnd, m.const(0, UInt(d.binBits)), db.addw(1)));
  const corrEn = m.named('corr_en', oEnd.or(draining.and(lastBin.not())));
  const cre = Array.from({ length: p.maxM }, (_, k) => m.mem(`corr_re_${k}`, SInt(d.corrBits), B));
  const cim = Array.from({ length: p.maxM }, (_, k) => m.mem(`corr_im_${k}`, SInt(d.corrBits), B));
  cre.forEach((mem, k) => mem.write(io.corr_bin, io.corr_re, io.corr_we.and(io.corr_m.eq(k))));
  cim.forEach((mem, k) => mem.write(io.corr_bin, io.corr_im, io.corr_we.and(io.corr_m.eq(k))));
  const cq = cre.map((mem, k) => mem.read(corrAddr, { en: corrEn, name: `corr_re_q_${k}` }));
  const ciq = cim.map((mem, k) => mem.read(corrAddr, { en: corrEn, name: `corr_im_q_${k}` }));
  const P = d.prodBits;
  const offs = units
    ? (() => {
        const ur = select(db, units.map((u) => u.re));
        const ui = select(db, units.map((u) => u.im));
        return {
          re: m.named('unit_re', ur.toSInt().sub(ui.toSInt()).shl(p.weightBits - 1).resize(P)),
          im: m.named('unit_im', ur.add(ui).toSInt().shl(p.weightBits - 1).resize(P)),
        };
      })()
    : undefined;
  const yr = Array.from({ length: p.maxM }, (_, k) => m.mem(`yr_${k}`, SInt(p.ifftBits), B));
  const yi = Array.from({ length: p.maxM }, (_, k) => m.mem(`yi_${k}`, SInt(p.ifftBits), B));
  // round half up by the layer's shift: (v + 2^(ys−1)) >> ys (ys = 0: v)
  const ys = io.cfg_yshift;
  const half = m.named('y_half', mux(ys.eq(0), m.const(0, UInt(P)), m.const(1, UInt(P)).shlDyn(ys.subw(1))).toSInt());
  const round = (v: Signal): Signal => v.add(half).shrDyn(ys);
  for (let k = 0; k < p.maxM; k++) {
    let re = select(db, acc.map((a) => a[k]!.re)).resize(P);
    let im = select(db, acc.map((a) => a[k]!.im)).resize(P);
    if (offs) {
      re = re.sub(offs.re).resize(P);
      im = im.sub(offs.im).resize(P);
    }
    re = m.named(`y_re_full_${k}`, re.sub(cq[k]!.resize(P)).resize(P));
    im = m.named(`y_im_full_${k}`, im.sub(ciq[k]!.resize(P)).resize(P));
    yr[k]!.write(db, m.named(`y_re_in_${k}`, sat(round(re), p.ifftBits)), draining);
    yi[k]!.write(db, m.named(`y_im_in_${k}`, sat(round(im), p.ifftBits)), draining);
    io.y_re[k]!.set(yr[k]!.read(io.y_rd_bin, { en: io.y_rd_en, name: `y_re_q_${k}` }));
    io.y_im[k]!.set(yi[k]!.read(io.y_rd_bin, { en: io.y_rd_en, name: `y_im_q_${k}` }));
  }
  const lastWrite = m.named('last_write', draining.and(lastBin));
  finished.set(lastWrite);
  io.done.set(m.regNext('done_q', lastWrite));
  io.ev_act.set(act);
  io.ev_adc.set(valid);
});
