/**
 * The complex multiply-accumulate stage on its own (built-in simulator): random frequency-domain inputs (written through
 * the x port, channel by channel, as the forward phase does) and weights, every bin's Y' equal to the golden model's (the crossbar golden model per bin, then the shift into the IFFT), and
 * `done` exactly when the cycle model says; ideal and ADC-limited (lossy) crossbars, offset and differential mapping.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { simulate } from '../../../sim/simulate.js';
import { FdaCmac } from '../../../generators/fda/cmac.js';
import { DEFAULT_HW, derived, fdaArithOf, type FdaHwParams } from '../../../generators/fda/params.js';
import { binProducts, toIfftInput, xbarLossless, type FreqWeights } from '../../../generators/fda/golden.js';
import { cellImages, corrImages } from '../../../generators/fda/image.js';
import { cmacCycles } from '../../../generators/fda/model.js';
import { Prng } from '../../../workloads/synthetic.js';

function run(hw: FdaHwParams, C: number, M: number, seed: number, yShift: number) {
  const d = derived(hw);
  const rng = new Prng(seed);
  const xmax = 2 ** (hw.fftBits - 1);
  const wmax = 2 ** (hw.weightBits - 1);
  const X = { re: Int32Array.from({ length: C * d.bins }, () => rng.int(-xmax, xmax - 1)), im: Int32Array.from({ length: C * d.bins }, () => rng.int(-xmax, xmax - 1)) };
  const W: FreqWeights = { re: Int32Array.from({ length: M * C * d.bins }, () => rng.int(-wmax, wmax - 1)), im: Int32Array.from({ length: M * C * d.bins }, () => rng.int(-wmax, wmax - 1)), maxAbs: wmax };
  const a = { ...fdaArithOf(hw), yShift };
  const g = binProducts(X, W, C, M, d.bins, a, false);
  return { X, W, g, d, a };
}

describe('fda complex MAC stage on crossbar tiles', () => {
  // the layer's shift into the IFFT is the cfg_yshift input: 8, 13 and 0 (0 saturates most bins)
  const cases: Array<[string, Partial<FdaHwParams>, number]> = [
    ['ideal, offset mapping, yshift 8', { adc: 'ideal' }, 8],
    ['ADC-limited 3 bits, offset mapping, 2 row tiles, yshift 13', { adc: 'limited', adcBits: 3, maxC: 6 }, 13],
    ['ADC-limited 4 bits Δ=2, differential, 2-bit DAC, one ADC per column, yshift 0', { adc: 'limited', adcBits: 4, deltaLog2: 1, mapping: 'differential', dacBits: 2, adcShare: 1, weightBits: 8, cols: 16 }, 0],
  ];
  for (const [name, over, yShift] of cases)
    it(name, async () => {
      const hw: FdaHwParams = { ...DEFAULT_HW, n: 4, maxM: 2, ...over };
      const C = hw.maxC - 1;
      const M = hw.maxM;
      const { X, W, g, d, a } = run(hw, C, M, 7, yShift);
      const compiled = compile(FdaCmac, hw);
      const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, cfg_C: BigInt(C), cfg_yshift: BigInt(yShift) }];
      // channels ≥ C hold a previous run's values (they must drive 0), then this run's C channels
      for (let c = C; c < hw.maxC; c++) for (let b = 0; b < d.bins; b++) cycles.push({ x_we: 1n, x_c: BigInt(c), x_bin: BigInt(b), x_re: 1000n + BigInt(b), x_im: -999n });
      for (let c = 0; c < C; c++)
        for (let b = 0; b < d.bins; b++) cycles.push({ x_we: 1n, x_c: BigInt(c), x_bin: BigInt(b), x_re: BigInt(X.re[c * d.bins + b]!), x_im: BigInt(X.im[c * d.bins + b]!) });
      const startAt = cycles.length;
      cycles.push({ x_we: 0n, start: 1n }, { start: 0n });
      const budget = cmacCycles(hw) + 4;
      for (let i = 0; i < budget; i++) cycles.push({});
      const rd0 = cycles.length;
      for (let b = 0; b < d.bins; b++) cycles.push({ y_rd_en: 1n, y_rd_bin: BigInt(b) });
      cycles.push({ y_rd_en: 0n });
      const sample = ['done', ...Array.from({ length: M }, (_, k) => [`y_re_${k}`, `y_im_${k}`]).flat()];
      const r = await simulate('builtin', {
        design: compiled.optimized,
        verilog: compiled.verilog,
        cycles,
        sample,
        preload: [...cellImages(W, C, M, hw), ...corrImages(W, C, M, hw)],
      });
      const doneAt = r.trace.done!.findIndex((v) => v === 1n);
      expect(doneAt - startAt).toBe(cmacCycles(hw));
      for (let k = 0; k < M; k++)
        for (let b = 0; b < d.bins; b++) {
          expect(Number(r.trace[`y_re_${k}`]![rd0 + 1 + b])).toBe(toIfftInput(g.re[k * d.bins + b]!, a));
          expect(Number(r.trace[`y_im_${k}`]![rd0 + 1 + b])).toBe(toIfftInput(g.im[k * d.bins + b]!, a));
        }
      if (hw.adc === 'limited') {
        expect(xbarLossless(a.xbar)).toBe(false);
        expect(g.events.lossyConversions).toBeGreaterThan(0);
      }
    });
});
