/**
 * Source locations for tests: `here()` gives the `file:line` of the line that calls it (relative to the working
 * directory, as the DSL prints it), so expected error locators are computed, never copied from output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;

/** `file:line` of the caller's line, plus `offset` lines (here(1): the next line). */
export function here(offset = 0): string {
  const lines = (new Error().stack ?? '').split('\n');
  // lines[0] = 'Error', lines[1] = this function, lines[2] = the caller
  const m = FRAME.exec(lines[2]!.trim());
  if (!m) throw new Error(`here(): cannot parse stack frame '${lines[2]}'`);
  let file = m[1]!;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  return `${path.relative(process.cwd(), file)}:${Number(m[2]) + offset}`;
}

/** The text of the source line a `file:line` locator points at (to check a locator names the right statement). */
export function sourceLine(loc: string): string {
  const i = loc.lastIndexOf(':');
  const file = path.resolve(process.cwd(), loc.slice(0, i));
  return readFileSync(file, 'utf8').split('\n')[Number(loc.slice(i + 1)) - 1] ?? '';
}
