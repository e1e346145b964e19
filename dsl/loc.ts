/**
 * Source locations: the designer's own `file:line`, found by walking the call stack past every frame inside the
 * library (dsl/), so that errors and Verilog locator comments never point into hwgen itself.
 */
import { relative, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const DSL_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
let enabled = process.env.HWGEN_NO_LOCS !== '1';
/** Extra path prefixes treated as library code (a generator's helper library can register itself). */
const libraryDirs: string[] = [DSL_DIR];

export function setLocCapture(on: boolean): void {
  enabled = on;
}

/** Treat frames in `dir` as library frames too (their callers are reported instead). */
export function registerLibraryDir(dir: string): void {
  libraryDirs.push(dir.endsWith(sep) ? dir : dir + sep);
}

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;

/** `file:line` of the first stack frame outside the library, relative to the working directory. */
export function userLoc(): string | undefined {
  if (!enabled) return undefined;
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 24;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = saved;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = FRAME.exec(lines[i]!.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) continue;
    if (libraryDirs.some((d) => file.startsWith(d))) continue;
    return `${relative(process.cwd(), file)}:${m[2]}`;
  }
  return undefined;
}
