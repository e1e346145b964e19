/**
 * PNG copies of the report's figures, for papers and slides: each SVG rasterised by resvg (@resvg/resvg-js, the
 * resvg renderer's prebuilt native binding) at twice its size, or smaller when that would pass PNG_MAX_SIDE pixels
 * (the large schematics), text in the system's fonts. A figure whose capped copy would be drawn below PNG_TILE_MIN (a
 * tall schematic: 10 px labels at 2–6 px) is also cut into tiles of at most PNG_MAX_SIDE pixels drawn at
 * PNG_TILE_ZOOM, where the labels can be read. Same SVG and fonts, same bytes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { cachedBuild, hashParts } from '../sim/cache.ts';

/** How many pixels per SVG unit: 2 gives slide-sharp plots. */
export const PNG_ZOOM = 2;
/** The longest side of a PNG copy, in pixels. */
export const PNG_MAX_SIDE = 2400;

const FONT: ResvgRenderOptions['font'] = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' };

/** The zoom of the tiles of a figure too big to be read whole: netlistsvg's 10 px labels at 12.5 px. */
export const PNG_TILE_ZOOM = 1.25;
/** Below this capped zoom (labels smaller than the SVG's own) a figure is also cut into tiles. */
export const PNG_TILE_MIN = 1;

/** The zoom a figure of w × h SVG units is drawn at. */
export function pngZoom(w: number, h: number): number {
  return Math.min(PNG_ZOOM, PNG_MAX_SIDE / Math.max(w, h, 1));
}

/** One SVG document as PNG bytes, on a white background (the report's page colour). */
export function svgToPng(svg: string): Buffer {
  const size = new Resvg(svg, { font: { loadSystemFonts: false } });
  const zoom = pngZoom(size.width, size.height);
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, background: 'white', font: FONT }).render().asPng();
}

/** One tile of a figure's PNG: row and column in the grid (from 0), its pixel box in the whole drawing at PNG_TILE_ZOOM. */
export interface PngTile {
  row: number;
  col: number;
  x: number;
  y: number;
  width: number;
  height: number;
  png: Buffer;
}

/**
 * A figure too big to read in one PNG of PNG_MAX_SIDE pixels (its capped zoom below PNG_TILE_MIN) as a grid of
 * tiles drawn at PNG_TILE_ZOOM, row by row, each at most PNG_MAX_SIDE pixels a side; no tiles for a figure whose whole
 * PNG is readable. Each tile is the SVG inside an outer <svg> whose viewBox is the tile's region.
 */
export function svgToPngTiles(svg: string): PngTile[] {
  const size = new Resvg(svg, { font: { loadSystemFonts: false } });
  const w = size.width;
  const h = size.height;
  if (pngZoom(w, h) >= PNG_TILE_MIN) return [];
  const root = /<svg\b[^>]*>/.exec(svg);
  if (!root) throw new Error('png: no <svg> root element in the figure');
  // the inner drawing at its own size in the outer user units, whatever its root said
  const inner = svg.slice(root.index + root[0].length);
  const innerRoot = root[0].replace(/\s(width|height)="[^"]*"/g, '').replace(/^<svg\b/, `<svg x="0" y="0" width="${w}" height="${h}"`);
  const pw = Math.ceil(w * PNG_TILE_ZOOM);
  const ph = Math.ceil(h * PNG_TILE_ZOOM);
  // as many tiles as the cap needs, of equal size (the last row and column take the rounding)
  const cuts = (n: number) => {
    const k = Math.ceil(n / PNG_MAX_SIDE);
    return Array.from({ length: k + 1 }, (_, i) => Math.round((i * n) / k));
  };
  const xs = cuts(pw);
  const ys = cuts(ph);
  const u = (v: number) => v / PNG_TILE_ZOOM;
  const tiles: PngTile[] = [];
  for (let row = 0; row + 1 < ys.length; row++)
    for (let col = 0; col + 1 < xs.length; col++) {
      const x = xs[col]!;
      const y = ys[row]!;
      const tw = xs[col + 1]! - x;
      const th = ys[row + 1]! - y;
      // the outer size in pixels, its viewBox in the drawing's units: exactly tw × th pixels at PNG_TILE_ZOOM
      const outer = `<svg xmlns="http://www.w3.org/2000/svg" width="${tw}" height="${th}" viewBox="${u(x)} ${u(y)} ${u(tw)} ${u(th)}">${innerRoot}${inner}</svg>`;
      const png = new Resvg(outer, { background: 'white', font: FONT }).render().asPng();
      tiles.push({ row, col, x, y, width: tw, height: th, png });
    }
  return tiles;
}

/**
 * {@link svgToPngTiles} kept in the build cache under the hash of the SVG, the zooms, the cap and resvg-js's version
 * (a tall schematic's tiles take seconds each): the same figure gives the same tiles, drawn once.
 */
export async function cachedPngTiles(svg: string): Promise<Array<Pick<PngTile, 'row' | 'col' | 'png'>>> {
  const version = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-js/package.json'), 'utf8')) as { version: string }).version;
  const entry = await cachedBuild('png-tiles', hashParts(['resvg-js', 'v2', version, String(PNG_TILE_ZOOM), String(PNG_TILE_MIN), String(PNG_MAX_SIDE), svg]), async (dir) => {
    for (const t of svgToPngTiles(svg)) writeFileSync(path.join(dir, `tile-${t.row}-${t.col}.png`), t.png);
  });
  return readdirSync(entry.dir)
    .map((f) => /^tile-(\d+)-(\d+)\.png$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ row: Number(m[1]), col: Number(m[2]), png: readFileSync(path.join(entry.dir, m[0])) }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
}
