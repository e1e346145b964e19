/**
 * Every tile of every face-net layer through the crossbar RTL in one simulator, against the golden crossbar model
 * (and, in ideal mode, the exact convolution), with every pass's cycles and event counts against the model. Long:
 * run it once, niced. Writes bench-out/crossbar-verify-<preset>-<mode>-<sim>.json.
 *
 *   npx tsx bench/crossbar-verify.ts --preset isaac|prime [--mode limited|ideal] [--sim verilator|icarus|builtin]
 *        [--layers a,b] [--max-tiles n] [--image i]
 */
import { compile } from '../dsl/index.js';
import { XbarAccel } from '../generators/crossbar/accel.js';
import { verifyXbar } from '../generators/crossbar/verify.js';
import { PRESETS } from '../generators/crossbar/config.js';
import { tileXbar } from '../generators/crossbar/driver.js';
import { tileSample } from '../generators/common/tiling.js';
import { facenetLayerData } from '../generators/common/layers.js';
import { layerShapes } from '../workloads/facenet/index.js';
import type { SimName } from '../sim/simulate.js';
import { printTable, writeBenchJson } from './util.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const preset = (opt('--preset') ?? 'isaac') as keyof typeof PRESETS;
const mode = (opt('--mode') ?? 'limited') as 'limited' | 'ideal';
const sim = (opt('--sim') ?? 'verilator') as SimName;
const image = Number(opt('--image') ?? 0);
const maxTiles = opt('--max-tiles') ? Number(opt('--max-tiles')) : undefined;
const hw = { ...PRESETS[preset], adc: mode };
const names = opt('--layers')?.split(',') ?? layerShapes().map((s) => s.name);
const c = compile(XbarAccel, hw);
const rows: Array<Array<string | number>> = [];
const json: unknown[] = [];
let allPass = true;
const t0 = performance.now();
for (const name of names) {
  const l = { ...facenetLayerData(name, image), actBits: 8 };
  const f = tileSample(maxTiles);
  const total = tileXbar(l, hw).length;
  const v = await verifyXbar(l, hw, c, sim, { harness: { buildTimeoutMs: 60 * 60 * 1000, runTimeoutMs: 30 * 60 * 1000 }, ...(f ? { tileFilter: f } : {}), onTile: (d, n) => process.stderr.write(`\r${name}: tile ${d}/${n}   `) });
  process.stderr.write('\n');
  allPass &&= v.pass;
  const ev = v.rtlEvents;
  rows.push([name, `${v.tiles}/${total}`, v.passes, v.rtlCycles, v.modelCycles, ev.activations, ev.adcConversions, ev.shiftAdds, (v.simMs / 1000).toFixed(1), v.exact === undefined ? '-' : String(v.exact), v.pass ? 'PASS' : `FAIL ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`]);
  json.push({ layer: name, tiles: v.tiles, of: total, passes: v.passes, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, rtlEvents: v.rtlEvents, modelEvents: v.modelEvents, simMs: v.simMs, exact: v.exact ?? null, pass: v.pass });
  // written after every layer, so a run stopped early still leaves its record
  writeBenchJson(`crossbar-verify-${preset}-${mode}-${sim}`, { preset, mode, sim, image, maxTiles: maxTiles ?? null, hw, allPass, complete: false, layers: json });
}
printTable(['layer', 'tiles', 'passes', 'RTL cycles', 'model cycles', 'activations', 'ADC conv', 'shift-adds', 'sim s', 'exact', 'result'], rows);
console.log(`\n${preset} ${mode} in ${sim}: ${allPass ? 'every tile PASS' : 'FAILURES'}; ${((performance.now() - t0) / 1000).toFixed(0)} s wall`);
console.log(`wrote ${writeBenchJson(`crossbar-verify-${preset}-${mode}-${sim}`, { preset, mode, sim, image, maxTiles: maxTiles ?? null, hw, allPass, complete: true, layers: json })}`);
process.exit(allPass ? 0 : 1);
