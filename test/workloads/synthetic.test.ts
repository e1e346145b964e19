import { describe, expect, it } from 'vitest';
import { nonZeroHistogram } from '../../workloads/facenet/index.ts';
import { histogramOf, Prng, SPARSITY_LEVELS, sparsitySweep, syntheticMap, valueSampler, zeroFraction } from '../../workloads/synthetic.ts';

describe('synthetic sparse maps', () => {
  const shape = { C: 32, H: 35, W: 35 };
  const N = shape.C * shape.H * shape.W;

  it('PRNG is deterministic and uniform enough', () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const xs = Array.from({ length: 10000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('sampler follows the given distribution and never returns 0', () => {
    const dist = new Float64Array(256);
    dist[0] = 1000; // ignored
    dist[3] = 1;
    dist[200] = 3;
    const s = valueSampler(dist);
    const r = new Prng(5);
    let c200 = 0;
    for (let i = 0; i < 40000; i++) {
      const v = s(r.next());
      expect(v === 3 || v === 200).toBe(true);
      if (v === 200) c200++;
    }
    expect(c200 / 40000).toBeCloseTo(0.75, 1);
    expect(() => valueSampler(new Float64Array(256))).toThrow(/no non-zero/);
  });

  it('sweeps 0/50/70/90/95% with a real layer’s non-zero distribution', () => {
    const hist = nonZeroHistogram('conv32_2/conv2');
    const sweep = sparsitySweep(shape, hist, 42);
    expect(sweep.map((s) => s.sparsity)).toEqual([...SPARSITY_LEVELS]);
    const total = hist.reduce((a, b) => a + b, 0);
    let realMean = 0;
    for (let v = 1; v < 256; v++) realMean += (v * hist[v]!) / total;
    const lines: string[] = [];
    let prevZeros: Uint8Array | undefined;
    for (const { sparsity, map } of sweep) {
      const z = zeroFraction(map.data);
      // Binomial: 5 standard deviations
      expect(Math.abs(z - sparsity)).toBeLessThanOrEqual(5 * Math.sqrt((sparsity * (1 - sparsity)) / N) + 1e-12);
      const nz = Array.from(map.data).filter((v) => v !== 0);
      const mean = nz.reduce((a, b) => a + b, 0) / nz.length;
      expect(Math.abs(mean - realMean) / realMean).toBeLessThan(0.1);
      lines.push(`sparsity ${sparsity}: measured ${z.toFixed(4)}, non-zero mean ${mean.toFixed(2)} (real ${realMean.toFixed(2)})`);
      // nested masks: every zero at a lower sparsity stays zero at a higher one (same seed)
      const zeros = map.data.map((v) => (v === 0 ? 1 : 0));
      if (prevZeros) {
        let broken = 0;
        for (let i = 0; i < N; i++) if (prevZeros[i] && !zeros[i]) broken++;
        expect(broken).toBe(0);
      }
      prevZeros = zeros;
    }
    console.log(lines.join('\n'));
  });

  it('deterministic per seed; exact mode places exactly round(s·N) zeros', () => {
    const dist = histogramOf([1, 2, 2, 3, 3, 3, 0, 0]);
    const a = syntheticMap({ ...shape, sparsity: 0.7, distribution: dist, seed: 9 });
    const b = syntheticMap({ ...shape, sparsity: 0.7, distribution: dist, seed: 9 });
    const c = syntheticMap({ ...shape, sparsity: 0.7, distribution: dist, seed: 10 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    for (const s of [0, 0.5, 0.9, 0.95, 1]) {
      const m = syntheticMap({ ...shape, sparsity: s, distribution: dist, seed: 1, mode: 'exact' });
      expect(m.data.filter((v) => v === 0).length).toBe(Math.round(s * N));
      expect(m.data.every((v) => v <= 3)).toBe(true);
    }
    expect(() => syntheticMap({ ...shape, sparsity: 1.5, distribution: dist, seed: 1 })).toThrow(/sparsity/);
  });
});
