/**
 * The PPA bench's breakdown plots: energy per MAC by component and logic area by module, from bench-out/ppa.json's
 * shape (the fixture), their values recomputed here from the JSON.
 */
import { describe, expect, it } from 'vitest';
import { areaByModule, componentClass, energyByComponent } from '../../report/ppa-plots.js';
import { renderSvg } from '../../report/plot.js';
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
    expect(got.reduce((s, v) => s + v.value, 0)).toBeCloseTo(a.logicAreaUm2, 6);
    expect(p.title).toMatch(/abc fast/);
    expect(await renderSvg(p.spec)).toContain('logic area (µm²)');
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
