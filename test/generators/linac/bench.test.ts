/**
 * The arithmetic of the LINAC speedup tables (generators/linac/bench.ts, model.ts): lane widths, the two things a speedup
 * can hold equal, network totals, one summary row per engine, the value-agnostic counts by hand, and the wgt_plane
 * schedule of the bench against the driver's (two separate counts of the core's cycles).
 */
import { describe, expect, it } from 'vitest';
import {
  ENGINE_KEYS, ENGINES, engineSummaries, laneBits, networkRow, speedupEqLaneBits, speedupEqLanes, type EngineKey, type LinacBenchRow,
} from '../../../generators/linac/bench.js';
import { ACT_CORE_FIXED, actSerialCycles, planeScheduleCycles, stripesCycles, wgtStripesCycles } from '../../../generators/linac/model.js';
import { linacCoreCycles } from '../../../generators/linac/driver.js';
import { DEFAULT_LINAC_HW } from '../../../generators/linac/params.js';
import { planPlane, planeCounters } from '../../../generators/linac/plane_driver.js';
import { DEFAULT_PLANE_HW } from '../../../generators/linac/params.js';
import { randomLinacLayer } from './helpers.js';

function row(layer: string, values: number, termsRaw: number, cycles: Partial<Record<EngineKey, number>>): LinacBenchRow {
  const all = Object.fromEntries(ENGINE_KEYS.map((k) => [k, cycles[k] ?? 1000])) as Record<EngineKey, number>;
  return {
    layer, values, termsRaw, termsDelta: termsRaw / 2, termsSecond: termsRaw, weightTermsRaw: 2, weightTermsPlane: 1, planeStreamRatio: 1,
    cycles: all, plane: { cycles: all.plane, prologue: 1, fetch: 2, term: all.plane - 4, post: 1 }, linacDeltaBound: 10,
  };
}

describe('LINAC bench arithmetic', () => {
  it('a lane counts by the width of its bit-parallel operand', () => {
    for (const bits of [8, 16] as const) {
      for (const k of ['dense', 'stripes', 'pragmatic', 'linacDelta', 'linacSecond'] as const) expect(laneBits(k, bits)).toBe(8);
      expect(laneBits('stripesW', bits)).toBe(bits);
      expect(laneBits('pragmaticW', bits)).toBe(bits);
    }
    expect(laneBits('plane', 8)).toBe(20);
    expect(laneBits('plane', 16)).toBe(28);
    expect(laneBits('planeTerms', 16)).toBe(28);
    // the 8-bit figure is the RTL's operand register
    expect(DEFAULT_PLANE_HW.pBits).toBe(20);
  });

  it('speedups: the same lanes, or the same lane-bits (wider lanes, proportionally fewer of them)', () => {
    const r = row('x', 1, 1, { stripes: 1000, plane: 400, pragmaticW: 500 });
    expect(speedupEqLanes(r, 'plane', 'stripes')).toBe(2.5);
    expect(speedupEqLaneBits(r, 'plane', 'stripes', 8)).toBeCloseTo(2.5 * 8 / 20, 12);
    expect(speedupEqLaneBits(r, 'plane', 'stripes', 16)).toBeCloseTo(2.5 * 8 / 28, 12);
    expect(speedupEqLaneBits(r, 'plane', 'pragmaticW', 16)).toBeCloseTo((500 * 16) / (400 * 28), 12);
    // equal widths: both ways agree
    expect(speedupEqLaneBits(r, 'pragmatic', 'stripes', 8)).toBe(speedupEqLanes(r, 'pragmatic', 'stripes'));
  });

  it('the network row sums cycles and weights per-value statistics by the values', () => {
    const net = networkRow([row('a', 100, 2, { stripes: 800, plane: 100 }), row('b', 300, 1, { stripes: 200, plane: 400 })]);
    expect(net.layer).toBe('network');
    expect(net.values).toBe(400);
    expect(net.cycles.stripes).toBe(1000);
    expect(net.cycles.plane).toBe(500);
    expect(net.cycles.dense).toBe(2000);
    expect(net.termsRaw).toBeCloseTo((100 * 2 + 300 * 1) / 400, 12);
    expect(net.plane).toEqual({ cycles: 500, prologue: 2, fetch: 4, term: 492, post: 2 });
    expect(net.linacDeltaBound).toBe(20);
  });

  it('one summary row per engine; each engine\u2019s best layer is its own (no minimum over engines)', () => {
    const rows = [row('a', 1, 1, { stripes: 800, plane: 100, pragmatic: 400 }), row('b', 1, 1, { stripes: 200, plane: 400, pragmatic: 50 })];
    const s = engineSummaries(rows, 8);
    expect(s.map((x) => x.engine)).toEqual(ENGINES.map((e) => e.key));
    const plane = s.find((x) => x.engine === 'plane')!;
    expect(plane).toMatchObject({ networkCycles: 500, overStripesEqLanes: 2, bestLayer: 'a', bestEqLanes: 8 });
    expect(plane.overStripesEqLaneBits).toBeCloseTo(2 * 8 / 20, 12);
    const prag = s.find((x) => x.engine === 'pragmatic')!;
    expect(prag).toMatchObject({ networkCycles: 450, bestLayer: 'b', bestEqLanes: 4 });
  });

  it('value-agnostic counts by hand: Stripes (actBits per group of window values) and weight-serial Stripes (8 per group of weights)', () => {
    // C=2, 3×3, 5×7 input, pad 1, stride 1 → 5×7 outputs; K = 18 → 2 groups of 16; M = 3
    const s = { C: 2, H: 5, W: 7, M: 3, R: 3, S: 3, stride: 1, pad: 1 };
    const e = { lanes: 16, filters: 2, B: 2 };
    // activation-serial: ceil(3/2) filter tiles × 35 pixels × 2 groups × 8 cycles
    expect(stripesCycles(s, e, 8)).toBe(2 * 35 * 2 * 8);
    // weight-serial: 5 rows × ceil(7/2) batches × 3 filters × 2 groups × 8 cycles
    expect(wgtStripesCycles(s, e, 8)).toBe(5 * 4 * 3 * 2 * 8);
    // its best schedule gathers any 2 of the 35 output pixels: 18 batches
    expect(wgtStripesCycles(s, e, 8, 'any')).toBe(18 * 3 * 2 * 8);
  });

  it('the bench\u2019s wgt_plane schedule equals the driver\u2019s cycle model and counter breakdown on random layers', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const l = randomLinacLayer(900 + seed);
      const hw = { ...DEFAULT_PLANE_HW, lanes: [4, 16][seed % 2]!, cols: [2, 4, 16][seed % 3]!, svBits: 12, pBits: 28, accBits: 56, ifmapWords: 4096, slotWords: 4096, wsWords: 16, outWords: 4096, biasWords: 16 };
      const sch = planeScheduleCycles(l, { lanes: hw.lanes, filters: hw.cols, B: hw.B });
      const plan = planPlane(l, hw);
      expect(sch.cycles, `seed ${seed}`).toBe(plan.cycles);
      const { busy, ...parts } = planeCounters(l, plan);
      expect({ prologue: sch.prologue, fetch: sch.fetch, term: sch.term, post: sch.post }).toEqual(parts);
      expect(busy).toBe(sch.cycles - 1);
    }
  });

  it('the act_pred rows: the engine’s term cycles plus the core’s fixed cycles are the driver’s cycle model of the core', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const l = randomLinacLayer(700 + seed);
      for (const beta of [[1], [2, -1], []]) {
        const hw = { ...DEFAULT_LINAC_HW, beta, lanes: 4, filters: 2, accBits: 48 };
        const eng = actSerialCycles(l, { lanes: hw.lanes, filters: hw.filters, B: hw.B }, beta.length ? beta : null).cycles;
        expect(eng + ACT_CORE_FIXED, `seed ${seed} β ${beta}`).toBe(linacCoreCycles(l, hw).cycles);
      }
    }
  });
});
