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

export interface FamilyHooks<HW, L extends ConvLayer, P> {
  /** tiles covering the layer, each fitting the hardware (the layer itself when it fits) */
  tiles(l: L, hw: HW): Array<Tile<L>>;
  /** fit checks (throwing a FitError that names the limit and the fix) and the tile's configuration */
  plan(l: L, hw: HW): P;
  memoryImage(l: L, hw: HW, plan: P): MemImage[];
  stimulus(l: L, hw: HW, plan: P): HostRun;
  /** default: decodeHostRun */
  decode?(trace: Record<string, bigint[]>, run: HostRun): Readback;
  /** the golden outputs of the whole layer, one array per field the stimulus reads back */
  golden(l: L, hw: HW): Record<string, FieldData>;
  model(l: L, hw: HW, plan: P): TileModel;
  /** where word i of a tile's field goes in the layer's field (default: conv outputs o(m, y, x), CHW) */
  place?(tile: Tile<L>, field: string, i: number, layer: L): number;
  /** multipliers of the hardware (utilization = MACs / (cycles · lanes)) */
  lanes(hw: HW): number;
  /** width of the hardware's performance counters (they count modulo 2^bits) */
  counterBits?(hw: HW): number;
}

export interface VerifyOptions {
  /** called after each simulated tile */
  onTile?: (done: number, total: number) => void;
  /** verify only these tile indices (a sample of a big layer); the other outputs are not compared */
  tileFilter?: (index: number, total: number) => boolean;
  /** of the chosen tiles, only every n-th from k */
  shard?: Shard;
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
  const golden = h.golden(l, hw);
  const outputs: Verdict['outputs'] = {};
  for (const [k, g] of Object.entries(golden)) outputs[k] = { golden: g, rtl: new BigInt64Array(g.length), checked: new Uint8Array(g.length) };
  const all = h.tiles(l, hw);
  const chosen = shardOf(
    all.map((t, i) => ({ t, i })).filter(({ i }) => !opts.tileFilter || opts.tileFilter(i, all.length)),
    opts.shard,
  );
  const place = h.place ?? convPlace;
  const cmod = 2 ** (h.counterBits?.(hw) ?? 53);
  const records: TileRecord[] = [];
  for (const [n, { t, i }] of chosen.entries()) {
    const plan = h.plan(t.layer, hw);
    const run = h.stimulus(t.layer, hw, plan);
    const r = await simulate(sim, {
      design: compiled.optimized,
      verilog: compiled.verilog,
      cycles: run.cycles,
      sample: ['done', 'rd_data'],
      preload: h.memoryImage(t.layer, hw, plan),
    });
    const got = (h.decode ?? decodeHostRun)(r.trace, run);
    const model = h.model(t.layer, hw, plan);
    for (const [k, words] of Object.entries(got.fields)) {
      const o = outputs[k];
      if (!o) throw new Error(`verify: the stimulus reads field '${k}', which has no golden model (fields: ${Object.keys(outputs).join(', ')})`);
      words.forEach((v, j) => {
        const gi = place(t, k, j, l);
        o.rtl[gi] = v;
        o.checked[gi] = 1;
      });
    }
    const counters: TileRecord['counters'] = {};
    for (const [k, m] of Object.entries(model.counters)) {
      const v = got.counters[k];
      if (v === undefined) throw new Error(`verify: the cycle model counts '${k}', which the stimulus does not read back`);
      counters[k] = { rtl: Number(v), model: m % cmod };
    }
    for (const k of Object.keys(got.counters)) if (!(k in model.counters)) throw new Error(`verify: counter '${k}' has no figure in the cycle model`);
    records.push({ index: i, name: t.layer.name, rtlCycles: got.cycles, modelCycles: model.cycles, budget: run.budget, macs: model.macs, counters, simMs: r.runMs });
    opts.onTile?.(n + 1, chosen.length);
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
