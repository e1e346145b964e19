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

function isLibrary(file: string): boolean {
  return file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`) || libraryDirs.some((d) => file.startsWith(d));
}

function toPath(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

/** The slow, source-mapped way: format a stack and take the first frame outside the library. */
function mappedLoc(): string | undefined {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 32;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = saved;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = FRAME.exec(lines[i]!.trim());
    if (!m) continue;
    const file = toPath(m[1]!);
    if (isLibrary(file)) continue;
    return `${relative(process.cwd(), file)}:${m[2]}`;
  }
  return undefined;
}

/** Raw call-site position -> mapped `file:line`. Call sites repeat (loops), so formatting a stack is rare. */
const cache = new Map<string, string | undefined>();
const rawSites = (_e: Error, cs: NodeJS.CallSite[]): NodeJS.CallSite[] => cs;

const libraryFile = new Map<string, boolean>();
function isLibraryRaw(f: string): boolean {
  let r = libraryFile.get(f);
  if (r === undefined) libraryFile.set(f, (r = isLibrary(toPath(f))));
  return r;
}

function sitesFrom(limit: number): NodeJS.CallSite[] {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = rawSites;
  Error.stackTraceLimit = limit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, sitesFrom);
  const sites = holder.stack ?? [];
  Error.prepareStackTrace = savedPrepare;
  Error.stackTraceLimit = savedLimit;
  return sites;
}

/** `file:line` of the first stack frame outside the library, relative to the working directory. */
export function userLoc(): string | undefined {
  if (!enabled) return undefined;
  // Most calls come straight from the designer's code: look at a few frames first, the whole stack only if needed.
  for (const limit of [6, 64]) {
    for (const c of sitesFrom(limit)) {
      const f = c.getFileName();
      if (!f || isLibraryRaw(f)) continue;
      const key = `${f}:${c.getLineNumber()}:${c.getColumnNumber()}`;
      let loc = cache.get(key);
      if (loc === undefined && !cache.has(key)) cache.set(key, (loc = mappedLoc()));
      return loc;
    }
  }
  return undefined;
}
