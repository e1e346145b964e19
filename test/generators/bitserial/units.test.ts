/**
 * The bit-serial units against their golden models: the tile's cycle count equals termCycles and its result the dot
 * product (property test over random groups), the NAF stream equals nafTerms, the serial-parallel multiplier gives the
 * exact product in W cycles. Wide random sweeps in the built-in simulator; a representative subset in Icarus and
 * Verilator (one build per design: many groups run back to back in one simulation); lint and Yosys check.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { EbTile, EbLane, NafStream, StripesMul, type TileParams } from '../../../generators/bitserial/units.js';
import { nafTerms, termCycles, tileDot } from '../../../generators/bitserial/golden.js';
import { simulate, materialize, type SimName } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';

function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

interface Group {
  values: number[];
  weights: number[];
  clear: boolean;
}

/** Random groups: uniform, sparse, small (activation-like), and extreme values. */
function randomGroups(seed: number, n: number, p: TileParams): Group[] {
  const r = rng(seed);
  const vmax = 2 ** (p.vBits - 1) - 1;
  const wmax = 2 ** (p.wBits - 1) - 1;
  const out: Group[] = [];
  for (let g = 0; g < n; g++) {
    const kind = r(0, 4);
    const values = Array.from({ length: p.lanes }, () => {
      if (kind === 0) return r(-vmax - 1, vmax);
      if (kind === 1) return r(0, 2) ? 0 : r(-vmax - 1, vmax);
      if (kind === 2) return r(-9, 9);
      if (kind === 3) return [0, vmax, -vmax - 1, 1, -1, 2 ** (p.vBits - 2)][r(0, 5)]!;
      return r(0, Math.min(vmax, 255));
    });
    const weights = Array.from({ length: p.lanes }, () => (r(0, 5) === 0 ? [-wmax - 1, wmax][r(0, 1)]! : r(-wmax - 1, wmax)));
    out.push({ values, weights, clear: g === 0 || r(0, 3) !== 0 });
  }
  return out;
}

/** Run groups back to back: each start is issued the cycle after the previous group's last busy cycle (as termCycles predicts). */
async function runTile(sim: SimName, c: Compiled, p: TileParams, groups: Group[]): Promise<{ cycles: number[]; results: bigint[]; expectCycles: number[]; expectResults: bigint[] }> {
  const stim: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
  const expectCycles: number[] = [];
  const expectResults: bigint[] = [];
  let acc = 0n;
  for (const g of groups) {
    const cyc: Record<string, bigint> = { start: 1n, clear: g.clear ? 1n : 0n };
    g.values.forEach((v, i) => (cyc[`values_${i}`] = BigInt(v)));
    g.weights.forEach((w, i) => (cyc[`weights_${i}`] = BigInt(w)));
    stim.push(cyc);
    const tc = termCycles(g.values, p.B);
    expectCycles.push(tc);
    acc = (g.clear ? 0n : acc) + BigInt(tileDot(g.values, g.weights));
    expectResults.push(acc);
    for (let k = 0; k < tc; k++) stim.push({ start: 0n });
  }
  stim.push({ start: 0n }, {});
  const r = await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles: stim, sample: ['busy', 'done', 'result'] });
  const busy = r.trace.busy!;
  const done = r.trace.done!;
  const cycles: number[] = [];
  const results: bigint[] = [];
  for (let t = 0; t < busy.length; t++) {
    if (busy[t] === 1n && (t === 0 || busy[t - 1] === 0n || done[t] === 1n)) cycles.push(0);
    if (busy[t] === 1n) cycles[cycles.length - 1]!++;
    if (done[t] === 1n) results.push(r.trace.result![t]!);
  }
  return { cycles, results, expectCycles, expectResults };
}

const T16: TileParams = { lanes: 16, vBits: 9, wBits: 8, B: 2, accBits: 32 };
const T16w: TileParams = { lanes: 16, vBits: 18, wBits: 8, B: 2, accBits: 40 };
const VARIANTS: TileParams[] = [T16, T16w, { lanes: 4, vBits: 9, wBits: 8, B: 0, accBits: 24 }, { lanes: 5, vBits: 10, wBits: 4, B: 1, accBits: 24 }, { lanes: 3, vBits: 17, wBits: 16, B: 3, accBits: 48 }];

const compiled = new Map<TileParams, Compiled>();
beforeAll(() => {
  for (const p of VARIANTS) compiled.set(p, compile(EbTile, p));
});

describe('essential-bit tile: cycles equal termCycles, result equals the dot product', () => {
  it('built-in simulator: 1500 random groups per variant (16 lanes 9/18-bit values B=2; B = 0, 1, 3; 3–5 lanes)', async () => {
    for (const [i, p] of VARIANTS.entries()) {
      const got = await runTile('builtin', compiled.get(p)!, p, randomGroups(100 + i, 1500, p));
      expect(got.cycles, JSON.stringify(p)).toEqual(got.expectCycles);
      expect(got.results, JSON.stringify(p)).toEqual(got.expectResults);
    }
  }, 300_000);

  it('Icarus and Verilator: 150 random groups on the 16-lane tiles (9- and 18-bit values)', async () => {
    for (const sim of ['icarus', 'verilator'] as const)
      for (const p of [T16, T16w]) {
        const got = await runTile(sim, compiled.get(p)!, p, randomGroups(7, 150, p));
        expect(got.cycles, `${sim} ${JSON.stringify(p)}`).toEqual(got.expectCycles);
        expect(got.results, `${sim} ${JSON.stringify(p)}`).toEqual(got.expectResults);
      }
  }, 300_000);
});

describe('NAF stream and serial-parallel multiplier', () => {
  async function nafRun(sim: SimName, vBits: number, values: number[]): Promise<void> {
    const c = compile(NafStream, { vBits });
    const stim: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
    const expected: string[] = [];
    for (const v of values) {
      stim.push({ load: 1n, value: BigInt(v), next: 0n });
      const ts = nafTerms(v);
      for (const t of ts) expected.push(`${v}:${t.sign < 0 ? 1 : 0}:${t.exp}`);
      expected.push(`${v}:end`);
      for (let k = 0; k <= ts.length; k++) stim.push({ load: 0n, next: 1n });
    }
    stim.push({ next: 0n });
    const r = await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles: stim, sample: ['valid', 'sign', 'exp'] });
    const got: string[] = [];
    let vi = -1;
    for (let t = 0; t < stim.length - 1; t++) {
      if (stim[t]!.load === 1n) {
        vi++;
        continue;
      }
      if (t < 2 || vi < 0) continue;
      const v = values[vi]!;
      if (r.trace.valid![t] === 1n) got.push(`${v}:${r.trace.sign![t]}:${r.trace.exp![t]}`);
      else if (stim[t + 1]?.load === 1n || t === stim.length - 2) got.push(`${v}:end`);
    }
    expect(got).toEqual(expected);
  }

  it('NafStream emits nafTerms(v), lowest exponent first (every 9-bit value built-in; 17-bit random in Icarus and Verilator)', async () => {
    await nafRun('builtin', 9, Array.from({ length: 512 }, (_, i) => i - 256));
    const r = rng(5);
    const vals = Array.from({ length: 60 }, () => r(-65536, 65535));
    for (const sim of ['builtin', 'icarus', 'verilator'] as const) await nafRun(sim, 17, vals);
  }, 300_000);

  async function stripesRun(sim: SimName, aBits: number, wBits: number, pairs: Array<[number, number]>): Promise<void> {
    const c = compile(StripesMul, { aBits, wBits });
    const stim: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n }];
    for (const [a, w] of pairs) {
      stim.push({ start: 1n, a: BigInt(a), w: BigInt(w) });
      for (let k = 0; k < aBits; k++) stim.push({ start: 0n });
    }
    stim.push({});
    const r = await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles: stim, sample: ['busy', 'done', 'product'] });
    const products: bigint[] = [];
    let busyCycles = 0;
    for (let t = 0; t < stim.length; t++) {
      if (r.trace.busy![t] === 1n) busyCycles++;
      if (r.trace.done![t] === 1n) products.push(r.trace.product![t]!);
    }
    expect(products).toEqual(pairs.map(([a, w]) => BigInt(a * w)));
    expect(busyCycles).toBe(aBits * pairs.length);
  }

  it('StripesMul gives the exact product in W cycles (8×8 and 16×8; built-in 2000 pairs, Icarus/Verilator 100)', async () => {
    const r = rng(11);
    for (const [ab, wb] of [[8, 8], [16, 8]] as const) {
      const pairs = (n: number): Array<[number, number]> =>
        Array.from({ length: n }, () => [r(0, 2 ** ab - 1), r(-(2 ** (wb - 1)), 2 ** (wb - 1) - 1)] as [number, number]);
      await stripesRun('builtin', ab, wb, [[2 ** ab - 1, -(2 ** (wb - 1))], [0, 5], ...pairs(2000)]);
      for (const sim of ['icarus', 'verilator'] as const) await stripesRun(sim, ab, wb, pairs(100));
    }
  }, 300_000);
});

describe('bit-serial units are lint-clean and synthesise', () => {
  it('verilator --lint-only -Wall reports nothing; Yosys check finds no latches or problems', async () => {
    const designs = [
      compile(StripesMul, { aBits: 8, wBits: 8 }),
      compile(NafStream, { vBits: 9 }),
      compile(EbLane, { vBits: 9, wBits: 8, B: 2 }),
      compile(EbLane, { vBits: 18, wBits: 8, B: 0 }),
      ...VARIANTS.map((p) => compiled.get(p)!),
    ];
    for (const c of designs) {
      const files = materialize(c.verilog);
      expect(await lintVerilator(files, c.verilog.top), c.verilog.top).toEqual([]);
    }
    for (const c of designs.slice(0, 5)) {
      const rep = await yosysCheck(materialize(c.verilog), c.verilog.top);
      expect(rep.latches).toEqual([]);
      expect(rep.problems).toEqual([]);
    }
  }, 300_000);
});
