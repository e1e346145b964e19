/**
 * `hwgen report`: read every benchmark JSON under bench-out/, draw its plots (Vega-Lite to SVG), a schematic of each
 * family's repeated module (Yosys + netlistsvg) and its first cycles' waveform (built-in simulator VCD), and write one
 * self-contained page, <out>/index.html, with each figure also as SVG and PNG files under <out>/figures/ (a tall schematic also as readable PNG parts, <name>-part-<row>-<col>.png) and every table as CSV under <out>/data/. Same inputs, same bytes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BENCHES, benchInfo } from './benches.js';
import { plotsFor } from './figures.js';
import { renderSvg } from './plot.js';
import type { Schematic } from './schematic.js';
import { peSchematics } from './pe-schematics.js';
import { denseTileWaveform, type TileWaveform } from './tile-waveform.js';
import { tableCsv, tablesOf } from './tables.js';
import { densePeWaveform, type Waveform } from './waveform.js';
import { reportHtml, type Section } from './html.js';
import { cachedPngTiles, svgToPng } from './png.js';

export interface ReportOptions {
  benchOut: string;
  out: string;
  /** draw the schematics and the waveform (default: yes); a test of the tables alone can skip them */
  schematic?: boolean;
  /** write a PNG copy of every figure beside its SVG (default: yes) */
  png?: boolean;
}

export interface ReportResult {
  file: string;
  sections: Section[];
  schematics: Schematic[];
  waveform?: Waveform;
  /** the first cycles of a tile the verify loop checked, from that run's VCD */
  tileWaveform?: TileWaveform;
  /** the benches with no JSON, in the catalogue's order */
  missing: string[];
}

/** The sections of a bench-out folder: the catalogue's benches first (found or missing), then any other JSON, by name. */
export async function buildSections(benchOut: string): Promise<Section[]> {
  const files = existsSync(benchOut) ? readdirSync(benchOut).filter((f) => f.endsWith('.json')).sort() : [];
  const names = [...BENCHES.map((b) => b.name), ...files.map((f) => f.slice(0, -5)).filter((n) => !benchInfo(n))];
  const sections: Section[] = [];
  for (const name of names) {
    const info = benchInfo(name);
    const file = files.includes(`${name}.json`) ? `${name}.json` : undefined;
    const base = { bench: name, title: info?.title ?? name, about: info?.about ?? `Results of ${name}.json.`, file };
    if (!file) {
      sections.push({ ...base, tables: [], plots: [] });
      continue;
    }
    const full = path.join(benchOut, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(full, 'utf8'));
    } catch (e) {
      throw new Error(`${full}: not valid JSON (${(e as Error).message}); run \`hwgen bench ${name}\` again to rewrite it`);
    }
    const tables = tablesOf(json);
    const plots = [];
    for (const p of plotsFor(name, json, tables, info?.baseline)) plots.push({ title: p.title, svg: await renderSvg(p.spec) });
    sections.push({ ...base, tables, plots });
  }
  return sections;
}

/** A file-name part for a table's path: its keys joined with '.', anything but letters, digits, '.', '-' as '_'. */
function csvName(p: readonly string[]): string {
  return (p.length ? p.join('.') : 'summary').replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60);
}

export async function writeReport(opts: ReportOptions): Promise<ReportResult> {
  const sections = await buildSections(opts.benchOut);
  const schematics = opts.schematic === false ? [] : await peSchematics();
  const waveform = opts.schematic === false ? undefined : densePeWaveform();
  const tileWaveform = opts.schematic === false ? undefined : await denseTileWaveform();
  const html = reportHtml(sections, schematics, opts.schematic === false ? 'skipped' : undefined, waveform, tileWaveform);
  const figures = path.join(opts.out, 'figures');
  const data = path.join(opts.out, 'data');
  // the figures and tables of an earlier run go: a bench that is gone leaves no stale file
  for (const d of [figures, data]) rmSync(d, { recursive: true, force: true });
  mkdirSync(figures, { recursive: true });
  const figure = async (name: string, svg: string) => {
    writeFileSync(path.join(figures, `${name}.svg`), svg);
    if (opts.png === false) return;
    writeFileSync(path.join(figures, `${name}.png`), svgToPng(svg));
    for (const t of await cachedPngTiles(svg)) writeFileSync(path.join(figures, `${name}-part-${t.row + 1}-${t.col + 1}.png`), t.png);
  };
  for (const s of sections) for (const [i, p] of s.plots.entries()) await figure(`${s.bench}-${i + 1}`, p.svg);
  mkdirSync(data, { recursive: true });
  for (const s of sections) s.tables.forEach((t, i) => writeFileSync(path.join(data, `${s.bench}-${i + 1}-${csvName(t.path)}.csv`), tableCsv(t)));
  for (const x of schematics) await figure(`schematic-${x.top}`, x.svg);
  if (waveform) await figure('waveform-dense_pe', waveform.svg);
  if (tileWaveform) await figure('waveform-tile', tileWaveform.svg);
  const file = path.join(opts.out, 'index.html');
  writeFileSync(file, html);
  return { file, sections, schematics, waveform, tileWaveform, missing: sections.filter((s) => !s.file).map((s) => s.bench) };
}
