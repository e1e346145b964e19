/**
 * Bad-input fuzzing of the command line: fast-check mutates valid configurations (the repository's configs/*.json
 * and small variants of each family) — wrong types, missing and unknown fields, out-of-range and non-integer
 * numbers, huge arrays, deep nesting, non-UTF-8 bytes, names with path separators, layers that do not fit, broken
 * JSON text — and runs `hwgen generate` and `hwgen verify --sim builtin` on each in-process (cli/hwgen.ts run()).
 *
 * Every case must either succeed (exit 0; generate leaves exactly the design folder) or fail with exit status 1 and
 * lines that each name the file, a field (or the whole file) and what is allowed; never a stack trace or another
 * exit status, never a file outside the output folder, never a partial design folder.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { run } from '../../cli/hwgen.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A tiny random layer the small dense and zas designs accept (verify in well under a second); linac's takes no requant. */
const TINY_LAYER = { source: 'random', name: 'tiny', C: 2, H: 5, W: 6, M: 3, R: 3, pad: 1, seed: 1, relu: true, requant: true };

/** Base configurations: the repository's own, and one small variant per family (cheap to generate and verify). */
export function baseConfigs(root = process.cwd()): Array<{ name: string; config: Json }> {
  const dir = path.join(root, 'configs');
  const repo = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, config: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json }));
  const small = [
    { name: 'small-dense', config: { name: 'sd', generator: 'dense', hw: { rows: 2, cols: 2, ifmapWords: 256, weightWords: 256, outWords: 256, biasWords: 16 }, workload: { layers: [TINY_LAYER] } } },
    { name: 'small-zas', config: { name: 'sz', generator: 'zas', hw: { P: 2 }, workload: { layers: [TINY_LAYER] } } },
    // linac takes no requantisation of random layers (with it, this base was refused unmutated)
    { name: 'small-linac', config: { name: 'sl', generator: 'linac', hw: { lanes: 2, filters: 2, beta: [1] }, workload: { layers: [{ ...TINY_LAYER, requant: false }] } } },
  ] as Array<{ name: string; config: Json }>;
  return [...repo, ...small];
}

// ---- mutations ----------------------------------------------------------------------------------------------

type Path = Array<string | number>;

/** The paths in a JSON value (the root included; of a long array only its first elements). */
function paths(v: Json, p: Path = [], out: Path[] = []): Path[] {
  out.push(p);
  // a configuration nests at most 5 levels; below 8 is junk an earlier mutation put there (a value nested 200,000 deep
  // made this quadratic: a later mutation of such a case took hours to generate)
  if (p.length >= 8) return out;
  if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => paths(x, [...p, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...p, k], out);
  return out;
}

function getAt(v: Json, p: Path): Json {
  let x: Json | undefined = v;
  for (const k of p) x = x !== null && typeof x === 'object' ? (x as Record<string | number, Json>)[k] : undefined;
  return x as Json;
}

/** A copy of v with the value at p replaced (undefined: deleted); a missing or scalar container on the way becomes one. */
function setAt(v: Json, p: Path, val: Json | undefined): Json {
  if (p.length === 0) return val ?? null;
  const root = (v !== null && typeof v === 'object' ? structuredClone(v) : typeof p[0] === 'number' ? [] : {}) as Record<string | number, Json>;
  let parent = root;
  for (let i = 0; i < p.length - 1; i++) {
    const k = p[i]!;
    let x = parent[k];
    if (x === null || x === undefined || typeof x !== 'object') parent[k] = x = typeof p[i + 1] === 'number' ? [] : {};
    parent = x as Record<string | number, Json>;
  }
  const k = p[p.length - 1]!;
  if (val === undefined) {
    if (Array.isArray(parent)) parent.splice(k as number, 1);
    else delete parent[k];
  } else parent[k] = val;
  return root as Json;
}

/** Deep nesting is written into the text only (a marker until then: a deep value would overflow every JS walk of it). */
const nested = (depth: number, arr: boolean): Json => `\u0001deep:${depth}:${arr ? 'a' : 'o'}`;
const DEEP = /"\\u0001deep:(\d+):([ao])"/g;
function serialise(v: Json): string {
  return JSON.stringify(v, null, 1).replace(DEEP, (_m, d: string, k: string) => {
    const n = Number(d);
    return k === 'a' ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });
}

/** Is a value small enough to be copied 30,000 times: at most 400 characters as written (a layer of the repository's configs is 140)? */
const copyable = (v: Json): boolean => serialise(v).length <= 400;

const anyScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<Json>([], {}, [1, 2], { x: 1 }, '', '8', 'true'),
);
const badNumber: fc.Arbitrary<Json> = fc.constantFrom<Json>(-1, 0, 0.5, 1.5, -0, 1e9, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 257, 4097, 65536, 1e-300, 3.0000001);
const badName: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  '../escape', '..', '.', '', 'a/b', 'a\\b', '/abs_escape', 'x/../../escape', 'name with space', 'con', 'a\u0000b', '9lives', 'é', 'a'.repeat(300), 'module', 'clk',
);
const bigLayer = fc.record({
  C: fc.constantFrom(1, 3, 64, 512, 4096, 1e6), H: fc.constantFrom(1, 2, 7, 224, 5000), W: fc.constantFrom(1, 3, 224, 5000),
  M: fc.constantFrom(1, 2, 1000, 100000), R: fc.constantFrom(1, 3, 7, 11, 64), stride: fc.constantFrom(1, 2, 3, 8), pad: fc.constantFrom(0, 1, 5, 100),
});

/** One mutation of a parsed configuration: a description and the new value. */
export function mutation(base: Json): fc.Arbitrary<{ what: string; value: Json }> {
  const ps = paths(base);
  const pathArb = fc.constantFrom(...ps);
  // no filters here: when an earlier mutation made the root a scalar, [] or {}, the root is the only path, and a filter
  // for a non-root path never succeeds (fast-check retries a filter forever: the generator stalled on such a case)
  const inner = ps.filter((p) => p.length > 0);
  const leafPaths = ps.filter((p) => { const x = getAt(base, p); return x === null || typeof x !== 'object'; });
  const numPaths = ps.filter((p) => typeof getAt(base, p) === 'number');
  const objPaths = ps.filter((p) => { const x = getAt(base, p); return x !== null && typeof x === 'object' && !Array.isArray(x); });
  const show = (p: Path): string => p.join('.') || '(root)';
  const arbs: Array<fc.Arbitrary<{ what: string; value: Json }>> = [
    fc.tuple(pathArb, anyScalar).map(([p, v]) => ({ what: `type ${show(p)}`, value: setAt(base, p, v) })),
    inner.length
      ? fc.constantFrom(...inner).map((p) => ({ what: `missing ${show(p)}`, value: setAt(base, p, undefined) }))
      : fc.constant({ what: 'missing (root)', value: null }),
    fc.tuple(fc.constantFrom(...(objPaths.length ? objPaths : [[]])), fc.constantFrom('rowz', 'extra', '__proto__', 'constructor', 'Rows', ''), anyScalar).map(([p, k, v]) => {
      const c = structuredClone(base);
      const o = getAt(c, p);
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return { what: 'unknown (root not an object)', value: c };
      Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
      return { what: `unknown ${show([...p, k])}`, value: c };
    }),
    fc.tuple(fc.constantFrom(...(numPaths.length ? numPaths : leafPaths.length ? leafPaths : ps)), badNumber).map(([p, v]) => ({ what: `number ${show(p)}=${v}`, value: setAt(base, p, v) })),
    fc.tuple(pathArb, fc.constantFrom(1000, 30000), anyScalar).map(([p, n, v]) => ({ what: `huge array ${show(p)}`, value: setAt(base, p, Array.from({ length: n }, () => v)) })),
    // a long valid list (verified layer by layer, with progress), or a huge one whose last layer is wrong
    fc.constantFrom(200, 30000).map((n) => {
      const at = getAt(base, ['workload', 'layers']);
      // each layer is copied n/len times: a layer an earlier mutation made huge or deep is not (a huge array in one layer
      // copied 30,000 times made a 136 MB case that took minutes to serialise)
      const layers = (Array.isArray(at) && at.length ? at.slice(0, n) : [TINY_LAYER]).map((l) => (copyable(l) ? l : TINY_LAYER));
      const list = Array.from({ length: n }, (_, i) => ({ ...(layers[i % layers.length] as object), name: `l${i}` })) as Json[];
      if (n > 1000) list.push({ ...TINY_LAYER, C: -1 });
      return { what: `huge layer list x${n}`, value: setAt(base, ['workload', 'layers'], list) };
    }),
    fc.tuple(pathArb, fc.constantFrom(100, 5000, 200000), fc.boolean()).map(([p, d, arr]) => ({ what: `deep ${show(p)} x${d}`, value: setAt(base, p, nested(d, arr)) })),
    badName.map((n) => ({ what: `name ${JSON.stringify(n).slice(0, 20)}`, value: setAt(base, ['name'], n) })),
    fc.tuple(bigLayer, fc.nat(3)).map(([l, i]) => {
      const at = getAt(base, ['workload', 'layers']);
      const layers = Array.isArray(at) ? at.slice() : [];
      layers[Math.min(i, layers.length)] = { source: 'random', name: 'big', seed: 1, ...l };
      return { what: `layer ${JSON.stringify(l)}`, value: setAt(base, ['workload', 'layers'], layers) };
    }),
    fc.constantFrom<Json>({ rows: 256, cols: 256 }, { rows: 128, cols: 128 }, { P: 64, KR: 7, KS: 7 }, { lanes: 64, filters: 64 }, { rows: 1, cols: 1, ifmapWords: 1 }).map((hw) => ({
      what: `hw ${JSON.stringify(hw)}`,
      value: setAt(base, ['hw'], { ...(typeof getAt(base, ['hw']) === 'object' ? (getAt(base, ['hw']) as object) : {}), ...(hw as object) }),
    })),
    fc.constantFrom('dense', 'zas', 'linac', 'Dense', '', 'pragmatic').map((g) => ({ what: `generator ${g}`, value: setAt(base, ['generator'], g) })),
  ];
  return fc.oneof(...arbs);
}

/** A case: the bytes of a configuration file, and what was done to make it. */
export interface BadCase {
  base: string;
  what: string[];
  bytes: Uint8Array;
}

/** Byte-level damage to the serialised text: invalid UTF-8, truncation, garbage, a BOM, duplicate keys. */
const textDamage: fc.Arbitrary<{ what: string; f: (s: string) => Uint8Array }> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xfe, 0xff])).map(([at, b]) => ({
    what: `bytes ${b.map((x) => x.toString(16)).join(' ')}`,
    f: (s: string) => {
      const t = Buffer.from(s, 'utf8');
      const k = Math.floor(at * t.length);
      return Buffer.concat([t.subarray(0, k), Buffer.from(b), t.subarray(k)]);
    },
  })),
  fc.tuple(fc.constantFrom('"name": "', '"description": "'), fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82])).map(([key, b]) => ({
    what: `non-UTF-8 in ${key.split('"')[1]}`,
    f: (s: string) => {
      const t = Buffer.from(s, 'utf8');
      const k = t.indexOf(key);
      return k < 0 ? t : Buffer.concat([t.subarray(0, k + key.length), Buffer.from(b), t.subarray(k + key.length)]);
    },
  })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ what: 'truncated', f: (s: string) => Buffer.from(s.slice(0, Math.floor(at * s.length)), 'utf8') })),
  fc.constantFrom('\ufeff', '  ', '\u0000', '// c\n').map((p) => ({ what: `prefix ${JSON.stringify(p)}`, f: (s: string) => Buffer.from(p + s, 'utf8') })),
  fc.constantFrom(' x', '}', ',', '\n{}').map((p) => ({ what: `suffix ${JSON.stringify(p)}`, f: (s: string) => Buffer.from(s + p, 'utf8') })),
  fc.constant({ what: 'duplicate name key', f: (s: string) => Buffer.from(s.replace('{', '{"name": "dup", '), 'utf8') }),
  fc.constant({ what: 'empty file', f: () => new Uint8Array() }),
);

/** Mutated configurations: 1–3 structural mutations, and sometimes byte damage on top. */
export function badCases(bases = baseConfigs()): fc.Arbitrary<BadCase> {
  // the small variants most often: a valid repository config verifies real face-net layers (seconds)
  const small = bases.filter((b) => b.name.startsWith('small-'));
  const repo = bases.filter((b) => !b.name.startsWith('small-'));
  const base = repo.length && small.length ? fc.oneof({ arbitrary: fc.constantFrom(...small), weight: 4 }, { arbitrary: fc.constantFrom(...repo), weight: 1 }) : fc.constantFrom(...bases);
  return base.chain((b) =>
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.option(textDamage, { freq: 5 })).chain(([n, dmg]) => {
      let arb: fc.Arbitrary<{ what: string[]; value: Json }> = fc.constant({ what: [], value: b.config });
      for (let i = 0; i < n; i++) arb = arb.chain((s) => mutation(s.value).map((m) => ({ what: [...s.what, m.what], value: m.value })));
      return arb.map((s) => {
        let text: string;
        try {
          text = serialise(s.value);
        } catch {
          // mutations that multiply (a huge array copied into a huge list) can exceed a string's length: keep the base
          text = serialise(b.config);
        }
        return { base: b.name, what: dmg ? [...s.what, dmg.what] : s.what.length ? s.what : ['unchanged'], bytes: dmg ? dmg.f(text) : Buffer.from(text, 'utf8') };
      });
    }),
  );
}

// ---- running and judging a case ---------------------------------------------------------------------------

export type Outcome = 'ok' | 'refused';
export type Violation = 'stack trace' | 'exit status' | 'unnamed' | 'outside' | 'partial' | 'verify failed' | 'slow';

export interface CaseResult {
  /** per command: exit status and what it printed on stderr */
  generate: { code: number; err: string[]; ms: number };
  verify: { code: number; err: string[]; ms: number };
  outcome: Outcome;
  violations: Array<{ kind: Violation; detail: string }>;
}

/** Run the CLI in-process, capturing what it prints and its exit status. */
async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[]; ms: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, warn: console.warn, write: process.stderr.write, code: process.exitCode };
  const cap = (to: string[]) => (...a: unknown[]): void => void to.push(a.map(String).join(' '));
  console.log = cap(out);
  console.error = cap(err);
  console.warn = cap(err);
  process.stderr.write = ((chunk: string | Uint8Array): boolean => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  const t0 = performance.now();
  try {
    await run(argv);
    return { code: Number(process.exitCode ?? 0), out, err: err.join('\n').split('\n').filter((l) => l !== ''), ms: performance.now() - t0 };
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    console.warn = saved.warn;
    process.stderr.write = saved.write;
    process.exitCode = saved.code;
  }
}

function listTree(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    out.push(r);
    if (e.isDirectory()) out.push(...listTree(path.join(dir, e.name), r));
  }
  return out;
}

/** Is a failure message line well formed: it names the file, then a field or the whole file, and what is allowed? */
export function goodLine(line: string, shown: string): boolean {
  if (!line.startsWith(`${shown}: `)) return false;
  const rest = line.slice(shown.length + 2);
  // a problem of the whole file: its bytes, its JSON, its top-level value
  if (/^(not valid JSON|cannot read|byte \d+ \(0x[0-9a-f]+\) is not UTF-8|not UTF-8|nested more than)/.test(rest) || /^got .*, must be /.test(rest)) return true;
  // field path, then what is wrong and what is allowed
  const seg = String.raw`\[(?:\d+|"(?:[^"\\]|\\.)*")\]`;
  return new RegExp(String.raw`^(?:[A-Za-z_$][\w$]*|${seg})(?:${seg}|\.[\w$]+)*: `).test(rest) && /must|allowed|at most|at least|raise|use |one of|overflow|does not fit|lower|fewer|needs?/.test(rest);
}

/**
 * Run one case in `work` (emptied first): the config is written to `work/cfg/bad.json`, the output folder is
 * `work/out`; anything else appearing in `work` is a file written outside the output folder.
 */
export async function runCase(c: BadCase, work: string, slowMs = 300_000, verifyValid = true): Promise<CaseResult> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'cfg'), { recursive: true });
  const file = path.join(work, 'cfg', 'bad.json');
  writeFileSync(file, c.bytes);
  const out = path.join(work, 'out');
  const violations: CaseResult['violations'] = [];
  const shown = path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file);
  const judge = (what: string, r: { code: number; err: string[]; ms: number }): void => {
    if (r.ms > slowMs) violations.push({ kind: 'slow', detail: `${what}: ${(r.ms / 1000).toFixed(0)} s` });
    if (r.err.some((l) => /^\s+at .*[(:]\d+/.test(l) || /^\w*Error: /.test(l))) violations.push({ kind: 'stack trace', detail: `${what}: ${r.err.slice(0, 3).join(' | ')}` });
    if (r.code !== 0 && r.code !== 1) violations.push({ kind: 'exit status', detail: `${what}: exit ${r.code}` });
    if (r.code === 1) {
      const bad = r.err.filter((l) => !goodLine(l, shown));
      if (bad.length || r.err.length === 0) violations.push({ kind: 'unnamed', detail: `${what}: ${(bad[0] ?? '(no message)').slice(0, 300)}` });
    }
  };
  const g = await cli(['generate', file, '--out', out]);
  judge('generate', g);
  const tree = listTree(out);
  if (g.code === 0) {
    // exactly one design folder, holding its manifest
    const tops = tree.filter((f) => !f.includes(path.sep));
    if (tops.length !== 1 || !tree.includes(path.join(tops[0]!, 'manifest.json'))) violations.push({ kind: 'partial', detail: `generate ok but out/ holds ${tops.join(', ')}` });
  } else if (tree.length) violations.push({ kind: 'partial', detail: `generate failed and left ${tree.slice(0, 3).join(', ')}` });
  const v = g.code === 0 && !verifyValid ? { code: 0, err: [], out: [], ms: 0 } : await cli(['verify', file, '--sim', 'builtin', '--no-progress']);
  judge('verify', v);
  if (g.code === 0 && v.code !== 0 && v.err.length === 0) violations.push({ kind: 'verify failed', detail: 'a configuration that generates fails verification' });
  const stray = listTree(work).filter((f) => !f.startsWith('cfg') && !f.startsWith('out'));
  if (stray.length) violations.push({ kind: 'outside', detail: stray.slice(0, 3).join(', ') });
  return {
    generate: { code: g.code, err: g.err, ms: g.ms },
    verify: { code: v.code, err: v.err, ms: v.ms },
    outcome: g.code === 0 && v.code === 0 ? 'ok' : 'refused',
    violations,
  };
}
