/**
 * Zero-activation skipping figures (generators/zas/report.ts): the sparsity sweep on VGG16 against the dense baseline at
 * equal multiplier count, the real face-net layers, the cycle model validated on RTL tiles (Verilator) and Yosys cell
 * counts. The cycle figures come from the cycle model, which the validation table checks against RTL cycle for cycle.
 *
 *   npx tsx bench/zas.ts              everything (the Yosys part takes a few minutes)
 *   npx tsx bench/zas.ts --no-rtl     cycle model only
 *   npx tsx bench/zas.ts --no-cells   no Yosys
 */
import { runZasBench, DEFAULT_ZAS_HW } from '../generators/zas/index.js';
import { printTable, writeBenchJson } from './util.js';

const args = process.argv.slice(2);
const res = await runZasBench(DEFAULT_ZAS_HW, {
  rtl: !args.includes('--no-rtl'),
  cells: !args.includes('--no-rtl') && !args.includes('--no-cells'),
  log: (m) => console.error(m),
});
for (const t of res.tables) {
  console.log(`\n${t.title}`);
  printTable(t.header, t.rows);
  for (const n of t.notes) console.log(`  - ${n}`);
}
console.log(`\nwrote ${writeBenchJson('zas', res.json)}`);
