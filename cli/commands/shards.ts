/**
 * `hwgen verify CONFIG --shard K/N --json OUT` and `hwgen verify --merge DIR`: a large verification spread over a batch
 * engine one already runs (a Slurm array, a Kubernetes indexed Job, a CI matrix). Shard K of N verifies its deal of the
 * tiles of all layers (dealTiles: balanced by the cycle model) and writes its verdicts (no output arrays) as JSON; the merge combines the shards of each
 * (layer, simulator) with mergeVerdicts, the same function that builds a single run's verdict, and prints the usual
 * table and exit status.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mergeVerdicts, type Verdict, type VerdictParts } from '../../generators/common/verdict.js';
import type { Shard } from '../../generators/common/tiling.js';
import type { VerifyReport, VerifyRow } from './verify.js';

/**
 * The tiles each of n shards verifies: every chosen tile of every layer, dealt longest first (by its cost: the cycle
 * model) to the shard with the least work so far (ties: the lower shard), so that one-tile layers and long tiles spread
 * over the shards instead of following each layer's order. `costs[layer][position]`; returns per shard and layer the
 * positions, ascending. Deterministic: every shard process computes the same deal.
 */
export function dealTiles(costs: ReadonlyArray<readonly number[]>, n: number): number[][][] {
  const items = costs.flatMap((cs, layer) => cs.map((c, pos) => ({ layer, pos, c })));
  items.sort((a, b) => b.c - a.c || a.layer - b.layer || a.pos - b.pos);
  const load = new Array<number>(n).fill(0);
  const out = Array.from({ length: n }, () => costs.map(() => [] as number[]));
  for (const it of items) {
    let k = 0;
    for (let j = 1; j < n; j++) if (load[j]! < load[k]!) k = j;
    load[k]! += it.c;
    out[k]![it.layer]!.push(it.pos);
  }
  for (const s of out) for (const l of s) l.sort((a, b) => a - b);
  return out;
}

/** `K/N` with 0 ≤ K < N. */
export function parseShard(v: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(k < n)) throw new Error(`--shard: got '${v}', must be K/N with 0 <= K < N (e.g. 0/4)`);
  return { k, n };
}

export interface ShardFile {
  format: 'hwgen-verify-shard';
  version: 1;
  design: string;
  config: string | null;
  shard: Shard | null;
  rows: Array<{ totalTiles: number; layerModelCycles: number; ms?: number; parts: VerdictParts }>;
}

const BIG = '$bigint';
const replacer = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? { [BIG]: x.toString() } : x);
const reviver = (_k: string, x: unknown): unknown =>
  x !== null && typeof x === 'object' && BIG in (x as Record<string, unknown>) ? BigInt((x as Record<string, string>)[BIG]!) : x;

/** The JSON of a (shard's) report: per row, the verdict's parts (tile records and field reports), no arrays. */
export function shardJson(r: VerifyReport): string {
  const rows = r.rows.map(({ verdict: v, totalTiles, layerModelCycles, ms }) => ({
    totalTiles,
    layerModelCycles,
    ...(ms !== undefined ? { ms: Math.round(ms) } : {}),
    parts: { layer: v.layer, sim: v.sim, shape: v.shape, lanes: v.lanes, fields: v.fields, tileRecords: v.tileRecords },
  }));
  const f: ShardFile = { format: 'hwgen-verify-shard', version: 1, design: r.design, config: r.config ?? null, shard: r.shard ?? null, rows };
  return `${JSON.stringify(f, replacer, 1)}\n`;
}

export function writeShard(file: string, r: VerifyReport): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, shardJson(r));
}

function readShard(file: string): ShardFile {
  let f: ShardFile;
  try {
    f = JSON.parse(readFileSync(file, 'utf8'), reviver) as ShardFile;
  } catch (e) {
    throw new Error(`${file}: not a verify shard (${(e as Error).message})`);
  }
  if (f.format !== 'hwgen-verify-shard' || f.version !== 1) throw new Error(`${file}: not a verify shard (format ${JSON.stringify(f.format)})`);
  return f;
}

/** Merge every `*.json` shard of a folder into one report (rows in the order of the first shard that has them). */
export function mergeShards(dir: string): VerifyReport {
  const t0 = performance.now();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`--merge: no .json shard files in ${dir}`);
  const shards = files.map(readShard);
  const design = shards[0]!.design;
  for (const [i, s] of shards.entries()) if (s.design !== design) throw new Error(`--merge: ${files[i]} is of design '${s.design}', ${files[0]} of '${design}'`);
  const n = shards[0]!.shard?.n;
  const ks = new Set(shards.map((s) => s.shard?.k));
  if (n !== undefined && (shards.some((s) => s.shard?.n !== n) || ks.size !== shards.length || ks.size !== n))
    throw new Error(`--merge: the shards in ${dir} are not exactly 0/${n} .. ${n - 1}/${n} (found ${shards.map((s) => (s.shard ? `${s.shard.k}/${s.shard.n}` : 'unsharded')).join(', ')})`);
  const groups = new Map<string, { totalTiles: number; layerModelCycles: number; ms: number; parts: VerdictParts[] }>();
  for (const s of shards)
    for (const r of s.rows) {
      const key = `${r.parts.layer}\u0000${r.parts.sim}`;
      const g = groups.get(key) ?? { totalTiles: r.totalTiles, layerModelCycles: r.layerModelCycles, ms: 0, parts: [] };
      g.parts.push(r.parts);
      g.ms += r.ms ?? 0;
      groups.set(key, g);
    }
  const rows: VerifyRow[] = [...groups.values()].map((g) => {
    const v: Verdict = { ...mergeVerdicts(g.parts), golden: new Int32Array(0), rtl: new BigInt64Array(0), outputs: {} };
    return { verdict: v, totalTiles: g.totalTiles, layerModelCycles: g.layerModelCycles, ms: g.ms };
  });
  const config = shards[0]!.config;
  return { design, ...(config !== null ? { config } : {}), rows, ok: rows.every((r) => r.verdict.pass), dumped: [], ms: performance.now() - t0 };
}
