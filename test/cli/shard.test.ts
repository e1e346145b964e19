/**
 * `hwgen verify --shard K/N --json` and `--merge`: one configuration split into 3 shards merges into the verdicts of one
 * run (tiles, cycles, counters, per-field reports, the table, the exit status), a planted cycle mismatch included.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseConfig, type AnyFamily } from '../../generators/registry.js';
import { verifyConfig, formatVerifyTable, type VerifyReport } from '../../cli/commands/verify.js';
import { writeShard, mergeShards, parseShard, dealTiles } from '../../cli/commands/shards.js';
import { summarize } from '../../generators/common/verdict.js';
import { scratchDir } from '../helpers/tmp.ts';

const CONFIG = {
  name: 'dense_shards',
  generator: 'dense',
  hw: { rows: 4, cols: 4, ifmapWords: 128, weightWords: 512, outWords: 64, biasWords: 32 },
  workload: {
    layers: [
      { source: 'random', name: 'tiled', C: 4, H: 14, W: 9, M: 10, R: 3, pad: 1, seed: 11, relu: true, requant: true },
      { source: 'random', name: 'small', C: 2, H: 6, W: 7, M: 3, R: 3, seed: 12 },
    ],
  },
};

/** What a merged row must equal: every number of the verdict and its records (no arrays: shards carry none). */
function essence(r: VerifyReport) {
  return r.rows.map(({ verdict: v, totalTiles, layerModelCycles }) => ({
    layer: v.layer, sim: v.sim, tiles: v.tiles, totalTiles, layerModelCycles, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles,
    macs: v.macs, utilization: v.utilization, pass: v.pass, mismatch: v.mismatch, fields: v.fields, counters: v.counters,
    tileRecords: v.tileRecords.map((t) => ({ ...t, simMs: 0 })),
  }));
}

async function runShards(loaded: ReturnType<typeof parseConfig>, n: number): Promise<VerifyReport> {
  const dir = await scratchDir('hwgen-shards-');
  for (let k = 0; k < n; k++) {
    const r = await verifyConfig(loaded, { sims: ['builtin'], shard: { k, n }, log: () => {} });
    writeShard(path.join(dir, `shard-${k}.json`), r);
  }
  return mergeShards(dir);
}

describe('verify shards', () => {
  it('3 shards merge into the verdicts of one run', async () => {
    const loaded = parseConfig(CONFIG, 'shards.json');
    const one = await verifyConfig(loaded, { sims: ['builtin'], log: () => {} });
    expect(one.rows[0]!.totalTiles).toBeGreaterThanOrEqual(6);
    expect(one.ok).toBe(true);
    const merged = await runShards(loaded, 3);
    expect(essence(merged)).toEqual(essence(one));
    expect(formatVerifyTable(merged.rows)).toBe(formatVerifyTable(one.rows));
    expect(merged.ok).toBe(true);
  }, 300_000);

  it('a mismatch in one shard is the merged verdict\'s mismatch, as in one run', async () => {
    const loaded = parseConfig(CONFIG, 'shards.json');
    const real = loaded.family;
    // a family whose tile 3 of layer 'tiled' reports one cycle too many: the hardware has no honest way to fail
    const family: AnyFamily = {
      ...real,
      async verifyLayer(...args: Parameters<AnyFamily['verifyLayer']>) {
        const v = await real.verifyLayer(...args);
        const tileRecords = v.tileRecords.map((t) => (v.layer === 'tiled' && t.index === 3 ? { ...t, rtlCycles: t.rtlCycles + 1 } : t));
        return { ...v, ...summarize({ ...v, tileRecords }) };
      },
    };
    const bad = { ...loaded, family };
    const one = await verifyConfig(bad, { sims: ['builtin'], log: () => {} });
    expect(one.ok).toBe(false);
    expect(one.rows[0]!.verdict.mismatch).toMatchObject({ tile: expect.stringMatching(/^tiled\[/) });
    const merged = await runShards(bad, 3);
    expect(merged.ok).toBe(false);
    expect(essence(merged)).toEqual(essence(one));
  }, 300_000);

  it('the deal gives every tile to exactly one shard, longest first to the least loaded, one-tile layers spread', () => {
    // three one-tile layers and a layer of four: per layer order would give shard 0 all three single tiles
    const costs = [[100], [90], [80], [40, 40, 40, 40]];
    const deal = dealTiles(costs, 2);
    expect(deal).toEqual([
      [[0], [], [], [0, 1, 3]],
      [[], [0], [0], [2]],
    ]);
    const load = deal.map((s) => s.reduce((t, ps, l) => t + ps.reduce((u, p) => u + costs[l]![p]!, 0), 0));
    expect(load).toEqual([220, 210]);
    // every tile once, whatever n
    for (const n of [1, 3, 7]) {
      const d = dealTiles(costs, n);
      costs.forEach((cs, l) => expect(d.flatMap((s) => s[l]!).sort()).toEqual(cs.map((_, p) => p)));
    }
  });

  it('--shard takes K/N with 0 <= K < N', () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    for (const bad of ['3/3', '1', 'a/b', '-1/2', '0/0']) expect(() => parseShard(bad), bad).toThrow(`--shard: got '${bad}', must be K/N with 0 <= K < N (e.g. 0/4)`);
  });
});
