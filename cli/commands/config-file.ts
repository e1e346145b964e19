/**
 * Reading a configuration file for the CLI: the bytes are checked before they are parsed, so that what JSON.parse
 * would silently alter or what a recursive check would choke on is refused with one line naming the file:
 * bytes that are not UTF-8 (readFileSync would turn them into U+FFFD and a description would carry them on), and
 * nesting deeper than any configuration needs (a value nested thousands deep overflows the stack of the checks).
 * A UTF-8 byte order mark at the start is skipped. Then generators/registry.ts parseConfig checks the fields.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, displayPath, parseConfig, type LoadedConfig } from '../../generators/registry.js';

/** Deepest nesting of arrays and objects a configuration may have (they need 5: the file's object, workload, layers, a layer, its requant). */
export const MAX_DEPTH = 16;

/** The first problem of a configuration file's bytes, as a message without the file name, or undefined. */
export function textProblem(bytes: Uint8Array): string | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // find the offending byte for the message
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      let ok = n > 0 && i + n <= bytes.length;
      for (let k = 1; ok && k < n; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (ok && n > 1) ok = !new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i, i + n)).includes('\ufffd');
      if (!ok) return `byte ${i} (0x${b.toString(16).padStart(2, '0')}) is not UTF-8; save the file as UTF-8`;
      i += n;
    }
    return 'not UTF-8; save the file as UTF-8';
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep (at byte ${i}); a configuration nests at most 5 (workload.layers[i].requant)`;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** Check a configuration file's bytes, then parse and check it (parseConfig, as loadConfig does). Throws ConfigError with one line per problem. */
export function readConfig(file: string): LoadedConfig {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ConfigError([`${displayPath(file)}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const shown = displayPath(file);
  const p = textProblem(bytes);
  if (p) throw new ConfigError([`${shown}: ${p}`]);
  // a byte order mark (some Windows editors save one) is not JSON, but says nothing about the configuration: skip it
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${shown}: not valid JSON: ${(e as Error).message}`]);
  }
  return { ...parseConfig(raw, shown), file };
}
