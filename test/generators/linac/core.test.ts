/**
 * The LINAC core (act_pred; β = [] is the Pragmatic configuration) against the golden linacConv (= conv2d) and its
 * golden cycle model: random layers in the built-in simulator for several β at 8 and 16 bits; tiles of real face-net
 * layers (the stem, a 3×3/1 and a 3×3/2 layer) in all three simulators at 8 and 16 bits; lint and Yosys.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { LinacCore } from '../../../generators/linac/core.js';
import { DEFAULT_LINAC_HW, type LinacHwParams } from '../../../generators/linac/params.js';
import { verifyLinac, planLinac, linacCoreCycles, linacHooks, linacStimulus, CORE_PROLOGUE, type LinacVerdict } from '../../../generators/linac/driver.js';
import { verifyTiles } from '../../../generators/common/verify.js';
import { subLayer, tileLinac } from '../../../generators/linac/tiling.js';
import { actSerialCycles } from '../../../generators/linac/model.js';
import { facenetLinacLayer } from '../../../generators/linac/workload.js';
import { materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { randomLinacLayer, distinctScaleLinacLayer, rng } from './helpers.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { channel0Layer, expectTwoScales } from '../common/rq-table.js';

const SMALL: LinacHwParams = { ...DEFAULT_LINAC_HW, lanes: 4, filters: 2, accBits: 48, ifmapWords: 1024, weightWords: 64, offWords: 64, outWords: 256, biasWords: 8 };

function why(v: LinacVerdict): string {
  return `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;
}

const builds = new Map<string, Compiled>();
function build(hw: LinacHwParams): Compiled {
  const k = JSON.stringify(hw);
  let c = builds.get(k);
  if (!c) builds.set(k, (c = compile(LinacCore, hw)));
  return c;
}

describe('LINAC core on random layers (built-in simulator)', () => {
  it('β = (1), (2,−1), (1,1,−1) and raw (Pragmatic) at 8 bits, (1) and (2,−1) at 16 bits: outputs and cycles exact', async () => {
    const cases: Array<[number[], 8 | 16, number]> = [[[1], 8, 30], [[2, -1], 8, 20], [[1, 1, -1], 8, 10], [[], 8, 20], [[1], 16, 15], [[2, -1], 16, 10]];
    for (const [beta, bits, n] of cases) {
      const hw = { ...SMALL, beta, actBits: bits };
      const c = build(hw);
      for (let seed = 1; seed <= n; seed++) {
        const l = randomLinacLayer(1000 * bits + seed, bits);
        const v = await verifyLinac(l, hw, c, 'builtin');
        expect(v.pass, `β=${JSON.stringify(beta)} ${why(v)}`).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  }, 300_000);
});

/** A tile of a real layer: 8 filters (or F), `rows` output rows from the middle of the image. */
function realTile(name: string, bits: 8 | 16, filters: number, rows = 1) {
  const l = facenetLinacLayer(name, 0, bits);
  const { H, R, stride, pad } = l.shape;
  const OH = Math.floor((H + 2 * pad - R) / stride) + 1;
  const y0 = Math.floor(OH / 2);
  return subLayer(l, 0, filters, y0, Math.min(OH, y0 + rows));
}

describe('LINAC core on real face-net layers (tiles)', () => {
  const hw8 = DEFAULT_LINAC_HW;
  const hw16: LinacHwParams = { ...DEFAULT_LINAC_HW, actBits: 16, filters: 4, accBits: 48 };
  const hw8raw: LinacHwParams = { ...DEFAULT_LINAC_HW, beta: [], filters: 4 };
  const hw8second: LinacHwParams = { ...DEFAULT_LINAC_HW, beta: [2, -1], filters: 4 };
  const LAYERS = ['conv32_down', 'conv32_1/conv1', 'conv64_down/conv1'];
  beforeAll(() => {
    for (const hw of [hw8, hw16, hw8raw, hw8second]) build(hw);
  });

  it('built-in: two output rows of each layer, 8 bits (δ, 2nd order, raw) and 16 bits (δ)', async () => {
    for (const name of LAYERS)
      for (const [hw, bits] of [[hw8, 8], [hw16, 16], [hw8raw, 8], [hw8second, 8]] as const) {
        const t = realTile(name, bits, hw.filters, 2);
        const v = await verifyLinac(t, hw, build(hw), 'builtin');
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
        // the engine model of the speedup table (generators/linac/model.ts) is the core's TERM time, which the RTL meets exactly
        expect(v.termCycles).toBe(actSerialCycles(t, { lanes: hw.lanes, filters: hw.filters, B: hw.B }, hw.beta.length ? hw.beta : null).cycles);
        expect(v.rtlCycles).toBe(v.termCycles + CORE_PROLOGUE + 3);
      }
  }, 300_000);

  it('Icarus and Verilator: one output row of the stem and of a 3×3 layer, 8 bits (δ) and 16 bits (δ)', async () => {
    for (const sim of ['verilator', 'icarus'] as const)
      for (const [hw, bits] of [[hw8, 8], [hw16, 16]] as const)
        for (const name of ['conv32_down', 'conv32_1/conv1']) {
          const v = await verifyLinac(realTile(name, bits, hw.filters), hw, build(hw), sim);
          expect(v.pass, why(v)).toBe(true);
          expect(v.rtlCycles).toBe(v.modelCycles);
        }
  }, 900_000);
});

describe('LINAC tiles sharing one simulation (as in Verilator)', () => {
  // 18 filters × 12 rows on the small core: 2 filter chunks × 4 row chunks, every tile different data
  const r = rng(77);
  const shape = { C: 3, H: 12, W: 10, M: 18, R: 3, S: 3, stride: 1, pad: 1 };
  const l = {
    name: 'batched',
    shape,
    input: Uint16Array.from({ length: 3 * 12 * 10 }, () => (r(0, 3) === 0 ? 0 : r(0, 255))),
    weights: Int16Array.from({ length: 18 * 27 }, () => r(-128, 127)),
    bias: Int32Array.from({ length: 18 }, () => r(-3000, 3000)),
    relu: true,
  };
  const record = (v: LinacVerdict | Awaited<ReturnType<typeof verifyTiles>>) => v.tileRecords.map((t) => ({ i: t.index, cycles: t.rtlCycles, counters: t.counters }));

  it('each later tile, given the words that differ through the load port, verifies exactly as when run alone; without them it fails', async () => {
    const c = build(SMALL);
    expect(tileLinac(l, SMALL).length).toBe(8);
    // the built-in simulator runs one tile per simulation (batchCycles is for Verilator): the reference
    const alone = await verifyLinac(l, SMALL, c, 'builtin');
    expect(alone.pass, why(alone)).toBe(true);
    const shared = await verifyTiles({ ...linacHooks, batchCycles: () => 1e7 }, l, SMALL, c, 'builtin');
    expect(shared.pass).toBe(true);
    expect(shared.rtlCycles).toBe(shared.modelCycles);
    expect(record(shared)).toEqual(record(alone));
    // the same batch without the reload: the later tiles compute on the first tile's memories
    const stale = await verifyTiles({ ...linacHooks, batchCycles: () => 1e7, stimulus: (t, hw, plan) => linacStimulus(t, hw, plan) }, l, SMALL, c, 'builtin');
    expect(stale.pass).toBe(false);
  }, 120_000);
});

describe('LINAC core: fit errors, tiling, lint and synthesis', () => {
  it('refuses what does not fit, naming the limit and the fix; tiles cover the layer', () => {
    const l = facenetLinacLayer('conv32_down', 0, 8);
    expect(() => planLinac(l, DEFAULT_LINAC_HW)).toThrow(/the padded input needs 67500 words, the input SRAM has 8192; tile the layer/);
    expect(() => planLinac(realTile('conv32_1/conv1', 8, 8), { ...DEFAULT_LINAC_HW, accBits: 20 })).toThrow(/overflows the 20-bit accumulator; raise accBits to at least \d+/);
    const tiles = tileLinac(l, DEFAULT_LINAC_HW);
    expect(tiles.length).toBeGreaterThan(1);
    const whole = linacCoreCycles(l, DEFAULT_LINAC_HW).termCycles;
    expect(tiles.reduce((s, t) => s + planLinac(t.layer, DEFAULT_LINAC_HW).termCycles, 0)).toBe(whole);
  });

  it('verilator --lint-only -Wall is clean (default, 16-bit, raw, small); Yosys check of the small core has no latches or problems', async () => {
    for (const hw of [DEFAULT_LINAC_HW, { ...DEFAULT_LINAC_HW, actBits: 16, filters: 4, accBits: 48 }, { ...DEFAULT_LINAC_HW, beta: [], filters: 4 }, SMALL]) {
      const c = build(hw);
      expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
    }
    const c = build(SMALL);
    const rep = await yosysCheck(materialize(c.verilog), c.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 300_000);
});

describe('the per-channel requantisation table', () => {
  it('each filter is requantised with its own entry (every channel its own scale), not channel 0\'s, in all three simulators', async () => {
    const l = distinctScaleLinacLayer(SMALL);
    await expectTwoScales((sim) => verifyLinac(l, SMALL, build(SMALL), sim), referenceConv(channel0Layer(l)));
  }, 300_000);
});
