/**
 * The action-count emitters against the RTL: every layer verified tile by tile in the built-in simulator (outputs bit
 * for bit, cycles and counters against the cycle model), then each tile's action counts recomputed with the counted
 * quantities taken from the counters the RTL gave; they equal the emitter's counts. Small configurations of every
 * family with an emitter (tiled layers included), a few seconds each.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../generators/registry.js';
import { compile } from '../../dsl/index.js';
import { compareWithCounters, type CountedTile } from '../../ppa/actions/measured.ts';
import { layerActions } from '../../ppa/actions/index.ts';
import { hwOf } from '../../generators/crossbar/config.js';

async function compareAll(raw: unknown) {
  const { family, config } = parseConfig(raw, 'test.json');
  const { def, params } = family.build(config);
  const c = compile(def, params);
  const out = [];
  for (const e of family.workload(config)) {
    const l = e.load();
    const v = await family.verifyLayer(config, l, c, 'builtin', undefined);
    expect(v.pass, `${v.layer}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`).toBe(true);
    const hw = family.name === 'crossbar' ? hwOf(config) : config.hw;
    const cmp = compareWithCounters(family.name, hw, l, v.tileRecords);
    out.push({ layer: l, records: v.tileRecords as CountedTile[], cmp, hw: hw as unknown, config, family: family.name });
  }
  return out;
}

/** `whole`: the tiles are the layer's run (insram's verification passes each load their weights, the layer's run does not). */
function expectEqualCounts(runs: Awaited<ReturnType<typeof compareAll>>, bump: string, whole = true): void {
  for (const r of runs) {
    expect(r.cmp.length).toBeGreaterThan(0);
    for (const t of r.cmp) {
      expect(t.differ, t.tile).toEqual([]);
      expect(t.measured.counts).toEqual(t.model.counts);
      // the counted actions are real work on this tile
      for (const n of t.counted) expect(t.model.counts.find((a) => a.note === n)!.count, `${t.tile}: ${n}`).toBeGreaterThan(0);
    }
    // the tiles' counts make up the layer's
    if (whole)
      layerActions(r.family, r.config, r.layer).counts.forEach((a, i) => expect(r.cmp.reduce((s, t) => s + t.measured.counts[i]!.count, 0), a.note).toBe(a.count));
    // one count more on a counter shows up in the counted actions it drives, and only there
    const off = r.records.map((t) => ({ ...t, counters: { ...t.counters, [bump]: { rtl: t.counters[bump]!.rtl + 1 } } }));
    const wrong = compareWithCounters(r.family, r.hw, r.layer, off)[0]!;
    expect(wrong.differ.length).toBeGreaterThan(0);
    for (const n of wrong.differ) expect(wrong.counted).toContain(n);
  }
}

/** One family's case: a small configuration, the counters to bump, and the layer (by index) that must be tiled. */
interface Case {
  title: string;
  config: unknown;
  bumps: readonly string[];
  /** a layer of the workload that has more than one tile */
  tiled?: number;
  /** false: the tiles are not the layer's run (see expectEqualCounts) */
  whole?: boolean;
}

const CASES: readonly Case[] = [
  {
    title: 'dense: a tiled 3×3 layer with requantisation and a stride-2 layer', tiled: 0, bumps: ['compute'],
    config: {
      name: 'd', generator: 'dense',
      hw: { rows: 4, cols: 4, ifmapWords: 128, weightWords: 512, outWords: 64, biasWords: 32 },
      workload: { layers: [
        { source: 'random', name: 'tiled', C: 3, H: 12, W: 9, M: 7, R: 3, pad: 1, seed: 21, relu: true, requant: true },
        { source: 'random', name: 's2', C: 2, H: 9, W: 9, M: 5, R: 3, stride: 2, seed: 22 },
      ] },
    },
  },
  {
    title: 'zas: a sparse map (empty rows), a tiled layer over two channel tiles, a 5×5 kernel folded onto 3×3 PEs', tiled: 1, bumps: ['nonzero', 'empty_row'],
    config: {
      name: 'z', generator: 'zas',
      hw: { P: 4, rowLook: 1, nzWords: 512, rowWords: 128, partialWords: 16, weightWords: 64, biasWords: 8, outWords: 256 },
      workload: { layers: [
        { source: 'random', name: 'sparse', C: 3, H: 8, W: 9, M: 6, R: 3, pad: 1, seed: 31, zeros: 0.9, relu: true, requant: true },
        { source: 'random', name: 'tiled', C: 2, H: 20, W: 11, M: 6, R: 3, pad: 1, seed: 34, zeros: 0.6 },
        { source: 'random', name: 'folded5x5', C: 1, H: 8, W: 8, M: 4, R: 5, pad: 2, seed: 35, zeros: 0.5 },
      ] },
    },
  },
  {
    title: 'linac (act_pred, β = (1)): a tiled 3×3 layer and a strided 1×1 layer', tiled: 0, bumps: ['groups', 'term'],
    config: {
      name: 'l', generator: 'linac',
      hw: { beta: [1], lanes: 4, filters: 2, accBits: 48, ifmapWords: 256, weightWords: 64, offWords: 64, outWords: 64, biasWords: 8 },
      workload: { layers: [
        { source: 'random', name: 'r3', C: 3, H: 7, W: 9, M: 5, R: 3, pad: 1, seed: 41, relu: true },
        { source: 'random', name: 'r1s2', C: 4, H: 6, W: 8, M: 3, R: 1, stride: 2, seed: 42 },
      ] },
    },
  },
  {
    title: 'svd (prediction on): a small random layer with skipped outputs', bumps: ['skipped'],
    config: {
      name: 's', generator: 'svd', hw: { outWords: 1024 }, predictor: { falseSkip: 0.02 },
      workload: { layers: [{ source: 'random', name: 'r3', C: 3, H: 7, W: 8, M: 9, R: 3, pad: 1, seed: 7, zeros: 0.4, relu: true, requant: true }] },
    },
  },
  {
    title: 'crossbar (PRIME preset, small tiles): passes over K summed per tile', tiled: 0, bumps: ['adcConversions'],
    config: {
      name: 'x', generator: 'crossbar', preset: 'prime', hw: { rows: 16, cols: 32, pixels: 4, adcShare: 4 },
      workload: { layers: [{ source: 'random', name: 'r3', C: 3, H: 5, W: 5, M: 5, R: 3, pad: 1, seed: 4, zeros: 0.3, relu: true }] },
    },
  },
  {
    title: 'fda (2D, 8-point transforms): a layer over several runs', tiled: 0, bumps: ['adc', 'lines'],
    config: {
      name: 'f', generator: 'fda',
      workload: { layers: [{ source: 'random', name: 'r3', C: 2, H: 6, W: 10, M: 2, R: 3, pad: 1, seed: 5, relu: true }] },
    },
  },
  {
    title: 'linac (wgt_plane): a tiled 3×3 layer and a strided 1×1 layer', tiled: 0, bumps: ['prologue', 'fetch', 'term', 'post'],
    config: {
      name: 'p', generator: 'linac',
      hw: { mode: 'wgt_plane', lanes: 4, cols: 2, svBits: 12, pBits: 28, accBits: 56, ifmapWords: 256, slotWords: 64, wsWords: 8, outWords: 64, biasWords: 8 },
      workload: { layers: [
        { source: 'random', name: 'r3', C: 3, H: 7, W: 9, M: 5, R: 3, pad: 1, seed: 41, relu: true },
        { source: 'random', name: 'r1s2', C: 4, H: 6, W: 8, M: 3, R: 1, stride: 2, seed: 42 },
      ] },
    },
  },
  {
    title: 'insram (coalesced, 50 % pruned): every pass of a random layer, each run on its own', tiled: 0, bumps: ['reads2', 'reads1', 'writes', 'gather'], whole: false,
    config: {
      name: 'i', generator: 'insram', mapping: 'coalesced', pruning: 0.5,
      hw: { rows: 224, cols: 32, arrays: 1, xinWords: 2048, idxWords: 64, imemWords: 128 },
      workload: { layers: [{ source: 'random', name: 'r3', C: 8, H: 4, W: 6, M: 4, R: 3, pad: 1, seed: 3 }] },
    },
  },
  {
    title: 'fft (8×8, 2D): forward and inverse blocks', tiled: 0, bumps: ['lines'],
    config: {
      name: 'f', generator: 'fft', hw: { n: 8, dims: 2, w: 16, t: 16 },
      workload: { layers: [
        { source: 'random', name: 'fwd', blocks: 2, seed: 1 },
        { source: 'random', name: 'inv', blocks: 1, seed: 2, inverse: true },
      ] },
    },
  },
];

describe('action counts equal the RTL counters on verified tiles (built-in simulator)', () => {
  for (const k of CASES)
    it(k.title, async () => {
      const runs = await compareAll(k.config);
      if (k.tiled !== undefined) expect(runs[k.tiled]!.cmp.length).toBeGreaterThan(1);
      for (const b of k.bumps) expectEqualCounts(runs, b, k.whole ?? true);
    }, 300_000);
});
