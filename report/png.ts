/**
 * PNG copies of the report's figures, for papers and slides: each SVG rasterised by resvg (@resvg/resvg-js, the
 * resvg renderer's prebuilt native binding) at twice its size, or smaller when that would pass PNG_MAX_SIDE pixels
 * (the large schematics), text in the system's fonts. Same SVG and fonts, same bytes.
 */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

/** How many pixels per SVG unit: 2 gives slide-sharp plots. */
export const PNG_ZOOM = 2;
/** The longest side of a PNG copy, in pixels. */
export const PNG_MAX_SIDE = 2400;

const FONT: ResvgRenderOptions['font'] = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' };

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
