/**
 * Zero-activation skipping figures (generators/zas/report.ts): the sparsity sweep on VGG16 against the dense baseline at
 * equal multiplier count, the real face-net layers, the cycle model validated on RTL tiles (Verilator) and Yosys cell
 * counts. The cycle figures come from the cycle model, which the validation table checks against RTL cycle for cycle.
 *
 *   npx tsx bench/zas.ts              everything (the Yosys part takes a few minutes)
 *   npx tsx bench/zas.ts --no-rtl     cycle model only
 *   npx tsx bench/zas.ts --no-cells   no Yosys
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { runZasBench, DEFAULT_ZAS_HW } from '../generators/zas/index.js';
import { printReport, reportOptions } from './util.js';
import { printEnergy } from './energy.ts';

printReport('zas', await runZasBench(DEFAULT_ZAS_HW, reportOptions(process.argv.slice(2))));
printEnergy('zas', process.argv.slice(2));
