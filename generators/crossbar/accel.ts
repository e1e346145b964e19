/**
 * The ISAAC-like spatial accelerator on crossbar tiles: rowTiles × colTiles tiles (tile_<b>_<q>: row block b of the
 * unrolled (C·R·S) × M weight matrix, lanes q·lanesT .. of it), input vectors streamed slice by slice, shift-and-add of
 * input and weight slices per output lane, row blocks summed digitally, the unit-column correction (offset mapping),
 * then bias (or the partial sum of the previous pass), ReLU and requantisation on the last pass.
 *
 * Memory layout (driver.ts writes and reads it):
 *   tile_<b>_<q>.cell_<r>       word c: level of row r, column c                    (load: LOAD_CELL, bank = b·colTiles + q,
 *                                                                                   addr = r·cols + column)
 *   in_<k>                      word p: input k (0 .. rowTiles·rows − 1) of vector p (load: LOAD_INPUT, bank = k, addr = p)
 *   bias registers              lane l (load: LOAD_BIAS, addr = l)
 *   rq_table                    word l: lane l's requantisation entry, mult · 2^shiftBits + shift (load: LOAD_RQ, addr = l)
 *   out_<l>                     word p: the raw sum (partial, or final on the last pass) of lane l, vector p; the read port
 *                               returns it post-processed (ReLU, requantisation) when cfg last is 1
 *
 * Schedule of one pass (model.ts is the same as arithmetic): `start` reads vector 0; from the next cycle an activation
 * every adcShare cycles (all tiles together), slice t = 0 .. T−1 of vector p = 0 .. P−1 (T = cfg slices); the next
 * vector is read at the activation of the last slice. Each ADC output cycle adds, per lane, the converted columns of
 * that step, shifted by t·b_d + s·b_c (negative columns subtracted in differential mapping). After a vector's last
 * output: sum = lane − 2^(w−1)·unit + (acc_in ? partial : bias), written three stages later as it is (the raw sum).
 * ReLU and requantisation of the last pass are one post unit on the read port, shared by every lane: the host reads
 * one word per cycle, so one unit keeps up, and the lanes need none of their own. The unit takes the entry of the lane
 * being read (rd_bank) from the per-channel table, read in the same cycle as the output word.
 */
import { defineModule, In, UInt, SInt, Bool, mux, when, select, addrWidth, type Signal } from '../../dsl/index.js';
import { perfCounters, hostReadPort } from '../common/counters.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { rqTable } from '../common/rqtable.js';
import { roundShiftClamp } from '../common/post.js';
import { type XbarHwParams, derived, tileParamsOf, LOAD_CELL, LOAD_INPUT, LOAD_BIAS, LOAD_RQ } from './params.js';
import { tileSeed } from './golden.js';
import { XbarTile, tree } from './tile.js';
import { sliceSequencer, laneStepTerm } from './sequencer.js';
import { XBAR_COUNTERS } from './model.js';

export function xbarSpec(p: XbarHwParams) {
  const d = derived(p);
  return {
    cfg: {
      /** input vectors of this pass (1 .. pixels) */
      P: In(UInt(d.pixCountBits)),
      /** input slices per vector (1 .. ceil(inputBits / dacBits)) */
      slices: In(UInt(d.sliceCountBits)),
      /** add the partial sum stored by the previous pass instead of the bias */
      acc_in: In(Bool),
      /** last pass: apply ReLU and requantisation */
      last: In(Bool),
      ...postModePorts(),
    },
    // rd_addr addresses an output word or (rd_ctr) a counter
    ...hostPorts({ selBits: 2, ...d, rdBankBits: d.laneSelBits, rdAddrBits: Math.max(d.pixAddrBits, addrWidth(XBAR_COUNTERS.length)), accBits: p.accBits }),
  };
}

export const XbarAccel = defineModule('xbar_accel', (p: XbarHwParams) => xbarSpec(p), (m, io, p) => {
  const d = derived(p);
  const { cfg } = io;
  const tp = tileParamsOf(p, d.tagBits);
  const loadSel = (s: number): Signal => io.load_en.and(io.load_sel.eq(s));

  // ---- input SRAMs ----
  const inMem = Array.from({ length: d.krows }, (_, k) => m.mem(`in_${k}`, UInt(p.inputBits), p.pixels));
  inMem.forEach((mem, k) => mem.write(io.load_addr.resize(d.pixAddrBits), io.load_data.resize(p.inputBits), loadSel(LOAD_INPUT).and(io.load_bank.eq(k))));
  const bias = Array.from({ length: d.lanes }, (_, l) => m.reg(`bias_${l}`, SInt(p.accBits)));
  bias.forEach((b, l) => when(loadSel(LOAD_BIAS).and(io.load_addr.eq(l)), () => b.set(io.load_data.resize(p.accBits).asSInt())));
  const rqt = rqTable(m, { multBits: p.multBits, shiftBits: p.shiftBits, channels: d.lanes }, { en: loadSel(LOAD_RQ), addr: io.load_addr, data: io.load_data });

  // ---- controller: an activation every adcShare cycles over (vector, slice) ----
  const seq = sliceSequencer(m, {
    start: io.start, outerName: 'pix', outerBits: d.pixCountBits, tBits: d.tBits, stepBits: d.stepBits, adcShare: p.adcShare, nameRunning: true,
    lastSlice: (t) => t.eq(cfg.slices.subw(1).resize(d.tBits)),
    lastOuter: (pix) => pix.eq(cfg.P.subw(1)),
  });
  const { state, outer: pix, slice: t, act, lastSlice, lastOuter: lastPix, startNow, finished } = seq;
  const nextRead = m.named('next_read', act.and(lastSlice).and(lastPix.not()));
  const inAddr = m.named('in_addr', mux(startNow, m.const(0, UInt(d.pixCountBits)), pix.addw(1)).resize(d.pixAddrBits));
  const inQ = inMem.map((mem, k) => mem.read(inAddr, { en: startNow.or(nextRead), name: `in_q_${k}` }));
  seq.advance();

  // ---- DAC slices, the unit column, the tiles ----
  const shift = m.named('slice_shift', t.mul(p.dacBits));
  const dac = inQ.map((x, k) => m.named(`dac_${k}`, x.shrDyn(shift).slice(p.dacBits - 1, 0)));
  const offset = p.mapping === 'offset';
  const tag = offset ? m.named('tag', t.cat(m.named('unit', tree(dac).resize(d.unitBits)))) : t;
  const tiles = Array.from({ length: p.rowTiles }, (_, b) =>
    Array.from({ length: p.colTiles }, (_, q) => {
      const u = m.instance(`tile_${b}_${q}`, XbarTile, tp);
      const i = b * p.colTiles + q;
      u.prog_en.set(loadSel(LOAD_CELL).and(io.load_bank.eq(i)));
      const rc = io.load_addr.resize(d.rowAddrBits + d.colAddrBits);
      u.prog_row.set(rc.shr(d.colAddrBits).resize(d.rowAddrBits));
      u.prog_col.set(rc.resize(d.colAddrBits));
      u.prog_level.set(io.load_data.resize(p.cellBits));
      if (p.perturbLog2 > 0) (u as unknown as { seed: { set(v: Signal): void } }).seed.set(m.const(tileSeed(p.seed, i), UInt(16)));
      u.act.set(act);
      u.dac.forEach((x, r) => x.set(dac[b * p.rows + r]!));
      u.tag_in.set(i === 0 ? tag : m.const(0, UInt(d.tagBits)));
      return u;
    }),
  );
  const t0 = tiles[0]![0]!;
  const valid = m.named('o_valid', t0.adc_valid);
  const step = m.named('o_step', t0.adc_step);
  const oT = offset ? m.named('o_slice', t0.tag_out.slice(d.tagBits - 1, d.unitBits)) : t0.tag_out;
  const oFirst = m.named('o_first', valid.and(oT.eq(0)).and(step.eq(0)));
  const oEnd = m.named('o_end', valid.and(oT.eq(cfg.slices.subw(1).resize(d.tBits))).and(step.eq(p.adcShare - 1)));
  const oShift = m.named('o_shift', oT.mul(p.dacBits));

  // ---- shift-and-add: per column tile and ADC, the row blocks summed; per lane, its columns of this step ----
  const nA = d.nAdc;
  const rowSum = Array.from({ length: p.colTiles }, (_, q) =>
    Array.from({ length: nA }, (_, a) => m.named(`rsum_${q}_${a}`, tiles.map((row) => row[q]!.adc_out[a]! as Signal).reduce((x, y) => x.add(y)))),
  );
  const geom = { cpw: d.cpw, nc: d.nc, cellBits: p.cellBits, adcShare: p.adcShare };
  const lanes: Signal[] = [];
  for (let q = 0; q < p.colTiles; q++)
    for (let l = 0; l < d.lanesT; l++) {
      const L = q * d.lanesT + l;
      const term = laneStepTerm(m, rowSum[q]!, step, l, geom);
      const acc = m.reg(`lane_${L}`, SInt(d.laneBits));
      const add = m.named(`lane_add_${L}`, term.resize(d.laneBits).shlDyn(oShift));
      when(valid, () => acc.set(mux(oFirst, m.const(0, SInt(d.laneBits)), acc).addw(add)));
      lanes.push(acc);
    }
  let offs: Signal | undefined;
  if (offset) {
    const oU = m.named('o_unit', t0.tag_out.slice(d.unitBits - 1, 0));
    const corr = m.reg('unit_acc', UInt(d.corrBits));
    when(valid.and(step.eq(0)), () => corr.set(mux(oT.eq(0), m.const(0, UInt(d.corrBits)), corr).addw(oU.resize(d.corrBits).shlDyn(oShift))));
    offs = m.named('unit_corr', corr.shl(p.weightBits - 1).toSInt());
  }

  // ---- per vector: correction, bias or partial; the raw sum written two stages later ----
  const outMem = Array.from({ length: d.lanes }, (_, l) => m.mem(`out_${l}`, SInt(p.accBits), p.pixels));
  const opix = m.reg('out_pix', UInt(d.pixAddrBits));
  const oldQ = outMem.map((mem, l) => mem.read(opix, { en: oEnd, name: `old_q_${l}` }));
  when(startNow, () => opix.set(0)).elsewhen(oEnd, () => opix.set(opix.addw(1)));
  const f0 = m.regNext('fin0', oEnd);
  const a0 = m.regNext('post_addr0', opix);
  const lastOut = m.named('last_out', a0.eq(cfg.P.subw(1).resize(d.pixAddrBits)));
  const sum1 = lanes.map((acc, l) => {
    const base = mux(cfg.acc_in, oldQ[l]!, bias[l]!);
    const v = offs ? acc.sub(offs).resize(p.accBits) : acc.resize(p.accBits);
    return m.regNext(`post_sum1_${l}`, v.addw(base));
  });
  const v1 = m.regNext('post_v1', f0);
  const a1 = m.regNext('post_addr1', a0);
  const l1 = m.regNext('post_last1', f0.and(lastOut));
  const sum2 = sum1.map((v, l) => m.regNext(`post_sum2_${l}`, v));
  const v2 = m.regNext('post_v2', v1);
  const a2 = m.regNext('post_addr2', a1);
  const l2 = m.regNext('post_last2', l1);
  outMem.forEach((mem, l) => mem.write(a2, sum2[l]!, v2));
  finished.set(v2.and(l2));
  // ---- event counters (XBAR_COUNTERS; model.ts gives each one's figure per pass), read with rd_ctr = 1 ----
  const perStep = Array.from({ length: p.adcShare }, (_, j) => {
    let n = 0;
    for (let c = 0; c < d.used; c++) if ((c & (p.adcShare - 1)) === j) n++;
    return m.const(n * d.tileCount, UInt(d.evBits));
  });
  const events: Record<(typeof XBAR_COUNTERS)[number], readonly [Signal, number | Signal]> = {
    activations: [act, d.tileCount],
    dacConversions: [act, d.tileCount * p.rows],
    adcConversions: [valid, d.tileCount * nA],
    shiftAdds: [valid, p.adcShare === 1 ? perStep[0]! : select(step, perStep)],
  };
  const ctrs = perfCounters(m, startNow, XBAR_COUNTERS.map((k) => [k, ...events[k]] as const), p.accBits);
  // ---- the one post unit, on the read port: ReLU and rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255) of the last
  // pass with the read lane's table entry, applied to the raw sum as the host reads it (one word per cycle: every lane
  // shares it) ----
  const ent = rqt.read(io.rd_bank, { en: io.rd_en });
  const postRead = (v: Signal): Signal => {
    const relu = m.named('rd_relu', mux(cfg.last.and(cfg.relu).and(v.lt(0)), m.const(0, SInt(p.accBits)), v));
    const scaled = m.named('rd_scaled', relu.mul(ent.mult.toSInt()));
    return m.named('rd_post', mux(cfg.last.and(cfg.rq_en), roundShiftClamp(m, 'rd', scaled, ent.shift, p.accBits), relu));
  };
  hostReadPort(m, io, outMem, ctrs, p.accBits, postRead);

  // ---- status ----
  io.busy.set(state.ne(0));
  const done = m.reg('done_q', Bool);
  when(startNow, () => done.set(0)).elsewhen(finished, () => done.set(1));
  io.done.set(done);
});
