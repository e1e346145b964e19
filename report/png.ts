/**
 * PNG copies of the report's figures, for papers and slides: each SVG rasterised by resvg (@resvg/resvg-js, the
 * resvg renderer's prebuilt native binding) at twice its size, text in the system's fonts. Same SVG and fonts, same bytes.
 */
import { Resvg } from '@resvg/resvg-js';

/** How many pixels per SVG unit: 2 gives slide-sharp figures. */
export const PNG_ZOOM = 2;

/** One SVG document as PNG bytes, on a white background (the report's page colour). */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' },
  });
  return r.render().asPng();
}
