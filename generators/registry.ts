/**
 * The generator families hwgen knows, and loading a configuration file for one of them: JSON → the family's schema
 * (zod, strict) → the family's workload checks. Every error names the file, the field path, the value and what is
 * allowed: `dense.json: hw.rows: got 0, must be a positive integer (1..256)`. What a family is: generators/family.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AnyFamily } from './family.js';
import { denseFamily } from './dense/index.js';
import { zasFamily } from './zas/index.js';
import { linacFamily } from './linac/index.js';
import { predictFamily } from './predict/index.js';
import { crossbarFamily } from './crossbar/index.js';
import { insramFamily } from './insram/index.js';
import { fftFamily } from './fft/index.js';
import { expandWorkload, originalPath, specLabel } from './common/wildcard.js';
import { fdaFamily } from './fda/index.js';

export type { GeneratorFamily, AnyFamily, DumpArray, WorkloadEntry, VerifyLayerOptions } from './family.js';

export const families: readonly AnyFamily[] = [
  denseFamily as AnyFamily,
  zasFamily as AnyFamily,
  linacFamily as AnyFamily,
  insramFamily as AnyFamily,
  predictFamily as AnyFamily,
  crossbarFamily as AnyFamily,
  fftFamily as AnyFamily,
  fdaFamily as AnyFamily,
];

export function familyByName(name: string): AnyFamily | undefined {
  return families.find((f) => f.name === name);
}

/** The JSON Schema of a family's configuration (for editors: `"$schema": "./schema/<family>.schema.json"`). */
export function jsonSchemaOf(f: AnyFamily): Record<string, unknown> {
  return z.toJSONSchema(f.schema(), { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** A configuration file that does not load: one line per problem, each naming the file, field, value and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface LoadedConfig {
  file: string;
  family: AnyFamily;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config: any;
  /** layers a `"*"` workload entry named that this family cannot take, each with the reason (not verified) */
  skipped?: string[];
}

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function pathString(p: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const k of p)
    out += typeof k === 'number' ? `[${k}]` : !/^[A-Za-z_$][\w$]*$/.test(String(k)) ? `[${JSON.stringify(String(k))}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

function valueAt(input: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  let v = input;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Def = any;

/** A schema without its default, optional, nullable, prefault and pipe wrappers. */
function unwrapped(s: Def): Def {
  for (;;) {
    const d = s?._zod?.def;
    if (d && (d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'pipe')) s = d.innerType ?? d.in;
    else return s;
  }
}

/** The keys the object schema at `p` allows (through defaults, optionals, arrays and discriminated unions). */
export function allowedKeys(schema: z.ZodType, input: unknown, p: ReadonlyArray<PropertyKey>): string[] | undefined {
  let s: Def = schema;
  let v: unknown = input;
  const unwrap = () => {
    for (;;) {
      s = unwrapped(s);
      const d = s?._zod?.def;
      if (!d) return;
      if (d.type === 'union' && d.discriminator !== undefined) {
        const tag = (v as Record<string, unknown> | undefined)?.[d.discriminator];
        // the discriminator's literal, through a default (an option whose tag may be omitted)
        const tagOf = (o: Def): { values?: unknown[]; dflt: boolean } => {
          let t = o._zod.def.shape?.[d.discriminator];
          const dflt = t?._zod.def.type === 'default';
          while (t?._zod.def.innerType) t = t._zod.def.innerType;
          return { values: t?._zod.def.values, dflt };
        };
        s = d.options.find((o: Def) => (tag === undefined ? tagOf(o).dflt : tagOf(o).values?.includes(tag)));
        if (!s) return;
      } else if (d.type === 'union' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        // a plain union of objects: the option that knows most of the input's fields (the first on a tie)
        const shapeOf = (o: Def): Record<string, unknown> | undefined => {
          const t = unwrapped(o);
          return t?._zod?.def?.type === 'object' ? t._zod.def.shape : undefined;
        };
        const keys = Object.keys(v);
        let best: Def | undefined;
        let bestScore = -1;
        for (const o of d.options as Def[]) {
          const sh = shapeOf(o);
          if (!sh) continue;
          const score = keys.filter((k) => k in sh).length;
          if (score > bestScore) [best, bestScore] = [o, score];
        }
        if (!best) return;
        s = best;
      } else return;
    }
  };
  for (const k of p) {
    unwrap();
    const d = s?._zod?.def;
    if (!d) return undefined;
    if (d.type === 'object') s = d.shape[k as string];
    else if (d.type === 'array') s = d.element;
    else return undefined;
    v = (v as Record<PropertyKey, unknown> | undefined)?.[k];
  }
  unwrap();
  const d = s?._zod?.def;
  return d?.type === 'object' ? Object.keys(d.shape) : undefined;
}

/** One line per zod issue: `file: field.path: got <value>, must be <allowed>`. */
export function formatConfigIssues(file: string, schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const iss of issues) {
    const where = pathString(iss.path);
    const prefix = `${file}: ${where === '' ? '' : `${where}: `}`;
    if (iss.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, input, iss.path);
      for (const k of iss.keys)
        lines.push(`${file}: ${pathString([...iss.path, k])}: unknown field${allowed ? `; allowed fields here: ${allowed.join(', ')}` : ''}`);
      continue;
    }
    let must = iss.message;
    if (iss.code === 'invalid_type' && /^Invalid input/.test(must)) must = `of type ${iss.expected}`;
    const v = valueAt(input, iss.path);
    lines.push(`${prefix}${v === undefined ? 'missing' : `got ${showValue(v)}`}, must be ${must}`);
  }
  return lines;
}

/** Parse and check a configuration held in memory (`file` only names it in messages). */
export function parseConfig(raw: unknown, file: string): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError([`${file}: got ${showValue(raw)}, must be a JSON object`]);
  const gen = (raw as Record<string, unknown>).generator;
  const family = typeof gen === 'string' ? familyByName(gen) : undefined;
  if (!family)
    throw new ConfigError([`${file}: generator: got ${showValue(gen)}, must be one of ${families.map((f) => JSON.stringify(f.name)).join(', ')}`]);
  const schema = family.schema();
  const { raw: expanded, origin } = expandWorkload(raw);
  const r = schema.safeParse(expanded);
  if (!r.success)
    throw new ConfigError(formatConfigIssues(file, schema, raw, r.error.issues.map((iss) => ({ ...iss, path: originalPath(iss.path, origin) }))));
  const problems = family.check(r.data);
  // an expanded "*" layer the family cannot take is skipped (every layer it accepts was asked for); others are errors
  const entry = (p: string): number | undefined => {
    const m = /^workload\.layers\[(\d+)\]/.exec(p);
    return m ? Number(m[1]) : undefined;
  };
  const skip = new Set<number>();
  const skipped: string[] = [];
  const errors: string[] = [];
  for (const [p, m] of problems) {
    const k = entry(p);
    if (k !== undefined && origin[k]?.wildcard) {
      skip.add(k);
      skipped.push(`${specLabel(r.data.workload.layers[k])}: ${m}`);
    } else errors.push(`${file}: ${k !== undefined && origin[k] ? p.replace(/^workload\.layers\[\d+\]/, `workload.layers[${origin[k]!.index}]`) : p}: ${m}`);
  }
  if (errors.length) throw new ConfigError(errors);
  if (skip.size === 0) return { file, family, config: r.data };
  const config = { ...r.data, workload: { ...r.data.workload, layers: r.data.workload.layers.filter((_: unknown, i: number) => !skip.has(i)) } };
  return { file, family, config, skipped };
}

/** Read, parse and check a configuration file. */
export function loadConfig(file: string): LoadedConfig {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${shown}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${shown}: not valid JSON: ${(e as Error).message}`]);
  }
  const loaded = parseConfig(raw, shown);
  return { ...loaded, file };
}
