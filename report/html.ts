/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no script, no external reference).
 * Every table cell carries its exact JSON value in `data-v` beside the rounded text a person reads.
 */
import type { Plot } from './plot.js';
import type { Schematic } from './schematic.js';
import type { Waveform } from './waveform.js';
import type { TileWaveform } from './tile-waveform.js';
import { tableName, type Cell, type Table } from './tables.js';

export interface Section {
  bench: string;
  title: string;
  about: string;
  /** the JSON file the section shows (relative to the bench-out folder), or undefined when it is missing */
  file?: string;
  tables: Table[];
  plots: Plot[];
}

/** Rows shown per table; the rest are in the JSON. */
export const MAX_ROWS = 60;

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A number for reading: integers as they are, others to 4 significant digits (exact value in data-v). */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

function td(c: Cell): string {
  if (c === null) return '<td class="null" data-t="null">–</td>';
  if (typeof c === 'number') return `<td class="num" data-t="number" data-v="${esc(String(c))}">${esc(formatNumber(c))}</td>`;
  if (typeof c === 'boolean') return `<td data-t="boolean" data-v="${c}">${c ? 'yes' : 'no'}</td>`;
  return `<td data-t="string" data-v="${esc(c)}">${esc(c)}</td>`;
}

function table(t: Table, file: string): string {
  const shown = t.rows.slice(0, MAX_ROWS);
  const more = t.rows.length > shown.length ? `<p class="more">first ${shown.length} of ${t.rows.length} rows; all of them are in ${esc(file)}</p>` : '';
  return [
    `<figure class="table"><figcaption>${esc(tableName(t))}</figcaption>`,
    `<div class="scroll"><table data-file="${esc(file)}" data-path="${esc(JSON.stringify(t.path))}" data-kind="${t.kind}">`,
    `<thead><tr>${t.columns.map((c) => `<th data-key="${esc(c)}">${esc(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${shown.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n')}</tbody></table></div>${more}</figure>`,
  ].join('\n');
}

/** An SVG document made fit for inlining: no XML prolog; ids made unique on the page with a prefix. */
function inlineSvg(svg: string, prefix: string): string {
  const body = scopeStyles(svg.replace(/^<\?xml[^>]*>\s*/, ''), prefix);
  return body.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
}

/**
 * An inlined SVG's `<style>` rules hold for the whole page, not only for its own picture: netlistsvg's `svg {stroke:#000}`
 * and `text {font-weight:bold; font-family:monospace}` outlined every bar and legend swatch of every plot and set their
 * labels in bold Courier. Each rule is scoped to its own SVG: the root gets `data-scope`, `svg` selectors become
 * `svg[data-scope=…]` and every other selector is prefixed with it.
 */
export function scopeStyles(svg: string, scope: string): string {
  if (!/<style[\s>]/.test(svg)) return svg;
  const root = `svg[data-scope="${scope}"]`;
  const scoped = svg.replace(/<svg\b/, `<svg data-scope="${scope}"`);
  return scoped.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (_m, open: string, css: string, close: string) =>
    open +
    css.replace(/(^|\})([^{}@]+)\{/g, (_r, end: string, sels: string) => {
      const lead = /^\s*/.exec(sels)![0];
      const list = sels
        .split(',')
        .map((x) => x.trim())
        .map((x) => (/^svg\b/.test(x) ? x.replace(/^svg/, root) : `${root} ${x}`));
      return `${end}${lead}${list.join(', ')} {`;
    }) +
    close,
  );
}

function section(s: Section, n: number): string {
  const head = `<section id="bench-${esc(s.bench)}" data-bench="${esc(s.bench)}"><h2>${esc(s.title)} <small>(${esc(s.file ?? `${s.bench}.json`)})</small></h2><p>${esc(s.about)}</p>`;
  if (!s.file) return `${head}<p class="missing">No results yet: run <code>hwgen bench ${esc(s.bench)}</code> to write ${esc(s.bench)}.json.</p></section>`;
  const plots = s.plots.map((p, i) => `<figure class="plot" data-title="${esc(p.title)}">${inlineSvg(p.svg, `s${n}p${i}-`)}</figure>`).join('\n');
  return `${head}\n${plots}\n${s.tables.map((t) => table(t, s.file!)).join('\n')}</section>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{margin-bottom:0}h2{border-bottom:1px solid #ccc;margin-top:2em}h2 small{color:#777;font-weight:normal}
nav a{margin-right:1em}figure{margin:1em 0}figcaption{font-weight:bold;margin:.3em 0}
.scroll{overflow-x:auto;max-height:28em;overflow-y:auto}table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ddd;padding:2px 6px;white-space:nowrap}th{background:#f4f4f4;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}.missing{color:#a40}.more{color:#777;font-size:12px}
.plot svg,.schematic svg,.waveform svg{max-width:100%;height:auto}`;

/** The whole page. Same inputs, same bytes: nothing in it depends on the time or the machine. */
export function reportHtml(sections: readonly Section[], schematics: readonly Schematic[], schematicError?: string, waveform?: Waveform, tile?: TileWaveform): string {
  const nav = sections.map((s) => `<a href="#bench-${esc(s.bench)}">${esc(s.bench)}</a>`).join('');
  const figs = schematics.map(
    (x) =>
      `<figure class="schematic" data-top="${esc(x.top)}"><figcaption>${esc(x.title)}</figcaption><p>Yosys <code>prep</code> netlist of <code>${esc(x.top)}</code> (${x.cells} cells), drawn by netlistsvg.</p>${inlineSvg(x.svg, `sch-${x.top}-`)}</figure>`,
  );
  const sch = schematics.length
    ? `<section id="schematic"><h2>Schematics: the module each family repeats</h2><p>Each family's accelerator built from its configuration under configs/ with a few hardware sizes made small, and its repeated module (PE, lane, tile, array or line unit) drawn from the Yosys netlist.</p>\n${figs.join('\n')}</section>`
    : `<section id="schematic"><h2>Schematics</h2><p class="missing">No schematic: ${esc(schematicError ?? 'not drawn')}</p></section>`;
  const waves = [
    ...(tile ? [`<h3>A verified accelerator tile</h3><p>${esc(tile.title)}. The same simulator run was checked by the verify loop against the golden model (outputs bit for bit) and the cycle model (cycles and counters): ${tile.verified.pass ? 'pass' : 'FAIL'}.</p><figure class="waveform" data-what="tile">${inlineSvg(tile.svg, 'tile-')}</figure>`] : []),
    ...(waveform ? [`<h3>The dense MAC PE</h3><p>${esc(waveform.title)}; grey lines are the rising clock edges.</p><figure class="waveform" data-what="pe">${inlineSvg(waveform.svg, 'wave-')}</figure>`] : []),
  ];
  const wave = waves.length ? `<section id="waveform"><h2>Waveforms</h2>\n${waves.join('\n')}</section>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>hwgen report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CSS}</style></head>
<body><h1>hwgen report</h1><p>Every benchmark's figures from its JSON under bench-out/ (tables and plots), a schematic of each family's repeated module and a waveform.</p>
<nav>${nav}<a href="#schematic">schematic</a>${waveform ? '<a href="#waveform">waveform</a>' : ''}</nav>
${sections.map(section).join('\n')}
${sch}
${wave}
</body></html>
`;
}
