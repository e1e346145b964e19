/**
 * Whole-network workloads: "layer": "*" and "image": "*" expand to every face-net layer and sample image (layers the
 * family cannot take are skipped, with the reason), --all-tiles overrides maxTiles, --jobs N runs N shard processes
 * whose merged report equals the single run, and the report ends with the network total.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { expandWorkload } from '../../generators/common/wildcard.ts';
import { parseConfig, ConfigError } from '../../generators/registry.ts';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.ts';
import { verifyConfig, formatVerifyReport, networkTotals } from '../../cli/commands/verify.ts';
import { Progress } from '../../cli/progress.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quiet = () => new Progress(0, { isTTY: false, write: () => true }, false);

describe('whole-network workloads', () => {
  it('"*" expands to every layer of every image, in network order; other entries stay as written', () => {
    const names = layerShapes().map((s) => s.name);
    const raw = { workload: { layers: [{ source: 'random', name: 'r' }, { source: 'facenet', layer: '*', image: '*', maxTiles: 1 }, { source: 'facenet', layer: names[3], image: '*' }] } };
    const { raw: out, origin } = expandWorkload(raw);
    const layers = (out as typeof raw).workload.layers as Array<Record<string, unknown>>;
    expect(layers).toHaveLength(1 + names.length * NUM_SAMPLES + NUM_SAMPLES);
    expect(layers[0]).toEqual({ source: 'random', name: 'r' });
    expect(layers[1]).toEqual({ source: 'facenet', layer: names[0], image: 0, maxTiles: 1 });
    expect(layers[names.length]).toEqual({ source: 'facenet', layer: names.at(-1), image: 0, maxTiles: 1 });
    expect(layers[names.length + 1]).toEqual({ source: 'facenet', layer: names[0], image: 1, maxTiles: 1 });
    expect(origin.map((o) => o.index)).toEqual([0, ...Array(names.length * NUM_SAMPLES).fill(1), ...Array(NUM_SAMPLES).fill(2)]);
    expect(expandWorkload({ workload: { layers: [{ source: 'facenet', layer: names[0] }] } }).origin).toEqual([{ index: 0, wildcard: false }]);
  });

  it('skips the layers the family cannot take, names each with its reason; errors still point at the line written', () => {
    const l = parseConfig({ name: 'd', generator: 'dense', hw: { rows: 4, cols: 4, accBits: 26 }, workload: { layers: [{ source: 'facenet', layer: '*' }] } }, 'x.json');
    const kept = l.family.workload(l.config).map((e) => e.name);
    expect(kept).toContain('conv32_down');
    expect(kept).not.toContain('conv256_1/conv1');
    expect(l.skipped!.length + kept.length).toBe(layerShapes().length);
    expect(l.skipped).toContain(
      "conv256_1/conv1@0: layer 'conv256_1/conv1': sums can reach ±75202560, which overflows the 26-bit accumulator; raise accBits to at least 28",
    );
    // the same layer on every image: names carry the image
    const all = parseConfig({ name: 'd', generator: 'dense', workload: { layers: [{ source: 'facenet', layer: 'conv32_down', image: '*' }] } }, 'x.json');
    expect(all.family.workload(all.config).map((e) => e.name)).toEqual(Array.from({ length: NUM_SAMPLES }, (_, i) => `conv32_down@${i}`));
    // a bad field of a "*" entry is reported at the entry the user wrote, not at an expanded index
    const bad = { name: 'd', generator: 'dense', workload: { layers: [{ source: 'random', name: 'r', C: 1, H: 4, W: 4, M: 1, R: 1, seed: 1 }, { source: 'facenet', layer: '*', maxTiles: 0 }] } };
    expect(() => parseConfig(bad, 'x.json')).toThrow(ConfigError);
    try {
      parseConfig(bad, 'x.json');
    } catch (e) {
      const lines = (e as ConfigError).lines;
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^x\.json: workload\.layers\[1\]\.maxTiles: got 0, must be/);
    }
  });

  it('--all-tiles verifies every tile whatever maxTiles says; the report ends with the network total', async () => {
    const cfg = JSON.parse(readFileSync(path.join(ROOT, 'configs/dense-small.json'), 'utf8'));
    // a layer too large for the 512-word SRAMs in one tile, sampled to one tile
    cfg.workload.layers[2] = { source: 'random', name: 'tiled', C: 24, H: 12, W: 12, M: 12, R: 3, pad: 1, seed: 3, maxTiles: 1 };
    const loaded = parseConfig(cfg, 'dense-small.json');
    const sampled = await verifyConfig(loaded, { sims: ['builtin'], layers: ['tiled'], progress: quiet(), log: () => {} });
    expect(sampled.rows[0]!.verdict.tiles).toBe(1);
    expect(sampled.rows[0]!.totalTiles).toBeGreaterThan(1);
    const r = await verifyConfig(loaded, { sims: ['builtin'], allTiles: true, progress: quiet(), log: () => {} });
    expect(r.rows.map((x) => x.verdict.tiles)).toEqual(r.rows.map((x) => x.totalTiles));
    const [t] = networkTotals(r.rows);
    expect(t!.rtlCycles).toBe(r.rows.reduce((a, x) => a + x.verdict.rtlCycles, 0));
    expect(t!.rtlCycles).toBe(t!.modelCycles);
    expect(formatVerifyReport(r)).toMatch(/^total in builtin: 3 layer\(s\), \d+ tile\(s\), \d+ RTL cycles \(model \d+\), \d+ MACs, PE util \d+\.\d%, .* of simulation: PASS$/m);
  });

  it('--jobs 2: two shard processes, merged, give the table of one run', async () => {
    const run = (extra: string[]) =>
      execa(process.execPath, [path.join(ROOT, 'bin/hwgen.mjs'), 'verify', 'configs/dense-small.json', '--sim', 'builtin', '--no-progress', ...extra], { cwd: ROOT, reject: false });
    const [one, two] = await Promise.all([run([]), run(['--jobs', '2'])]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(two.exitCode, two.stderr).toBe(0);
    const table = (s: string) => s.split('\n').filter((l) => !l.startsWith('total in '));
    expect(table(two.stdout)).toEqual(table(one.stdout));
    expect(two.stderr).toMatch(/\[1\/2\] {3}rand5x5s2 in builtin: 1 tile\(s\)/);
  }, 120_000);
});
