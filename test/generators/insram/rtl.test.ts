/**
 * The generated Verilog in Icarus and Verilator: every micro-operation at 8, 4 and 2 bits, and the dense, coalesced
 * and overlapped mappings on a real face-net layer pruned by magnitude (one pass each), bit-exact against the golden
 * models with step counters and cycles equal to the cycle model; lint (verilator -Wall) clean. One build per simulator.
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
import { MICRO_OPS, runMicro } from './helpers.js';

const hw: InsramHwParams = { ...DEFAULT_HW, rows: 224, cols: 32, arrays: 1, xinWords: 2048, idxWords: 64, imemWords: 128 };
const c = compile(InsramAccel, hw);
const sims: SimName[] = ['icarus', 'verilator'];

describe('insram RTL in Icarus and Verilator', () => {
  it('passes verilator --lint-only -Wall', async () => {
    expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
  }, 300_000);

  for (const sim of sims)
    it(`${sim}: every micro-operation at 8/4/2 bits; dense/coalesced/overlapped on conv32_1/conv1 pruned 50 %`, async () => {
      for (const n of [8, 4, 2])
        for (const [i, op] of MICRO_OPS.entries()) {
          const r = await runMicro(c, hw, sim, op, n, 7 * n + i);
          expect(r.got, `${op} ${n}`).toEqual(r.expected);
          expect(r.counts, `${op} ${n}`).toEqual((({ cycles: _c, ...rest }) => rest)(r.model));
        }
      for (const mapping of ['dense', 'coalesced', 'overlapped'] as MappingKind[]) {
        const l = materializeInsramLayer({ source: 'facenet', layer: 'conv32_1/conv1', image: 1 }, { mapping, precision: 'int8', pruning: 0.5 });
        const v = await verifyInsram(l.name, l.data, l.mask, l.kind, l.prec, hw, c, sim, { tileFilter: (p, n) => p === Math.floor(n / 2) });
        expect(v.mismatch, mapping).toBeUndefined();
        expect(v.checked).toBe(mapping === 'overlapped' ? 2 : mapping === 'coalesced' ? 2 : 1);
        expect(v.rtlCycles).toBe(v.modelCycles);
      }
    }, 900_000);
});
