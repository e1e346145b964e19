/**
 * Reading a Liberty (.lib) file: each cell's area, whether it is sequential, and the library's units. Enough for area
 * reports and cross-checks; timing is OpenSTA's business.
 */
import { readFileSync } from 'node:fs';

export interface LibertyCell {
  name: string;
  /** µm² for the OSU library (the library's area unit) */
  area: number;
  /** has an ff/latch group */
  sequential: boolean;
}

export interface Liberty {
  name: string;
  cells: Map<string, LibertyCell>;
  /** the `time_unit` attribute, e.g. "1ns" */
  timeUnit: string;
  /** nominal supply voltage (V) */
  voltage: number | undefined;
}

/** Parse the cell groups of a Liberty text (cell names, `area`, `ff`/`latch`). */
export function parseLiberty(text: string): Liberty {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const cells = new Map<string, LibertyCell>();
  const cellRe = /\bcell\s*\(\s*"?([A-Za-z0-9_$]+)"?\s*\)\s*\{/g;
  const starts = [...noComments.matchAll(cellRe)];
  starts.forEach((m, i) => {
    const body = noComments.slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1]!.index : noComments.length);
    const area = /\barea\s*:\s*([0-9.eE+-]+)\s*;/.exec(body);
    cells.set(m[1]!, { name: m[1]!, area: area ? Number(area[1]) : 0, sequential: /\b(ff|latch)\s*\(/.test(body) });
  });
  const lib = /\blibrary\s*\(\s*"?([^")\s]+)"?\s*\)/.exec(noComments);
  const tu = /\btime_unit\s*:\s*"([^"]+)"/.exec(noComments);
  const v = /\bnom_voltage\s*:\s*([0-9.]+)/.exec(noComments);
  return { name: lib?.[1] ?? '?', cells, timeUnit: tu?.[1] ?? '1ns', voltage: v ? Number(v[1]) : undefined };
}

const cache = new Map<string, Liberty>();

/** Read and parse a Liberty file (memoised per path). */
export function readLiberty(file: string): Liberty {
  let l = cache.get(file);
  if (!l) {
    l = parseLiberty(readFileSync(file, 'utf8'));
    cache.set(file, l);
  }
  return l;
}
