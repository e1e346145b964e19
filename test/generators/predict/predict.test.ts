/**
 * The output-sign-prediction accelerator against the golden model (y, skip mask, executed MACs per output) and the
 * cycle model: random layers (stride 1 and 2, padding, narrow kernels, requantisation) in both modes in the built-in
 * simulator, a tiled layer, real face-net tiles in Icarus and Verilator; fit errors; lint and synthesis.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { PredictAccel } from '../../../generators/predict/accel.js';
import { DEFAULT_HW, type PredictHwParams } from '../../../generators/predict/params.js';
import { verifyPredict, type PredictVerdict } from '../../../generators/predict/verify.js';
import { planPredict } from '../../../generators/predict/driver.js';
import { SVD_COUNTERS } from '../../../generators/predict/model.js';
import { tilePredict } from '../../../generators/predict/tiling.js';
import { preparePredictor } from '../../../generators/predict/prep.js';
import { materializePredictLayer } from '../../../generators/predict/config.js';
import { parseConfig } from '../../../generators/registry.js';
import type { PredLayer } from '../../../generators/predict/golden.js';
import { materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { randomPredLayer } from './helpers.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { distinctScaleTable, channel0Layer, expectTwoScales } from '../common/rq-table.js';
import { Prng } from '../../../workloads/synthetic.js';

const SMALL: PredictHwParams = { ...DEFAULT_HW, PE: 3, maxM: 16, maxCR: 48, ifmapWords: 256, weightWords: 256, outWords: 1024 };
const why = (v: PredictVerdict): string => `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;

/** A prediction unit calibrated on three other seeded inputs of the layer's shape (same weights). */
function withPredictor(l: PredLayer, hw: PredictHwParams, seed: number) {
  if (hw.mode !== 'predict') return null;
  const calib = [1, 2, 3].map((k) => {
    const g = new Prng(seed * 7 + k);
    return { ...l, input: Uint8Array.from({ length: l.input.length }, () => (g.next() < 0.4 ? 0 : g.int(1, 255))) };
  });
  return preparePredictor(l, calib, Math.min(hw.rank, l.shape.M, l.shape.C * l.shape.R * l.shape.S), 0.1);
}

const designs: Record<string, Compiled> = {};
beforeAll(() => {
  for (const mode of ['predict', 'exact'] as const) designs[mode] = compile(PredictAccel, { ...SMALL, mode, rank: 2 });
});

describe('random layers in the built-in simulator', () => {
  for (const mode of ['predict', 'exact'] as const)
    it(`${mode} mode: y, mask and MACs equal the golden model, cycles the cycle model`, async () => {
      const hw = { ...SMALL, mode, rank: 2 };
      let waited = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const l = randomPredLayer(seed);
        const pred = withPredictor(l, hw, seed);
        const p = pred && pred.rank === 2 ? pred : null;
        const v = await verifyPredict(l, p, hw, designs[mode]!, 'builtin');
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
        // every counter was compared (pass); the skip counter equals the skip bits read back, busy spans the run
        expect(Object.keys(v.counters)).toEqual([...SVD_COUNTERS]);
        expect(v.counters.skipped!.rtl).toBe(v.skipped);
        expect(v.counters.busy!.rtl).toBe(v.rtlCycles - 2);
        waited += v.counters.front_wait!.rtl;
        if (p) expect(v.skipped).toBeGreaterThan(0);
        // the gap counters account for every multiplier slot of every cycle (RTL counts alone, gap.ts)
        const macs = Array.from(v.outputs.macs!.rtl).reduce((a, b) => a + Number(b), 0);
        const c = Object.fromEntries(Object.entries(v.counters).map(([k, x]) => [k, x.rtl]));
        const L = hw.PE * hw.npc;
        expect(macs + c.slot_idle! + hw.npc * c.lane_idle! + L * (v.rtlCycles - c.any_run!)).toBe(L * v.rtlCycles);
        expect(c.nonpos_macs!).toBeLessThanOrEqual(macs);
      }
      if (mode === 'exact') expect(waited).toBeGreaterThan(0);
    });
  it('every width of the prediction unit (predSlots 2, and 3 = KS: one kernel row per cycle) equals the models', async () => {
    for (const predSlots of [2, 3]) {
      const hw = { ...SMALL, rank: 2, predSlots };
      const c = compile(PredictAccel, hw);
      for (let seed = 11; seed <= 15; seed++) {
        const l = randomPredLayer(seed);
        const pred = withPredictor(l, hw, seed);
        const v = await verifyPredict(l, pred && pred.rank === 2 ? pred : null, hw, c, 'builtin');
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  });
  it('a layer larger than the memories is tiled (rows and channels) and still matches', async () => {
    const tiny = { ...SMALL, rank: 2, outWords: 96, weightWords: 40 };
    const l = { ...randomPredLayer(3), name: 'big', shape: { C: 3, H: 11, W: 8, M: 7, R: 3, S: 3, stride: 1, pad: 1 } };
    l.input = Uint8Array.from({ length: 3 * 88 }, (_, i) => (i * 7919) % 5 === 0 ? 0 : (i * 31) % 255 + 1);
    l.weights = Int8Array.from({ length: 7 * 27 }, (_, i) => ((i * 53) % 255) - 127);
    l.bias = Int32Array.from({ length: 7 }, (_, i) => i * 3000 - 9000);
    const pred = withPredictor(l, tiny, 3);
    expect(tilePredict(l, pred, tiny).length).toBeGreaterThan(2);
    const v = await verifyPredict(l, pred, tiny, compile(PredictAccel, tiny), 'builtin');
    expect(v.pass, why(v)).toBe(true);
    expect(v.rtlCycles).toBe(v.modelCycles);
  });
});

describe('the per-channel requantisation table', () => {
  it('each channel (dealt round-robin to the PEs) is requantised with its own entry (every channel its own scale), not channel 0\'s, in all three simulators', async () => {
    const base: PredLayer = { ...randomPredLayer(9), shape: { C: 2, H: 5, W: 6, M: 7, R: 3, S: 3, stride: 1, pad: 1 } };
    const g = new Prng(909);
    const raw: PredLayer = { ...base, input: Uint8Array.from({ length: 60 }, () => (g.next() < 0.3 ? 0 : g.int(1, 255))), weights: Int8Array.from({ length: 7 * 18 }, () => g.int(-127, 127)), bias: Int32Array.from({ length: 7 }, () => g.int(-2000, 2000)) };
    const l: PredLayer = { ...raw, rq: distinctScaleTable(raw, SMALL) };
    // predict mode without a predictor: every output is executed, so the golden model is the reference convolution
    await expectTwoScales((sim) => verifyPredict(l, null, { ...SMALL, mode: 'predict', rank: 2 }, designs.predict!, sim), referenceConv(channel0Layer(l)));
  }, 400_000);
});

describe('real face-net layers (tiled) in Icarus and Verilator', () => {
  it('a tile of a stride-1 and a stride-2 layer, in both modes, equals the golden model and the cycle model', async () => {
    const hw0 = { ...DEFAULT_HW, PE: 4, maxM: 32, maxCR: 192, ifmapWords: 1024, weightWords: 2048, outWords: 256 };
    for (const mode of ['predict', 'exact'] as const) {
      const hw = { ...hw0, mode };
      const c = compile(PredictAccel, hw);
      for (const [layer, image] of [['conv64_1/conv1', 2], ['conv64_down/conv1', 4]] as const) {
        const w = materializePredictLayer({ source: 'facenet', layer, image }, hw, 0.02);
        const n = tilePredict(w, w.pred, hw).length;
        expect(n).toBeGreaterThan(2);
        for (const sim of ['verilator', 'icarus'] as const) {
          const v = await verifyPredict(w, w.pred, hw, c, sim, { tileFilter: (i) => i === (sim === 'icarus' ? n - 1 : 1) });
          expect(v.pass, why(v)).toBe(true);
          expect(v.rtlCycles).toBe(v.modelCycles);
        }
      }
    }
  }, 600_000);
});

describe('refusals name the limit and the fix', () => {
  const l = randomPredLayer(4);
  it('kernel wider than KS, exact mode without ReLU, a predictor at the wrong rank, memories too small', () => {
    expect(() => planPredict({ ...l, shape: { ...l.shape, S: 5 } }, SMALL, null)).toThrow(/kernel width 5 exceeds KS = 3 .*; raise KS in the config/);
    expect(() => planPredict({ ...l, relu: false }, { ...SMALL, mode: 'exact' }, null)).toThrow(/exact mode needs a layer with ReLU/);
    const pred = withPredictor(l, { ...SMALL, rank: 1 }, 4)!;
    expect(() => planPredict(l, { ...SMALL, rank: 2 }, pred)).toThrow(/the predictor has rank 1, the hardware 2; prepare it at the hardware rank/);
    expect(() => planPredict(l, { ...SMALL, outWords: 4 }, null)).toThrow(/the output needs \d+ words, the output SRAM has 4; tile the layer or raise outWords/);
  });
  it('a configuration with a bad mode or an oversized kernel is refused at load time', () => {
    expect(() => parseConfig({ name: 'x', generator: 'svd', hw: { mode: 'fast' } }, 'x.json')).toThrow('x.json: hw.mode: got "fast", must be "predict" or "exact"');
    const wide = { name: 'x', generator: 'svd', workload: { layers: [{ source: 'random', name: 'w', C: 2, H: 9, W: 9, M: 4, R: 5, seed: 1 }] } };
    expect(() => parseConfig(wide, 'x.json')).toThrow(/x\.json: workload\.layers\[0\]: layer 'w': kernel width 5 exceeds KS = 3/);
  });
});

describe('Verilog', () => {
  it('passes verilator --lint-only -Wall in both modes and Yosys synth + check without latches or undriven nets', async () => {
    for (const c of Object.values(designs)) expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
    const tiny = compile(PredictAccel, { ...SMALL, PE: 2, rank: 1, maxM: 4, maxCR: 8, ifmapWords: 16, weightWords: 16, outWords: 32 });
    const rep = await yosysCheck(materialize(tiny.verilog), tiny.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 600_000);
});
