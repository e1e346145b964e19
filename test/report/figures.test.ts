/**
 * Per-table plot choices seen wrong on real bench JSON: quant's error columns got no plot, elab's stated limits were
 * plotted as if measured, simulators (labels in no order) were joined by a line, FDA's configurations were cut off the
 * layer labels, svd's τ legend put τ = 0 last.
 */
import { describe, expect, it } from 'vitest';
import { plotsFor, tablePlot } from '../../report/figures.js';
import { renderSvg } from '../../report/plot.js';
import { tablesOf } from '../../report/tables.js';

const spec = (p: { spec: unknown }) => p.spec as { data: { values: Array<Record<string, unknown>> }; mark: unknown };

describe('report plots from bench tables', () => {
  it('quant: each layer\'s error with a per-layer and with a per-channel scale, the JSON\'s numbers', async () => {
    const json = { images: [0], rows: [
      { layer: 'a', relL2Layer: 0.034, relL2Channel: 0.023, shiftMin: 22 },
      { layer: 'b', relL2Layer: 0.112, relL2Channel: 0.016, shiftMin: 25 },
    ] };
    const plots = plotsFor('quant', json, tablesOf(json));
    expect(plots).toHaveLength(1);
    const v = spec(plots[0]!).data.values;
    expect(v).toEqual([
      { layer: 'a', error: 0.034, scale: 'one scale per layer' },
      { layer: 'a', error: 0.023, scale: 'one scale per output channel' },
      { layer: 'b', error: 0.112, scale: 'one scale per layer' },
      { layer: 'b', error: 0.016, scale: 'one scale per output channel' },
    ]);
    const svg = await renderSvg(plots[0]!.spec);
    expect(svg).toContain('one scale per output channel');
  });

  it('a stated limit is not plotted as a measure', () => {
    const json = { goals: [{ n: 64, limitMs: 1000 }, { n: 128, limitMs: 4000 }] };
    expect(tablesOf(json).map((t) => tablePlot('elab', t))).toEqual([undefined]);
  });

  it('labels in no order on a log scale get points, not a line', () => {
    const json = { results: [{ sim: 'builtin', vsVerilator: 0.7 }, { sim: 'verilator', vsVerilator: 1 }, { sim: 'icarus', vsVerilator: 0.0016 }] };
    const p = tablePlot('sim', tablesOf(json)[0]!)!;
    expect(spec(p).mark).toMatchObject({ type: 'point' });
    const bars = { results: [{ config: 'dense', rtlCycles: 27e6 }, { config: 'zas', rtlCycles: 19e6 }] };
    expect(spec(tablePlot('network', tablesOf(bars)[0]!)!).mark).toBe('bar');
  });

  it('svd: the τ legend in the order the bench lists its thresholds (τ = 0 first), not sorted as text', () => {
    // the bench's labels: sorted as text, 'τ=0' (Greek) came after every 'fs≤…'
    const labels = ['τ=0', 'fs≤0.5%', 'fs≤1.0%', 'fs≤2.0%'];
    const rows = [2, 4].flatMap((rank) => labels.map((tau, i) => ({ rank, tau, meanCosine: 0.9 + i / 100, speedupAll3x3: 2 - i / 10 })));
    const shapeSort = (r: unknown[]) => (plotsFor('svd', { tradeoff: r }, tablesOf({ tradeoff: r }))[0]!.spec as unknown as { encoding: { shape: { sort: string[] } } }).encoding.shape.sort;
    expect(shapeSort(rows)).toEqual(labels);
    // numeric thresholds ascending, whatever their order in the JSON
    expect(shapeSort([0.5, 0.25, 0, 0.125].map((tau, i) => ({ rank: 4, tau, meanCosine: 0.9 + i / 100, speedupAll3x3: 2 + i })))).toEqual(['0', '0.125', '0.25', '0.5']);
  });

  it('fda: one series per mapping and configuration along the layers', () => {
    const json = { layers: [
      { layer: 'l1', config: 'fda-n8', spatial: { adcConversions: 10 }, fda: { adcConversions: 30 }, relRms: 0.02 },
      { layer: 'l1', config: 'fda-n16', spatial: { adcConversions: 10 }, fda: { adcConversions: 20 }, relRms: 0.05 },
    ] };
    const [adc, err] = plotsFor('fda', json, tablesOf(json));
    expect(spec(adc!).data.values).toEqual([
      { x: 'l1', y: 10, series: 'spatial, fda-n8 = spatial, fda-n16' },
      { x: 'l1', y: 30, series: 'fda, fda-n8' },
      { x: 'l1', y: 20, series: 'fda, fda-n16' },
    ]);
    expect(spec(err!).data.values).toEqual([
      { x: 'l1', y: 0.02, series: 'fda, fda-n8' },
      { x: 'l1', y: 0.05, series: 'fda, fda-n16' },
    ]);
  });
});
