/**
 * Energy columns for every family (ppa/columns.ts): each family's configured workload layers (whole layers, every
 * tile) costed with the reference energy table, beside the dense baseline (configs/dense.json's 8×8 array) on the
 * same layers, and the papers' figures with their nodes. bench-out/ppa.json holds every row with its energy per
 * component, and (with --area) each design's logic area per module from the standard-cell mapping of `hwgen ppa`
 * (cached in ppa-out/<design>/ when the Verilog is unchanged; a fresh mapping takes minutes per design).
 *
 *   npx tsx bench/ppa.ts [--energy TABLE.yaml] [--area] [--abc full|fast]
 */
import { loadConfig } from '../generators/registry.js';
import { energyColumns, FAMILY_CONFIGS } from '../ppa/columns.ts';
import { runPpa } from '../ppa/run.ts';
import { printTable, writeBenchJson } from './util.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const log = (m: string) => console.error(m);
const files = Object.values(FAMILY_CONFIGS).flat();
const res = energyColumns(files, { ...(opt('--energy') ? { energy: opt('--energy')! } : {}), log });
for (const t of res.tables) {
  console.log(`\n${t.title}`);
  printTable(t.header, t.rows);
  for (const n of [t.notes[0], ...t.notes.slice(2)]) console.log(`  - ${n}`);
}
console.log(`  - ${res.tables[0]?.notes[1] ?? ''}`);

const area: Record<string, unknown> = {};
if (args.includes('--area')) {
  const abc = opt('--abc') === 'full' ? 'full' : 'fast';
  for (const file of files) {
    const c = loadConfig(file);
    const r = await runPpa(c, { abc, noEnergy: true, log });
    const total = r.asic.logicArea;
    const mods = r.asic.modules.map(({ cellsByType: _t, ...m }) => ({ ...m, shareOfLogic: (m.area * m.instances) / total }));
    area[r.design] = { abc, logicAreaUm2: total, memoryBits: r.asic.memoryBits, fmaxMHz: r.timing.fmaxMHz, modules: mods };
    console.log(`\narea: ${r.design} (abc ${abc}): ${(total / 1e6).toFixed(3)} mm² logic, ${r.asic.memoryBits.toLocaleString('en-US')} memory bits, ${r.timing.fmaxMHz.toFixed(1)} MHz`);
  }
} else console.log('\n(no --area: logic area per module not computed; `npx tsx bench/ppa.ts --area` maps every design, minutes each when not cached)');
console.log(`\nwrote ${writeBenchJson('ppa', { ...res.json, ...(args.includes('--area') ? { area } : {}) })}`);
