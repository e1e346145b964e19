/**
 * The plots an architect compares mechanisms by, drawn from the fields the benchmarks write: dense utilisation
 * against SCALE-Sim; LINAC terms per value, speedup over Stripes per layer and over the network for every engine;
 * energy per layer, per component and area per module (ppa-plots.ts, also for each family's <family>-energy.json);
 * SVD speedup against the descriptor cosine similarity over rank and τ; crossbar and FDA ADC conversions and error
 * per layer; in-SRAM row activations per mapping and pruning level; FFT SQNR and cycles per design point. A bench
 * whose JSON lacks the fields gets none of these.
 */
import type { PlotSpec } from './plot.js';
import type { PlotRequest } from './figures.js';
import { ppaPlots } from './ppa-plots.js';

type Row = Record<string, string | number>;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const rowsOf = (j: unknown, k: string): Record<string, unknown>[] => (isObj(j) && Array.isArray(j[k]) ? (j[k] as unknown[]).filter(isObj) : []);

/**
 * Series with the same (x, y) points drawn once, named together ("isaac = isaac-adc8"): drawn apart, one would hide
 * the other exactly.
 */
export function mergeEqualSeries(values: Row[]): Row[] {
  const points = new Map<string, string[]>();
  for (const v of values) {
    const k = String(v.series);
    if (!points.has(k)) points.set(k, []);
    points.get(k)!.push(JSON.stringify([v.x, v.y, v.shape ?? null]));
  }
  const names = new Map<string, string>();
  const bySig = new Map<string, string[]>();
  for (const [k, ps] of points) {
    const sig = ps.sort().join('|');
    if (!bySig.has(sig)) bySig.set(sig, []);
    bySig.get(sig)!.push(k);
  }
  for (const ks of bySig.values()) for (const k of ks) names.set(k, ks.join(' = '));
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const v of values) {
    const name = names.get(String(v.series))!;
    const key = JSON.stringify([name, v.x, v.y, v.shape ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...v, series: name });
  }
  return out;
}

/** The shape legend's order: numeric values ascending, labels as the bench lists them (Vega would sort them as text: 'τ=0' after 'fs≤…'). */
function shapeOrder(values: Row[]): string[] {
  const shapes = [...new Set(values.map((v) => String(v.shape)))];
  return shapes.every((s) => s.trim() !== '' && Number.isFinite(Number(s))) ? shapes.sort((a, b) => Number(a) - Number(b)) : shapes;
}

/**
 * Several series over one axis: x (nominal: layers, kept in order and joined by lines, or design points, unordered:
 * `lines: false`; or quantitative), y, one colour per series (no legend for a single series).
 */
function series(title: string, values: Row[], x: string, y: string, color: string, nominalX: boolean, opts: { logY?: boolean; shape?: string; lines?: boolean } = {}): PlotRequest {
  values = mergeEqualSeries(values);
  const one = new Set(values.map((v) => v.series)).size === 1;
  const spec = {
    title,
    width: 620,
    height: 260,
    data: { values },
    mark: nominalX && opts.lines !== false ? { type: 'line', point: true } : { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { field: 'x', type: nominalX ? 'nominal' : 'quantitative', title: x, sort: null, ...(nominalX ? {} : { scale: { zero: false } }) },
      y: { field: 'y', type: 'quantitative', title: y, scale: opts.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: color, sort: null, legend: one ? null : { labelLimit: 360, titleLimit: 360 } },
      // unjoined points at a nominal x: the series side by side, so that equal values do not hide each other
      ...(nominalX && opts.lines === false && !one ? { xOffset: { field: 'series', type: 'nominal', sort: null } } : {}),
      ...(opts.shape ? { shape: { field: 'shape', type: 'nominal', title: opts.shape, sort: shapeOrder(values) } } : {}),
    },
  } as unknown as PlotSpec;
  return { title, spec };
}

function linac(j: unknown): PlotRequest[] {
  const out: PlotRequest[] = [];
  const image = isObj(j) && num(j.image) ? `image ${j.image}` : 'one image';
  for (const bits of ['bits8', 'bits16']) {
    const rows = rowsOf(j, bits);
    if (rows.length === 0) continue;
    const terms: Row[] = [];
    for (const r of rows)
      for (const k of ['termsRaw', 'termsDelta', 'termsSecond', 'weightTermsRaw', 'weightTermsPlane'])
        if (num(r[k])) terms.push({ x: String(r.layer), y: r[k], series: k });
    if (terms.length) out.push(series(`linac (${bits}): terms per value per layer (face-net layers, ${image})`, terms, 'layer', 'terms per value (non-zero power-of-two terms)', 'encoding', true));
    const speed: Row[] = [];
    for (const r of rows) {
      const c = r.cycles;
      if (!isObj(c) || !num(c.stripes)) continue;
      for (const [k, v] of Object.entries(c)) if (k !== 'stripes' && num(v) && v > 0) speed.push({ x: String(r.layer), y: c.stripes / v, series: k });
    }
    if (speed.length) out.push(series(`linac (${bits}): speedup over Stripes per layer, each engine (Stripes at equal lanes)`, speed, 'layer', 'speedup over Stripes (×)', 'engine', true));
    const net: Row[] = [];
    for (const r of rowsOf(j, `${bits}Engines`))
      for (const [k, eq] of [['overStripesEqLanes', 'equal lanes'], ['overStripesEqLaneBits', 'equal lane bits']] as const) if (num(r[k])) net.push({ x: String(r.engine), y: r[k], series: `Stripes at ${eq}` });
    if (net.length) out.push(series(`linac (${bits}): whole-network speedup over Stripes, each engine (Stripes at equal lanes, and at equal lane bits)`, net, 'engine', 'network speedup over Stripes (×)', 'baseline', true, { lines: false }));
  }
  return out;
}

function dense(j: unknown): PlotRequest[] {
  const vals: Row[] = [];
  for (const r of rowsOf(j, 'utilization')) {
    const x = `${String(r.network)} ${String(r.rows)}×${String(r.cols)}`;
    if (num(r.utilization)) vals.push({ x, y: r.utilization, series: 'hwgen cycle model' });
    if (num(r.scaleSimUtilization)) vals.push({ x, y: r.scaleSimUtilization, series: 'SCALE-Sim v2' });
  }
  return vals.length ? [series('dense: array utilisation per network and array size (useful MACs / (PEs × cycles); SCALE-Sim v2 on the same array, layers and output-stationary dataflow)', vals, 'network, array (rows×cols)', 'utilisation (fraction)', 'model', true, { lines: false })] : [];
}

function svd(j: unknown): PlotRequest[] {
  const vals: Row[] = [];
  for (const r of rowsOf(j, 'tradeoff'))
    if (num(r.meanCosine) && num(r.speedupAll3x3)) vals.push({ x: r.meanCosine, y: r.speedupAll3x3, series: `rank ${String(r.rank)}`, shape: String(r.tau) });
  return vals.length ? [series('svd: speedup on all 3×3 layers against descriptor cosine similarity, over rank and τ (dense baseline at equal multipliers)', vals, 'mean descriptor cosine similarity against the exact network', 'speedup over dense (×)', 'rank', false, { shape: 'τ' })] : [];
}

function crossbar(j: unknown): PlotRequest[] {
  const rows = rowsOf(j, 'layers');
  const adc: Row[] = [];
  const err: Row[] = [];
  for (const r of rows) {
    if (num(r.adcConversions)) adc.push({ x: String(r.layer), y: r.adcConversions, series: String(r.preset) });
    if (num(r.relRms)) err.push({ x: String(r.layer), y: r.relRms, series: String(r.preset) });
  }
  const out: PlotRequest[] = [];
  if (adc.length) out.push(series('crossbar: ADC conversions per layer, each preset', adc, 'layer', 'ADC conversions (count, log scale)', 'preset', true, { logY: true }));
  if (err.length) out.push(series('crossbar: error per layer of ADC-limited against exact arithmetic', err, 'layer', 'relative RMS error (fraction)', 'preset', true));
  return out;
}

function insram(j: unknown): PlotRequest[] {
  const vals: Row[] = [];
  for (const r of rowsOf(j, 'network'))
    for (const k of ['dense', 'coalesced', 'overlapped']) if (num(r[k]) && num(r.level)) vals.push({ x: r.level, y: r[k], series: k });
  return vals.length ? [series('insram: row activations of the whole network per mapping and pruning level', vals, 'pruning level', 'row activations (count)', 'mapping', false)] : [];
}

function fda(j: unknown): PlotRequest[] {
  const adc: Row[] = [];
  const err: Row[] = [];
  for (const r of rowsOf(j, 'layers')) {
    // one series per mapping and configuration along the layers (a layer name with the configuration appended was
    // cut off at the axis' label limit, so the configurations could not be told apart)
    const x = String(r.layer);
    const config = r.config === undefined ? '' : `, ${String(r.config)}`;
    for (const k of ['spatial', 'fda']) {
      const m = r[k];
      if (isObj(m) && num(m.adcConversions)) adc.push({ x, y: m.adcConversions, series: `${k}${config}` });
    }
    if (num(r.relRms)) err.push({ x, y: r.relRms, series: `fda${config}` });
  }
  const out: PlotRequest[] = [];
  if (adc.length) out.push(series('fda: ADC conversions per layer, FDA against the spatial mapping on the same crossbar preset', adc, 'layer', 'ADC conversions (count, log scale)', 'mapping, configuration', true, { logY: true }));
  if (err.length) out.push(series('fda: error per layer against the exact convolution', err, 'layer', 'relative RMS error (fraction)', 'configuration', true));
  return out;
}

function fft(j: unknown): PlotRequest[] {
  const label = (p: unknown) => (isObj(p) ? `n=${String(p.n)}^${String(p.dims)} w${String(p.w)} t${String(p.t)}` : String(p));
  const acc: Row[] = [];
  for (const r of rowsOf(j, 'accuracy'))
    if (num(r.sqnrDb)) acc.push({ x: label(r.point), y: r.sqnrDb, series: `${String(r.data)}${r.inverse ? ' (inverse)' : ''}${typeof r.scaled === 'string' ? `, ${r.scaled}` : ''}`, shape: r.inverse ? 'inverse' : 'forward' });
  const cost: Row[] = [];
  for (const r of rowsOf(j, 'cost')) {
    if (num(r.cycles)) cost.push({ x: label(r.point), y: r.cycles, series: 'cycle model' });
    if (num(r.rtlCycles)) cost.push({ x: label(r.point), y: r.rtlCycles, series: 'RTL' });
  }
  const out: PlotRequest[] = [];
  if (acc.length) out.push(series('fft: SQNR against the float FFT (same 1/n-per-pass scaling) per design point (n^dims, data width w, twiddle width t)', acc, 'design point', 'SQNR (dB)', 'input', true, { lines: false, shape: 'transform' }));
  if (cost.length) out.push(series('fft: cycles per transform per design point (n^dims, data width w, twiddle width t)', cost, 'design point', 'cycles per transform', 'from', true, { lines: false }));
  return out;
}

const FAMILY: Record<string, (j: unknown) => PlotRequest[]> = { dense, linac, ppa: ppaPlots, svd, crossbar, insram, fft, fda };

/** The benches whose comparison plots draw every table's measure: they get no per-table charts besides. */
export function curated(bench: string): boolean {
  return ['dense', 'linac', 'ppa', 'fft'].includes(bench) || bench.endsWith('-energy');
}

/** The comparison plots of one benchmark's JSON (none for a bench without them); a family bench's <family>-energy.json gets the PPA bench's energy plots. */
export function familyPlots(bench: string, json: unknown): PlotRequest[] {
  if (bench.endsWith('-energy')) return ppaPlots(json, bench);
  return FAMILY[bench]?.(json) ?? [];
}
