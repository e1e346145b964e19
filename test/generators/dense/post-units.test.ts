/**
 * Post-processing units shared by the rows (hw.postUnits): a drained column goes through U units in S = ceil(rows / U)
 * cycles, a tile lasts max(K, rows + (cols − 1)(S − 1), cols·S). Outputs bit for bit and cycles equal to the model in
 * the built-in simulator on arrays where each term of the period is the larger one (1×1 layers with K below it: the
 * period is the drain's), the 4×4 with one unit in Icarus and Verilator, lint, and the configuration's bound.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../generators/registry.js';
import { compile } from '../../../dsl/index.js';
import { denseCycles, drainShape } from '../../../generators/dense/model.js';
import { materialize, type SimName } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { errorOf } from '../../helpers/config-error.ts';

const LAYERS = [
  { source: 'random', name: 'k1', C: 1, H: 5, W: 7, M: 7, R: 1, seed: 3, relu: true, requant: true },
  { source: 'random', name: 'k2', C: 2, H: 6, W: 5, M: 9, R: 1, seed: 4 },
  { source: 'random', name: 'r3', C: 2, H: 6, W: 7, M: 5, R: 3, pad: 1, seed: 5, requant: true },
];

function setup(rows: number, cols: number, postUnits: number, layers: readonly unknown[] = LAYERS) {
  const { family, config } = parseConfig({ name: 'd', generator: 'dense', hw: { rows, cols, postUnits, ifmapWords: 256, weightWords: 512, outWords: 128, biasWords: 32 }, workload: { layers } }, 't.json');
  const { def, params } = family.build(config);
  return { family, config, c: compile(def, params) };
}

async function verifyAll(s: ReturnType<typeof setup>, sim: SimName) {
  const out = [];
  for (const e of s.family.workload(s.config)) out.push(await s.family.verifyLayer(s.config, e.load(), s.c, sim, undefined));
  return out;
}

describe('dense: post-processing units shared by the rows', () => {
  it('the drain and the tile period by hand', () => {
    // 4×4, one unit: 4 cycles per column, 16 per tile; 6×2 with 4 units: 2 cycles per column, but row 0's sums of
    // the last column must leave before the next tile replaces them: 6 + 1 = 7
    expect(drainShape({ rows: 4, cols: 4, postUnits: 1 })).toEqual({ units: 1, steps: 4, cycles: 16, minTile: 16 });
    expect(drainShape({ rows: 6, cols: 2, postUnits: 4 })).toEqual({ units: 4, steps: 2, cycles: 4, minTile: 7 });
    expect(drainShape({ rows: 4, cols: 4, postUnits: 0 })).toEqual({ units: 4, steps: 1, cycles: 4, minTile: 4 });
    // a 1×1 layer with C = 1 (K = 1) on the 4×4 with one unit: 2 channel tiles × 9 pixel tiles of 16 cycles, then
    // start (1), the last descriptor's wait (4), its drain (16), post (3), done (1)
    expect(denseCycles({ C: 1, H: 5, W: 7, M: 7, R: 1, S: 1, stride: 1, pad: 0 }, { rows: 4, cols: 4, postUnits: 1 }).cycles).toBe(1 + 18 * 16 + 4 + 16 + 3 + 1);
  });

  it('outputs and cycles equal the models in the built-in simulator, each term of the period the larger one', async () => {
    for (const [rows, cols, u] of [[4, 4, 1], [4, 4, 3], [6, 2, 4], [3, 5, 2]] as const) {
      for (const v of await verifyAll(setup(rows, cols, u), 'builtin')) {
        expect(v.pass, `${rows}×${cols}/${u} ${v.layer}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }
  }, 300_000);

  it('the 4×4 with one unit in Icarus and Verilator, lint-clean', async () => {
    const s = setup(4, 4, 1, LAYERS.slice(0, 1));
    expect(await lintVerilator(materialize(s.c.verilog), s.c.verilog.top)).toEqual([]);
    for (const sim of ['icarus', 'verilator'] as const)
      for (const v of await verifyAll(s, sim)) {
        expect(v.pass, `${sim} ${v.layer}`).toBe(true);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
  }, 600_000);

  it('more units than rows is refused, naming the bound', () => {
    expect(errorOf({ name: 'd', generator: 'dense', hw: { rows: 4, cols: 4, postUnits: 5 } })).toBe('bad.json: hw.postUnits: got 5, must be at most rows = 4 (0 gives one unit per row)');
  });
});
