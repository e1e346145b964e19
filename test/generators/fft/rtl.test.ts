/**
 * The FFT hardware against the fixed-point golden model and the cycle model in the built-in simulator: FftLine on
 * random lines (both directions mixed, half of them at the corners of the range, where stages saturate); FftNd (1D,
 * 2D, 3D, several n) through its own write/read ports: every element bit for bit, cycles from start to done equal to
 * fftNdCycles. Icarus, Verilator, lint and Yosys run on the family's top (family.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { simulate, type SimName } from '../../../sim/simulate.js';
import { FftLine } from '../../../generators/fft/line.js';
import { FftNd, type FftNdHwParams } from '../../../generators/fft/nd.js';
import { goldenFft1d, goldenFftNd, type ComplexInput } from '../../../generators/fft/golden.js';
import { fftNdCycles, fftLineLatency } from '../../../generators/fft/model.js';
import { Prng } from '../../../workloads/synthetic.js';

function randomData(g: Prng, len: number, w: number): { re: number[]; im: number[] } {
  const hi = 2 ** (w - 1) - 1;
  return { re: Array.from({ length: len }, () => g.int(-hi - 1, hi)), im: Array.from({ length: len }, () => g.int(-hi - 1, hi)) };
}

/** Load, start, wait, read back: the RTL result and the measured cycles from start to done. */
async function runNd(sim: SimName, p: FftNdHwParams, x: ComplexInput, inverse: boolean) {
  const c = compile(FftNd, p);
  const E = p.n ** p.dims;
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
  for (let i = 0; i < E; i++) cycles.push({ wr_en: 1n, wr_addr: BigInt(i), wr_re: BigInt(x.re[i]!), wr_im: BigInt(x.im[i]!) });
  cycles.push({ wr_en: 0n, start: 1n, inverse: inverse ? 1n : 0n });
  const s = cycles.length - 1;
  cycles.push({ start: 0n });
  for (let i = 0; i < fftNdCycles(p) + 4; i++) cycles.push({});
  const r0 = cycles.length;
  for (let i = 0; i < E; i++) cycles.push({ rd_en: 1n, rd_addr: BigInt(i) });
  cycles.push({ rd_en: 0n });
  const r = await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles, sample: ['done', 'rd_re', 'rd_im'] });
  let measured = -1;
  for (let k = s + 1; k < r0; k++)
    if (r.trace.done![k] === 1n) {
      measured = k - s;
      break;
    }
  return { re: r.trace.rd_re!.slice(r0 + 1, r0 + 1 + E).map(Number), im: r.trace.rd_im!.slice(r0 + 1, r0 + 1 + E).map(Number), cycles: measured };
}

describe('FftLine', () => {
  it('equals the golden 1D transform line by line, one line per cycle, latency log2 n (built-in)', async () => {
    for (const p of [{ n: 8, w: 10, t: 9 }, { n: 16, w: 12, t: 6 }, { n: 2, w: 6, t: 12 }]) {
      const c = compile(FftLine, p);
      const g = new Prng(p.n + p.w);
      // half the lines at the corners of the range (±full scale), where intermediate stages saturate
      const hi = 2 ** (p.w - 1) - 1;
      const corner = () => (g.next() < 0.5 ? hi : -hi - 1);
      const lines = Array.from({ length: 24 }, (_, k) => {
        const d = k % 2 ? randomData(g, p.n, p.w) : { re: Array.from({ length: p.n }, corner), im: Array.from({ length: p.n }, corner) };
        return { ...d, inv: g.next() < 0.5 };
      });
      const cycles: Array<Record<string, bigint>> = [{ rst: 1n }];
      for (const l of lines) {
        const row: Record<string, bigint> = { rst: 0n, in_valid: 1n, in_inv: l.inv ? 1n : 0n };
        for (let i = 0; i < p.n; i++) {
          row[`in_re_${i}`] = BigInt(l.re[i]!);
          row[`in_im_${i}`] = BigInt(l.im[i]!);
        }
        cycles.push(row);
      }
      for (let i = 0; i < 6; i++) cycles.push({ in_valid: 0n });
      const sample = ['out_valid', ...Array.from({ length: p.n }, (_, i) => [`out_re_${i}`, `out_im_${i}`]).flat()];
      const r = await simulate('builtin', { design: c.optimized, verilog: c.verilog, cycles, sample });
      const L = fftLineLatency(p.n);
      let saturated = 0;
      lines.forEach((l, k) => {
        const gold = goldenFft1d(l, p, l.inv);
        const at = 1 + k + L;
        expect(r.trace.out_valid![at]).toBe(1n);
        for (let i = 0; i < p.n; i++) {
          expect([r.trace[`out_re_${i}`]![at], r.trace[`out_im_${i}`]![at]]).toEqual([BigInt(gold.re[i]!), BigInt(gold.im[i]!)]);
        }
        // the same line with two more bits of headroom (nothing else differs) shows whether a stage saturated
        const wide = goldenFft1d(l, { ...p, w: p.w + 2 }, l.inv);
        if (wide.re.some((v, i) => v !== gold.re[i]) || wide.im.some((v, i) => v !== gold.im[i])) saturated++;
      });
      expect(r.trace.out_valid![lines.length + L + 1]).toBe(0n);
      expect(saturated).toBeGreaterThan(0); // the corner lines do reach the saturation
    }
  });
});

describe('FftNd', () => {
  it('1D, 2D and 3D transforms equal the golden model, cycles equal the model (built-in)', async () => {
    const cases: Array<[FftNdHwParams, boolean]> = [
      [{ n: 8, dims: 1, w: 10, t: 8 }, false],
      [{ n: 4, dims: 2, w: 10, t: 8 }, true],
      [{ n: 8, dims: 2, w: 16, t: 16 }, false],
      [{ n: 4, dims: 3, w: 12, t: 10 }, false],
      [{ n: 2, dims: 3, w: 8, t: 6 }, true],
    ];
    for (const [p, inv] of cases) {
      const x = randomData(new Prng(p.n * 7 + p.dims), p.n ** p.dims, p.w);
      const gold = goldenFftNd(x, p, inv);
      const r = await runNd('builtin', p, x, inv);
      expect({ re: r.re, im: r.im }).toEqual({ re: Array.from(gold.re), im: Array.from(gold.im) });
      expect(r.cycles).toBe(fftNdCycles(p));
    }
  });
});
