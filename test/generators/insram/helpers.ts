/** Shared by the insram tests: run one micro-operation case in a simulator and decode it. */
import type { Compiled } from '../../../dsl/index.js';
import { simulate, type SimName } from '../../../sim/simulate.js';
import type { InsramHwParams } from '../../../generators/insram/params.js';
import { microCase } from '../../../generators/insram/micro.js';
import { microOpGolden, type MicroOp } from '../../../generators/insram/golden.js';
import { memoryImage, stimulus, decodeRows, regionReads, operandValues } from '../../../generators/insram/driver.js';
import { programCounts, counterFigures } from '../../../generators/insram/model.js';
import { Prng } from '../../../workloads/synthetic.js';
import { counterBits } from '../../../generators/common/stimulus.js';

export const MICRO_OPS: MicroOp[] = ['ADD', 'ADDC', 'SUB', 'MUL', 'MULS', 'MOVE', 'XNOR', 'AND', 'REDUCE'];

/**
 * Every micro-operation at every precision the family has: all of them on 8-, 4- and 2-bit operands; ternary's masked
 * add and subtract on the 8-bit inputs it accumulates; binary's XNOR and popcount (the reduction of 1-bit values).
 */
export const MICRO_CASES: Array<{ precision: string; op: MicroOp; n: number }> = [
  ...[8, 4, 2].flatMap((n) => MICRO_OPS.map((op) => ({ precision: `int${n}`, op, n }))),
  { precision: 'ternary', op: 'TADD', n: 8 },
  { precision: 'ternary', op: 'TSUB', n: 8 },
  { precision: 'binary', op: 'XNOR', n: 1 },
  { precision: 'binary', op: 'REDUCE', n: 1 },
];

export interface MicroResult {
  got: bigint[][];
  expected: bigint[][];
  cycles: number;
  counts: Record<string, number>;
  model: Record<string, number> & { cycles: number };
}

/** Random n-bit operands on every bitline of every array; the measured values, the golden ones, counters and model. */
export async function runMicro(c: Compiled, hw: InsramHwParams, sim: SimName, op: MicroOp, n: number, seed: number, k = 3): Promise<MicroResult> {
  const g = new Prng(seed);
  const a = Array.from({ length: hw.arrays }, () => Array.from({ length: hw.cols }, () => BigInt(g.int(0, 2 ** n - 1))));
  const b = Array.from({ length: hw.arrays }, () => Array.from({ length: hw.cols }, () => BigInt(op === 'AND' ? g.int(0, 1) : g.int(0, 2 ** n - 1))));
  const mc = microCase(op, hw, a, b, n, k);
  const run = stimulus(mc.image, hw, regionReads(mc.resultRow, mc.resultBits, hw.arrays));
  const r = await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles: run.cycles, sample: ['done', 'rd_data'], preload: memoryImage(mc.image, hw) });
  const d = decodeRows(r.trace, run, hw);
  const rows = d.fields.rows!;
  const got = a.map((_, q) => operandValues(rows.slice(q * mc.resultBits, (q + 1) * mc.resultBits), mc.resultBits, hw.cols, false));
  // REDUCE leaves the sum in bitline 0 (the other bitlines hold partial sums)
  const expected = a.map((av, q) => microOpGolden(op, av, b[q]!, n, k));
  if (op === 'REDUCE') for (const row of got) row.fill(0n, 1);
  const model = programCounts(mc.image.program, hw);
  // the counters read back through the read port (min(cols − 1, 32) bits: they count modulo that) against the
  // schedule's figures; the cycles against the model's
  const mod = 2 ** counterBits(hw.cols);
  const figures = Object.fromEntries(Object.entries(counterFigures(model)).map(([k, v]) => [k, v % mod]));
  return { got, expected, cycles: d.cycles, counts: Object.fromEntries(Object.entries(d.counters).map(([k, v]) => [k, Number(v)])), model: { ...figures, cycles: model.cycles } };
}
