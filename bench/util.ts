/** Shared helpers for the benchmarks: medians, table printing, JSON results under bench-out/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Render a table: header, a rule, rows; numeric columns right-aligned. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [header.map(String), ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,]+$/.test(String(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function printTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  console.log(formatTable(header, rows));
}

/** Folder of benchmark results (bench-out/ in the working directory, or $HWGEN_BENCH_OUT). */
export function benchOutDir(): string {
  return path.resolve(process.env.HWGEN_BENCH_OUT ?? 'bench-out');
}

/** Write `bench-out/<name>.json` and return its path. */
export function writeBenchJson(name: string, data: unknown): string {
  const dir = benchOutDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Milliseconds with sensible precision. */
export function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** A report bench's result: its tables (with notes) and the JSON it writes. */
export interface BenchReport {
  tables: ReadonlyArray<{ title: string; header: readonly string[]; rows: ReadonlyArray<ReadonlyArray<string | number>>; notes?: readonly string[] }>;
  json: unknown;
}

/** The usual options of a report bench from its arguments: `--no-rtl` (cycle model only), `--no-cells` (no Yosys). */
export function reportOptions(args: readonly string[]): { rtl: boolean; cells: boolean; log: (m: string) => void } {
  const rtl = !args.includes('--no-rtl');
  return { rtl, cells: rtl && !args.includes('--no-cells'), log: (m) => console.error(m) };
}

/** Print every table with its notes and write `bench-out/<name>.json`. */
export function printReport(name: string, res: BenchReport): void {
  for (const t of res.tables) {
    console.log(`\n${t.title}`);
    printTable(t.header, t.rows);
    for (const n of t.notes ?? []) console.log(`  - ${n}`);
  }
  console.log(`\nwrote ${writeBenchJson(name, res.json)}`);
}
