/**
 * The generated Verilog in Icarus and Verilator: every micro-operation at every precision (8, 4, 2 bits, ternary,
 * binary), the dense, coalesced and overlapped mappings on a real face-net layer pruned by magnitude (one pass each),
 * and every pass of a small layer batched into one simulator run (the shared verify loop's batchCycles), bit-exact
 * against the golden models with step counters and cycles equal to the cycle model; lint (verilator -Wall) clean.
 * One build per simulator.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { materialize, type SimName } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { InsramAccel } from '../../../generators/insram/accel.js';
import { DEFAULT_HW, type InsramHwParams } from '../../../generators/insram/params.js';
import { materializeInsramLayer } from '../../../generators/insram/config.js';
import { verifyInsram } from '../../../generators/insram/verify.js';
import type { MappingKind } from '../../../generators/insram/mapping.js';
import { verifyTiles } from '../../../generators/common/verify.js';
import { insramHooks, layerPlan, BATCH_CYCLES } from '../../../generators/insram/driver.js';
import { layerCounts } from '../../../generators/insram/program.js';
import { MICRO_CASES, runMicro } from './helpers.js';

const hw: InsramHwParams = { ...DEFAULT_HW, rows: 224, cols: 32, arrays: 1, xinWords: 2048, idxWords: 64, imemWords: 128 };
const c = compile(InsramAccel, hw);
const sims: SimName[] = ['icarus', 'verilator'];

describe('insram RTL in Icarus and Verilator', () => {
  it('passes verilator --lint-only -Wall', async () => {
    expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
  }, 300_000);

  for (const sim of sims)
    it(`${sim}: every micro-operation at every precision; dense/coalesced/overlapped on conv32_1/conv1 pruned 50 %`, async () => {
      for (const [i, { op, n, precision }] of MICRO_CASES.entries()) {
        const r = await runMicro(c, hw, sim, op, n, 7 * n + i);
        expect(r.got, `${op} ${precision}`).toEqual(r.expected);
        expect(r.counts, `${op} ${precision}`).toEqual((({ cycles: _c, ...rest }) => rest)(r.model));
        expect(r.cycles, `${op} ${precision}`).toBe(r.model.cycles);
      }
      for (const mapping of ['dense', 'coalesced', 'overlapped'] as MappingKind[]) {
        const l = materializeInsramLayer({ source: 'facenet', layer: 'conv32_1/conv1', image: 1 }, { mapping, precision: 'int8', pruning: 0.5 });
        const v = await verifyInsram(l.name, l.data, l.mask, l.kind, l.prec, hw, c, sim, { tileFilter: (p, n) => p === Math.floor(n / 2) });
        expect(v.mismatch, mapping).toBeUndefined();
        expect(v.checked).toBe(mapping === 'overlapped' ? 2 : mapping === 'coalesced' ? 2 : 1);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }, 900_000);

  for (const sim of sims)
    it(`${sim}: every pass of a layer in one simulator run (and split over runs) = conv2d, the layer's schedule`, async () => {
      // 2 filters × 4 pixels, two segments per array: the dense passes load weights, keep them, load, keep
      const spec = { source: 'random' as const, name: 'r', C: 16, H: 2, W: 2, M: 2, R: 3, stride: 1, pad: 1, seed: 5, zeros: 0.3, relu: false, requant: false as const };
      for (const mapping of ['dense', 'coalesced', 'overlapped'] as MappingKind[]) {
        const l = materializeInsramLayer(spec, { mapping, precision: 'int8', pruning: 0.5 });
        // the whole layer's counts from its schedule (passes × compute + weight loads × load), not summed per pass
        const lc = layerCounts(layerPlan(l, hw), hw, 9);
        for (const cap of sim === 'icarus' ? [BATCH_CYCLES] : [BATCH_CYCLES, 3_000]) {
          const v = await verifyTiles({ ...insramHooks, batchCycles: () => cap }, l, hw, c, sim);
          expect(v.mismatch, `${mapping} ${cap}`).toBeUndefined();
          expect(v.fields.y!.compared).toBe(2 * 4);
          expect(v.tiles).toBe(lc.passes);
          if (cap === BATCH_CYCLES) {
            // one run: the weights stay on the wordlines between passes of the same segments, as the schedule counts
            expect(v.rtlCycles, mapping).toBe(lc.total.cycles);
            expect(v.counters.steps!.rtl, mapping).toBe(lc.total.steps);
            expect(v.counters.writes!.rtl, mapping).toBe(lc.total.writes);
          } else expect(v.rtlCycles, mapping).toBeGreaterThanOrEqual(lc.total.cycles); // each new run loads the weights again
        }
      }
    }, 900_000);
});
