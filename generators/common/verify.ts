/**
 * The tile-verify loop every family uses. A family gives hooks: its tiling, the plan of a tile (fit checks and
 * configuration), the memory image, the stimulus (common/stimulus.ts), the golden outputs of the whole layer (one
 * array per named integer field: `y`, and e.g. a skip mask or a count per output), and the cycle model of a tile with
 * its breakdown into the categories the hardware counts. The loop simulates each chosen tile, places every word read
 * back into its field, compares every field with the golden model bit for bit, the measured cycles with the model's,
 * and every performance counter with the model's figure for its category, and returns one Verdict.
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import type { HarnessOptions } from '../../sim/harness.js';
import { outDims, type ConvLayer } from './shape.js';
import { shardOf, type Shard, type Tile } from './tiling.js';
import { decodeHostRun, type HostRun, type Readback } from './stimulus.js';
import { summarize, type FieldReport, type OutputMismatch, type TileRecord, type Verdict } from './verdict.js';

export interface MemImage {
  /** memory instance name in the design (`ifmap_3`, `wgt_0`, `bias`) */
  path: string;
  width: number;
  words: bigint[];
}

/** The cycle model of one tile: cycles from start to done, the counted categories, the useful MACs. */
export interface TileModel {
  cycles: number;
  counters: Record<string, number>;
  macs: number;
}

export type FieldData = ArrayLike<number> | ArrayLike<bigint>;

/**
 * Which run of a tile this is, when a tile takes several runs of the hardware (passes over K, partial sums kept in the
 * output memories between them): run `index` of `count`, and the read-back of the previous run (absent for the first).
 */
export interface RunStep {
  index: number;
  count: number;
  previous?: Readback;
}

export interface FamilyHooks<HW, L extends ConvLayer, P> {
  /** tiles covering the layer, each fitting the hardware (the layer itself when it fits) */
  tiles(l: L, hw: HW): Array<Tile<L>>;
  /**
   * fit checks (throwing a FitError that names the limit and the fix) and the tile's configuration; `after` is the plan
   * of the tile run just before this one in the same simulator run (see `batch`), whose hardware state this tile finds
   */
  plan(l: L, hw: HW, after?: P): P;
  memoryImage(l: L, hw: HW, plan: P, step?: RunStep): MemImage[];
  stimulus(l: L, hw: HW, plan: P, step?: RunStep): HostRun;
  /** default: decodeHostRun */
  decode?(trace: Record<string, bigint[]>, run: HostRun, plan: P): Readback;
  /** signals sampled besides `done` and `rd_data` (read ports of their own that a `decode` reads) */
  sample?: readonly string[];
  /**
   * Runs of the hardware one tile takes (default 1). Run r + 1's memory image gets run r's read-back; only the last
   * run's fields are compared with the golden model; the cycles and counters of every run are compared with the
   * model of that run, and summed into the tile's record.
   */
  runs?(l: L, hw: HW, plan: P): number;
  /**
   * the golden outputs of the whole layer, one array per field the stimulus reads back; `chosen` are the tiles that
   * will be verified (a family whose golden model is costly may compute only their words: the others are not compared)
   */
  golden(l: L, hw: HW, chosen?: ReadonlyArray<Tile<L>>): Record<string, FieldData>;
  /** the model of a tile (of one of its runs, when it takes several) */
  model(l: L, hw: HW, plan: P, step?: RunStep): TileModel;
  /** where word i of a tile's field goes in the layer's field (default: conv outputs o(m, y, x), CHW) */
  place?(tile: Tile<L>, field: string, i: number, layer: L, plan: P): number;
  /** multipliers of the hardware (utilization = MACs / (cycles · lanes)) */
  lanes(hw: HW): number;
  /** width of the hardware's performance counters (they count modulo 2^bits) */
  counterBits?(hw: HW): number;
  /**
   * Several tiles per simulator run (default: one run per tile): consecutive chosen tiles share one run while their
   * stimuli total at most this many cycles. Only the first tile's memory image is preloaded; each later tile gets the
   * previous tile's plan as `after` and its stimulus must take the hardware on from that tile's end state: the
   * memories are not preloaded again, so it rewrites through the load port the words that differ (and may pulse reset
   * for the control state, as linac and fda do; reset leaves the memories as they are). Each tile is still decoded, compared and
   * recorded on its own. Not combined with `runs`. `sim` is the simulator the tiles run in (batching pays where a run
   * has a fixed cost, e.g. Verilator's process and memory files).
   */
  batchCycles?(hw: HW, sim: SimName): number;
}

export interface VerifyOptions {
  /** called after each simulated tile */
  onTile?: (done: number, total: number) => void;
  /** verify only these tile indices (a sample of a big layer); the other outputs are not compared */
  tileFilter?: (index: number, total: number) => boolean;
  /** of the chosen tiles, only every n-th from k */
  shard?: Shard;
  /** build and run timeouts of Icarus/Verilator (large designs build for minutes on a busy machine) */
  harness?: HarnessOptions;
  /** write the VCD of the first simulator run (the first chosen tile's) to this file */
  vcd?: string;
}

/** Conv outputs: word i of a tile is o(m, y, x) of the tile (CHW over its rows); in the layer, channel m0 + m, row y0 + y. */
export function convPlace<L extends ConvLayer>(t: Tile<L>, _field: string, i: number, layer: L): number {
  const { OH, OW } = outDims(layer.shape);
  const rows = t.y1 - t.y0;
  const x = i % OW;
  const y = Math.floor(i / OW) % rows;
  const m = Math.floor(i / (OW * rows));
  return ((t.m0 + m) * OH + t.y0 + y) * OW + x;
}

/** Run the chosen tiles of a layer through one simulator; compare every field, the cycles and the counters. */
export async function verifyTiles<HW, L extends ConvLayer, P>(
  h: FamilyHooks<HW, L, P>,
  l: L,
  hw: HW,
  compiled: Compiled,
  sim: SimName,
  opts: VerifyOptions = {},
): Promise<Verdict> {
  const all = h.tiles(l, hw);
  const chosen = shardOf(
    all.map((t, i) => ({ t, i })).filter(({ i }) => !opts.tileFilter || opts.tileFilter(i, all.length)),
    opts.shard,
  );
  const golden = h.golden(l, hw, chosen.map(({ t }) => t));
  const outputs: Verdict['outputs'] = {};
  for (const [k, g] of Object.entries(golden)) outputs[k] = { golden: g, rtl: new BigInt64Array(g.length), checked: new Uint8Array(g.length) };
  const place: NonNullable<FamilyHooks<HW, L, P>['place']> = h.place ?? convPlace;
  const cmod = 2 ** (h.counterBits?.(hw) ?? 53);
  const records: TileRecord[] = [];
  const placeWords = (t: Tile<L>, plan: P, got: Readback): void => {
    for (const [k, words] of Object.entries(got.fields)) {
      const o = outputs[k];
      if (!o) throw new Error(`verify: the stimulus reads field '${k}', which has no golden model (fields: ${Object.keys(outputs).join(', ')})`);
      words.forEach((v, j) => {
        const gi = place(t, k, j, l, plan);
        o.rtl[gi] = v;
        o.checked[gi] = 1;
      });
    }
  };
  const newRecord = (t: Tile<L>, i: number): TileRecord => ({ index: i, name: t.layer.name, rtlCycles: 0, modelCycles: 0, budget: 0, macs: 0, counters: {}, simMs: 0 });
  // compare one run's counters and cycles with the model, summed into the tile's record
  const account = (rec: TileRecord, got: Readback, model: TileModel, run: HostRun, ms: number): void => {
    for (const [k, m] of Object.entries(model.counters)) {
      const v = got.counters[k];
      if (v === undefined) throw new Error(`verify: the cycle model counts '${k}', which the stimulus does not read back`);
      const c = (rec.counters[k] ??= { rtl: 0, model: 0 });
      c.rtl += Number(v);
      c.model += m % cmod;
    }
    for (const k of Object.keys(got.counters)) if (!(k in model.counters)) throw new Error(`verify: counter '${k}' has no figure in the cycle model`);
    // a run whose done never rose marks the tile (−1) and counts its budget
    rec.rtlCycles = rec.rtlCycles < 0 || got.cycles < 0 ? -1 : rec.rtlCycles + got.cycles;
    rec.modelCycles += model.cycles;
    rec.budget += run.budget;
    rec.macs += model.macs;
    rec.simMs += ms;
  };
  const sampled = ['done', 'rd_data', ...(h.sample ?? [])];
  const cap = h.batchCycles?.(hw, sim) ?? 0;
  let done = 0;
  // the VCD option applies to the first simulator run only
  let vcdPath = opts.vcd;
  const vcdOnce = (): { vcd?: string } => {
    const v = vcdPath;
    vcdPath = undefined;
    return v === undefined ? {} : { vcd: v };
  };
  for (let n = 0; n < chosen.length; ) {
    const first = chosen[n]!;
    const plan0 = h.plan(first.t.layer, hw);
    const count = h.runs?.(first.t.layer, hw, plan0) ?? 1;
    if (cap > 0 && count === 1) {
      // one simulator run holding consecutive tiles, each continuing from the previous one's state
      const batch: Array<{ t: Tile<L>; i: number; plan: P; run: HostRun; at: number }> = [];
      const cycles: Array<Record<string, bigint>> = [];
      let plan = plan0;
      let run = h.stimulus(first.t.layer, hw, plan0);
      for (;;) {
        batch.push({ ...chosen[n]!, plan, run, at: cycles.length });
        for (const c of run.cycles) cycles.push(c);
        if (++n >= chosen.length) break;
        plan = h.plan(chosen[n]!.t.layer, hw, plan);
        run = h.stimulus(chosen[n]!.t.layer, hw, plan);
        if (cycles.length + run.cycles.length > cap) break;
      }
      const r = await simulate(sim, { design: compiled.optimized, verilog: compiled.verilog, cycles, sample: sampled, preload: h.memoryImage(first.t.layer, hw, plan0), ...vcdOnce() }, opts.harness);
      for (const b of batch) {
        const len = b.run.cycles.length;
        const trace: Record<string, bigint[]> = {};
        for (const k of sampled) trace[k] = r.trace[k]!.slice(b.at, b.at + len);
        const got = h.decode ? h.decode(trace, b.run, b.plan) : decodeHostRun(trace, b.run);
        const rec = newRecord(b.t, b.i);
        account(rec, got, h.model(b.t.layer, hw, b.plan), b.run, (r.runMs * len) / cycles.length);
        placeWords(b.t, b.plan, got);
        records.push(rec);
        opts.onTile?.(++done, chosen.length);
      }
      await new Promise((resolve) => setImmediate(resolve)); // the built-in simulator is synchronous
      continue;
    }
    const { t, i } = first;
    const rec = newRecord(t, i);
    let previous: Readback | undefined;
    for (let ri = 0; ri < count; ri++) {
      const step: RunStep | undefined = count > 1 ? { index: ri, count, ...(previous ? { previous } : {}) } : undefined;
      const run = h.stimulus(t.layer, hw, plan0, step);
      const r = await simulate(sim, { design: compiled.optimized, verilog: compiled.verilog, cycles: run.cycles, sample: sampled, preload: h.memoryImage(t.layer, hw, plan0, step), ...vcdOnce() }, opts.harness);
      const got = h.decode ? h.decode(r.trace, run, plan0) : decodeHostRun(r.trace, run);
      account(rec, got, h.model(t.layer, hw, plan0, step), run, r.runMs);
      if (count > 1) await new Promise((resolve) => setImmediate(resolve)); // the built-in simulator is synchronous
      previous = got;
    }
    placeWords(t, plan0, previous!);
    records.push(rec);
    n++;
    opts.onTile?.(++done, chosen.length);
  }
  const fields: Record<string, FieldReport> = {};
  for (const [k, o] of Object.entries(outputs)) {
    let compared = 0;
    let mismatches = 0;
    let first: OutputMismatch | undefined;
    for (let j = 0; j < o.checked.length; j++) {
      if (!o.checked[j]) continue;
      compared++;
      const g = o.golden[j]!;
      if (o.rtl[j] !== (typeof g === 'bigint' ? g : BigInt(g))) {
        mismatches++;
        first ??= { field: k, index: j, rtl: o.rtl[j]!, golden: g };
      }
    }
    fields[k] = { compared, mismatches, ...(first ? { first } : {}) };
  }
  const summary = summarize({ layer: l.name, sim, shape: l.shape, lanes: h.lanes(hw), fields, tileRecords: records });
  const y = outputs.y ?? Object.values(outputs)[0]!;
  return { ...summary, golden: y.golden as ArrayLike<number>, rtl: y.rtl, outputs };
}
