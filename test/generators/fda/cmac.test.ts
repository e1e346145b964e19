/**
 * The complex multiply-accumulate stage on its own (built-in simulator): random frequency-domain inputs and weights,
 * every bin's Y' equal to the golden model's (the crossbar golden model per bin, then the shift into the IFFT), and
 * `done` exactly when the cycle model says; ideal and ADC-limited (lossy) crossbars, offset and differential mapping.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { simulate } from '../../../sim/simulate.js';
import { FdaCmac } from '../../../generators/fda/cmac.js';
import { DEFAULT_HW, derived, fdaArithOf, type FdaHwParams } from '../../../generators/fda/params.js';
import { binProducts, toIfftInput, xbarLossless, type FreqWeights } from '../../../generators/fda/golden.js';
import { cellImages, corrImages, spectrumImages } from '../../../generators/fda/image.js';
import { cmacCycles } from '../../../generators/fda/model.js';
import { Prng } from '../../../workloads/synthetic.js';

function run(hw: FdaHwParams, C: number, M: number, seed: number) {
  const d = derived(hw);
  const rng = new Prng(seed);
  const xmax = 2 ** (hw.fftBits - 1);
  const wmax = 2 ** (hw.weightBits - 1);
  const X = { re: Int32Array.from({ length: C * d.bins }, () => rng.int(-xmax, xmax - 1)), im: Int32Array.from({ length: C * d.bins }, () => rng.int(-xmax, xmax - 1)) };
  const W: FreqWeights = { re: Int32Array.from({ length: M * C * d.bins }, () => rng.int(-wmax, wmax - 1)), im: Int32Array.from({ length: M * C * d.bins }, () => rng.int(-wmax, wmax - 1)), maxAbs: wmax };
  const a = fdaArithOf(hw);
  const g = binProducts(X, W, C, M, d.bins, a, false);
  return { X, W, g, d, a };
}

describe('fda complex MAC stage on crossbar tiles', () => {
  const cases: Array<[string, Partial<FdaHwParams>]> = [
    ['ideal, offset mapping', { adc: 'ideal' }],
    ['ADC-limited 3 bits, offset mapping, 2 row tiles', { adc: 'limited', adcBits: 3, maxC: 6 }],
    ['ADC-limited 4 bits Δ=2, differential, 2-bit DAC, one ADC per column', { adc: 'limited', adcBits: 4, deltaLog2: 1, mapping: 'differential', dacBits: 2, adcShare: 1, weightBits: 8, cols: 16 }],
  ];
  for (const [name, over] of cases)
    it(name, async () => {
      const hw: FdaHwParams = { ...DEFAULT_HW, n: 4, maxM: 2, yShift: 8, ...over };
      const C = hw.maxC - 1;
      const M = hw.maxM;
      const { X, W, g, d, a } = run(hw, C, M, 7);
      const compiled = compile(FdaCmac, hw);
      const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, cfg_C: BigInt(C) }, { start: 1n }, { start: 0n }];
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
        preload: [...cellImages(W, C, M, hw), ...corrImages(W, C, M, hw), ...spectrumImages(X, C, hw)],
      });
      const doneAt = r.trace.done!.findIndex((v) => v === 1n);
      expect(doneAt - 2).toBe(cmacCycles(hw));
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
