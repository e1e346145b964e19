/**
 * The ZAS accelerator against the reference convolution (models/conv2d.ts) and its cycle model: random shapes and
 * synthetic maps at every sweep sparsity in the built-in simulator, Icarus and Verilator; real face-net layers
 * (tiled); the RTL encoder against zasEncode; fit errors; lint and synthesis.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { ZasAccel } from '../../../generators/zas/accel.js';
import { ZasEncoder } from '../../../generators/zas/encoder.js';
import { DEFAULT_HW, derived, type ZasHwParams } from '../../../generators/zas/params.js';
import { planZas, verifyZas, type ZasLayer } from '../../../generators/zas/driver.js';
import type { Verdict as ZasVerdict } from '../../../generators/common/verdict.js';
import { tileZas } from '../../../generators/zas/tiling.js';
import { zasEncode } from '../../../generators/zas/golden.js';
import { nonZeroHistogram } from '../../../workloads/facenet/index.js';
import { uniformRq } from '../../../generators/common/rq.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { randomRqTable, distinctScaleTable, channel0Layer, expectTwoScales } from '../common/rq-table.js';
import { facenetLayerData } from '../../../generators/common/layers.js';
import { syntheticMap, SPARSITY_LEVELS, Prng } from '../../../workloads/synthetic.js';
import { simulate, materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { parallel } from '../../../sim/exec.js';

const SMALL: ZasHwParams = { ...DEFAULT_HW, P: 4, nzWords: 512, rowWords: 128, partialWords: 32, weightWords: 64, biasWords: 8, outWords: 512 };

/** A random layer: odd sizes, kernels 1..3, stride 1 or 2, padding 0 or 1, M not a multiple of P, random sparsity. */
function randomLayer(seed: number, sparsity?: number): ZasLayer {
  const g = new Prng(seed);
  const R = [1, 2, 3, 3][g.int(0, 3)]!;
  const S = g.int(0, 3) === 0 ? g.int(1, 3) : R;
  const shape = { C: g.int(1, 4), H: g.int(R, R + 6), W: g.int(S, S + 9), M: g.int(1, 10), R, S, stride: g.int(1, 2), pad: g.int(0, 1) };
  const sp = sparsity ?? g.next();
  return {
    name: `rand${seed}`,
    shape,
    input: Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (g.next() < sp ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: shape.M * shape.C * R * S }, () => g.int(-128, 127)),
    bias: Int32Array.from({ length: shape.M }, () => g.int(-20000, 20000)),
    relu: g.int(0, 1) === 1,
    ...(g.int(0, 1) ? { rq: randomRqTable(shape.M, (lo, hi) => g.int(lo, hi), [1, 32767], [0, 24]) } : {}),
  };
}

/** A layer whose kernel exceeds the 3×3 PE (folded over passes) or whose stride is 3 or 4; odd sizes, padding 0..3. */
function foldedLayer(seed: number): ZasLayer {
  const g = new Prng(seed);
  const R = [2, 4, 5, 7, 11][g.int(0, 4)]!;
  const S = g.int(0, 3) === 0 ? g.int(1, 7) : R;
  const stride = g.int(1, 4);
  const shape = { C: g.int(1, 3), H: g.int(R, R + 8), W: g.int(S, S + 9), M: g.int(1, 10), R, S, stride, pad: g.int(0, 3) };
  const sp = g.next();
  return {
    name: `fold${seed}`,
    shape,
    input: Uint8Array.from({ length: shape.C * shape.H * shape.W }, () => (g.next() < sp ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: shape.M * shape.C * R * S }, () => g.int(-128, 127)),
    bias: Int32Array.from({ length: shape.M }, () => g.int(-20000, 20000)),
    relu: g.int(0, 1) === 1,
  };
}

/** An 11×11/4 layer of AlexNet conv1's kind (pad 2) on a cropped 3×23×23 map. */
function alexTile(seed: number): ZasLayer {
  const g = new Prng(seed);
  const shape = { C: 3, H: 23, W: 23, M: 6, R: 11, S: 11, stride: 4, pad: 2 };
  return {
    name: 'alex11x11s4',
    shape,
    input: Uint8Array.from({ length: 3 * 23 * 23 }, () => (g.next() < 0.5 ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: 6 * 3 * 121 }, () => g.int(-128, 127)),
    bias: Int32Array.from({ length: 6 }, () => g.int(-20000, 20000)),
    relu: true,
    rq: uniformRq(3000, 16, 6),
  };
}

/** A layer on a synthetic map with a real layer's non-zero distribution. */
function syntheticLayer(sparsity: number, seed: number, dist: Float64Array): ZasLayer {
  const shape = { C: 3, H: 9, W: 10, M: 6, R: 3, S: 3, stride: 1, pad: 1 };
  const g = new Prng(seed);
  const map = syntheticMap({ C: 3, H: 9, W: 10, sparsity, distribution: dist, seed });
  return {
    name: `synthetic${Math.round(sparsity * 100)}`,
    shape,
    input: map.data,
    weights: Int8Array.from({ length: 6 * 27 }, () => g.int(-128, 127)),
    bias: Int32Array.from({ length: 6 }, () => g.int(-5000, 5000)),
    relu: true,
    rq: uniformRq(5000, 16, 6),
  };
}

function facenetLayer(name: string): ZasLayer {
  return facenetLayerData(name, 0);
}

function why(v: ZasVerdict): string {
  return `${v.layer} in ${v.sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;
}

let small: Compiled;
let dist: Float64Array;
beforeAll(() => {
  small = compile(ZasAccel, SMALL);
  dist = nonZeroHistogram('conv64_1/conv1');
});

describe('ZAS accelerator on random shapes', () => {
  it('matches the reference and the cycle model in the built-in simulator (60 layers, encoder and preload)', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const v = await verifyZas(randomLayer(seed), SMALL, small, 'builtin', { via: seed % 3 === 0 ? 'preload' : 'encoder' });
      expect(v.pass, why(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
    }
  }, 300_000);

  it('folds kernels larger than the PE over passes, at strides 1 to 4, and matches (50 layers, built-in)', async () => {
    const hw: ZasHwParams = { ...SMALL, nzWords: 1024, rowWords: 256, partialWords: 64, weightWords: 1024 };
    const c = compile(ZasAccel, hw);
    let folded = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const l = foldedLayer(seed);
      const v = await verifyZas(l, hw, c, 'builtin', { via: seed % 3 === 0 ? 'preload' : 'encoder' });
      expect(v.pass, why(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
      if (planZas(tileZas(l, hw)[0]!.layer, hw).model.F > 1) folded++;
    }
    expect(folded).toBeGreaterThan(20);
  }, 300_000);

  it('skips empty rows exactly as the cycle model says, for row lookaheads 1, 2 and 8 (very sparse maps, H = 1 included)', async () => {
    for (const rowLook of [1, 2, 8]) {
      const hw = { ...SMALL, rowLook, rowWords: 256 };
      const c = compile(ZasAccel, hw);
      for (let seed = 300; seed < 312; seed++) {
        const l = randomLayer(seed, 0.8 + 0.02 * (seed % 10));
        const layer = seed % 4 === 0 ? { ...l, shape: { ...l.shape, H: 1, R: 1, pad: 0 }, input: Uint8Array.from({ length: l.shape.C * l.shape.W }, (_, i) => (i % 3 === 0 ? 0 : l.input[i]!)), weights: Int8Array.from({ length: l.shape.M * l.shape.C * l.shape.S }, (_, i) => (i % 200) - 100) } : l;
        const v = await verifyZas(layer, hw, c, 'builtin', { via: seed % 2 ? 'preload' : 'encoder' });
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  }, 120_000);

  it('tiles a layer that does not fit (row and channel chunks) and still matches', async () => {
    const l = randomLayer(5);
    const big: ZasLayer = { ...l, name: 'tiled', shape: { C: 3, H: 23, W: 13, M: 11, R: 3, S: 3, stride: 1, pad: 1 } };
    const g = new Prng(3);
    big.input = Uint8Array.from({ length: 3 * 23 * 13 }, () => (g.next() < 0.6 ? 0 : g.int(1, 255)));
    big.weights = Int8Array.from({ length: 11 * 27 }, () => g.int(-128, 127));
    big.bias = Int32Array.from({ length: 11 }, (_, i) => i * 1000 - 4000);
    const tiny: ZasHwParams = { ...SMALL, partialWords: 8, outWords: 160 };
    expect(tileZas(big, tiny).length).toBeGreaterThan(2);
    const v = await verifyZas(big, tiny, compile(ZasAccel, tiny), 'builtin');
    expect(v.pass, why(v)).toBe(true);
    expect(v.rtlCycles).toBe(v.modelCycles);
    const s2: ZasLayer = { ...big, name: 'tiled_s2', shape: { ...big.shape, stride: 2 } };
    const v2 = await verifyZas(s2, tiny, compile(ZasAccel, tiny), 'builtin');
    expect(v2.pass, why(v2)).toBe(true);
    expect(v2.rtlCycles).toBe(v2.modelCycles);
  }, 120_000);

  it('matches at every sweep sparsity (0/50/70/90/95%) in the built-in simulator, Icarus and Verilator', async () => {
    const layers = SPARSITY_LEVELS.map((sp, i) => syntheticLayer(sp, 40 + i, dist));
    const extra = [randomLayer(201), randomLayer(202), alexTile(7), foldedLayer(2), foldedLayer(10)];
    for (const sim of ['builtin', 'verilator', 'icarus'] as const) {
      const verdicts = await parallel([...layers, ...extra].map((l) => () => verifyZas(l, SMALL, small, sim)), 2);
      for (const v of verdicts) {
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  }, 600_000);
});

describe('the per-channel requantisation table', () => {
  it('each channel (PE p, channel tile mt) is requantised with its own entry (every channel its own scale), not channel 0\'s, in all three simulators', async () => {
    const g = new Prng(77);
    const shape = { C: 2, H: 6, W: 7, M: 9, R: 3, S: 3, stride: 1, pad: 1 };
    const base: ZasLayer = {
      name: 'distinct_scales', shape, relu: true,
      input: Uint8Array.from({ length: 2 * 6 * 7 }, () => (g.next() < 0.3 ? 0 : g.int(1, 255))),
      weights: Int8Array.from({ length: 9 * 2 * 9 }, () => g.int(-128, 127)),
      bias: Int32Array.from({ length: 9 }, () => g.int(-2000, 2000)),
    };
    const l: ZasLayer = { ...base, rq: distinctScaleTable(base, SMALL) };
    await expectTwoScales((sim) => verifyZas(l, SMALL, small, sim), referenceConv(channel0Layer(l)));
  }, 300_000);
});

describe('ZAS accelerator on real face-net layers (tiled)', () => {
  const HW: ZasHwParams = { ...DEFAULT_HW, nzWords: 4096, rowWords: 512, partialWords: 64, weightWords: 512, biasWords: 16, outWords: 2048 };
  let c: Compiled;
  beforeAll(() => {
    c = compile(ZasAccel, HW);
  });
  it('sampled tiles of a 3×3 stride-1 and a stride-2 layer match in the built-in simulator, Verilator and Icarus', async () => {
    for (const name of ['conv32_1/conv1', 'conv64_down/conv1']) {
      const l = facenetLayer(name);
      const n = tileZas(l, HW).length;
      expect(n).toBeGreaterThan(1);
      for (const sim of ['builtin', 'verilator', 'icarus'] as const) {
        const v = await verifyZas(l, HW, c, sim, { tileFilter: (i) => i === (sim === 'builtin' ? 0 : n - 1) || (sim === 'builtin' && i === 1) });
        expect(v.pass, why(v)).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  }, 900_000);

  it('a tile of the 7×7/2 stem, folded over 4 passes of the 3×3 taps, matches in the built-in simulator, Verilator and Icarus', async () => {
    const l = facenetLayer('conv32_down');
    const n = tileZas(l, HW).length;
    expect(planZas(tileZas(l, HW)[n - 1]!.layer, HW).model.F).toBe(4);
    const verdicts = await parallel((['builtin', 'verilator', 'icarus'] as const).map((sim) => () => verifyZas(l, HW, c, sim, { tileFilter: (i) => i === n - 1 })), 2);
    for (const v of verdicts) {
      expect(v.pass, why(v)).toBe(true);
      expect(v.rtlCycles).toBe(v.modelCycles);
    }
  }, 600_000);
});

describe('the RTL encoder', () => {
  it('writes the same words and row-end table as zasEncode', async () => {
    const p = { actBits: 8, maxW: 16, nzWords: 1024, rowWords: 64, dimBits: 8 };
    const ce = compile(ZasEncoder, p);
    const d = derived({ ...SMALL, ...p });
    for (const sp of [0, 0.5, 0.95]) {
      const map = syntheticMap({ C: 3, H: 5, W: 11, sparsity: sp, distribution: dist, seed: 9 });
      const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, W: 11n }];
      map.data.forEach((v, i) => cycles.push({ en: 1n, first: i === 0 ? 1n : 0n, value: BigInt(v) }));
      cycles.push({ en: 0n });
      const sample = ['nz_we', 'nz_addr', 'nz_data', 're_we', 're_addr', 're_data'];
      for (const sim of ['builtin', 'icarus'] as const) {
        const t = (await simulate(sim, { design: ce.optimized, verilog: ce.verilog, cycles, sample })).trace;
        const words: number[] = [];
        const ends: number[] = [];
        for (let i = 0; i < cycles.length; i++) {
          if (t.nz_we![i] === 1n) words[Number(t.nz_addr![i])] = Number(t.nz_data![i]);
          if (t.re_we![i] === 1n) ends[Number(t.re_addr![i])] = Number(t.re_data![i]);
        }
        const e = zasEncode(3, 5, 11, map.data, { xBits: d.xBits, ptrBits: d.ptrBits });
        expect(words).toEqual(Array.from(e.words));
        expect(ends).toEqual(Array.from(e.rowEnd));
      }
    }
  }, 120_000);
});

describe('ZAS accelerator refuses what it cannot do, naming the limit and the fix', () => {
  const l = randomLayer(3);
  it('accumulator too narrow', () => {
    expect(() => planZas({ ...l, shape: { ...l.shape, C: 64 } , input: new Uint8Array(64 * l.shape.H * l.shape.W)}, { ...SMALL, accBits: 16, rowWords: 4096, weightWords: 4096 })).toThrow(
      /sums can reach ±\d+, which overflows the 16-bit accumulator; raise accBits to at least \d+/,
    );
  });
  it('stride 5 and a kernel past the 4-bit kernel fields', () => {
    expect(() => planZas({ ...l, shape: { ...l.shape, stride: 5 } }, SMALL)).toThrow("layer 'rand3': stride 5 is not 1 to 4; the scatter front end supports strides 1 to 4");
    expect(() => planZas({ ...l, shape: { ...l.shape, R: 16, S: 16 } }, SMALL)).toThrow(/kernel 16×16 exceeds 15×15 \(the 4-bit kernel fields\); split the kernel/);
  });
  it('too many non-zeros for the non-zero memory', () => {
    const dense: ZasLayer = { ...l, input: new Uint8Array(l.input.length).fill(1) };
    expect(() => planZas(dense, { ...SMALL, nzWords: 4 })).toThrow(/non-zero activations exceed the 4-word non-zero memory; tile the layer or raise nzWords/);
  });
});

describe('ZAS accelerator Verilog', () => {
  it('passes verilator --lint-only -Wall (small and default) and Yosys synth + check without latches (2 PEs)', async () => {
    for (const c of [small, compile(ZasAccel, DEFAULT_HW)]) expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
    const two = compile(ZasAccel, { ...SMALL, P: 2 });
    const rep = await yosysCheck(materialize(two.verilog), two.verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
    expect(rep.totalCells).toBeGreaterThan(1000);
  }, 600_000);
});
