/**
 * The PPA bench's breakdown plots: energy per MAC by component and logic area by module, from bench-out/ppa.json's
 * shape (the fixture), their values recomputed here from the JSON.
 */
import { describe, expect, it } from 'vitest';
import { areaByModule, componentClass, energyByComponent, energyOverDense } from '../../report/ppa-plots.js';
import { renderSvg, splitTitle } from '../../report/plot.js';
import { mergeEqualSeries } from '../../report/family-plots.js';
import { tablePlot } from '../../report/figures.js';
import { tablesOf } from '../../report/tables.js';
import { FIXTURE } from './fixture.js';

interface Part { design: string; part: string; value: number }
const values = (spec: unknown) => (spec as { data: { values: Part[] } }).data.values;
const ppa = FIXTURE.ppa as unknown as Record<string, unknown>;

describe('ppa breakdown plots', () => {
  it('energy per MAC by component: each design\'s component energies over its layers\' MACs', async () => {
    const p = energyByComponent(ppa)!;
    for (const design of ['dense_8x8', 'zas_8pe']) {
      const rows = ppa[design] as Array<{ macs: number; byComponent: Record<string, number> }>;
      const macs = rows.reduce((s, r) => s + r.macs, 0);
      const got = values(p.spec).filter((v) => v.design === design);
      const cls = (c: string) => ({ mult8: 'multiply', mult16: 'multiply', add32: 'add / shift-add', sram_8KB: 'SRAM 8-64 KB', sram_4KB: 'SRAM ≤ 4 KB' })[c]!;
      expect(got.map((v) => v.part).sort()).toEqual(Object.keys(rows[0]!.byComponent).map(cls).sort());
      for (const v of got) expect(v.value).toBeCloseTo(rows.reduce((s, r) => s + Object.entries(r.byComponent).filter(([c]) => cls(c) === v.part).reduce((t, [, e]) => t + e, 0), 0) / macs, 9);
    }
    expect(p.title).toMatch(/same per-operation energy table/);
    const svg = await renderSvg(p.spec);
    expect(svg).toContain('energy per MAC (pJ/MAC');
    expect(svg).toContain('SRAM ≤ 4 KB');
  });

  it('classes the energy table\'s components', () => {
    expect(['sram_64B', 'sram_4KB', 'sram_8KB', 'sram_64KB', 'sram_128KB', 'sram_1MB', 'isaac_adc', 'isaac_dac', 'mult24x16', 'isaac_shift_add', 'add8'].map(componentClass)).toEqual([
      'SRAM ≤ 4 KB', 'SRAM ≤ 4 KB', 'SRAM 8-64 KB', 'SRAM 8-64 KB', 'SRAM ≥ 128 KB', 'SRAM ≥ 128 KB', 'ADC', 'DAC', 'multiply', 'add / shift-add', 'add / shift-add',
    ]);
  });

  it('area by module: own area × instances per module, summing to the logic area', async () => {
    const p = areaByModule(ppa)!;
    const a = (ppa.area as Record<string, { logicAreaUm2: number; modules: Array<{ name: string }> }>).dense_8x8;
    const got = values(p.spec);
    expect(got.map((v) => v.part)).toEqual(['dense_pe', 'dense_ctrl', 'dense_top']);
    expect(got.reduce((s, v) => s + v.value, 0) * 1e6).toBeCloseTo(a.logicAreaUm2, 3);
    expect(p.title).toMatch(/abc fast/);
    expect(await renderSvg(p.spec)).toContain('logic area (mm²)');
  });

  it('energy over dense: one dot per design and layer, each its energy over the dense energy of that row', () => {
    const p = energyOverDense(ppa)!;
    const dots = (p.spec as unknown as { layer: Array<{ data: { values: Array<{ row: string; ratio: number }> } }> }).layer[2]!.data.values;
    const want = ['dense_8x8', 'zas_8pe'].flatMap((d) => (ppa[d] as Array<{ layer: string; energyPj: number; denseEnergyPj: number }>).map((r) => ({ row: `${d} · ${r.layer}`, ratio: r.energyPj / r.denseEnergyPj })));
    expect(dots.map((v) => ({ row: v.row, ratio: v.ratio }))).toEqual(want);
  });

  it('area by module: no two named modules share a colour of the 20-colour scheme, and every design still sums to its area', () => {
    // 6 designs of 6 modules each, 36 names in all: at most 19 are named, the rest of each design is its "other"
    const area: Record<string, { logicAreaUm2: number; modules: Array<{ name: string; ownArea: number; instances: number }> }> = {};
    for (let d = 0; d < 6; d++) {
      const modules = [0, 1, 2, 3, 4, 5].map((m) => ({ name: `d${d}_m${m}`, ownArea: 1000 * (6 - m) + d, instances: 1 + (m % 2) }));
      area[`design${d}`] = { logicAreaUm2: modules.reduce((s, m) => s + m.ownArea * m.instances, 0), modules };
    }
    const got = values(areaByModule({ area })!.spec);
    const named = new Set(got.map((v) => v.part).filter((p) => p !== 'other'));
    expect(named.size).toBeLessThanOrEqual(19);
    for (const [design, a] of Object.entries(area)) {
      const mine = got.filter((v) => v.design === design);
      expect(mine.reduce((s, v) => s + v.value, 0) * 1e6).toBeCloseTo(a.logicAreaUm2, 3);
      // the largest module of every design keeps its name
      expect(mine.map((v) => v.part)).toContain(`${design.replace('design', 'd')}_m0`);
    }
  });

  it('draws no area plot for a bench run without --area', () => {
    const { area: _a, ...noArea } = ppa;
    expect(areaByModule(noArea)).toBeUndefined();
  });
});

describe('the bench catalogue', () => {
  it('names a bench/NAME.ts for every entry, once each', async () => {
    const { BENCHES } = await import('../../report/benches.js');
    const { existsSync } = await import('node:fs');
    expect(new Set(BENCHES.map((b) => b.name)).size).toBe(BENCHES.length);
    for (const b of BENCHES) expect(existsSync(new URL(`../../bench/${b.name}.ts`, import.meta.url)), b.name).toBe(true);
  });
});

describe('plot helpers', () => {
  it('draws series with the same points once, named together', () => {
    const v = (series: string, y: number) => [1, 2].map((x) => ({ x, y: y * x, series }));
    const got = mergeEqualSeries([...v('isaac', 3), ...v('isaac-adc8', 3), ...v('prime', 5)]);
    expect(got).toEqual([...v('isaac = isaac-adc8', 3), ...v('prime', 5)]);
  });

  it('splits a long title at its last parenthesis into a heading and a subtitle', () => {
    const t = 'fft: SQNR against the float FFT (same 1/n-per-pass scaling) per design point (n^dims, data width w, twiddle width t)';
    expect(splitTitle(t)).toEqual({ text: 'fft: SQNR against the float FFT (same 1/n-per-pass scaling) per design point', subtitle: ['n^dims, data width w, twiddle width t'] });
    expect(splitTitle('zas: speedup per layer (vgg16)')).toBe('zas: speedup per layer (vgg16)');
  });

  it("a table's chart of a sweep: one series per value of the parameter that tells a layer's rows apart", () => {
    const t = tablesOf(FIXTURE.zas).find((x) => x.path.join('/') === 'vgg16')!;
    const p = tablePlot('zas', t, 'the dense baseline at equal multipliers')!;
    const vals = values(p.spec as never) as unknown as Array<{ x: string; series: string }>;
    expect(new Set(vals.map((v) => v.series))).toEqual(new Set(['0', '0.5', '0.9']));
    expect(vals.length).toBe(t.rows.length);
    expect(p.title).toBe('zas: speedup per layer, each sparsity (vgg16; the dense baseline at equal multipliers)');
  });
});
