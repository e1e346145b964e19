/**
 * The in-SRAM array and micro-sequencer in the built-in simulator: every micro-operation at every precision (8, 4, 2
 * bits, ternary's masked add/subtract, binary's XNOR and popcount) on random
 * operands equals its integer definition (golden.ts) on every bitline of every array, and the step counters and
 * cycles equal the cycle model; the three mappings (dense, coalesced, overlapped) at every precision on random pruned
 * layers equal conv2d on the pruned weights, pass by pass, with counters equal to the model.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../dsl/index.js';
import { InsramAccel } from '../../../generators/insram/accel.js';
import { DEFAULT_HW, type InsramHwParams } from '../../../generators/insram/params.js';
import { materializeInsramLayer, type InsramConfig } from '../../../generators/insram/config.js';
import { verifyInsram } from '../../../generators/insram/verify.js';
import { binaryConvPopcount } from '../../../generators/insram/golden.js';
import type { MappingKind } from '../../../generators/insram/mapping.js';
import type { PrecisionName } from '../../../generators/insram/precision.js';
import { MICRO_CASES, runMicro } from './helpers.js';

const small: InsramHwParams = { ...DEFAULT_HW, rows: 64, cols: 8, arrays: 2, xinWords: 64, idxWords: 16, imemWords: 32 };
const conv: InsramHwParams = { ...DEFAULT_HW, rows: 160, cols: 8, arrays: 2, xinWords: 1024, idxWords: 16, imemWords: 128 };

describe('micro-operations (builtin)', () => {
  const c = compile(InsramAccel, small);
  for (const precision of [...new Set(MICRO_CASES.map((m) => m.precision))]) {
    const cases = MICRO_CASES.filter((m) => m.precision === precision);
    it(`${precision}: ${cases.map((m) => m.op).join(', ')} are bit-exact, counters and cycles equal the model`, async () => {
      for (const [i, { op, n }] of cases.entries()) {
        const r = await runMicro(c, small, 'builtin', op, n, 100 * n + i);
        expect(r.got, `${op} ${n}`).toEqual(r.expected);
        expect(r.counts, `${op} ${n}`).toEqual((({ cycles: _c, ...rest }) => rest)(r.model));
        expect(r.cycles).toBe(r.model.cycles);
      }
    });
  }
});

describe('conv mappings on random pruned layers (builtin)', () => {
  const c = compile(InsramAccel, conv);
  const spec = { source: 'random' as const, name: 'r', C: 6, H: 4, W: 5, M: 5, R: 2, stride: 1, pad: 1, seed: 9, zeros: 0.4, relu: false, requant: false as const };
  const cases: Array<[MappingKind, PrecisionName, number]> = [
    ['dense', 'int8', 0], ['coalesced', 'int8', 0.5], ['overlapped', 'int8', 0.5], ['overlapped', 'int4', 0.75],
    ['coalesced', 'int2', 0.25], ['dense', 'ternary', 0.5], ['coalesced', 'ternary', 0.5],
  ];
  it('dense, coalesced and overlapped at int8/int4/int2/ternary equal conv2d on the pruned weights', async () => {
    for (const [mapping, precision, pruning] of cases) {
      const cfg = { mapping, precision, pruning, hw: conv } as Pick<InsramConfig, 'mapping' | 'precision' | 'pruning' | 'hw'>;
      const l = materializeInsramLayer({ ...spec, stride: precision === 'int4' ? 2 : 1 }, cfg);
      const v = await verifyInsram('r', l.data, l.mask, l.kind, l.prec, conv, c, 'builtin', { tileFilter: (i, n) => i === 0 || i === n - 1 });
      expect(v.mismatch, `${mapping} ${precision} ${pruning}`).toBeUndefined();
      expect(v.checked).toBeGreaterThan(0);
    }
  }, 60_000);
  it('binary (XNOR + popcount) equals the ±1 dot product', async () => {
    const cfg = { mapping: 'dense', precision: 'binary', pruning: 0, hw: conv } as const;
    const l = materializeInsramLayer({ ...spec, pad: 0, H: 5 }, cfg);
    const golden = binaryConvPopcount(l.data.shape, l.data.input, l.data.weights);
    const v = await verifyInsram('b', l.data, l.mask, l.kind, l.prec, conv, c, 'builtin');
    expect(v.mismatch).toBeUndefined();
    expect(v.checked).toBe(golden.length);
  }, 60_000);
});
