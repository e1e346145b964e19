/**
 * Tables from a benchmark's JSON, whatever its shape: every array of records becomes a table (nested objects
 * flattened to dotted columns, short lists of scalars joined), and the scalars of every object a key/value table.
 * Each table keeps the path it came from, so its cells can be traced back to the JSON.
 */

export type Cell = string | number | boolean | null;

export interface Table {
  /** where in the JSON: the keys from the top level down ([] for the top level) */
  path: string[];
  /** dotted column keys, resolvable in each record ('key'/'value' for a key/value table) */
  columns: string[];
  rows: Cell[][];
  /** 'records': rows are the elements of the array at `path`; 'fields': rows are the scalar fields of the object at `path` */
  kind: 'records' | 'fields';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Cell => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A scalar, or a list of at most 16 scalars joined with ', ' (longer lists and lists of records are left out). */
function cellOf(v: Json): Cell | undefined {
  if (isScalar(v)) return v;
  if (Array.isArray(v) && v.length <= 16 && v.every(isScalar)) return v.map(String).join(', ');
  return undefined;
}

/** The flattened scalar leaves of a record: `{ a: 1, b: { c: 2 } }` gives a=1, b.c=2. */
function flatten(rec: Record<string, Json>, prefix = '', out = new Map<string, Cell>()): Map<string, Cell> {
  for (const [k, v] of Object.entries(rec)) {
    const key = prefix + k;
    if (isObject(v)) flatten(v, `${key}.`, out);
    else {
      const c = cellOf(v);
      if (c !== undefined) out.set(key, c);
    }
  }
  return out;
}

/** Every table of a benchmark's JSON, in document order. */
export function tablesOf(json: unknown): Table[] {
  const out: Table[] = [];
  const walk = (v: Json, path: string[]): void => {
    if (Array.isArray(v)) {
      if (v.length > 0 && v.every(isObject)) {
        const flat = v.map((r) => flatten(r));
        const columns: string[] = [];
        for (const f of flat) for (const k of f.keys()) if (!columns.includes(k)) columns.push(k);
        if (columns.length > 0) out.push({ path, kind: 'records', columns, rows: flat.map((f) => columns.map((c) => f.get(c) ?? null)) });
        // records' own lists of records (e.g. per-layer rows under each network) are left in the JSON
      }
      return;
    }
    if (!isObject(v)) return;
    const fields: Cell[][] = [];
    for (const [k, x] of Object.entries(v)) {
      const c = cellOf(x);
      if (c !== undefined) fields.push([k, c]);
    }
    if (fields.length > 0) out.push({ path, kind: 'fields', columns: ['key', 'value'], rows: fields });
    for (const [k, x] of Object.entries(v)) if (cellOf(x) === undefined) walk(x, [...path, k]);
  };
  walk(json as Json, []);
  return out;
}

/** The value at a table's path in the JSON (the inverse of how tablesOf found it). */
export function atPath(json: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), json);
}

/** A table's name for people: its path joined with ' / ', or 'summary' for the top level. */
export function tableName(t: Pick<Table, 'path'>): string {
  return t.path.length === 0 ? 'summary' : t.path.join(' / ');
}

/** A table as CSV (RFC 4180 quoting; numbers exactly as in the JSON, null as an empty field). */
export function tableCsv(t: Pick<Table, 'columns' | 'rows'>): string {
  const field = (c: Cell | string): string => {
    const v = c === null ? '' : String(c);
    return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `${[t.columns, ...t.rows].map((r) => r.map(field).join(',')).join('\n')}\n`;
}
