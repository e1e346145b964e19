/**
 * `hwgen bench network [--images N] [--families dense,zas,linac] [--sim verilator] [--jobs 2]`: whole-network RTL
 * verification as a job. For each family's default configuration, every face-net layer it accepts on the first N sample
 * images (default: all six), every tile (--all-tiles), in one simulator, as `--jobs` shard processes side by side. Prints
 * per family the layers, tiles, RTL cycles, MACs, wall time and the verdict (every output equal to the golden model,
 * every cycle count to the cycle model); writes bench-out/network.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NUM_SAMPLES } from '../workloads/facenet/index.js';
import { verifyInJobs } from '../cli/commands/jobs.js';
import { networkTotals } from '../cli/commands/verify.js';
import { loadConfig } from '../generators/registry.js';
import { Progress, formatDuration } from '../cli/progress.js';
import { printTable, writeBenchJson } from './util.js';

const FAMILY_CONFIGS: Record<string, string> = {
  dense: 'configs/dense.json',
  zas: 'configs/zas.json',
  linac: 'configs/linac.json',
  linac_plane: 'configs/linac-plane.json',
};

const { values: v } = parseArgs({
  options: {
    images: { type: 'string', default: String(NUM_SAMPLES) },
    families: { type: 'string', default: 'dense,zas,linac' },
    sim: { type: 'string', default: 'verilator' },
    jobs: { type: 'string', default: String(Math.max(1, os.availableParallelism())) },
  },
});
const images = Number(v.images);
const jobs = Number(v.jobs);
if (!Number.isInteger(images) || images < 1 || images > NUM_SAMPLES) throw new Error(`bench network: --images must be 1..${NUM_SAMPLES}, got ${v.images}`);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`bench network: --jobs must be a positive integer, got ${v.jobs}`);
const families = v.families!.split(',').map((s) => s.trim()).filter(Boolean);
for (const f of families) if (!FAMILY_CONFIGS[f]) throw new Error(`bench network: unknown family '${f}' (known: ${Object.keys(FAMILY_CONFIGS).join(', ')})`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-network-'));
const results: Array<Record<string, unknown>> = [];
try {
  for (const fam of families) {
    const cfg = JSON.parse(readFileSync(FAMILY_CONFIGS[fam]!, 'utf8')) as Record<string, unknown>;
    delete cfg.$schema;
    const layers = Array.from({ length: images }, (_, image) => ({ source: 'facenet', layer: '*', image }));
    const file = path.join(dir, `${fam}.json`);
    writeFileSync(file, JSON.stringify({ ...cfg, name: `${String(cfg.name)}_network`, workload: { layers } }, null, 2));
    const skipped = loadConfig(file).skipped ?? [];
    const progress = new Progress(0, process.stderr, !process.env.CI);
    progress.note(`${fam}: ${images} image(s), every layer it accepts, every tile, ${v.sim}, ${jobs} job(s)${skipped.length ? `; skipped ${skipped.length}: ${[...new Set(skipped.map((s) => s.replace(/^\S+@\d+: /, '')))].join('; ')}` : ''}`);
    const t0 = performance.now();
    const r = await verifyInJobs(file, jobs, ['--sim', v.sim!, '--all-tiles'], progress, () => {});
    const wallMs = performance.now() - t0;
    const [t] = networkTotals(r.rows);
    results.push({ family: fam, config: FAMILY_CONFIGS[fam], images, sim: v.sim, jobs, layerRuns: t!.layers, skipped: skipped.length, tiles: t!.tiles, rtlCycles: t!.rtlCycles, modelCycles: t!.modelCycles, macs: t!.macs, utilization: t!.utilization, simMsSummed: Math.round(t!.ms), wallMs: Math.round(wallMs), pass: r.ok && t!.rtlCycles === t!.modelCycles });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Whole-network RTL verification: every face-net layer each family accepts, ${images} image(s), every tile, ${v.sim}, ${jobs} shard process(es).`);
printTable(
  ['family', 'layer runs', 'skipped', 'tiles', 'RTL cycles', 'MACs', 'PE util', 'sim time (summed)', 'wall', 'result'],
  results.map((r) => [
    String(r.family),
    Number(r.layerRuns),
    Number(r.skipped),
    Number(r.tiles),
    Number(r.rtlCycles),
    Number(r.macs),
    `${(Number(r.utilization) * 100).toFixed(1)}%`,
    formatDuration(Number(r.simMsSummed)),
    formatDuration(Number(r.wallMs)),
    r.pass ? 'PASS' : 'FAIL',
  ]),
);
const total = results.reduce((a, r) => a + Number(r.wallMs), 0);
console.log(`\ntotal wall time ${formatDuration(total)}; PASS means every output equals the golden model and every tile's RTL cycles its cycle model.`);
console.log(`wrote ${writeBenchJson('network', { images, sim: v.sim, jobs, totalWallMs: Math.round(total), results })}`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
