/**
 * The generator families hwgen knows (dense, zas, linac), and loading a configuration file for one of them:
 * JSON → the family's schema (zod, strict) → the family's workload checks. Every error names the file, the field
 * path, the value and what is allowed: `dense.json: hw.rows: got 0, must be a positive integer (1..256)`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AnyModuleDef, Compiled } from '../dsl/index.js';
import type { SimName } from '../sim/simulate.js';
import { DenseAccel } from './dense/accel.js';
import { DenseFitError, planLayer, type DenseLayer } from './dense/driver.js';
import { verifyDense, type LayerVerdict } from './dense/verify.js';
import { denseCycles } from './dense/model.js';
import { tileLayer } from './dense/tiling.js';
import { zasFamily } from './zas/index.js';
import { linacFamily } from './linac/index.js';
import { predictFamily } from './predict/index.js';
import { crossbarFamily } from './crossbar/index.js';
import { insramFamily } from './insram/index.js';
import {
  denseConfigSchema, checkLayerFits, layerName, materializeLayer, shapeOnlyLayer, tileSample, type DenseConfig,
} from './dense/config.js';

/** An array for the .npy dump: NumPy dtype descr ('<i4', '|u1', '<i8', ...), shape, row-major data. */
export interface DumpArray {
  descr: string;
  shape: number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
}

/** One layer of a configuration's workload; `load()` produces its data (may be slow: real activations). */
export interface WorkloadEntry<L> {
  name: string;
  maxTiles: number | undefined;
  load(): L;
}

export interface VerifyLayerOptions {
  /** called after each simulated tile */
  onTile?: (done: number, total: number) => void;
}

export interface GeneratorFamily<C extends { name: string; generator: string }, L> {
  name: string;
  description: string;
  /** the configuration schema (strict) */
  schema(): z.ZodType<C>;
  /** the default configuration, relative to the repository root */
  defaultConfig: string;
  /** the top definition and its parameters */
  build(config: C): { def: AnyModuleDef; params: unknown };
  /** load-time checks of the workload against the hardware: `[field path, message]` per problem (cheap: shapes only) */
  check(config: C): Array<[string, string]>;
  workload(config: C): Array<WorkloadEntry<L>>;
  /** number of tiles verifyLayer will simulate (for the progress bar) */
  tilesOf(config: C, layer: L, maxTiles: number | undefined): number;
  verifyLayer(config: C, layer: L, compiled: Compiled, sim: SimName, maxTiles: number | undefined, opts?: VerifyLayerOptions): Promise<LayerVerdict>;
  /** the cycle model's prediction for the whole layer (all tiles), verified or not */
  modelCycles(config: C, layer: L): number;
  /** what `--dump` writes for a layer verified in one or more simulators: arrays (.npy) and what else is needed to recompute them */
  dump(config: C, layer: L, maxTiles: number | undefined, verdicts: readonly LayerVerdict[]): { arrays: Record<string, DumpArray>; meta: Record<string, unknown> };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFamily = GeneratorFamily<any, any>;

function defineFamily<C extends { name: string; generator: string }, L>(f: GeneratorFamily<C, L>): GeneratorFamily<C, L> {
  return f;
}

const dense = defineFamily<DenseConfig, DenseLayer>({
  name: 'dense',
  description: 'output-stationary systolic conv accelerator (value-agnostic baseline): banked SRAMs, bias/ReLU/requant',
  schema: denseConfigSchema,
  defaultConfig: 'configs/dense.json',
  build: (c) => ({ def: DenseAccel as AnyModuleDef, params: c.hw }),
  check(c) {
    const out: Array<[string, string]> = [];
    c.workload.layers.forEach((spec, i) => {
      try {
        checkLayerFits(shapeOnlyLayer(spec, c.hw), c.hw);
      } catch (e) {
        if (!(e instanceof DenseFitError)) throw e;
        out.push([`workload.layers[${i}]`, e.message]);
      }
    });
    return out;
  },
  workload: (c) =>
    c.workload.layers.map((spec) => ({
      name: layerName(spec),
      maxTiles: spec.maxTiles,
      load() {
        const l = materializeLayer(spec, c.hw);
        checkLayerFits(l, c.hw); // exact now: the real bias
        return l;
      },
    })),
  tilesOf(c, l, maxTiles) {
    const all = tileLayer(l, c.hw).length;
    const f = tileSample(maxTiles);
    return f ? Array.from({ length: all }, (_, i) => f(i, all)).filter(Boolean).length : all;
  },
  verifyLayer(c, l, compiled, sim, maxTiles, opts = {}) {
    const f = tileSample(maxTiles);
    return verifyDense(l, c.hw, compiled, sim, { ...(f ? { tileFilter: f } : {}), ...(opts.onTile ? { onTile: opts.onTile } : {}) });
  },
  modelCycles: (c, l) => tileLayer(l, c.hw).reduce((sum, t) => sum + planLayer(t.layer, c.hw).cycles, 0),
  dump(c, l, maxTiles, verdicts) {
    const s = l.shape;
    const { OH, OW } = denseCycles(s, { rows: 1, cols: 1 });
    let maxIn = 0;
    for (let i = 0; i < l.input.length; i++) maxIn = Math.max(maxIn, l.input[i]!);
    // which outputs the verified tiles cover (all of them unless maxTiles sampled the layer)
    const checked = new Uint8Array(s.M * OH * OW);
    const tiles = tileLayer(l, c.hw);
    const f = tileSample(maxTiles);
    tiles.forEach((t, i) => {
      if (f && !f(i, tiles.length)) return;
      for (let m = t.m0; m < t.m1; m++) for (let y = t.y0; y < t.y1; y++) checked.fill(1, (m * OH + y) * OW, (m * OH + y + 1) * OW);
    });
    const out: Record<string, DumpArray> = {
      input: { descr: maxIn > 255 ? '<u2' : '|u1', shape: [s.C, s.H, s.W], data: l.input },
      weights: { descr: '<i4', shape: [s.M, s.C, s.R, s.S], data: l.weights },
      bias: { descr: '<i4', shape: [s.M], data: l.bias },
      golden: { descr: '<i4', shape: [s.M, OH, OW], data: verdicts[0]?.golden ?? new Int32Array(s.M * OH * OW) },
      checked: { descr: '|u1', shape: [s.M, OH, OW], data: checked },
    };
    for (const v of verdicts) out[`rtl_${v.sim}`] = { descr: '<i8', shape: [s.M, OH, OW], data: v.rtl };
    const meta = {
      layer: l.name,
      shape: { ...s, OH, OW },
      relu: l.relu,
      requant: l.rq ?? null,
      convention: 'o(m,y,x) = b(m) + sum_c,r,s w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad); then ReLU; then rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255) (floor shift)',
      checked: 'outputs compared with the golden model (1) — only the verified tiles when maxTiles samples the layer',
    };
    return { arrays: out, meta };
  },
});

export const families: readonly AnyFamily[] = [dense, zasFamily as AnyFamily, linacFamily as AnyFamily, insramFamily as AnyFamily, predictFamily as AnyFamily, crossbarFamily as AnyFamily];

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

/** The keys the object schema at `p` allows (through defaults, optionals, arrays and discriminated unions). */
export function allowedKeys(schema: z.ZodType, input: unknown, p: ReadonlyArray<PropertyKey>): string[] | undefined {
  let s: Def = schema;
  let v: unknown = input;
  const unwrap = () => {
    for (;;) {
      const d = s?._zod?.def;
      if (!d) return;
      if (d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'pipe') s = d.innerType ?? d.in;
      else if (d.type === 'union' && d.discriminator !== undefined) {
        const tag = (v as Record<string, unknown> | undefined)?.[d.discriminator];
        s = d.options.find((o: Def) => o._zod.def.shape?.[d.discriminator]?._zod.def.values?.includes(tag));
        if (!s) return;
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
  const r = schema.safeParse(raw);
  if (!r.success) throw new ConfigError(formatConfigIssues(file, schema, raw, r.error.issues));
  const problems = family.check(r.data);
  if (problems.length) throw new ConfigError(problems.map(([p, m]) => `${file}: ${p}: ${m}`));
  return { file, family, config: r.data };
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
