/**
 * The PPA bench's plots (bench-out/ppa.json): energy per layer of every design over the dense baseline; energy per MAC
 * of every design split by component class (its rows' `byComponent`, summed over the design's layers: multiply, add,
 * SRAM by size, ADC, DAC); and, when the bench
 * ran with --area, each design's logic area split by module (own standard-cell area × instances, which sums to the
 * design's logic area).
 */
import type { PlotSpec } from './plot.js';
import type { PlotRequest } from './figures.js';

type Row = Record<string, string | number>;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const rowsOf = (j: Record<string, unknown>, k: string): Record<string, unknown>[] => (Array.isArray(j[k]) ? (j[k] as unknown[]).filter(isObj) : []);

/** Modules (or components) drawn by name per design; the smaller rest is one "other" segment. */
const MAX_PARTS = 10;

/**
 * One horizontal stacked bar per design, segments coloured by part: in the order `parts` gives (the same for every
 * design, so that the bars compare), or else each design's largest part first.
 */
function stacked(title: string, values: Row[], xTitle: string, part: string, parts?: readonly string[]): PlotRequest {
  const designs = [...new Set(values.map((v) => String(v.design)))];
  const present = parts?.filter((p) => values.some((v) => v.part === p));
  if (present) for (const v of values) v.rank = present.indexOf(String(v.part));
  const spec = {
    title,
    width: 560,
    height: Math.max(60, 26 * designs.length),
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'design', type: 'nominal', title: 'design', sort: designs },
      x: { field: 'value', type: 'quantitative', title: xTitle, stack: 'zero' },
      color: { field: 'part', type: 'nominal', title: part, sort: present ?? null, scale: { scheme: 'tableau20' }, legend: { labelLimit: 300 } },
      order: { field: 'rank', type: 'quantitative' },
      tooltip: [{ field: 'design' }, { field: 'part' }, { field: 'value', type: 'quantitative', format: '.4~g' }],
    },
  } as unknown as PlotSpec;
  return { title, spec };
}

/** Distinct named parts over the whole chart: one colour each from a 20-colour scheme, "other" taking the 20th. */
const MAX_NAMED = 19;

/** A design's parts of positive value, largest first (ties by name). */
const largestFirst = (parts: ReadonlyArray<[string, number]>): Array<[string, number]> => parts.filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/**
 * The parts drawn by name across all designs, at most MAX_NAMED so that no two share a colour: those among a design's
 * MAX_PARTS largest, ranked by the largest share of its design's total any of them takes.
 */
function namedParts(byDesign: ReadonlyArray<[string, Array<[string, number]>]>): Set<string> {
  const share = new Map<string, number>();
  for (const [, parts] of byDesign) {
    const total = parts.reduce((s, [, v]) => s + Math.max(0, v), 0);
    if (total <= 0) continue;
    for (const [p, v] of largestFirst(parts).slice(0, MAX_PARTS)) share.set(p, Math.max(share.get(p) ?? 0, v / total));
  }
  return new Set(largestFirst([...share]).slice(0, MAX_NAMED).map(([p]) => p));
}

/** The largest parts of one design by value (only those in `named`, when given), the rest summed as "other". */
function topParts(design: string, parts: Array<[string, number]>, named?: ReadonlySet<string>): Row[] {
  const sorted = largestFirst(parts);
  const drawn = sorted.filter(([p]) => !named || named.has(p)).slice(0, MAX_PARTS);
  const shown = drawn.map(([p, v], rank) => ({ design, part: p, value: v, rank }));
  const rest = sorted.filter((e) => !drawn.includes(e)).reduce((s, [, v]) => s + v, 0);
  return rest > 0 ? [...shown, { design, part: 'other', value: rest, rank: drawn.length }] : shown;
}

/**
 * Energy over the dense baseline's on the same layer: one dot per (design, layer), each design's own layers (the
 * designs' workloads differ, so no line joins them), on a log scale with the baseline's 1× marked.
 */
export function energyOverDense(j: Record<string, unknown>, bench = 'ppa'): PlotRequest | undefined {
  const vals: Row[] = [];
  for (const design of Object.keys(j))
    for (const r of rowsOf(j, design))
      if (num(r.energyPj) && num(r.denseEnergyPj) && r.denseEnergyPj > 0) vals.push({ row: `${design} · ${String(r.layer)}`, design, ratio: r.energyPj / r.denseEnergyPj });
  if (!vals.length) return undefined;
  const designs = [...new Set(vals.map((v) => String(v.design)))];
  const title = `${bench}: energy of each layer over the dense baseline's on the same layer (the same energy table for both)`;
  const x = { field: 'ratio', type: 'quantitative', title: 'energy / dense energy on the same layer (×, log scale)', scale: { type: 'log' } };
  const spec = {
    title,
    width: 560,
    height: Math.max(60, 15 * vals.length),
    layer: [
      { data: { values: [{ ratio: 1 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x } },
      { data: { values: [{ ratio: 1, label: 'dense baseline (1×)' }] }, mark: { type: 'text', align: 'center', baseline: 'bottom', y: -3, color: '#666' }, encoding: { x, text: { field: 'label' } } },
      {
        data: { values: vals },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y: { field: 'row', type: 'nominal', title: 'design · layer', sort: null, axis: { labelLimit: 320 } },
          x,
          // the rows name their design: the colour only groups them (a palette of 10, adjacent designs distinct)
          color: { field: 'design', type: 'nominal', sort: designs, scale: { scheme: 'tableau10' }, legend: null },
          tooltip: [{ field: 'row' }, { field: 'ratio', type: 'quantitative', format: '.4~g' }],
        },
      },
    ],
  } as unknown as PlotSpec;
  return { title, spec };
}

/** The component classes, in the order the stacked bars draw them. */
const CLASSES = ['multiply', 'add / shift-add', 'SRAM ≤ 4 KB', 'SRAM 8-64 KB', 'SRAM ≥ 128 KB', 'ADC', 'DAC'];

/** The class a component of the energy table belongs to: arithmetic, SRAM by size, data conversion. */
export function componentClass(c: string): string {
  if (/adc/i.test(c)) return 'ADC';
  if (/dac/i.test(c)) return 'DAC';
  if (/^mult/i.test(c)) return 'multiply';
  if (/^add|shift_add/i.test(c)) return 'add / shift-add';
  const m = /^sram_(\d+)(B|KB|MB)$/i.exec(c);
  if (m) {
    const bytes = Number(m[1]) * ({ B: 1, KB: 1024, MB: 1024 * 1024 } as Record<string, number>)[m[2]!.toUpperCase()]!;
    return bytes <= 4096 ? 'SRAM ≤ 4 KB' : bytes <= 64 * 1024 ? 'SRAM 8-64 KB' : 'SRAM ≥ 128 KB';
  }
  return c;
}

/** Energy per MAC by component class: each design's component energies summed over its layers, over its layers' MACs. */
export function energyByComponent(j: Record<string, unknown>, bench = 'ppa'): PlotRequest | undefined {
  const vals: Row[] = [];
  for (const design of Object.keys(j)) {
    const rows = rowsOf(j, design).filter((r) => isObj(r.byComponent) && num(r.macs));
    const macs = rows.reduce((s, r) => s + (r.macs as number), 0);
    if (!rows.length || macs <= 0) continue;
    const sum = new Map<string, number>();
    for (const r of rows)
      for (const [c, v] of Object.entries(r.byComponent as Record<string, unknown>)) if (num(v)) sum.set(componentClass(c), (sum.get(componentClass(c)) ?? 0) + v);
    vals.push(...topParts(design, [...sum].map(([c, v]) => [c, v / macs])));
  }
  if (!vals.length) return undefined;
  const other = [...new Set(vals.map((v) => String(v.part)))].filter((p) => !CLASSES.includes(p)).sort();
  return stacked(
    `${bench}: energy per MAC by component, each design over its own configured layers (same per-operation energy table for every design)`,
    vals,
    'energy per MAC (pJ/MAC; an FFT row counts butterflies)',
    'component (class)',
    [...CLASSES, ...other],
  );
}

/** Logic area by module, in mm²: each module's own standard-cell area times its instances (the parts sum to the logic area). */
export function areaByModule(j: Record<string, unknown>): PlotRequest | undefined {
  const area = j.area;
  if (!isObj(area)) return undefined;
  const vals: Row[] = [];
  const byDesign: Array<[string, Array<[string, number]>]> = [];
  const abc = new Set<string>();
  for (const [design, a] of Object.entries(area)) {
    if (!isObj(a) || !Array.isArray(a.modules)) continue;
    if (typeof a.abc === 'string') abc.add(a.abc);
    const parts: Array<[string, number]> = a.modules.filter(isObj).flatMap((m) => (num(m.ownArea) && num(m.instances) ? [[String(m.name), (m.ownArea * m.instances) / 1e6] as [string, number]] : []));
    byDesign.push([design, parts]);
  }
  const named = namedParts(byDesign);
  for (const [design, parts] of byDesign) vals.push(...topParts(design, parts, named));
  if (!vals.length) return undefined;
  const flow = abc.size ? `abc ${[...abc].sort().join('/')}` : 'one mapping';
  return stacked(
    `ppa: logic area by module (own standard cells × instances; the same cell library and ${flow} for every design; memories are macros, not counted)`,
    vals,
    'logic area (mm²)',
    'module',
  );
}

/** The PPA bench's plots (or a family bench's energy JSON's, `bench` naming it), those its JSON has the fields for. */
export function ppaPlots(j: unknown, bench = 'ppa'): PlotRequest[] {
  if (!isObj(j)) return [];
  return [energyOverDense(j, bench), energyByComponent(j, bench), areaByModule(j)].filter((p): p is PlotRequest => p !== undefined);
}
