/**
 * The FFT family (`hwgen generate/verify` on fft_accel): configuration errors (one line naming the field and the
 * fix), fit errors, the verify loop in the built-in simulator on a face-net input map and random blocks in both
 * directions, a 2D (n = 8) and a 3D (n = 4) design in Icarus and Verilator (every element, the cycles and both
 * counters against the golden and cycle models), the dump arrays, lint (verilator -Wall) and Yosys.
 */
import { describe, it, expect } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { parseConfig } from '../../../generators/registry.js';
import { materialize, type SimName } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { fftFamily, FftAccel, planFft, loadFftLayer, type FftConfig, type FftLayer } from '../../../generators/fft/index.js';
import type { Verdict } from '../../../generators/common/verdict.js';

function config(hw: Record<string, number>, layers: unknown[]): FftConfig {
  return parseConfig({ name: 'fft_t', generator: 'fft', hw, workload: { layers } }, 'fft_t.json').config as FftConfig;
}

async function verifyAll(c: FftConfig, sims: readonly SimName[]): Promise<Array<{ layer: FftLayer; v: Verdict }>> {
  const { def, params } = fftFamily.build(c);
  const compiled: Compiled = compile(def, params);
  const out: Array<{ layer: FftLayer; v: Verdict }> = [];
  for (const e of fftFamily.workload(c)) {
    const layer = e.load();
    for (const sim of sims) out.push({ layer, v: await fftFamily.verifyLayer(c, layer, compiled, sim, e.maxTiles) });
  }
  return out;
}

const RANDOM = [
  { source: 'random', name: 'fwd', blocks: 2, seed: 5 },
  { source: 'random', name: 'inv', blocks: 2, seed: 6, inverse: true },
];

function expectPass({ v }: { v: Verdict }, blocks: number, elements: number): void {
  expect({ layer: v.layer, sim: v.sim, pass: v.pass, mismatch: v.mismatch }).toEqual({ layer: v.layer, sim: v.sim, pass: true, mismatch: undefined });
  expect(v.fields.re!.compared).toBe(blocks * elements);
  expect(v.fields.im!.compared).toBe(blocks * elements);
  expect(v.rtlCycles).toBe(v.modelCycles);
  expect(Object.keys(v.counters).sort()).toEqual(['busy', 'lines']);
}

describe('fft configurations', () => {
  it('refuse bad hardware and workloads with one line naming the field and the fix', () => {
    const bad = (raw: object) => () => parseConfig({ name: 'x', generator: 'fft', ...raw }, 'x.json');
    expect(bad({ hw: { n: 6 } })).toThrow('x.json: hw.n: got 6, must be a power of two (2, 4, 8, 16, 32, 64)');
    expect(bad({ hw: { n: 64, dims: 3 } })).toThrow('x.json: hw: got {"n":64,"dims":3}, must be n^dims of at most 4096 elements (lower n or dims)');
    expect(bad({ hw: { w: 8 }, workload: { layers: [{ source: 'facenet', layer: 'conv32_1/conv1' }] } })).toThrow(
      "x.json: workload.layers[0]: layer 'conv32_1/conv1': activations up to 255 do not fit the 8-bit data width (SInt(8)); raise hw.w to 9",
    );
    expect(bad({ workload: { layers: [{ source: 'random', name: 'r', blocks: 2, seed: 1, M: 3 }] } })).toThrow(
      'x.json: workload.layers[0].M: unknown field; allowed fields here: source, name, blocks, seed, inverse, maxTiles',
    );
  });

  it('a value wider than the data width is a fit error naming the width to use', () => {
    const c = config({ n: 4, dims: 1, w: 8, t: 8 }, []);
    const l = loadFftLayer({ source: 'random', name: 'r', blocks: 1, seed: 1, inverse: false }, c.hw);
    (l.blocks[0]!.re as Int32Array)[2] = 300;
    expect(() => planFft(l, c.hw)).toThrow("layer 'r': value 300 does not fit the 8-bit data width (SInt(8)); raise hw.w to 10");
  });
});

describe('fft verify', () => {
  it('a face-net input map (real) and random blocks, forward and inverse, equal the golden and cycle models (built-in)', async () => {
    const c = config({ n: 4, dims: 2, w: 10, t: 9 }, [{ source: 'facenet', layer: 'conv32_1/conv1', image: 0, maxTiles: 3 }, ...RANDOM]);
    const runs = await verifyAll(c, ['builtin']);
    expect(runs.map((r) => [r.layer.name, r.v.tiles])).toEqual([['conv32_1/conv1', 3], ['fwd', 2], ['inv', 2]]);
    for (const r of runs) expectPass(r, r.v.tiles, 16);
    // the face-net blocks are real activations: some are non-zero
    expect(runs[0]!.layer.blocks.some((b) => Array.from(b.re).some((v) => v > 0))).toBe(true);
    const dump = fftFamily.dump(c, runs[1]!.layer, undefined, [runs[1]!.v]);
    expect(Object.keys(dump.arrays).sort()).toEqual(['checked_im', 'checked_re', 'golden_im', 'golden_re', 'input_im', 'input_re', 'rtl_builtin_im', 'rtl_builtin_re']);
    expect(dump.arrays.golden_re!.shape).toEqual([2, 4, 4]);
  });

  it('2D (n = 8) and 3D (n = 4) designs in Icarus and Verilator', async () => {
    for (const hw of [{ n: 8, dims: 2, w: 12, t: 10 }, { n: 4, dims: 3, w: 10, t: 8 }]) {
      const runs = await verifyAll(config(hw, RANDOM), ['icarus', 'verilator']);
      expect(runs.map((r) => r.v.sim)).toEqual(['icarus', 'verilator', 'icarus', 'verilator']);
      for (const r of runs) expectPass(r, 2, hw.n ** hw.dims);
    }
  }, 600_000);

  it('fft_accel is lint-clean (verilator -Wall), synthesises without latches or undriven nets (Yosys), same bytes twice', async () => {
    const c = compile(fftFamily.build(config({ n: 4, dims: 3, w: 8, t: 6 }, [])).def, { n: 4, dims: 3, w: 8, t: 6 });
    expect([...compile(FftAccel, { n: 4, dims: 3, w: 8, t: 6 }).verilog.files]).toEqual([...c.verilog.files]);
    const files = materialize(c.verilog);
    expect(await lintVerilator(files, c.verilog.top)).toEqual([]);
    const rep = await yosysCheck(files, c.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 600_000);
});
