/**
 * Output-sign prediction figures (generators/predict/report.ts): the trade-off between speedup over the dense baseline
 * (same multipliers, the prediction unit's included) and the descriptor cosine over rank and τ on the real network,
 * the per-layer table with the exact mode and zero skipping alone beside it, the published figures, the cycle model
 * checked on RTL tiles (Verilator) and Yosys cell counts.
 *
 *   npx tsx bench/svd.ts              everything
 *   npx tsx bench/svd.ts --no-rtl     no simulation, no Yosys
 *   npx tsx bench/svd.ts --no-cells   no Yosys
 *   npx tsx bench/svd.ts --all-tiles  instead: every tile of every accepted face-net layer in Verilator, both modes
 *                                     (configs/svd.json's memories), written to bench-out/svd-tiles.json
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { runSvdBench, verifyEveryTile, DEFAULT_PREDICT_HW } from '../generators/predict/index.js';
import { printTable, writeBenchJson, printReport, reportOptions } from './util.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
if (args.includes('--all-tiles')) {
  const res: Record<string, unknown> = {};
  for (const mode of ['predict', 'exact'] as const) {
    const t = await verifyEveryTile({ ...DEFAULT_PREDICT_HW, mode, outWords: 8192 }, 'verilator', 0.02, (m) => console.error(m));
    console.log(`\n${t.title}`);
    printTable(t.header, t.rows);
    res[mode] = t.json;
  }
  console.log(`\nwrote ${writeBenchJson('svd-tiles', res)}`);
  process.exit(0);
}
printReport('svd', await runSvdBench(DEFAULT_PREDICT_HW, reportOptions(args)));
printEnergy('svd', process.argv.slice(2));
