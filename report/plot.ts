/**
 * Plots: a Vega-Lite specification compiled to Vega and rendered to SVG in Node (no browser, no canvas: Vega's SVG
 * string renderer), with no data loaded from outside the spec.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type PlotSpec = TopLevelSpec;

export interface Plot {
  /** what the plot shows, with what the baseline holds equal */
  title: string;
  svg: string;
}

/** Render a Vega-Lite spec to an SVG document. Same spec, same bytes. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const vg = compile(spec).spec;
  // a loader that refuses everything: every datum is inline in the spec
  const loader = vega.loader();
  loader.load = (uri: string) => Promise.reject(new Error(`plot: refusing to load '${uri}': data must be inline`));
  const view = new vega.View(vega.parse(vg), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
