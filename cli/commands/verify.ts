/**
 * `hwgen verify <config>`: run the configuration's workload layers (tiled to fit the SRAMs) through the RTL in one or
 * more simulators, compare every output with the golden model and the cycles with the cycle model, print a table.
 * `--dump DIR` writes each verified layer's inputs, weights, bias, golden and RTL outputs as .npy files.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../dsl/index.js';
import { SIM_NAMES, type SimName } from '../../sim/simulate.js';
import type { Verdict as LayerVerdict } from '../../generators/common/verdict.js';
import { FitError } from '../../generators/common/fit.js';
import { shapeText as shapeOf } from '../../generators/common/shape.js';
import { ConfigError, type LoadedConfig } from '../../generators/registry.js';
import { formatTable } from '../table.js';
import type { Shard } from '../../generators/common/tiling.js';
import { writeNpy } from '../npy.js';
import { Progress, formatDuration } from '../progress.js';
import { dealTiles } from './shards.js';

/** The prefix of the tile-count lines a shard writes on stderr under HWGEN_TICKS=1 (see jobs.ts). */
export const TICK = 'hwgen-ticks';

export interface VerifyRow {
  verdict: LayerVerdict;
  /** tiles of the whole layer (the verdict's `tiles` may be a sample) */
  totalTiles: number;
  /** the cycle model's prediction for the whole layer */
  layerModelCycles: number;
  /** wall time of this layer in this simulator (summed over shards when merged) */
  ms?: number;
}

export interface VerifyOptions {
  /** only these layers (by name); all when empty */
  layers?: readonly string[];
  sims: readonly SimName[];
  /** write .npy files into `<dump>/<design>/<layer>/` */
  dump?: string;
  progress?: Progress;
  /** per-layer notes (default: the progress bar's note, i.e. stderr) */
  log?: (line: string) => void;
  /** verify shard k's deal of n of the chosen tiles of all layers (`--shard K/N`; shards.ts dealTiles) */
  shard?: Shard;
  /** every tile of every layer, whatever maxTiles the configuration gives (`--all-tiles`) */
  allTiles?: boolean;
}

export interface VerifyReport {
  design: string;
  /** the configuration file */
  config?: string;
  shard?: Shard;
  rows: VerifyRow[];
  ok: boolean;
  dumped: string[];
  ms: number;
}

/** `--sim` values: one simulator, a comma list, or `all` (builtin, icarus, verilator). */
export function parseSims(v: string | undefined, dflt: SimName = 'verilator'): SimName[] {
  if (v === undefined) return [dflt];
  const out: SimName[] = [];
  for (const s of v.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (s === 'all') out.push(...SIM_NAMES);
    else if ((SIM_NAMES as readonly string[]).includes(s)) out.push(s as SimName);
    else throw new Error(`--sim: got '${s}', must be one of ${[...SIM_NAMES, 'all'].join(', ')}`);
  }
  return [...new Set(out)];
}

/** A layer name as a folder name: anything but letters, digits, _ and - becomes _ (conv32_1/conv1 → conv32_1_conv1). */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return s === '' || /^[-_]*$/.test(s) ? `layer_${s}` : s;
}

export async function verifyConfig(loaded: LoadedConfig, opts: VerifyOptions): Promise<VerifyReport> {
  const t0 = performance.now();
  const { family, config } = loaded;
  const progress = opts.progress ?? new Progress(0, process.stderr, !process.env.CI);
  const log = opts.log ?? ((l: string) => progress.note(l));
  const entries = family.workload(config);
  const wanted = opts.layers ?? [];
  for (const n of wanted)
    if (!entries.some((e) => e.name === n)) throw new Error(`${loaded.file}: no layer named '${n}'; the workload has: ${entries.map((e) => e.name).join(', ')}`);
  const chosen = entries.filter((e) => wanted.length === 0 || wanted.includes(e.name));
  if (chosen.length === 0) throw new Error(`${loaded.file}: the workload lists no layers`);

  progress.status(`compiling ${config.name}`);
  const { def, params } = family.build(config);
  const compiled = compile(def, params);

  const layers = chosen.map((e) => {
    progress.status(`loading ${e.name}`);
    let data: unknown;
    try {
      data = e.load();
    } catch (err) {
      if (err instanceof FitError) throw new ConfigError([`${loaded.file}: ${err.message}`]);
      throw err;
    }
    const maxTiles = opts.allTiles ? undefined : e.maxTiles;
    return { e: { ...e, maxTiles }, data, tiles: family.tilesOf(config, data, maxTiles) as number, totalTiles: family.tilesOf(config, data, undefined) as number };
  });
  // shard k of n takes its deal of all layers' tiles, balanced by their cycle models (one-tile layers spread too)
  const deal = opts.shard
    ? dealTiles(layers.map((l) => family.tileCycles?.(config, l.data, l.e.maxTiles) ?? new Array<number>(l.tiles).fill(1)), opts.shard.n)[opts.shard.k]!
    : undefined;
  const total = layers.reduce((s, l, i) => s + (deal ? deal[i]!.length : l.tiles), 0) * opts.sims.length;
  progress.setTotal(total);
  // a parent running shards in parallel (`--jobs`) reads the tile counts from this stream
  const ticks = process.env.HWGEN_TICKS === '1' ? (line: string) => process.stderr.write(`${TICK} ${line}\n`) : undefined;
  ticks?.(`total ${total}`);

  // simulators side by side, layers one after the other in each
  const running = new Map<SimName, string>();
  const label = () => [...running.values()].join(', ');
  const results = await Promise.all(
    opts.sims.map(async (sim) => {
      const out: Array<{ v: LayerVerdict; ms: number }> = [];
      for (const [li, l] of layers.entries()) {
        let last = 0;
        running.set(sim, `${l.e.name} in ${sim}`);
        progress.status(label());
        const t = performance.now();
        const v: LayerVerdict = await family.verifyLayer(config, l.data, compiled, sim, l.e.maxTiles, {
          ...(deal ? { tiles: deal[li]! } : {}),
          onTile: (done: number) => {
            progress.tick(done - last, label());
            ticks?.(`+${done - last}`);
            last = done;
          },
        });
        running.delete(sim);
        const ms = performance.now() - t;
        log(`  ${l.e.name} in ${sim}: ${v.tiles} tile(s), ${formatDuration(ms)}: ${v.pass ? 'PASS' : 'FAIL'}`);
        out.push({ v, ms });
      }
      return out;
    }),
  );
  progress.stop();

  const rows: VerifyRow[] = [];
  for (const [i, l] of layers.entries())
    for (const [j] of opts.sims.entries())
      rows.push({ verdict: results[j]![i]!.v, totalTiles: l.totalTiles, layerModelCycles: family.modelCycles(config, l.data), ms: results[j]![i]!.ms });

  const dumped: string[] = [];
  if (opts.dump !== undefined) {
    const root = path.resolve(opts.dump, config.name);
    for (const [i, l] of layers.entries()) {
      const dir = path.resolve(root, safeName(l.e.name));
      if (path.dirname(dir) !== root) throw new Error(`layer '${l.e.name}' would be dumped outside ${opts.dump}`);
      mkdirSync(dir, { recursive: true });
      // RTL outputs of simulators from an earlier run would look like results of this one
      for (const f of readdirSync(dir)) if (/^rtl_\w+\.npy$/.test(f)) rmSync(path.join(dir, f));
      const verdicts = results.map((r) => r[i]!.v);
      const { arrays, meta } = family.dump(config, l.data, l.e.maxTiles, verdicts);
      for (const [name, a] of Object.entries(arrays) as Array<[string, { descr: string; shape: number[]; data: ArrayLike<number> | ArrayLike<bigint> }]>)
        writeNpy(path.join(dir, `${name}.npy`), a.descr, a.shape, a.data);
      const results_ = verdicts.map((v) => ({ sim: v.sim, pass: v.pass, mismatch: v.mismatch ?? null, tiles: v.tiles, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles }));
      const json = JSON.stringify({ design: config.name, config: loaded.file, ...meta, maxTiles: l.e.maxTiles ?? null, results: results_ }, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x), 2);
      writeFileSync(path.join(dir, 'meta.json'), `${json}\n`);
      dumped.push(dir);
    }
  }
  return { design: config.name, config: loaded.file, ...(opts.shard ? { shard: opts.shard } : {}), rows, ok: rows.every((r) => r.verdict.pass), dumped, ms: performance.now() - t0 };
}

export const shapeText = shapeOf;

/** PASS, or FAIL with the first mismatching output index and both values (or the tile whose cycle count differs). */
export function verdictText(v: LayerVerdict): string {
  if (v.pass) return 'PASS';
  const m = v.mismatch;
  if (!m) return 'FAIL';
  if ('index' in m) return `FAIL at ${m.field === 'y' ? 'output' : m.field} ${m.index}: rtl ${m.rtl}, golden ${m.golden}`;
  if ('counter' in m) return `FAIL counter ${m.counter} of ${m.tile}: rtl ${m.rtl}, model ${m.model}`;
  return `FAIL cycles of ${m.tile}: rtl ${m.rtlCycles}, model ${m.modelCycles}`;
}

export function formatVerifyTable(rows: readonly VerifyRow[]): string {
  return formatTable(
    ['layer', 'sim', 'shape', 'tiles', 'cycles (RTL)', 'cycles (model)', 'MACs', 'PE util', 'layer cycles (model)', 'result'],
    rows.map(({ verdict: v, totalTiles, layerModelCycles }) => [
      v.layer,
      v.sim,
      shapeText(v.shape),
      v.tiles === totalTiles ? String(totalTiles) : `${v.tiles} of ${totalTiles}`,
      v.rtlCycles,
      v.modelCycles,
      v.macs,
      `${(v.utilization * 100).toFixed(1)}%`,
      layerModelCycles,
      verdictText(v),
    ]),
  );
}

/** Per simulator, the network total over the rows: layers, tiles, RTL and model cycles, MACs, PE utilisation, wall time. */
export function networkTotals(rows: readonly VerifyRow[]): Array<{ sim: string; layers: number; tiles: number; rtlCycles: number; modelCycles: number; macs: number; utilization: number; ms: number; pass: boolean }> {
  const sims = [...new Set(rows.map((r) => r.verdict.sim))];
  return sims.map((sim) => {
    const rs = rows.filter((r) => r.verdict.sim === sim);
    const rtlCycles = rs.reduce((a, r) => a + r.verdict.rtlCycles, 0);
    const macs = rs.reduce((a, r) => a + r.verdict.macs, 0);
    // utilisation of the whole run: MACs over lane-cycles, each layer's lanes counted over its own cycles
    const laneCycles = rs.reduce((a, r) => a + r.verdict.rtlCycles * r.verdict.lanes, 0);
    return {
      sim,
      layers: rs.length,
      tiles: rs.reduce((a, r) => a + r.verdict.tiles, 0),
      rtlCycles,
      modelCycles: rs.reduce((a, r) => a + r.verdict.modelCycles, 0),
      macs,
      utilization: laneCycles > 0 ? macs / laneCycles : 0,
      ms: rs.reduce((a, r) => a + (r.ms ?? 0), 0),
      pass: rs.every((r) => r.verdict.pass),
    };
  });
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines = [formatVerifyTable(r.rows)];
  if (new Set(r.rows.map((x) => x.verdict.layer)).size > 1) {
    lines.push('');
    for (const t of networkTotals(r.rows))
      lines.push(
        `total in ${t.sim}: ${t.layers} layer(s), ${t.tiles} tile(s), ${t.rtlCycles} RTL cycles (model ${t.modelCycles}), ${t.macs} MACs, ` +
          `PE util ${(t.utilization * 100).toFixed(1)}%, ${formatDuration(t.ms)} of simulation: ${t.pass ? 'PASS' : 'FAIL'}`,
      );
  }
  const sampled = r.rows.some((x) => x.verdict.tiles !== x.totalTiles);
  if (sampled)
    lines.push('', 'cycles, MACs and PE util are those of the simulated tiles; "layer cycles (model)" is the cycle model for every tile of the layer.');
  const bad = r.rows.filter((x) => !x.verdict.pass).length;
  const counted = r.rows.some((x) => Object.keys(x.verdict.counters).length > 0);
  lines.push(
    '',
    bad
      ? `${r.design}: ${bad} of ${r.rows.length} run(s) FAILED`
      : `${r.design}: ${r.rows.length} run(s) PASS, ${sampled ? 'every output of the verified tiles' : 'every output'} equal to the golden model and every cycle count to the cycle model${counted ? ', every counter to its breakdown' : ''}`,
  );
  return lines.join('\n');
}
