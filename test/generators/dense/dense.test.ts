/**
 * The dense accelerator against the golden convolution (models/conv2d.ts) and its cycle model: random shapes in the
 * built-in simulator (shapes.test.ts has random arrays and the Icarus/Verilator batch), real face-net layers (tiled) in
 * all three simulators, fit errors, lint and synthesis.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { DenseAccel } from '../../../generators/dense/accel.js';
import { DEFAULT_HW, type DenseHwParams } from '../../../generators/dense/params.js';
import { goldenDense } from '../../../generators/dense/golden.js';
import { planLayer, verifyDense, type DenseLayer } from '../../../generators/dense/driver.js';
import { tileLayer, topCut } from '../../../generators/dense/tiling.js';
import { denseCycles } from '../../../generators/dense/model.js';
import { randomRqTable, distinctScaleTable, channel0Layer, expectTwoScales } from '../common/rq-table.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { facenetLayerData } from '../../../generators/common/layers.js';
import { outDims } from '../../../generators/common/shape.js';
import { materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';

const SMALL: DenseHwParams = { ...DEFAULT_HW, rows: 4, cols: 4, ifmapWords: 512, weightWords: 512, outWords: 512, biasWords: 32 };

function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

/** A random layer: odd sizes, stride 1 or 2, padding 0 or 1, C and M not multiples of the array, 30% zeros. */
function randomLayer(seed: number, o: { R?: number } = {}): DenseLayer {
  const r = rng(seed);
  const R = o.R ?? [1, 3, 3, 5][r(0, 3)]!;
  const stride = r(1, 2);
  const pad = r(0, 1);
  const shape = { C: r(1, 5), H: r(R, R + 6), W: r(R, R + 9), M: r(1, 11), R, S: R, stride, pad };
  const K = shape.C * R * R;
  return {
    name: `rand${seed}`,
    shape,
    input: Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (r(0, 9) < 3 ? 0 : r(0, 255))),
    weights: Int8Array.from({ length: shape.M * K }, () => r(-128, 127)),
    bias: Int32Array.from({ length: shape.M }, () => r(-20000, 20000)),
    relu: r(0, 1) === 1,
    ...(r(0, 1) ? { rq: randomRqTable(shape.M, r, [1, 32767], [0, 24]) } : {}),
  };
}

function facenetLayer(name: string): DenseLayer {
  return facenetLayerData(name, 0);
}

function describeFailure(v: Awaited<ReturnType<typeof verifyDense>>): string {
  return `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;
}

let small: Compiled;
let dflt: Compiled;
beforeAll(() => {
  small = compile(DenseAccel, SMALL);
  dflt = compile(DenseAccel, DEFAULT_HW);
});

describe('dense accelerator on random shapes', () => {
  it('matches the golden convolution and the cycle model in the built-in simulator (40 layers)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const l = randomLayer(seed);
      const v = await verifyDense(l, SMALL, small, 'builtin');
      expect(v.pass, describeFailure(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
      expect(v.tiles).toBeGreaterThan(0);
    }
  });

  it('covers stride 2 with padding and a layer that needs tiling', async () => {
    const l = randomLayer(7, { R: 3 });
    const big: DenseLayer = { ...l, name: 'tiled', shape: { ...l.shape, C: 3, H: 23, W: 13, M: 9, stride: 2, pad: 1 } };
    const K = 27;
    big.input = Uint8Array.from({ length: 3 * 23 * 13 }, (_, i) => (i * 37) % 251);
    big.weights = Int8Array.from({ length: 9 * K }, (_, i) => ((i * 11) % 255) - 127);
    big.bias = Int32Array.from({ length: 9 }, (_, i) => i * 1000 - 4000);
    const tiny: DenseHwParams = { ...SMALL, ifmapWords: 64, outWords: 16 };
    expect(tileLayer(big, tiny).length).toBeGreaterThan(1);
    const v = await verifyDense(big, tiny, compile(DenseAccel, tiny), 'builtin');
    expect(v.pass, describeFailure(v)).toBe(true);
    expect(v.rtlCycles).toBe(v.modelCycles);
  });
});

describe('the per-channel requantisation table', () => {
  it('each channel is requantised with its own entry (every channel its own scale), not channel 0\'s, in all three simulators', async () => {
    const base = randomLayer(3, { R: 3 });
    const l: DenseLayer = { ...base, relu: true, shape: { ...base.shape, M: 6 }, weights: Int8Array.from({ length: 6 * base.shape.C * 9 }, (_, i) => ((i * 37) % 255) - 127), bias: new Int32Array(6) };
    const t: DenseLayer = { ...l, rq: distinctScaleTable(l, SMALL) };
    await expectTwoScales((sim) => verifyDense(t, SMALL, small, sim), referenceConv(channel0Layer(t)));
  }, 300_000);
});

describe('dense accelerator on real face-net layers (tiled)', () => {
  const LAYERS = ['conv32_down', 'conv32_1/conv1', 'conv64_1/conv2'];

  it('the whole stem and two 3×3 layers match in the built-in simulator', async () => {
    for (const name of LAYERS) {
      const l = facenetLayer(name);
      const v = await verifyDense(l, DEFAULT_HW, dflt, 'builtin');
      expect(v.pass, describeFailure(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
      expect(goldenDense(l).length).toBe(l.shape.M * denseCycles(l.shape, DEFAULT_HW).OH * denseCycles(l.shape, DEFAULT_HW).OW);
    }
  }, 600_000);

  it('one tile of each matches in Verilator, and a cut of each (real data, tiles wrapping across output rows) in Icarus', async () => {
    for (const name of LAYERS) {
      const l = facenetLayer(name);
      const v = await verifyDense(l, DEFAULT_HW, dflt, 'verilator', { tileFilter: (i, n) => i === n - 1 });
      expect(v.tiles).toBe(1);
      expect(v.pass, describeFailure(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
      // the first 8 channels of the first output rows: at least two rows and three pixel tiles
      const { OH, OW } = outDims(l.shape);
      const cut = topCut(l, DEFAULT_HW.cols, Math.min(OH, Math.max(2, Math.ceil((3 * DEFAULT_HW.rows) / OW))));
      const w = await verifyDense(cut, DEFAULT_HW, dflt, 'icarus');
      expect(w.pass, describeFailure(w)).toBe(true);
      expect(w.rtlCycles).toBe(w.modelCycles);
    }
  }, 600_000);
});

describe('dense accelerator refuses what it cannot do, naming the limit and the fix', () => {
  const l = randomLayer(3);
  it('accumulator too narrow', () => {
    expect(() => planLayer({ ...l, shape: { ...l.shape, C: 64 } }, { ...SMALL, accBits: 16 })).toThrow(
      /layer 'rand3': sums can reach ±\d+, which overflows the 16-bit accumulator; raise accBits to at least \d+/,
    );
  });
  it('stride beyond maxStride', () => {
    expect(() => planLayer({ ...l, shape: { ...l.shape, stride: 3 } }, SMALL)).toThrow("layer 'rand3': stride 3 is not in 1..2; raise maxStride in the config");
  });
  it('a filter larger than the weight SRAM', () => {
    expect(() => tileLayer({ ...l, shape: { ...l.shape, C: 100, R: 3, S: 3 } }, SMALL)).toThrow(/one filter needs 900 weight words per bank, the weight SRAM has 512; raise weightWords/);
  });
});

describe('dense accelerator Verilog', () => {
  it('passes verilator --lint-only -Wall (4×4 and the default 8×8) and Yosys synth + check (4×4)', async () => {
    for (const c of [small, dflt]) {
      const files = materialize(c.verilog);
      expect(await lintVerilator(files, c.verilog.top)).toEqual([]);
    }
    const rep = await yosysCheck(materialize(small.verilog), small.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
    expect(rep.totalCells).toBeGreaterThan(1000);
  }, 600_000);
});
