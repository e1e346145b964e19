/**
 * The frequency-domain complex multiply-accumulate stage on crossbar tiles (`fda_cmac`): for every kept bin b its own
 * crossbar tiles (crossbar/tile.ts, `xb_<b>_<rb>_<cb>`: row block rb of the input channels, lane block cb) hold the
 * bin's frequency-domain weights, Re W and Im W of output channel m in lanes 2m and 2m+1 (the two cells of the PE,
 * each a column group of ceil(w / b_c) cells). Per bin, two activations sequences: part 0 drives Re X' and reads
 * S1 = Σ_c ReX'·ReW and S2 = Σ_c ReX'·ImW on the two lanes; part 1 drives Im X' and reads S3 = Σ ImX'·ReW and
 * S4 = Σ ImX'·ImW (the bitlines sum over the input channels c, the crossbar rows). Inputs are the offset-binary
 * X' = X + 2^(D−1) (the sign bit flipped), applied slice by slice through the DACs; lanes shift-add the converted
 * columns as the ISAAC-like accelerator does (offset mapping: − 2^(w−1)·Σ_c X' from the digital unit sum).
 * Then Re Y = S1 − S4 − cRe, Im Y = S2 + S3 − cIm (cRe, cIm: the input offset's constant share, loaded per bin and
 * channel), Y' = sat(round_half_up(Y / 2^yShift)) into the memories yr_<m>, yi_<m> (word b).
 *
 * Schedule (model.ts): start → an activation every adcShare cycles, (bin, part, slice) in order; the outputs of
 * an activation's tiles come back tagged with (part, slice, unit sum); `done` pulses A·adcShare + 5 cycles after
 * start (A = 2·bins·slices activations).
 */
import { defineModule, In, Out, UInt, SInt, Bool, Vec, mux, when, switch_, type Signal } from '../../dsl/index.js';
import { XbarTile, tree } from '../crossbar/index.js';
import { clog2 } from '../../dsl/bits.js';
import { type FdaHwParams, derived } from './params.js';

const IDLE = 0;
const RUN = 1;
const WAIT = 2;

export function cmacPorts(p: FdaHwParams) {
  const d = derived(p);
  return {
    cfg_C: In(UInt(clog2(p.maxC + 1))),
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
    /** an activation of the current bin's tiles (tilesPerBin tiles) this cycle */
    ev_act: Out(Bool),
    /** a conversion step of the active tiles' ADCs (tilesPerBin · nAdc conversions) this cycle */
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
  const tagBits = 1 + d.tBits + d.unitBits;
  const tp = { rows: p.rows, cols: p.cols, cellBits: p.cellBits, dacBits: p.dacBits, adc: p.adc, adcBits: p.adcBits, deltaLog2: p.deltaLog2, adcShare: p.adcShare, perturbLog2: 0, tagBits };

  // ---- the frequency-domain inputs: one memory pair per crossbar row (input channel), word = bin ----
  const xr = Array.from({ length: p.maxC }, (_, c) => m.mem(`xr_${c}`, SInt(D), d.bins));
  const xi = Array.from({ length: p.maxC }, (_, c) => m.mem(`xi_${c}`, SInt(D), d.bins));
  xr.forEach((mem, c) => mem.write(io.x_bin, io.x_re, io.x_we.and(io.x_c.eq(c))));
  xi.forEach((mem, c) => mem.write(io.x_bin, io.x_im, io.x_we.and(io.x_c.eq(c))));

  // ---- sequencer: (bin, part, slice), an activation every adcShare cycles ----
  const state = m.reg('state', UInt(2));
  const bin = m.reg('bin', UInt(d.binBits));
  const part = m.reg('part', Bool);
  const t = m.reg('slice', UInt(d.tBits));
  const cnt = m.reg('share_cnt', UInt(d.stepBits));
  const finished = m.wire('finished', Bool);
  const act = m.named('act', state.eq(RUN).and(cnt.eq(0)));
  const lastSlice = m.named('last_slice', t.eq(d.slices - 1));
  const lastBin = m.named('last_bin', bin.eq(d.bins - 1));
  const startNow = m.named('start_now', io.start.and(state.eq(IDLE)));
  const nextRead = m.named('next_read', act.and(lastSlice).and(part).and(lastBin.not()));
  const rdAddr = m.named('x_rd_addr', mux(startNow, m.const(0, UInt(d.binBits)), bin.addw(1)));
  const xqr = xr.map((mem, c) => mem.read(rdAddr, { en: startNow.or(nextRead), name: `xr_q_${c}` }));
  const xqi = xi.map((mem, c) => mem.read(rdAddr, { en: startNow.or(nextRead), name: `xi_q_${c}` }));
  switch_(state)
    .is(IDLE, () => {
      when(io.start, () => {
        state.set(RUN);
        bin.set(0);
        part.set(0);
        t.set(0);
        cnt.set(0);
      });
    })
    .is(RUN, () => {
      cnt.set(p.adcShare === 1 ? m.const(0, UInt(d.stepBits)) : cnt.addw(1));
      when(act, () => {
        when(lastSlice, () => {
          t.set(0);
          part.set(part.not());
          when(part, () => {
            bin.set(bin.addw(1));
            when(lastBin, () => state.set(WAIT));
          });
        }).otherwise(() => t.set(t.addw(1)));
      });
    })
    .default(() => when(finished, () => state.set(IDLE)));

  // ---- DAC slices of X' = X + 2^(D−1) (channels ≥ cfg_C drive 0), the unit sum, the tiles ----
  const top = m.const(2 ** (D - 1), UInt(D));
  const shift = m.named('slice_shift', t.mul(p.dacBits));
  const xoff = xqr.map((r, c) => m.named(`xoff_${c}`, mux(io.cfg_C.gt(c), mux(part, xqi[c]!, r).asUInt().xor(top), m.const(0, UInt(D)))));
  const dac = xoff.map((x, c) => m.named(`dac_${c}`, x.shrDyn(shift).slice(p.dacBits - 1, 0)));
  const unit = m.named('unit', tree(xoff).resize(d.unitBits));
  const tag = m.named('tag', part.cat(t, unit));
  const zeroDac = m.const(0, UInt(p.dacBits));
  const tiles = Array.from({ length: d.bins }, (_, b) =>
    Array.from({ length: d.rowTiles }, (_, rb) =>
      Array.from({ length: d.colTiles }, (_, cb) => {
        const u = m.instance(`xb_${b}_${rb}_${cb}`, XbarTile, tp);
        const idx = (b * d.rowTiles + rb) * d.colTiles + cb;
        u.prog_en.set(io.prog_en.and(io.prog_tile.eq(idx)));
        u.prog_row.set(io.prog_row);
        u.prog_col.set(io.prog_col);
        u.prog_level.set(io.prog_level);
        u.act.set(act.and(bin.eq(b)));
        u.dac.forEach((x, r) => x.set(rb * p.rows + r < p.maxC ? dac[rb * p.rows + r]! : zeroDac));
        u.tag_in.set(tag);
        return u;
      }),
    ),
  );
  // only the active bin's tiles produce outputs: OR their valid-gated outputs
  const gate = (b: number, v: Signal): Signal => mux(tiles[b]![0]![0]!.adc_valid, v, v.lit(0));
  const orAll = (f: (b: number) => Signal): Signal => Array.from({ length: d.bins }, (_, b) => gate(b, f(b))).reduce((x, y) => x.or(y));
  const valid = m.named('o_valid', tiles.map((tb) => tb[0]![0]!.adc_valid as Signal).reduce((x, y) => x.or(y)));
  const oTag = m.named('o_tag', orAll((b) => tiles[b]![0]![0]!.tag_out));
  const step = m.named('o_step', orAll((b) => tiles[b]![0]![0]!.adc_step));
  const oPart = m.named('o_part', oTag.bit(tagBits - 1));
  const oT = m.named('o_slice', oTag.slice(tagBits - 2, d.unitBits));
  const oUnit = m.named('o_unit', oTag.slice(d.unitBits - 1, 0));
  const oFirst = m.named('o_first', valid.and(oT.eq(0)).and(step.eq(0)));
  const oEnd = m.named('o_end', valid.and(oT.eq(d.slices - 1)).and(step.eq(p.adcShare - 1)));
  const oShift = m.named('o_shift', oT.mul(p.dacBits));

  // ---- shift-and-add lanes (row blocks summed digitally) ----
  const sb = clog2(p.adcShare);
  const rowSum = Array.from({ length: d.colTiles }, (_, cb) =>
    Array.from({ length: d.nAdc }, (_, a) =>
      m.named(`rsum_${cb}_${a}`, Array.from({ length: d.rowTiles }, (_, rb) => orAll((b) => tiles[b]![rb]![cb]!.adc_out[a]!)).reduce((x, y) => x.add(y))),
    ),
  );
  const nl = 2 * p.maxM;
  const lanes: Signal[] = [];
  for (let L = 0; L < nl; L++) {
    const cb = Math.floor(L / d.lanesT);
    const l = L % d.lanesT;
    const pos: Signal[] = [];
    const neg: Signal[] = [];
    for (let jj = 0; jj < d.cpw; jj++) {
      const c = l * d.cpw + jj;
      const a = c >> sb;
      const j = c & (p.adcShare - 1);
      const s = jj % d.nc;
      const v = rowSum[cb]![a]!;
      const hit = p.adcShare === 1 ? m.const(1, Bool) : step.eq(j);
      (jj >= d.nc ? neg : pos).push(mux(hit, v, v.lit(0)).shl(s * p.cellBits));
    }
    const sum = (xs: Signal[]) => xs.reduce((x, y) => x.add(y));
    const term = neg.length ? sum(pos).sub(sum(neg)) : sum(pos).toSInt();
    const acc = m.reg(`lane_${L}`, SInt(d.laneBits));
    const add = m.named(`lane_add_${L}`, term.resize(d.laneBits).shlDyn(oShift));
    when(valid, () => acc.set(mux(oFirst, m.const(0, SInt(d.laneBits)), acc).addw(add)));
    lanes.push(acc);
  }

  // ---- per bin: S1..S4, the complex result, the shift into the IFFT ----
  const fin = m.regNext('fin', oEnd);
  const finPart = m.regNext('fin_part', oPart);
  const finUnit = m.regNext('fin_unit', oUnit);
  const oBin = m.reg('o_bin', UInt(d.binBits));
  const s12 = lanes.map((_, L) => m.reg(`s12_${L}`, SInt(d.laneBits)));
  const u0 = m.reg('unit0', UInt(d.unitBits));
  when(fin.and(finPart.not()), () => {
    s12.forEach((r, L) => r.set(lanes[L]!));
    u0.set(finUnit);
  });
  const cre = Array.from({ length: p.maxM }, (_, k) => m.mem(`corr_re_${k}`, SInt(d.corrBits), d.bins));
  const cim = Array.from({ length: p.maxM }, (_, k) => m.mem(`corr_im_${k}`, SInt(d.corrBits), d.bins));
  cre.forEach((mem, k) => mem.write(io.corr_bin, io.corr_re, io.corr_we.and(io.corr_m.eq(k))));
  cim.forEach((mem, k) => mem.write(io.corr_bin, io.corr_im, io.corr_we.and(io.corr_m.eq(k))));
  const cq = cre.map((mem, k) => mem.read(oBin, { en: oEnd, name: `corr_re_q_${k}` }));
  const ciq = cim.map((mem, k) => mem.read(oBin, { en: oEnd, name: `corr_im_q_${k}` }));
  const P = d.prodBits;
  const offs =
    p.mapping === 'offset'
      ? {
          re: m.named('unit_re', u0.toSInt().sub(finUnit.toSInt()).shl(p.weightBits - 1).resize(P)),
          im: m.named('unit_im', u0.add(finUnit).toSInt().shl(p.weightBits - 1).resize(P)),
        }
      : undefined;
  const write = m.named('y_we', fin.and(finPart));
  const yr = Array.from({ length: p.maxM }, (_, k) => m.mem(`yr_${k}`, SInt(p.ifftBits), d.bins));
  const yi = Array.from({ length: p.maxM }, (_, k) => m.mem(`yi_${k}`, SInt(p.ifftBits), d.bins));
  const round = (v: Signal): Signal => (p.yShift > 0 ? v.add(2 ** (p.yShift - 1)).shr(p.yShift) : v);
  for (let k = 0; k < p.maxM; k++) {
    let re = s12[2 * k]!.resize(P).sub(lanes[2 * k + 1]!.resize(P)).resize(P);
    let im = s12[2 * k + 1]!.resize(P).add(lanes[2 * k]!.resize(P)).resize(P);
    if (offs) {
      re = re.sub(offs.re).resize(P);
      im = im.sub(offs.im).resize(P);
    }
    re = m.named(`y_re_full_${k}`, re.sub(cq[k]!.resize(P)).resize(P));
    im = m.named(`y_im_full_${k}`, im.sub(ciq[k]!.resize(P)).resize(P));
    yr[k]!.write(oBin, m.named(`y_re_in_${k}`, sat(round(re), p.ifftBits)), write);
    yi[k]!.write(oBin, m.named(`y_im_in_${k}`, sat(round(im), p.ifftBits)), write);
    io.y_re[k]!.set(yr[k]!.read(io.y_rd_bin, { en: io.y_rd_en, name: `y_re_q_${k}` }));
    io.y_im[k]!.set(yi[k]!.read(io.y_rd_bin, { en: io.y_rd_en, name: `y_im_q_${k}` }));
  }
  when(startNow, () => oBin.set(0)).elsewhen(write, () => oBin.set(oBin.addw(1)));
  const lastWrite = m.named('last_write', write.and(oBin.eq(d.bins - 1)));
  finished.set(lastWrite);
  io.done.set(m.regNext('done_q', lastWrite));
  io.ev_act.set(act);
  io.ev_adc.set(valid);
});
