/**
 * The report page rendered from a small bench-out folder and opened in headless Chromium: every plot and the schematic
 * are there and drawn, the page asks for nothing over the network and logs no error; and every number in its tables
 * equals the bench JSON it came from (resolved here, independently of the report's own table extraction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReport, type ReportResult } from '../../report/index.js';
import { FIXTURE, writeFixture } from './fixture.js';
import { readVcd } from '../../report/waveform.js';
import { PE_SCHEMATICS } from '../../report/pe-schematics.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** An SVG file's own size from its root element (width/height, else its viewBox). */
function svgSize(file: string): { w: number; h: number } {
  const root = /<svg\b[^>]*>/.exec(readFileSync(file, 'utf8'))![0];
  const w = Number(/\bwidth="([\d.]+)/.exec(root)?.[1] ?? /viewBox="[\d.-]+ [\d.-]+ ([\d.]+)/.exec(root)![1]);
  const h = Number(/\bheight="([\d.]+)/.exec(root)?.[1] ?? /viewBox="[\d.-]+ [\d.-]+ [\d.]+ ([\d.]+)/.exec(root)![1]);
  return { w, h };
}

interface PageCell { t: string; v: string | null; text: string }
interface PageTable { file: string; path: string[]; kind: string; keys: string[]; rows: PageCell[][] }

let dir: string;
let report: ReportResult;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-report-'));
  writeFixture(path.join(dir, 'bench-out'));
  report = await writeReport({ benchOut: path.join(dir, 'bench-out'), out: path.join(dir, 'out') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(pathToFileURL(report.file).href, { waitUntil: 'load' });
  // with an empty build cache the schematics' layouts take ~15 s of CPU (cached by netlist after that)
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hwgen report in headless Chromium', () => {
  it('draws every plot and the schematic, asks for nothing over the network, logs no error; screenshot', async () => {
    const figures = await page.$$eval('figure.plot, figure.schematic', (els) =>
      els.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          kind: f.className,
          section: f.closest('section')?.id ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('path, rect, circle, line, text').length : 0,
          painted: svg ? Array.from(svg.querySelectorAll('path')).filter((p) => (p.getAttribute('d') ?? '').length > 2).length : 0,
        };
      }),
    );
    const plots = figures.filter((f) => f.kind === 'plot');
    // one plot per section that has JSON at least, and the ZAS sparsity plot besides its tables' plots
    // every section with JSON has a plot per records table; ZAS, PPA, LINAC and SVD their comparison plots besides
    const atLeast = { 'bench-zas': 2, 'bench-ppa': 3, 'bench-linac': 2, 'bench-svd': 2, 'bench-sim': 1 };
    for (const [s, n] of Object.entries(atLeast)) expect(plots.filter((p) => p.section === s).length, s).toBeGreaterThanOrEqual(n);
    expect(await page.$$eval('figure.plot', (fs) => fs.map((f) => f.textContent ?? '').filter((t) => t.includes('paper: 7.29×') && t.includes('1/(1−s)')).length)).toBe(1);
    expect(plots.length).toBe(report.sections.reduce((n, s) => n + s.plots.length, 0));
    for (const f of figures) {
      expect(f.width, `${f.section} ${f.kind}`).toBeGreaterThan(100);
      expect(f.height, `${f.section} ${f.kind}`).toBeGreaterThan(50);
      expect(f.painted, `${f.section} ${f.kind}`).toBeGreaterThan(3);
    }
    const tile = await page.$eval('figure.waveform[data-what="tile"] svg', (svg) => ({ w: svg.getBoundingClientRect().width, paths: svg.querySelectorAll('path').length, text: svg.textContent ?? '' }));
    expect(tile.w).toBeGreaterThan(300);
    expect(tile.paths).toBeGreaterThan(40);
    for (const n of ['kcnt[15:0]', 'pe_0_0_res[31:0]', 'start']) expect(tile.text).toContain(n);
    const wave = await page.$eval('figure.waveform[data-what="pe"] svg', (svg) => ({ w: svg.getBoundingClientRect().width, paths: svg.querySelectorAll('path').length, text: svg.textContent ?? '' }));
    expect(wave.w).toBeGreaterThan(300);
    expect(wave.paths).toBeGreaterThan(20);
    expect(wave.text).toContain('res[23:0]');
    // one schematic per family, each its module's drawing with that module's own port names on it
    const schematic = await page.$$eval('figure.schematic', (fs) => fs.map((f) => ({ top: f.getAttribute('data-top'), text: f.querySelector('svg')?.textContent ?? '' })));
    expect(schematic.map((x) => x.top)).toEqual(PE_SCHEMATICS.map((x) => x.module));
    const ports: Record<string, string> = { dense_pe: 'a_in', zas_pe: 'acc_buf', eb_lane_f: 'step', predict_pe: 'use_queue', xbar_tile: 'prog_level', insram_array: 'ld_xin', fft_line: 'in_valid' };
    for (const x of schematic) expect(x.text, x.top!).toContain(ports[x.top!]);
    for (const f of figures.filter((f) => f.kind === 'schematic')) expect(f.marks, f.section).toBeGreaterThan(20);
    for (const x of report.schematics) expect(x.cells, x.top).toBeGreaterThan(10);

    expect(requests).toEqual([pathToFileURL(report.file).href]);
    expect(consoleErrors).toEqual([]);
    const png = await page.screenshot({ fullPage: true, path: path.join(dir, 'out', 'report.png') });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('keeps each inlined SVG\'s style sheet to that SVG: the schematic\'s bold monospace text and black strokes reach no plot', async () => {
    const style = (sel: string) =>
      page.$eval(sel, (e) => {
        const c = getComputedStyle(e);
        return { weight: c.fontWeight, family: c.fontFamily, stroke: c.stroke };
      });
    // netlistsvg's sheet: svg {stroke:#000; fill:none} text {font-weight:bold; font-family:"Courier New", monospace}
    const sch = await style('figure.schematic svg text');
    expect(sch.weight).toBe('700');
    expect(sch.family).toMatch(/monospace/);
    const label = await style('figure.plot svg .role-axis-label text');
    expect(label.weight).not.toBe('700');
    expect(label.family).not.toMatch(/courier|monospace/i);
    const bar = await page.$eval('figure.plot svg', (svg) => getComputedStyle(svg).stroke);
    expect(bar).toBe('none');
  });

  it('names the command for a benchmark with no JSON', async () => {
    const fft = await page.$eval('#bench-fft', (s) => s.textContent ?? '');
    expect(fft).toContain('hwgen bench fft');
    expect(report.missing).toContain('fft');
    expect(report.missing).not.toContain('zas');
  });

  it('every number in the tables equals the bench JSON', async () => {
    const tables: PageTable[] = await page.$$eval('table[data-file]', (els) =>
      els.map((t) => ({
        file: t.getAttribute('data-file')!,
        path: JSON.parse(t.getAttribute('data-path')!) as string[],
        kind: t.getAttribute('data-kind')!,
        keys: Array.from(t.querySelectorAll('th')).map((th) => th.getAttribute('data-key')!),
        rows: Array.from(t.querySelectorAll('tbody tr')).map((tr) =>
          Array.from(tr.querySelectorAll('td')).map((td) => ({ t: td.getAttribute('data-t')!, v: td.getAttribute('data-v'), text: td.textContent ?? '' })),
        ),
      })),
    );
    const down = (v: unknown, keys: readonly string[]): unknown => keys.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], v);
    const expectCell = (c: PageCell, want: unknown, where: string) => {
      if (Array.isArray(want)) want = want.join(', ');
      if (typeof want === 'number') {
        expect(c.t, where).toBe('number');
        expect(Number(c.v), where).toBe(want);
        // the text a person reads is the same number to 4 significant digits
        expect(Math.abs(Number(c.text) - want), `${where}: '${c.text}'`).toBeLessThanOrEqual(Math.abs(want) * 5e-4);
      } else if (typeof want === 'boolean') expect(c.v, where).toBe(String(want));
      else expect(c.v, where).toBe(want);
    };
    let numbers = 0;
    for (const t of tables) {
      const json = FIXTURE[t.file.replace(/\.json$/, '')];
      const at = down(json, t.path);
      if (t.kind === 'records') {
        expect(Array.isArray(at), t.path.join('/')).toBe(true);
        const recs = at as unknown[];
        expect(t.rows.length).toBe(recs.length);
        t.rows.forEach((r, i) => r.forEach((c, j) => expectCell(c, down(recs[i], t.keys[j]!.split('.')), `${t.file} ${t.path.join('/')}[${i}].${t.keys[j]}`)));
      } else {
        for (const r of t.rows) expectCell(r[1]!, down(at, [r[0]!.v!]), `${t.file} ${t.path.join('/')}.${r[0]!.v}`);
      }
      numbers += t.rows.flat().filter((c) => c.t === 'number').length;
    }
    // every array of records in the fixture has its table, and every number of it is in the page
    const countNumbers = (v: unknown): number =>
      typeof v === 'number' ? 1 : v && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + countNumbers(x), 0) : 0;
    const runs = (FIXTURE.sim as { results: Array<{ runsMs: number[] }> }).results.map((r) => r.runsMs.length).reduce((a, b) => a + b);
    // list cells (runsMs) are joined text, not numbers
    expect(numbers).toBe(Object.values(FIXTURE).reduce<number>((n, j) => n + countNumbers(j), 0) - runs);
    for (const [name, json] of Object.entries(FIXTURE))
      for (const [k, v] of Object.entries(json as Record<string, unknown>))
        if (Array.isArray(v)) expect(tables.some((t) => t.file === `${name}.json` && t.path.join('/') === k), `${name}.${k}`).toBe(true);
  });

  it('writes every table as CSV with the JSON numbers', () => {
    const csv = readFileSync(path.join(dir, 'out', 'data', 'zas-2-vgg16.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    const recs = (FIXTURE.zas as { vgg16: Array<Record<string, number | string>> }).vgg16;
    expect(csv[0]).toEqual(Object.keys(recs[0]!));
    expect(csv.slice(1).map((r) => r.map((c, j) => (typeof recs[0]![csv[0]![j]!] === 'number' ? Number(c) : c)))).toEqual(recs.map((r) => Object.values(r)));
  });

  it('writes a PNG copy of every figure, twice its SVG size (capped), drawn (not blank)', async () => {
    const figs = path.join(dir, 'out', 'figures');
    const svgs = readdirSync(figs).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(report.sections.reduce((n, s) => n + s.plots.length, 0) + PE_SCHEMATICS.length + 2);
    for (const f of svgs) {
      const png = readFileSync(path.join(figs, f.replace(/\.svg$/, '.png')));
      expect(png.subarray(1, 4).toString('latin1'), f).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20; the SVG's own size from its root element
      const { w, h } = svgSize(path.join(figs, f));
      expect(png.readUInt32BE(16), f).toBe(Math.round(Math.min(2, 2400 / Math.max(w, h)) * w));
      expect(png.readUInt32BE(20), f).toBeGreaterThan(50);
    }
    // the PNG is drawn: opened in the browser, it has dark pixels (axes, text), not only the white background
    const dark = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! + d[i + 1]! + d[i + 2]! < 300) n++;
      return n;
    }, `data:image/png;base64,${readFileSync(path.join(figs, 'zas-1.png')).toString('base64')}`);
    expect(dark).toBeGreaterThan(500);
  });

  it('cuts a figure too tall to read at the 2,400 px cap into parts at 1.25× that cover it, each at most 2,400 px', () => {
    const figs = path.join(dir, 'out', 'figures');
    const files = readdirSync(figs);
    let cut = 0;
    for (const f of files.filter((x) => x.endsWith('.svg'))) {
      const { w, h } = svgSize(path.join(figs, f));
      const base = f.slice(0, -4);
      const parts = files.filter((x) => x.startsWith(`${base}-part-`) && x.endsWith('.png'));
      if (2400 / Math.max(w, h) >= 1) {
        expect(parts, f).toEqual([]);
        continue;
      }
      cut++;
      const dims = new Map(parts.map((p) => {
        const png = readFileSync(path.join(figs, p));
        const [, r, c] = /-part-(\d+)-(\d+)\.png$/.exec(p)!;
        return [`${r},${c}`, { w: png.readUInt32BE(16), h: png.readUInt32BE(20) }];
      }));
      // resvg sizes a drawing in whole units (8969.5 → 8970)
      const pw = Math.ceil(Math.ceil(w) * 1.25);
      const ph = Math.ceil(Math.ceil(h) * 1.25);
      const rows = Math.ceil(ph / 2400);
      const cols = Math.ceil(pw / 2400);
      expect(dims.size, f).toBe(rows * cols);
      for (const d of dims.values()) expect(Math.max(d.w, d.h), f).toBeLessThanOrEqual(2400);
      // the parts of a row are as wide as the drawing at 1.25×, those of a column as tall
      let across = 0;
      for (let c = 1; c <= cols; c++) across += dims.get(`1,${c}`)!.w;
      let down = 0;
      for (let r = 1; r <= rows; r++) down += dims.get(`${r},1`)!.h;
      expect(across, f).toBe(pw);
      expect(down, f).toBe(ph);
    }
    // the fixture's schematics include tall ones (the ZAS PE is about 2,700 × 13,800 SVG units)
    expect(cut).toBeGreaterThan(0);
    expect(files).toContain('schematic-zas_pe-part-1-1.png');
  });

  it('writes the same bytes for the same inputs', async () => {
    const again = await writeReport({ benchOut: path.join(dir, 'bench-out'), out: path.join(dir, 'again') });
    expect(readFileSync(again.file, 'utf8')).toBe(readFileSync(report.file, 'utf8'));
    for (const f of ['zas-1.svg', 'zas-1.png', 'ppa-2.png', 'schematic-dense_pe.png', 'schematic-zas_pe.svg', 'schematic-zas_pe-part-2-1.png'])
      expect(readFileSync(path.join(dir, 'again', 'figures', f)).equals(readFileSync(path.join(dir, 'out', 'figures', f))), f).toBe(true);
  });
});

describe('waveforms', () => {
  it('reads a VCD: top-scope variables at every time step', () => {
    const vcd = '$timescale 1ns $end\n$scope module top $end\n$var wire 1 ! clk $end\n$var wire 4 " q $end\n$scope module sub $end\n$var wire 1 # x $end\n$upscope $end\n$upscope $end\n$enddefinitions $end\n#0\n0!\nb0 "\n1#\n#1\n1!\n#2\n0!\nb1010 "\n#3\n1!\n';
    expect(readVcd(vcd)).toEqual([
      { name: 'clk', width: 1, values: [0n, 1n, 0n, 1n] },
      { name: 'q', width: 4, values: [0n, 0n, 10n, 10n] },
    ]);
  });

  it('draws a tile the verify loop passed, from that run\'s VCD', () => {
    const t = report.tileWaveform!;
    expect(t.verified.pass).toBe(true);
    expect(t.verified.tiles).toBe(1);
    expect(t.verified.rtlCycles).toBe(t.verified.modelCycles);
    // the controller's K counter moves and PE (0, 0) gets operands within the drawn cycles
    const sig = (n: string) => t.signals.find((s) => s.name === n)!;
    expect(new Set(sig('kcnt').values).size).toBeGreaterThan(5);
    expect(sig('pe_0_0_w_in').values.some((v) => v !== 0n)).toBe(true);
    expect(sig('clk').values).toHaveLength(88);
  });

  it('shows the two dot products of its stimulus in res', () => {
    const w = report.waveform!;
    const res = w.signals.find((s) => s.name === 'res')!;
    // the stimulus: (3·7 + 250·(−3) + 17·100) then (5·(−128) + 128·2 + 9·45), in a 24-bit two's complement accumulator
    const dots = [3 * 7 + 250 * -3 + 17 * 100, 5 * -128 + 128 * 2 + 9 * 45].map((d) => BigInt.asUintN(24, BigInt(d)));
    expect([...new Set(res.values)]).toEqual([0n, ...dots]);
    expect(w.signals.map((s) => s.name)).toEqual(['clk', 'rst', 'first_in', 'a_in', 'w_in', 'prod', 'acc', 'res']);
  });
});

it('a bench JSON that does not parse is named, with the command that rewrites it', async () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'hwgen-report-bad-'));
  try {
    writeFileSync(path.join(d, 'zas.json'), '{"vgg16": [');
    await expect(writeReport({ benchOut: d, out: path.join(d, 'out'), schematic: false })).rejects.toThrow(/zas\.json: not valid JSON.*hwgen bench zas/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
