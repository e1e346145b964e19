/**
 * In-SRAM bit-serial accelerator figures (generators/insram/bench.ts): per-operation counts, every face-net 3×3 layer at
 * pruning levels 0/25/50/75 % for the dense, coalesced and overlapped mappings, the network totals beside the
 * descriptor cosine similarity of the pruned network, and the paper's 1.6× over Neural Cache; what bounds the saving at
 * the accurate pruning levels (generators/insram/bound.ts).
 *
 *   npx tsx bench/insram.ts                    256×256 arrays, 32 of them (row activations from the cycle model)
 *   npx tsx bench/insram.ts --arrays 8 --cols 512   8 arrays of 256 rows × 512 bitlines (cols ≥ 256: a dense segment takes one bitline per channel)
 *   npx tsx bench/insram.ts --rtl              also validate the model on one pass per layer and mapping in Verilator
 *   npx tsx bench/insram.ts --rtl --rtl-passes 8   … on 8 passes per layer and mapping (evenly spread)
 *   npx tsx bench/insram.ts --no-accuracy      skip the cosine study and the bound table (minutes of forward passes)
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { DEFAULT_INSRAM_HW, InsramFitError } from '../generators/insram/index.js';
import { opTable, layerRows, layerTable, netRows, netTable, precisionTable, rtlValidation, descriptorCosines, LEVELS, FINE_LEVELS, type BenchTable } from '../generators/insram/bench.js';
import type { AccuracyRow } from '../generators/insram/accuracy.js';
import { boundRows, boundTable } from '../generators/insram/bound.js';
import { printReport } from './util.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
const num = (flag: string, dflt: number) => {
  const i = args.indexOf(flag);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench/insram.ts: ${flag}: got '${args[i + 1] ?? ''}', must be a positive integer`);
    process.exit(2);
  }
  return v;
};
const hw = { ...DEFAULT_INSRAM_HW, rows: num('--rows', 256), cols: num('--cols', 256), arrays: num('--arrays', 32), xinWords: 1 << 16, idxWords: 1024, imemWords: 1024 };
const log = (m: string) => console.error(m);
const tables: BenchTable[] = [opTable(hw)];
log('face-net layers (cycle model)');
const rows = (() => {
  try {
    return layerRows(hw, LEVELS, log);
  } catch (e) {
    // an array shape no face-net layer fits: the error names the layer, the shortfall and the fix
    if (!(e instanceof InsramFitError)) throw e;
    console.error(`bench/insram.ts: ${e.message}`);
    process.exit(2);
  }
})();
tables.push(layerTable(rows));
const acc = new Map<string, AccuracyRow>();
if (!args.includes('--no-accuracy'))
  for (const kind of ['coalesce', 'overlap'] as const)
    for (const level of [...LEVELS, ...FINE_LEVELS]) {
      log(`descriptor cosine: ${kind} ${100 * level}%`);
      acc.set(`${kind}|${level}`, descriptorCosines(kind, level));
    }
const net = netRows(rows, LEVELS, acc);
tables.push(netTable(net, acc));
let bound: ReturnType<typeof boundRows> | undefined;
if (!args.includes('--no-accuracy')) {
  bound = boundRows(hw, undefined, log);
  tables.push(boundTable(bound, hw));
}
log('precisions (cycle model)');
tables.push(precisionTable(hw, log));
if (args.includes('--rtl')) {
  log('RTL validation (Verilator)');
  tables.push(await rtlValidation({ ...DEFAULT_INSRAM_HW, rows: 256, cols: 64, arrays: 2 }, 0.5, log, num('--rtl-passes', 1)));
}
printReport('insram', { tables, json: { hw, layers: rows, network: net, accuracy: [...acc.values()], ...(bound ? { bound } : {}), tables } });
printEnergy('insram', process.argv.slice(2));
