/**
 * The one verdict type of a verified layer, whatever the family: per named output field, how many words were compared
 * and the first mismatch; per tile, RTL against model cycles and every performance counter against the cycle model's
 * figure for its category. A verdict is built from its tile records and field reports by `summarize`, the same
 * function that merges the verdicts of several shards of one layer, so a merged verdict equals a single run's.
 * Plain TypeScript: no DSL.
 */
import type { SimName } from '../../sim/simulate.js';
import type { ConvShape } from './shape.js';

/** The first word of a field that differs from the golden model (index in the full layer's field, CHW for conv outputs). */
export interface OutputMismatch {
  field: string;
  index: number;
  rtl: bigint;
  golden: number | bigint;
}

export interface CycleMismatch {
  tile: string;
  rtlCycles: number;
  modelCycles: number;
}

export interface CounterMismatch {
  tile: string;
  counter: string;
  rtl: number;
  model: number;
}

export type Mismatch = OutputMismatch | CycleMismatch | CounterMismatch;

export interface FieldReport {
  /** words compared with the golden model */
  compared: number;
  mismatches: number;
  first?: OutputMismatch;
}

/** One simulated tile. */
export interface TileRecord {
  /** index among all tiles of the layer */
  index: number;
  name: string;
  rtlCycles: number;
  modelCycles: number;
  /** the simulation budget (counted instead of rtlCycles when done never rose) */
  budget: number;
  macs: number;
  /** per counter, the RTL's count and the cycle model's */
  counters: Record<string, { rtl: number; model: number }>;
  simMs: number;
}

export interface Verdict {
  layer: string;
  sim: SimName;
  shape: ConvShape;
  /** tiles verified (maybe a sample of the layer, or one shard's share) */
  tiles: number;
  rtlCycles: number;
  modelCycles: number;
  macs: number;
  /** useful MACs per multiplier per cycle, over the RTL cycles */
  utilization: number;
  /** multipliers (lanes) of the hardware, for the utilization */
  lanes: number;
  pass: boolean;
  /** the first problem: a cycle count (first tile), a counter (first tile), else an output (lowest index, first field) */
  mismatch?: Mismatch;
  fields: Record<string, FieldReport>;
  /** counters summed over the verified tiles */
  counters: Record<string, { rtl: number; model: number }>;
  tileRecords: TileRecord[];
  /** the primary field (`y`): golden and RTL values over the whole layer (RTL 0 where not verified) */
  golden: ArrayLike<number>;
  rtl: BigInt64Array;
  /** every field, with the mask of the words compared */
  outputs: Record<string, { golden: ArrayLike<number> | ArrayLike<bigint>; rtl: BigInt64Array; checked: Uint8Array }>;
  simMs: number;
}

/** The parts of a verdict that shards produce and a merge combines (no arrays). */
export type VerdictParts = Pick<Verdict, 'layer' | 'sim' | 'shape' | 'lanes' | 'fields' | 'tileRecords'>;

function lowest(a: OutputMismatch | undefined, b: OutputMismatch | undefined): OutputMismatch | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.index < a.index ? b : a;
}

/** Combine field reports of disjoint tile sets (shards): counts add up, the first mismatch is the lowest index. */
export function mergeFields(parts: ReadonlyArray<Record<string, FieldReport>>): Record<string, FieldReport> {
  const out: Record<string, FieldReport> = {};
  for (const p of parts)
    for (const [k, f] of Object.entries(p)) {
      const o = (out[k] ??= { compared: 0, mismatches: 0 });
      o.compared += f.compared;
      o.mismatches += f.mismatches;
      const first = lowest(o.first, f.first);
      if (first) o.first = first;
    }
  return out;
}

/** The aggregate numbers of a verdict from its tiles and fields (one run, or the shards of one run merged). */
export function summarize(p: VerdictParts): Omit<Verdict, 'golden' | 'rtl' | 'outputs'> {
  const tiles = [...p.tileRecords].sort((a, b) => a.index - b.index);
  let rtlCycles = 0;
  let modelCycles = 0;
  let macs = 0;
  let simMs = 0;
  const counters: Record<string, { rtl: number; model: number }> = {};
  let mismatch: Mismatch | undefined;
  for (const t of tiles) {
    rtlCycles += t.rtlCycles < 0 ? t.budget : t.rtlCycles;
    modelCycles += t.modelCycles;
    macs += t.macs;
    simMs += t.simMs;
    if (!mismatch && t.rtlCycles !== t.modelCycles) mismatch = { tile: t.name, rtlCycles: t.rtlCycles, modelCycles: t.modelCycles };
    for (const [k, c] of Object.entries(t.counters)) {
      const o = (counters[k] ??= { rtl: 0, model: 0 });
      o.rtl += c.rtl;
      o.model += c.model;
      if (!mismatch && c.rtl !== c.model) mismatch = { tile: t.name, counter: k, rtl: c.rtl, model: c.model };
    }
  }
  if (!mismatch) for (const f of Object.values(p.fields)) if (f.first) { mismatch = f.first; break; }
  return {
    layer: p.layer,
    sim: p.sim,
    shape: p.shape,
    lanes: p.lanes,
    tiles: tiles.length,
    rtlCycles,
    modelCycles,
    macs,
    utilization: macs / Math.max(1, rtlCycles * p.lanes),
    pass: !mismatch,
    ...(mismatch ? { mismatch } : {}),
    fields: p.fields,
    counters,
    tileRecords: tiles,
    simMs,
  };
}

/** Merge the verdicts of shards of one layer in one simulator (disjoint tile sets). */
export function mergeVerdicts(parts: readonly VerdictParts[]): Omit<Verdict, 'golden' | 'rtl' | 'outputs'> {
  const first = parts[0]!;
  return summarize({ ...first, fields: mergeFields(parts.map((p) => p.fields)), tileRecords: parts.flatMap((p) => p.tileRecords) });
}
