/**
 * The crossbar accelerator RTL against the golden crossbar model and the cycle/event model: small tiles in every
 * configuration (ideal and ADC-limited, offset and differential, Δ > 1, multi-bit DACs, one ADC per column, the
 * perturbation through the load port) on random layers that need several tiles and passes, in the built-in simulator;
 * two of them in Icarus and Verilator; the per-channel requantisation table (every channel its own scale; built-in, Icarus, Verilator); the PRIME preset on a real face-net layer tile (built-in); the tile on
 * its own; fit errors; lint and synthesis.
 */
import { describe, it, expect } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { XbarAccel } from '../../../generators/crossbar/accel.js';
import { XbarTile } from '../../../generators/crossbar/tile.js';
import { type XbarHwParams, PRIME_HW, tileParamsOf, arithOf } from '../../../generators/crossbar/params.js';
import { verifyXbar, exactConv, type XbarVerdict } from '../../../generators/crossbar/verify.js';
import { checkLayer, tileXbar, type XbarLayer } from '../../../generators/crossbar/driver.js';
import { adcConvert } from '../../../generators/crossbar/golden.js';
import { xbarConv } from '../../../generators/crossbar/conv.js';
import { facenetLayerData } from '../../../generators/common/layers.js';
import { Prng } from '../../../workloads/synthetic.js';
import { parseConfig } from '../../../generators/registry.js';
import { simulate, materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { mergeVerdicts } from '../../../generators/common/verdict.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { distinctScaleTable, channel0Layer, expectTableUsed } from '../common/rq-table.js';

const BASE: XbarHwParams = {
  rows: 4, cols: 8, cellBits: 2, dacBits: 1, adc: 'ideal', adcBits: 4, deltaLog2: 0, adcShare: 4, perturbLog2: 0,
  inputBits: 8, weightBits: 4, mapping: 'offset', rowTiles: 2, colTiles: 2, pixels: 6, accBits: 32, multBits: 16, shiftBits: 6, seed: 7,
};

/** A random conv layer whose weights fit `wBits`: odd sizes, kernels 1..3, stride 1 or 2, padding 0 or 1. */
function randomLayer(seed: number, wBits: number): XbarLayer {
  const g = new Prng(seed);
  const R = [1, 2, 3][g.int(0, 2)]!;
  const shape = { C: g.int(1, 3), H: g.int(R, R + 3), W: g.int(R, R + 4), M: g.int(1, 7), R, S: R, stride: g.int(1, 2), pad: g.int(0, 1) };
  const hi = 2 ** (wBits - 1) - 1;
  return {
    name: `rand${seed}`,
    shape,
    input: Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (g.next() < 0.3 ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: shape.M * shape.C * R * R }, () => g.int(-hi - 1, hi)),
    bias: Int32Array.from({ length: shape.M }, () => g.int(-2000, 2000)),
    relu: g.int(0, 1) === 1,
    ...(g.int(0, 1) ? { rq: { mult: Array.from({ length: shape.M }, () => g.int(1, 3000)), shift: Array.from({ length: shape.M }, () => g.int(0, 14)) } } : {}),
  };
}

/** A random layer of at least 3 channels (two lanes of a column tile and one of the next) with a table of distinct scales. */
function tableLayer(hw: XbarHwParams): XbarLayer {
  let s = 1;
  while (randomLayer(s, 4).shape.M < 3) s++;
  const l = randomLayer(s, 4);
  return { ...l, relu: true, rq: distinctScaleTable(l, hw) };
}

function why(v: XbarVerdict): string {
  return `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;
}

function expectGood(v: XbarVerdict): void {
  expect(v.pass, why(v)).toBe(true);
  expect(v.rtlCycles).toBe(v.modelCycles);
  expect(v.rtlEvents).toEqual(v.modelEvents);
}

const VARIANTS: Array<[string, Partial<XbarHwParams>]> = [
  ['ideal offset', {}],
  ['limited offset, 3-bit ADC', { adc: 'limited', adcBits: 3 }],
  ['limited differential', { adc: 'limited', mapping: 'differential', adcBits: 3 }],
  ['limited, Δ = 2, 2-bit DAC, one ADC per column', { adc: 'limited', deltaLog2: 1, dacBits: 2, adcShare: 1 }],
  ['ideal, 3-bit cells, 3-bit DAC, 8-bit weights, 1×3 tiles', { cellBits: 3, dacBits: 3, weightBits: 8, rowTiles: 1, colTiles: 3, cols: 16, adcShare: 8 }],
];

describe('crossbar accelerator in the built-in simulator', () => {
  it('matches the golden model, the cycle model and the event counts in every configuration (random layers, tiles and passes)', async () => {
    let lossy = 0;
    for (const [, v] of VARIANTS) {
      const hw = { ...BASE, ...v };
      const c = compile(XbarAccel, hw);
      for (let seed = 1; seed <= 3; seed++) {
        const l = randomLayer(seed * 7 + (hw.weightBits === 8 ? 1 : 0), hw.weightBits);
        const v2 = await verifyXbar(l, hw, c, 'builtin');
        expectGood(v2);
        if (hw.adc === 'ideal') expect(v2.exact).toBe(true);
        else if (Array.from(v2.golden).some((x, i) => x !== exactConv(l)[i])) lossy++;
      }
    }
    // the ADC-limited runs are not all trivially exact
    expect(lossy).toBeGreaterThan(2);
    // and a layer needing several passes and column chunks really was split
    expect(tileXbar(randomLayer(3, 4), BASE).length).toBeGreaterThan(0);
  }, 300_000);

  it('programs the cells through the load port with the seeded perturbation exactly as the golden model', async () => {
    const hw: XbarHwParams = { ...BASE, perturbLog2: 2, adc: 'limited', adcBits: 3 };
    const c = compile(XbarAccel, hw);
    for (const seed of [2, 5]) {
      const l = randomLayer(seed, 4);
      const v = await verifyXbar(l, hw, c, 'builtin', { viaPort: true });
      expectGood(v);
      const unperturbed = xbarConv(l.shape, l.input, l.weights, l.bias, l.relu, l.rq, { ...arithOf(hw), perturbLog2: 0 }, { slices: 8, grid: { rowTiles: 2, colTiles: 2 } });
      expect(Array.from(v.golden)).not.toEqual(Array.from(unperturbed.out));
    }
  }, 120_000);
});

describe('the per-channel requantisation table', () => {
  it('each lane is requantised with its own channel\'s entry (every channel its own scale), not channel 0\'s (built-in simulator)', async () => {
    const c = compile(XbarAccel, BASE);
    const l = tableLayer(BASE);
    const v = await verifyXbar(l, BASE, c, 'builtin');
    expectGood(v);
    expect(v.exact).toBe(true);
    expectTableUsed(v.rtl, v.outputs.y!.checked, referenceConv(channel0Layer(l)));
  }, 120_000);
});

describe('crossbar accelerator in Icarus and Verilator', () => {
  const designs: Array<[string, XbarHwParams]> = [
    ['ideal offset', BASE],
    ['limited differential, Δ = 2, perturbed', { ...BASE, adc: 'limited', mapping: 'differential', adcBits: 3, deltaLog2: 1, perturbLog2: 2, rowTiles: 2, colTiles: 1 }],
  ];
  for (const [name, hw] of designs)
    it(`${name}: bit-exact, cycle-exact and event-exact on random layers`, async () => {
      const c = compile(XbarAccel, hw);
      for (const sim of ['icarus', 'verilator'] as const)
        for (const seed of [11, 12]) expectGood(await verifyXbar(randomLayer(seed, 4), hw, c, sim, { viaPort: hw.perturbLog2 > 0 && seed === 11 }));
      if (hw === BASE)
        for (const sim of ['icarus', 'verilator'] as const) {
          const l = tableLayer(hw);
          const v = await verifyXbar(l, hw, c, sim);
          expectGood(v);
          expectTableUsed(v.rtl, v.outputs.y!.checked, referenceConv(channel0Layer(l)));
        }
    }, 600_000);
});

// (the ISAAC preset runs on every face-net layer in bench/crossbar-verify.ts; here the cheaper PRIME guards the preset path)
describe('the PRIME preset on a real face-net layer (built-in simulator, 2 pixels per pass)', () => {
  const layer = (): XbarLayer => ({ ...facenetLayerData('conv64_1/conv1', 0), actBits: 8 });
  for (const [name, pre] of [['PRIME', PRIME_HW]] as const)
    it(`${name}: the last tile (every pass) matches the golden model and the cycle model`, async () => {
      const hw = { ...pre, pixels: 2 };
      const l = layer();
      const c: Compiled = compile(XbarAccel, hw);
      const n = tileXbar(l, hw).length;
      const v = await verifyXbar(l, hw, c, 'builtin', { tileFilter: (i) => i === n - 1 });
      expectGood(v);
      expect(v.passes).toBeGreaterThan(2);
    }, 300_000);
});

describe('passes through the shared verify loop', () => {
  it('a tile\u2019s passes are runs of one record (cycles and counters summed); two shards merge into the single run', async () => {
    const hw = { ...BASE, rows: 3, pixels: 4 };
    const c = compile(XbarAccel, hw);
    const l = { ...randomLayer(5, 4), shape: { C: 3, H: 5, W: 4, M: 9, R: 3, S: 3, stride: 1, pad: 1 } };
    l.input = Uint8Array.from({ length: 60 }, (_, i) => (i * 37) % 256);
    l.weights = Int8Array.from({ length: 9 * 27 }, (_, i) => ((i * 5) % 15) - 7);
    l.bias = Int32Array.from({ length: 9 }, (_, i) => 100 * i - 400);
    const tiles = tileXbar(l, hw);
    expect(tiles.length).toBeGreaterThan(3);
    expect(tiles[0]!.passes.length).toBeGreaterThan(2);
    const one = await verifyXbar(l, hw, c, 'builtin');
    expectGood(one);
    expect(one.tileRecords.length).toBe(tiles.length);
    expect(one.passes).toBe(tiles.length * tiles[0]!.passes.length);
    const parts = await Promise.all([0, 1].map((k) => verifyXbar(l, hw, c, 'builtin', { shard: { k, n: 2 } })));
    const merged = mergeVerdicts(parts);
    expect(merged.pass).toBe(true);
    for (const k of ['tiles', 'rtlCycles', 'modelCycles', 'macs', 'counters', 'fields'] as const) expect(merged[k]).toEqual(one[k]);
  }, 120_000);
});

describe('the tile on its own', () => {
  it('converts column a·adcShare + j at step j, adc_valid 3 + j cycles after act, back to back', async () => {
    const p = { ...tileParamsOf({ ...BASE, adc: 'limited', adcBits: 3 }, 2), rows: 3, cols: 4, adcShare: 2 };
    const c = compile(XbarTile, p);
    const levels = [
      [3, 1, 0, 2],
      [2, 2, 1, 3],
      [1, 3, 3, 0],
    ];
    const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
    levels.forEach((row, r) => row.forEach((v, col) => cycles.push({ prog_en: 1n, prog_row: BigInt(r), prog_col: BigInt(col), prog_level: BigInt(v) })));
    cycles.push({ prog_en: 0n });
    const a0 = cycles.length;
    const slices = [
      [1, 1, 1],
      [1, 0, 1],
    ];
    cycles.push({ act: 1n, tag_in: 1n, dac_0: 1n, dac_1: 1n, dac_2: 1n });
    cycles.push({ act: 0n });
    cycles.push({ act: 1n, tag_in: 2n, dac_0: 1n, dac_1: 0n, dac_2: 1n });
    cycles.push({ act: 0n });
    for (let i = 0; i < 6; i++) cycles.push({});
    const t = (await simulate('builtin', { design: c.optimized, verilog: c.verilog, cycles, sample: ['adc_valid', 'adc_step', 'adc_out_0', 'adc_out_1', 'tag_out'] })).trace;
    const arith = { adc: 'limited' as const, adcBits: 3, deltaLog2: 0 };
    for (const [n, x] of slices.entries())
      for (let j = 0; j < 2; j++) {
        const at = a0 + 2 * n + 3 + j;
        expect(t.adc_valid![at]).toBe(1n);
        expect(t.adc_step![at]).toBe(BigInt(j));
        expect(t.tag_out![at]).toBe(BigInt(n + 1));
        for (let a = 0; a < 2; a++) {
          const col = a * 2 + j;
          const v = x.reduce((s, xi, r) => s + xi * levels[r]![col]!, 0);
          expect(t[`adc_out_${a}`]![at]).toBe(BigInt(adcConvert(v, arith)));
        }
      }
    expect(t.adc_valid![a0 + 2]).toBe(0n);
    expect(t.adc_valid![a0 + 7]).toBe(0n);
  });
});

describe('crossbar accelerator refuses what it cannot do, naming the limit and the fix', () => {
  const l = randomLayer(4, 4);
  it('weights wider than the cells hold, activations wider than the inputs, sums wider than the partials', () => {
    expect(() => checkLayer({ ...l, weights: Int16Array.from(l.weights, (w, i) => (i === 0 ? 300 : w)) }, BASE)).toThrow(/weight 300 does not fit 4 bits; raise weightBits/);
    expect(() => checkLayer({ ...l, actBits: 12 }, BASE)).toThrow(/12-bit activations exceed the 8-bit inputs; raise inputBits/);
    expect(() => checkLayer(l, { ...BASE, accBits: 12 })).toThrow(/raise accBits/);
  });
  it('an ADC share that is not a power of two or does not divide the columns; a weight wider than a tile', () => {
    expect(() => checkLayer(l, { ...BASE, adcShare: 3 })).toThrow(/adcShare = 3 is not a power of two/);
    expect(() => checkLayer(l, { ...BASE, adcShare: 16 })).toThrow(/adcShare = 16 does not divide cols = 8/);
    expect(() => checkLayer(l, { ...BASE, weightBits: 16, mapping: 'differential' })).toThrow(/needs 16 columns .* more than cols = 8; raise cols or cellBits/);
  });
});

describe('crossbar configuration files', () => {
  it('load with a preset and overrides; a bad field is one line naming the file, the field and the fix', () => {
    const ok = parseConfig({ name: 'x', generator: 'crossbar', preset: 'prime', hw: { adcBits: 8 } }, 'x.json');
    expect(ok.family.build(ok.config).params).toEqual({ ...PRIME_HW, adcBits: 8 });
    expect(() => parseConfig({ name: 'x', generator: 'crossbar', preset: 'isaac', hw: { adcShare: 96 } }, 'x.json')).toThrow(
      'x.json: hw: adcShare = 96 is not a power of two; use 1, 2, 4, ... up to cols',
    );
    expect(() => parseConfig({ name: 'x', generator: 'crossbar', preset: 'isaac', hw: { adc: 'exact' } }, 'x.json')).toThrow(/x\.json: hw\.adc: got "exact", must be "ideal" or "limited"/);
    expect(() => parseConfig({ name: 'x', generator: 'crossbar', preset: 'newton' }, 'x.json')).toThrow(/x\.json: preset: got "newton", must be "isaac" or "prime"/);
  });

  it('quant: face-net layers per channel by default, "layer" gives every channel one entry, a bad value is one line', () => {
    const entry = { source: 'facenet', layer: 'conv32_1/conv1', image: 0 };
    const ok = parseConfig({ name: 'x', generator: 'crossbar', preset: 'isaac', workload: { layers: [entry, { ...entry, quant: 'layer' }] } }, 'x.json');
    const [ch, ly] = ok.family.workload(ok.config).map((e) => e.load() as XbarLayer);
    expect(new Set(Array.from(ch!.rq!.mult)).size).toBeGreaterThan(1);
    expect(new Set(Array.from(ly!.rq!.mult)).size).toBe(1);
    expect(new Set(Array.from(ly!.rq!.shift)).size).toBe(1);
    expect(() => parseConfig({ name: 'x', generator: 'crossbar', preset: 'isaac', workload: { layers: [{ ...entry, quant: 'tensor' }] } }, 'x.json')).toThrow(
      /^x\.json: workload\.layers\[0\]\.quant: got "tensor", must be "channel" \(one scale per output channel\) or "layer" \(one per layer\)$/,
    );
  });
});

describe('crossbar Verilog', () => {
  it('passes verilator --lint-only -Wall and Yosys synth + check without latches or undriven nets', async () => {
    const variants = [BASE, { ...BASE, adc: 'limited' as const, mapping: 'differential' as const, deltaLog2: 1, perturbLog2: 2, adcShare: 1 }];
    for (const hw of variants) {
      const c = compile(XbarAccel, hw);
      expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
    }
    const c = compile(XbarAccel, { ...variants[1]!, rowTiles: 1, colTiles: 2 });
    const rep = await yosysCheck(materialize(c.verilog), c.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 600_000);
});
