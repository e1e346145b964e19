/**
 * Which plots a benchmark's tables get: its comparison plots (family-plots.ts), then, unless those draw every table
 * (curated benches), one chart per table of records with two or more rows: its most telling numeric column (speedups
 * first, then cycles, energy, times, errors) against its layer (or other label) column, one series per value of a
 * sweep's parameter where the rows repeat a layer, series with equal points drawn once, counts spanning two orders of
 * magnitude on a log scale. ZAS also gets its speedup against sparsity with the ideal 1/(1−s) and the paper's 7.29×
 * marked; quant gets each layer's error with per-layer against per-channel weight scales. Axis titles carry units, read from the column names; a ratio's title names the bench's baseline.
 */
import type { PlotSpec } from './plot.js';
import { tableName, type Cell, type Table } from './tables.js';
import { curated, familyPlots, mergeEqualSeries } from './family-plots.js';

export interface PlotRequest {
  title: string;
  spec: PlotSpec;
}

const LABELS = /^(layer|network|engine|name|design|sim|mapping|config|preset|image|mode|work|what|point|array|tau)$/i;
const PREFERRED = [/speedup|^vs|over|ratio/i, /cycles/i, /energy/i, /ms$|seconds/i, /err|sqnr|db$/i, /util/i, /activations|conversions|terms/i];
const MAX_PLOTS = 6;

/** The unit a column's name implies, for axis titles. */
export function unitOf(column: string): string | undefined {
  const c = column.split('.').pop()!;
  if (/speedup|^vs[A-Z]|over[A-Z]|Ratio$|ofIdeal/.test(c)) return '×';
  if (/Pj$/i.test(c)) return 'pJ';
  if (/Ms$|^ms$/.test(c) || /Ms\b/.test(c)) return 'ms';
  if (/seconds$/i.test(c)) return 's';
  if (/Db$/i.test(c)) return 'dB';
  if (/PerSec|Cps$/.test(c)) return 'cycles/s';
  if (/cycles/i.test(c)) return 'cycles';
  if (/sparsity|utili[sz]ation/i.test(c)) return 'fraction';
  if (/Bytes$/i.test(c)) return 'bytes';
  if (/MB$/.test(c)) return 'MB';
  if (/macs$/i.test(c)) return 'MACs';
  return undefined;
}

export function axisTitle(column: string): string {
  const u = unitOf(column);
  return u && u.toLowerCase() !== column.split('.').pop()!.toLowerCase() ? `${column} (${u})` : column;
}

const numericColumn = (t: Table, i: number) => t.rows.every((r) => r[i] === null || typeof r[i] === 'number') && t.rows.some((r) => typeof r[i] === 'number');

function records(t: Table, cols: readonly number[], names: readonly string[]): Array<Record<string, Cell>> {
  return t.rows.map((r) => Object.fromEntries(cols.map((c, k) => [names[k]!, r[c] ?? null])));
}

const leaf = (c: string) => c.split('.').pop()!;

/** Of the other columns, one that tells apart the rows sharing an x (2 to 12 values, every (x, value) once): a sweep's parameter. */
function sweepColumn(t: Table, xi: number, yi: number): number | undefined {
  return t.columns
    .map((_, i) => i)
    .filter((i) => i !== xi && i !== yi)
    .find((i) => {
      const n = new Set(t.rows.map((r) => r[i])).size;
      return n >= 2 && n <= 12 && new Set(t.rows.map((r) => JSON.stringify([r[xi], r[i]]))).size === t.rows.length;
    });
}

/**
 * One chart for a records table: its most telling measure (PREFERRED) against its layer (or other label) column, one
 * series per value of a sweep's parameter when the rows repeat a layer; none when it has no such measure. `baseline`
 * (what the bench's ratios compare against, held equal) goes in the title of a ratio's chart.
 */
export function tablePlot(bench: string, t: Table, baseline?: string): PlotRequest | undefined {
  if (t.kind !== 'records' || t.rows.length < 2) return undefined;
  const numeric = t.columns.map((_, i) => numericColumn(t, i));
  const labels = t.columns.map((_, i) => i).filter((i) => !numeric[i] && LABELS.test(leaf(t.columns[i]!)));
  const xi = labels.find((i) => leaf(t.columns[i]!) === 'layer') ?? labels[0] ?? numeric.indexOf(true);
  if (xi < 0) return undefined;
  // a goal's limit (limitMs) is a stated bound, not a measure
  const candidates = t.columns.map((_, i) => i).filter((i) => numeric[i] && i !== xi && !/^limit/i.test(leaf(t.columns[i]!)));
  const yi = PREFERRED.map((re) => candidates.find((i) => re.test(t.columns[i]!))).find((i) => i !== undefined);
  if (yi === undefined) return undefined;
  const x = t.columns[xi]!;
  const y = t.columns[yi]!;
  const nominal = !numeric[xi];
  const unique = new Set(t.rows.map((r) => r[xi])).size === t.rows.length;
  const si = unique ? undefined : sweepColumn(t, xi, yi);
  const s = si === undefined ? undefined : t.columns[si]!;
  const values = mergeEqualSeries(t.rows.map((r) => ({ x: (r[xi] ?? null) as string | number, y: (r[yi] ?? null) as string | number, series: si === undefined ? '' : String(r[si]) })));
  const ratio = /speedup|^vs|over|ratio/i.test(y);
  // counts spanning two orders of magnitude or more on a log scale
  const ys = values.map((v) => v.y).filter((v): v is number => typeof v === 'number');
  const log = ys.length > 0 && Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) >= 100;
  const title = `${bench}: ${y} per ${x}${s ? `, each ${s}` : ''} (${tableName(t)}${baseline && ratio ? `; ${baseline}` : ''})`;
  const spec = {
    title,
    width: 560,
    height: 240,
    data: { values },
    // labels (simulators, configurations) in no order: bars, or points on a log scale; a line only along numbers
    mark: s ? { type: 'line', point: true } : unique ? (nominal ? (log ? { type: 'point', filled: true, size: 60 } : 'bar') : { type: 'line', point: true }) : { type: 'point', filled: true },
    encoding: {
      x: { field: 'x', type: nominal ? 'nominal' : 'quantitative', title: axisTitle(x), sort: null },
      y: { field: 'y', type: 'quantitative', title: `${axisTitle(y)}${log ? ', log scale' : ''}`, ...(log ? { scale: { type: 'log' } } : {}) },
      ...(s ? { color: { field: 'series', type: 'nominal', title: s, sort: null, legend: { labelLimit: 300 } } } : {}),
    },
  } as unknown as PlotSpec;
  return { title, spec };
}

/** ZAS: speedup against measured sparsity, every layer, with the ideal 1/(1−s) curve and the paper's 7.29×. */
export function zasSparsityPlot(t: Table): PlotRequest | undefined {
  const s = t.columns.indexOf('measuredSparsity');
  const sp = t.columns.indexOf('speedup');
  const layer = t.columns.indexOf('layer');
  if (t.kind !== 'records' || s < 0 || sp < 0) return undefined;
  const points = records(t, [s, sp, layer < 0 ? s : layer], ['sparsity', 'speedup', 'layer']);
  const maxS = Math.min(0.95, Math.max(...points.map((p) => Number(p.sparsity))));
  const ideal = Array.from({ length: 19 }, (_, i) => (i / 18) * maxS).map((v) => ({ sparsity: v, speedup: 1 / (1 - v) }));
  const title = `zas: speedup against activation sparsity, every layer of ${tableName(t)} (dense baseline at equal multipliers)`;
  const x = { field: 'sparsity', type: 'quantitative', title: 'measured activation sparsity s (fraction of zero activations)' };
  const y = { field: 'speedup', type: 'quantitative', title: 'speedup over dense (×)' };
  const spec = {
    title,
    width: 560,
    height: 280,
    layer: [
      { data: { values: ideal }, mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x, y } },
      { data: { values: points }, mark: { type: 'point', filled: true }, encoding: { x, y, color: { field: 'layer', type: 'nominal', title: 'layer', sort: null, scale: { scheme: new Set(points.map((p) => p.layer)).size > 10 ? 'tableau20' : 'tableau10' } } } },
      { data: { values: [{ speedup: 7.29 }] }, mark: { type: 'rule', color: '#c33' }, encoding: { y: { field: 'speedup', type: 'quantitative' } } },
      { data: { values: [{ speedup: 7.29, label: 'paper: 7.29×' }] }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#c33' }, encoding: { y: { field: 'speedup', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } },
      { data: { values: [{ sparsity: maxS, speedup: 1 / (1 - maxS), label: 'ideal 1/(1−s)' }] }, mark: { type: 'text', align: 'right', dy: -8, color: '#666' }, encoding: { x, y, text: { field: 'label' } } },
    ],
  } as unknown as PlotSpec;
  return { title, spec };
}

/** Quantisation: each layer's relative L2 error with one int8 weight scale per layer and with one per output channel. */
export function quantErrorPlot(t: Table): PlotRequest | undefined {
  const layer = t.columns.indexOf('layer');
  const per = [
    ['relL2Layer', 'one scale per layer'],
    ['relL2Channel', 'one scale per output channel'],
  ].map(([c, name]) => [t.columns.indexOf(c!), name!] as const);
  if (t.kind !== 'records' || layer < 0 || per.some(([i]) => i < 0)) return undefined;
  const values = t.rows.flatMap((r) => per.map(([i, scale]) => ({ layer: r[layer], error: r[i], scale })));
  const title = 'quant: relative L2 error of the int8 conv per layer, one weight scale per layer against one per output channel';
  const spec = {
    title,
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'point', filled: true, size: 50 },
    encoding: {
      x: { field: 'layer', type: 'nominal', title: 'layer', sort: null },
      y: { field: 'error', type: 'quantitative', title: 'relative L2 error against the float conv (fraction)' },
      color: { field: 'scale', type: 'nominal', title: 'int8 weight scale', sort: null, legend: { labelLimit: 300 } },
      shape: { field: 'scale', type: 'nominal', title: 'int8 weight scale', sort: null },
    },
  } as unknown as PlotSpec;
  return { title, spec };
}

/** The plots of one benchmark: its comparison plots (family-plots.ts), then one per table. */
export function plotsFor(bench: string, json: unknown, tables: readonly Table[], baseline?: string): PlotRequest[] {
  const out: PlotRequest[] = [...familyPlots(bench, json)];
  const limit = out.length + MAX_PLOTS;
  if (bench === 'zas') {
    const t = tables.find((x) => x.path.join('/') === 'vgg16') ?? tables.find((x) => x.columns.includes('measuredSparsity'));
    const p = t && zasSparsityPlot(t);
    if (p) out.push(p);
  }
  if (bench === 'quant')
    for (const t of tables) {
      const p = quantErrorPlot(t);
      if (p) out.push(p);
    }
  for (const t of curated(bench) ? [] : tables) {
    if (out.length >= limit) break;
    const p = tablePlot(bench, t, baseline);
    if (p) out.push(p);
  }
  return out;
}
