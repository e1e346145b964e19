/**
 * m.assert / m.assume / m.cover: each kind fires in all three simulators with the same message, file:line and cycle
 * on stimuli that violate it, and stays silent otherwise; cover hits are counted alike. The expected cycle and
 * counts come from a plain-TypeScript model of the design (below), not from any simulator.
 */
import { describe, expect, it } from 'vitest';
import { compile, elaborate } from '../../dsl/index.js';
import { simulate, SIM_NAMES, type SimName } from '../../sim/simulate.ts';
import { AssertionFailure, parsePropertyEvents } from '../../sim/assertions.ts';
import { PropDemo, PropAsync } from './props.designs.ts';

type Cycle = { rst?: bigint; go?: bigint; arm_a?: bigint; arm_b?: bigint };

const MSG = { a: 'r never reaches 5', b: 'r below 3 while arm_b', x: 'arm_a and arm_b are exclusive', cover: 'r reaches 2' };

/** The design's behaviour by hand: the first failing property (in declaration order) and the cover hits. */
function model(cycles: Cycle[]): { fail?: { message: string; kind: string; cycle: number }; hits: number } {
  let r = 0;
  let hits = 0;
  const cur = { rst: 0n, go: 0n, arm_a: 0n, arm_b: 0n };
  for (let c = 0; c < cycles.length; c++) {
    Object.assign(cur, cycles[c]);
    if (!cur.rst) {
      if (cur.arm_a && r === 5) return { fail: { message: MSG.a, kind: 'assert', cycle: c }, hits };
      if (cur.arm_b && !(r < 3)) return { fail: { message: MSG.b, kind: 'assume', cycle: c }, hits };
      if (cur.arm_a && cur.arm_b) return { fail: { message: MSG.x, kind: 'assert', cycle: c }, hits };
      if (r === 2) hits++;
    }
    r = cur.rst ? 0 : cur.go ? (r + 1) % 16 : r;
  }
  return { hits };
}

const counting = (n: number, extra: Cycle = {}): Cycle[] => [{ rst: 1n, arm_a: 1n, arm_b: 1n }, { rst: 0n, go: 1n, arm_a: 0n, arm_b: 0n, ...extra }, ...Array.from({ length: n }, () => ({}))];

const STIMULI: Record<string, Cycle[]> = {
  // both arms high during reset only: the reset-aware exclusivity assertion stays quiet; r counts to 4 and stops
  silent: [...counting(3, { arm_a: 1n }), { go: 0n }, {}, {}],
  assert: counting(10, { arm_a: 1n }),
  assume: counting(10, { arm_b: 1n }),
  exclusive: [...counting(1), { arm_a: 1n, arm_b: 1n, go: 0n }, {}],
};

const c = compile(PropDemo, undefined);
const locOf = (message: string): string => c.ir.modules[0]!.props!.find((p) => p.message === message)!.loc!;

async function run(sim: SimName, cycles: Cycle[]): Promise<{ covers: Record<string, number> } | AssertionFailure> {
  try {
    return await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles: cycles as Array<Record<string, bigint>>, sample: ['q'] });
  } catch (e) {
    if (e instanceof AssertionFailure) return e;
    throw e;
  }
}

describe('properties in the three simulators', () => {
  it('carries the properties in the IR as plain data with the designer\'s file:line', () => {
    const ir = elaborate(PropDemo, undefined);
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
    const props = ir.modules[0]!.props!;
    expect(props.map((p) => p.kind)).toEqual(['assert', 'assume', 'assert', 'cover']);
    for (const p of props) expect(p.loc).toMatch(/^test\/dsl\/props\.designs\.ts:\d+$/);
    // the when() condition becomes the assumption's enable
    expect(props[1]!.en).toBeDefined();
  });

  it.each(Object.keys(STIMULI))('%s: same outcome, message, file:line and cycle everywhere', async (name) => {
    const cycles = STIMULI[name]!;
    const want = model(cycles);
    if (name === 'silent') expect(want.fail).toBeUndefined();
    else expect(want.fail).toBeDefined();
    for (const sim of SIM_NAMES) {
      const got = await run(sim, cycles);
      if (want.fail) {
        expect(got, sim).toBeInstanceOf(AssertionFailure);
        const f = got as AssertionFailure;
        expect({ sim: f.simulator, kind: f.kind, message: f.assertion, loc: f.loc, cycle: f.cycle }).toEqual({ sim, ...want.fail, loc: locOf(want.fail.message) });
      } else {
        expect(got, sim).not.toBeInstanceOf(AssertionFailure);
        expect((got as { covers: Record<string, number> }).covers).toEqual({ [`${MSG.cover} at ${locOf(MSG.cover)}`]: want.hits });
      }
    }
    if (name === 'silent') expect(want.hits).toBeGreaterThan(0);
  }, 240_000);

  it('asynchronous reset: fires at the same cycle everywhere (reset raised again mid-run holds it off)', async () => {
    const a = compile(PropAsync, undefined);
    // r counts from cycle 1; a reset in cycle 3 returns it to 0, so r = 4 first in cycle 8
    const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, go: 1n }, {}, { rst: 1n }, { rst: 0n }, {}, {}, {}, {}, {}, {}];
    const loc = a.ir.modules[0]!.props![0]!.loc;
    for (const sim of SIM_NAMES) {
      let got: unknown;
      try {
        await simulate(sim, { design: a.optimized, verilog: a.verilog, cycles, sample: ['q'] });
      } catch (e) {
        got = e;
      }
      expect(got, sim).toBeInstanceOf(AssertionFailure);
      const f = got as AssertionFailure;
      expect({ sim: f.simulator, message: f.assertion, loc: f.loc, cycle: f.cycle }).toEqual({ sim, message: 'async counter never reaches 4', loc, cycle: 8 });
    }
  }, 240_000);

  it('reads the report lines every simulator prints', () => {
    expect(parsePropertyEvents('x\nASSERTION FAILED: a b at f.ts:3 (cycle 12)\nCOVER HIT: c at ? (cycle 0)\n')).toEqual([
      { kind: 'assert', message: 'a b', loc: 'f.ts:3', cycle: 12 },
      { kind: 'cover', message: 'c', loc: '?', cycle: 0 },
    ]);
  });
});
