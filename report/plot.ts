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

/** Titles longer than this are drawn as a heading and a subtitle. */
const TITLE_CHARS = 72;

/**
 * A long title ending in a parenthesis (what the plot holds equal, its conditions) as a heading, the text before that
 * parenthesis, and a subtitle, the parenthesis (a long one a line per clause, split at '; '); a short title or one
 * without as it is.
 */
export function splitTitle(t: string): string | { text: string; subtitle: string[] } {
  if (t.length <= TITLE_CHARS || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] === ')') depth++;
    else if (t[i] === '(' && --depth === 0) {
      const inner = t.slice(i + 1, -1);
      return i > 0 ? { text: t.slice(0, i).trimEnd(), subtitle: inner.length <= TITLE_CHARS ? [inner] : inner.split('; ') } : t;
    }
  }
  return t;
}

/** Render a Vega-Lite spec to an SVG document. Same spec, same bytes. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const title = (spec as { title?: unknown }).title;
  const vg = compile(typeof title === 'string' ? ({ ...spec, title: splitTitle(title) } as PlotSpec) : spec).spec;
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
