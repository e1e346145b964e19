/**
 * `hwgen prove`'s engine (sim/formal.ts): Yosys proves true assertions by induction and finds a planted violation,
 * whose counterexample replays in the built-in simulator and stops on the same assertion.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { compile, writeVerilog, type Compiled } from '../../dsl/index.js';
import { proveVerilog, replayCounterexample } from '../../sim/formal.ts';
import { Fifo } from '../../examples/fifo.ts';
import { scratchDir } from '../helpers/tmp.ts';
import { WrapCounter } from './formal.designs.ts';
import { EbLane, EbLaneF } from '../../generators/bitserial/units.ts';
import { parseConfig } from '../../generators/registry.ts';

async function prove(c: Compiled, name: string, depth = 12) {
  const files = writeVerilog(path.join(await scratchDir('hwgen-formal-'), name), name, c.verilog);
  return proveVerilog(files, c.verilog.top, c.optimized.modules.some((m) => m.reset), { depth });
}

describe('prove', () => {
  it('proves an invariant by induction', async () => {
    const r = await prove(compile(WrapCounter, { wrap: 5 }), 'ok');
    expect(r.status).toBe('proven');
    expect(r.asserts).toBe(1);
  }, 120_000);

  it('finds a planted violation; the counterexample replays in the built-in simulator', async () => {
    const c = compile(WrapCounter, { wrap: 7 });
    const r = await prove(c, 'bad');
    expect(r.status).toBe('failed');
    const f = replayCounterexample(c.optimized, r.cycles!);
    expect(f).toBeDefined();
    expect(f!.assertion).toBe('the counter never shows 5');
    expect(f!.loc).toMatch(/formal\.designs\.ts:\d+$/);
    // after the reset step, five counting steps at least bring the counter to 5; the failure is the last cycle but one
    expect(f!.cycle).toBeGreaterThanOrEqual(6);
    expect(f!.cycle).toBe(r.cycles!.length - 2);
  }, 120_000);

  it('proves the bit-serial lanes retire each term once (the generator invariant, any state reachable or not)', async () => {
    for (const [name, c] of [
      ['eb_lane', compile(EbLane, { vBits: 6, wBits: 4, B: 2 })],
      ['eb_lane_f', compile(EbLaneF, { vBits: 5, wBits: 3, B: 1, filters: 2 })],
    ] as const) {
      const r = await prove(c, name);
      expect(r.status, name).toBe('proven');
      expect(r.asserts, name).toBe(2);
    }
  }, 120_000);

  it("proves the dense array's skew invariant: every PE sees the first step with both operands (2×2, by induction)", async () => {
    const loaded = parseConfig(
      { name: 'dense_2x2_prove', generator: 'dense', hw: { rows: 2, cols: 2, ifmapWords: 16, weightWords: 16, outWords: 16, biasWords: 4, accBits: 24 } },
      'prove.json',
    );
    const { def, params } = loaded.family.build(loaded.config);
    const r = await prove(compile(def, params), 'dense_2x2', 6);
    expect(r.status).toBe('proven');
    expect(r.asserts).toBe(4);
  }, 600_000);

  it("proves ZAS's routing invariant: an activation's targets never collide in a partial-sum bank (by induction)", async () => {
    const hw = { P: 1, KR: 3, KS: 3, actBits: 4, wBits: 4, accBits: 16, maxW: 16, nzWords: 16, rowWords: 8, rowLook: 2, partialWords: 16, weightWords: 16, biasWords: 2, outWords: 16, dimBits: 5, multBits: 4, shiftBits: 3 };
    const loaded = parseConfig({ name: 'zas_prove', generator: 'zas', hw }, 'prove.json');
    const { def, params } = loaded.family.build(loaded.config);
    const r = await prove(compile(def, params), 'zas_prove', 4);
    expect(r.status).toBe('proven');
    expect(r.asserts).toBe(8); // 4 row banks and 4 column banks
  }, 600_000);

  it('proves the FIFO example never overflows', async () => {
    const r = await prove(compile(Fifo, { width: 4, depth: 3 }), 'fifo');
    expect(r.status).toBe('proven');
    expect(r.asserts).toBe(2);
  }, 120_000);
});
