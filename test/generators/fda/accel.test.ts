/**
 * The whole frequency-domain accelerator (forward FFT, the complex MAC stage on crossbar tiles, IFFT, post stage)
 * against the golden model bit for bit and the cycle model cycle for cycle, every counter equal to its breakdown:
 * random 2D layers (ADC-limited and lossy, ideal) and a 3D layer with 3×3×3 kernels in the built-in simulator, one run
 * each in Icarus (ideal) and Verilator (ADC-limited), one run programmed through the load port; every layer with a
 * two-scale per-channel requantisation table, and the outputs checked to differ from channel 0's entry applied to all; the design is
 * lint-clean (verilator -Wall).
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { materialize, type SimName } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { FdaAccel } from '../../../generators/fda/accel.js';
import { DEFAULT_HW, fdaArithOf, type FdaHwParams } from '../../../generators/fda/params.js';
import { verifyFda, planFda, memoryImage, fdaStimulus, loadCycles } from '../../../generators/fda/driver.js';
import { tileFda } from '../../../generators/fda/tiling.js';
import { runModel } from '../../../generators/fda/model.js';
import { hostStimulus, decodeHostRun } from '../../../generators/common/stimulus.js';
import { simulate } from '../../../sim/simulate.js';
import { fdaConv, exactSums, type FdaLayer } from '../../../generators/fda/golden.js';
import { Prng } from '../../../workloads/synthetic.js';
import { expectTableUsed, channel0Layer } from '../common/rq-table.js';

function layer(seed: number, C: number, M: number, H: number, W: number, D?: number, stride = 1, k = 3): FdaLayer {
  const rng = new Prng(seed);
  const T = D ? 3 : 1;
  return {
    name: `rand${seed}`,
    shape: { C, H, W, M, R: k, S: k, stride, pad: stride === 1 ? 1 : 0, ...(D ? { D, T, padD: 1 } : {}) },
    input: Uint8Array.from({ length: C * (D ?? 1) * H * W }, () => (rng.next() < 0.3 ? 0 : rng.int(1, 255))),
    weights: Int8Array.from({ length: M * C * k * k * T }, () => rng.int(-128, 127)),
    bias: Int32Array.from({ length: M }, () => rng.int(-5000, 5000)),
    relu: true,
    // a per-channel table of two scales: odd channels 3/4 of the even ones' multiplier
    rq: { mult: Array.from({ length: M }, (_, m) => (m % 2 ? 136 : 181)), shift: new Array<number>(M).fill(16) },
  };
}

const small: FdaHwParams = { ...DEFAULT_HW, n: 4, maxC: 4, maxM: 2, rows: 4, cols: 32, adcShare: 8 };
const LIMITED: FdaHwParams = { ...small, adc: 'limited', adcBits: 3 };
const IDEAL: FdaHwParams = { ...small, adc: 'ideal' };
const lastAndFirst = (i: number, total: number) => i === 0 || i === total - 1;

async function check(hw: FdaHwParams, l: FdaLayer, sim: SimName, filter: (i: number, total: number) => boolean) {
  const v = await verifyFda(l, hw, compile(FdaAccel, hw), sim, { tileFilter: filter });
  expect(v.mismatch).toBeUndefined();
  expect(v.pass).toBe(true);
  expect(v.fields.y!.compared).toBeGreaterThan(0);
  for (const t of v.tileRecords) {
    expect(t.rtlCycles).toBe(t.modelCycles);
    for (const c of Object.values(t.counters)) expect(c.rtl).toBe(c.model);
  }
  return v;
}

describe('fda accelerator RTL', () => {
  it('ADC-limited (lossy) crossbars, output-channel chunks and edge tiles: builtin', async () => {
    const l = layer(21, 3, 3, 5, 6);
    const g = fdaConv(l, fdaArithOf(LIMITED), { exactFast: false });
    expect(g.events.lossyConversions).toBeGreaterThan(0);
    const v = await check(LIMITED, l, 'builtin', (i, total) => i === 0 || i === total - 1 || i === 5);
    expectTableUsed(v.rtl, v.outputs.y?.checked, fdaConv(channel0Layer(l), fdaArithOf(LIMITED)).out);
  });

  it('ideal crossbars: builtin; the pre-requantisation sums stay close to the exact convolution', async () => {
    const l = layer(22, 4, 2, 6, 5);
    await check(IDEAL, l, 'builtin', lastAndFirst);
    const { rq: _rq, ...raw } = l;
    const s = fdaConv({ ...raw, relu: false }, fdaArithOf(IDEAL)).sums;
    const ex = exactSums(l, fdaArithOf(IDEAL));
    let se = 0;
    let sx = 0;
    for (let i = 0; i < ex.length; i++) {
      se += (s[i]! - ex[i]!) ** 2;
      sx += ex[i]! ** 2;
    }
    expect(Math.sqrt(se / sx)).toBeLessThan(0.02);
  });

  it('stride 2 (every second stride-1 output of each run) and input-channel chunks (C = 6 > maxC = 4: two runs per tile, the partial sums carried): builtin', async () => {
    // 2×2 kernels on 4-point transforms: 3×3 stride-1 outputs per run, of which (0, 2) × (0, 2) are kept; 9×8 → 4×4
    const l = layer(26, 6, 3, 9, 8, undefined, 2, 2);
    const v = await check(LIMITED, l, 'builtin', (i, total) => i === 0 || i === total - 1);
    // two runs per tile: the cycles are both runs' (each with its own chunk's channel count); every run pays all 9 outputs
    expect(v.tileRecords[0]!.modelCycles).toBe(runModel(LIMITED, { C: 4, M: 2, V: 9 }).cycles + runModel(LIMITED, { C: 2, M: 2, V: 9 }).cycles);
    expect(v.fields.y!.compared).toBe(2 * 2 * 2 + 1 * 2 * 2);
  });

  it('3D convolution with 3×3×3 kernels (C3D-shaped): builtin', async () => {
    const hw: FdaHwParams = { ...LIMITED, dims: 3, maxC: 3, rows: 3 };
    await check(hw, layer(23, 3, 2, 4, 3, 3), 'builtin', (i) => i === 0);
  });

  it('Icarus (ideal) and Verilator (ADC-limited)', async () => {
    const l = layer(24, 3, 2, 4, 4);
    // each channel requantised with its own entry (every channel its own scale), not channel 0's: the RTL differs from that golden output
    // (tile 2: its channel-1 outputs are not all 0 after ReLU; the 3-bit ADCs of LIMITED saturate this layer's outputs at
    // 255 whatever the scale, so only the ideal run can tell the entries apart)
    const v1 = await check(IDEAL, l, 'icarus', (i) => i === 2);
    expectTableUsed(v1.rtl, v1.outputs.y?.checked, fdaConv(channel0Layer(l), fdaArithOf(IDEAL)).out);
    await check(LIMITED, l, 'verilator', (i) => i === 2);
  }, 900_000);

  it('programmed through the load port (inputs, cells, offset shares, bias, requantisation table) instead of preloaded: builtin', async () => {
    const l = layer(25, 3, 2, 4, 4);
    const t = tileFda(l, LIMITED)[1]!;
    const plan = planFda(t.layer, LIMITED);
    const reads = fdaStimulus(t.layer, LIMITED, plan);
    const load = loadCycles(memoryImage(t.layer, LIMITED), LIMITED);
    const y = reads.fields[0]!;
    const run = hostStimulus({ cfg: plan.cfg, load, cycles: plan.cycles, reads: { y: reads.cycles.slice(reads.readStart, reads.readStart + y.count).map((c) => ({ bank: 0, addr: Number(c.rd_addr) })) } });
    const c = compile(FdaAccel, LIMITED);
    const r = await simulate('builtin', { design: c.optimized, verilog: c.verilog, cycles: run.cycles, sample: ['done', 'rd_data'] });
    const got = decodeHostRun(r.trace, run);
    expect(got.cycles).toBe(plan.cycles);
    const g = fdaConv(t.layer, fdaArithOf(LIMITED)).out;
    const V = plan.vy * plan.vx;
    const want: bigint[] = [];
    for (let m = 0; m < 2; m++) for (let yy = 0; yy < t.layer.tile!.ny; yy++) for (let x = 0; x < t.layer.tile!.nx; x++) want.push(BigInt(g[m * V + yy * plan.vx + x]!));
    expect(got.fields.y).toEqual(want);
    expect(load.length).toBeGreaterThan(1000);
    expect(want.some((v) => v > 0n)).toBe(true);
  });

  it('is lint-clean (verilator -Wall)', async () => {
    const c = compile(FdaAccel, LIMITED);
    expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
  }, 300_000);
});
