/**
 * The crossbar tile (a reusable module): R × Cols cells of b_c-bit conductance levels held in memories and programmed
 * through the `prog_*` port, the DAC input register, the column sums and the ADCs with their column multiplexing.
 *
 * Cells: memory cell_<r> (Cols words, one read port per ADC) holds row r; ADC a converts the columns
 * a·adcShare .. a·adcShare + adcShare − 1, column a·adcShare + j at step j. A programming write (prog_en, prog_row, prog_col, prog_level) stores
 * the level, or (perturbLog2 > 0) the level moved by the seeded LFSR rule of golden.ts (`seed` is the LFSR state used
 * at cell (0, 0); the state steps once per write).
 *
 * Timing (a = the cycle `act` is 1): the `dac` slice (R values of b_d bits) and `tag_in` are latched; in cycles
 * a+1 .. a+adcShare step j = 0 .. adcShare−1 reads column j of every ADC group; in the next cycle the column sums
 * Σ_r x[r]·g[r][c] are formed and converted; the results are registered, so step j's `adc_out[a]` (column
 * a·adcShare + j), `adc_step` = j and `tag_out` are visible with `adc_valid` in cycle a + 3 + j. `act` may be 1 again
 * in cycle a + adcShare (back to back: a conversion every cycle); an `act` earlier restarts the sequence.
 */
import { defineModule, In, Out, UInt, Bool, Vec, mux, when, type Signal } from '../../dsl/index.js';
import { type XbarTileParams, tileDerived } from './params.js';

/** A balanced adder tree (each level one bit wider). */
export function tree(xs: Signal[]): Signal {
  let level = xs;
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.add(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

export const XbarTile = defineModule(
  'xbar_tile',
  (p: XbarTileParams) => {
    const d = tileDerived(p);
    return {
      prog_en: In(Bool),
      prog_row: In(UInt(d.rowAddrBits)),
      prog_col: In(UInt(d.colAddrBits)),
      prog_level: In(UInt(p.cellBits)),
      ...(p.perturbLog2 > 0 ? { seed: In(UInt(16)) } : {}),
      act: In(Bool),
      dac: Vec(p.rows, In(UInt(p.dacBits))),
      tag_in: In(UInt(p.tagBits)),
      adc_valid: Out(Bool),
      adc_step: Out(UInt(d.stepBits)),
      adc_out: Vec(d.nAdc, Out(UInt(d.adcOutBits))),
      tag_out: Out(UInt(p.tagBits)),
    };
  },
  (m, io, p) => {
    const d = tileDerived(p);
    const sb = d.shareBits;
    // ---- programming (with the optional perturbation of the written level) ----
    let level: Signal = io.prog_level;
    if (p.perturbLog2 > 0) {
      const seedIn = (io as unknown as { seed: Signal }).seed;
      const lfsr = m.reg('lfsr', UInt(16), { init: 0xace1 });
      const first = m.named('prog_first', io.prog_row.eq(0).and(io.prog_col.eq(0)));
      const s = m.named('lfsr_used', mux(first, seedIn, lfsr));
      const fb = s.bit(0).xor(s.bit(2)).xor(s.bit(3)).xor(s.bit(5));
      when(io.prog_en, () => lfsr.set(fb.cat(s.slice(15, 1))));
      const hit = m.named('perturb_hit', s.slice(p.perturbLog2 - 1, 0).eq(0));
      const top = 2 ** p.cellBits - 1;
      const up = mux(io.prog_level.eq(top), io.prog_level, io.prog_level.addw(1));
      const dn = mux(io.prog_level.eq(0), io.prog_level, io.prog_level.subw(1));
      level = m.named('prog_stored', mux(hit, mux(s.bit(15), dn, up), io.prog_level));
    }
    const cells = Array.from({ length: p.rows }, (_, r) => {
      const mem = m.mem(`cell_${r}`, UInt(p.cellBits), p.cols);
      mem.write(io.prog_col.resize(d.colAddrBits), level, io.prog_en.and(io.prog_row.eq(r)));
      return mem;
    });

    // ---- activation: DAC register, column step counter ----
    const slice = io.dac.map((x, r) => m.regNext(`dac_q_${r}`, x, { enable: io.act }));
    const tagQ = m.regNext('tag_q', io.tag_in, { enable: io.act });
    const run = m.reg('run', Bool);
    const j = m.reg('step', UInt(d.stepBits));
    when(io.act, () => {
      run.set(1);
      j.set(0);
    }).elsewhen(run, () => {
      j.set(j.addw(1));
      when(j.eq(p.adcShare - 1), () => run.set(0));
    });

    // ---- read, column sums, ADC ----
    const v1 = m.regNext('v1', run);
    const j1 = m.regNext('step1', j);
    const tag1 = m.regNext('tag1', tagQ);
    const s1 = slice.map((x, r) => m.regNext(`dac1_${r}`, x));
    const adc = Array.from({ length: d.nAdc }, (_, a) => {
      const addr = sb === 0 ? m.const(a, UInt(d.colAddrBits)) : d.nAdc === 1 ? j.resize(d.colAddrBits) : m.const(a, UInt(d.colAddrBits - sb)).cat(j).resize(d.colAddrBits);
      const prods = cells.map((mem, r) => s1[r]!.mul(mem.read(addr, { name: `g_${r}_${a}` })));
      const sum = m.named(`col_${a}`, tree(prods).resize(d.colBits));
      if (p.adc === 'ideal') return sum;
      const k = p.deltaLog2;
      const code = m.named(`code_${a}`, k === 0 ? sum : sum.add(2 ** (k - 1)).shr(k));
      const top = 2 ** p.adcBits - 1;
      const clamped = code.width > p.adcBits ? mux(code.gt(top), m.const(top, UInt(p.adcBits)), code.resize(p.adcBits)) : code.resize(p.adcBits);
      return m.named(`adc_${a}`, k === 0 ? clamped : clamped.shl(k));
    });
    io.adc_valid.set(m.regNext('adc_valid_q', v1));
    io.adc_step.set(m.regNext('adc_step_q', j1));
    io.tag_out.set(m.regNext('tag_out_q', tag1));
    adc.forEach((v, a) => io.adc_out[a]!.set(m.regNext(`adc_out_q_${a}`, v)));
  },
);
