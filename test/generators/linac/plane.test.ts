/**
 * The LINAC wgt_plane core (weight-serial, plane-fit weight stream, shared window sums) against linacConv (wgt_plane,
 * = conv2d) and its cycle model: random layers in the built-in simulator at 8 and 16 bits; one output row of real
 * face-net layers in the built-in simulator and Verilator (Icarus on one), its counters against the bench's schedule; lint and Yosys.
 */
import { describe, it, expect } from 'vitest';
import { compile, type Compiled } from '../../../dsl/index.js';
import { LinacPlaneCore, DEFAULT_PLANE_HW, type PlaneHwParams } from '../../../generators/linac/plane.js';
import { verifyPlane } from '../../../generators/linac/plane_driver.js';
import { planeScheduleCycles } from '../../../generators/linac/model.js';
import { subLayer } from '../../../generators/linac/tiling.js';
import { facenetLinacLayer } from '../../../generators/linac/workload.js';
import { materialize } from '../../../sim/simulate.js';
import { lintVerilator } from '../../../sim/verilator.js';
import { yosysCheck } from '../../../sim/lint.js';
import { randomLinacLayer, distinctScaleLinacLayer } from './helpers.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { channel0Layer, expectTwoScales } from '../common/rq-table.js';

const SMALL: PlaneHwParams = { ...DEFAULT_PLANE_HW, lanes: 4, cols: 2, svBits: 12, pBits: 28, accBits: 56, ifmapWords: 1024, slotWords: 256, wsWords: 8, outWords: 512, biasWords: 8 };
const HW8: PlaneHwParams = { ...DEFAULT_PLANE_HW, slotWords: 512 };
const HW16: PlaneHwParams = { ...DEFAULT_PLANE_HW, actBits: 16, slotWords: 512, pBits: 28, accBits: 56 };

const builds = new Map<string, Compiled>();
function build(hw: PlaneHwParams): Compiled {
  const k = JSON.stringify(hw);
  let c = builds.get(k);
  if (!c) builds.set(k, (c = compile(LinacPlaneCore, hw)));
  return c;
}

function realRow(name: string, bits: 8 | 16, M = 8) {
  const l = facenetLinacLayer(name, 0, bits);
  const { H, R, stride, pad } = l.shape;
  const OH = Math.floor((H + 2 * pad - R) / stride) + 1;
  const y0 = Math.floor(OH / 2);
  return subLayer(l, 0, M, y0, y0 + 1);
}

describe('LINAC wgt_plane core', () => {
  it('random layers in the built-in simulator (8 and 16 bits): outputs equal linacConv, cycles equal the model', async () => {
    for (const bits of [8, 16] as const)
      for (let seed = 1; seed <= 30; seed++) {
        const l = randomLinacLayer(500 + seed + bits, bits);
        const hw = { ...SMALL, actBits: bits };
        const v = await verifyPlane(l, hw, build(hw), 'builtin');
        expect(v.pass, `${bits} bits seed ${seed}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))} cycles ${v.rtlCycles}/${v.modelCycles}`).toBe(true);
      }
  }, 300_000);

  it('one output row × 8 filters of the stem and a 3×3 layer: built-in and Verilator at 8 and 16 bits, Icarus on one; RTL counters = the bench schedule', async () => {
    for (const [hw, bits] of [[HW8, 8], [HW16, 16]] as const)
      for (const name of ['conv32_down', 'conv32_1/conv1']) {
        const t = realRow(name, bits);
        const sims = bits === 8 && name === 'conv32_1/conv1' ? (['builtin', 'icarus', 'verilator'] as const) : (['builtin', 'verilator'] as const);
        // the bench's cycle model of this core (model.ts, counted from the plane fit, not from the driver's stream)
        const sch = planeScheduleCycles(t, { lanes: hw.lanes, filters: hw.cols, B: hw.B });
        for (const sim of sims) {
          const v = await verifyPlane(t, hw, build(hw), sim);
          expect(v.pass, `${name} ${bits} ${sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))} cycles ${v.rtlCycles}/${v.modelCycles}`).toBe(true);
          // what the RTL counted, category by category, against the schedule the speedup table charges
          const rtl = Object.fromEntries(Object.entries(v.tileRecords[0]!.counters).map(([k, x]) => [k, x.rtl]));
          expect({ cycles: v.rtlCycles, ...rtl }, `${name} ${bits} ${sim}`).toEqual({ cycles: sch.cycles, busy: sch.cycles - 1, prologue: sch.prologue, fetch: sch.fetch, term: sch.term, post: sch.post });
        }
      }
  }, 600_000);

  it('verilator --lint-only -Wall clean; Yosys check without latches or problems', async () => {
    for (const hw of [HW8, SMALL]) {
      const c = build(hw);
      expect(await lintVerilator(materialize(c.verilog), c.verilog.top)).toEqual([]);
    }
    const rep = await yosysCheck(materialize(build(SMALL).verilog), build(SMALL).verilog.top);
    expect(rep.latches).toEqual([]);
    expect(rep.problems).toEqual([]);
  }, 300_000);
});

describe('the per-channel requantisation table', () => {
  it('each filter is requantised with its own entry (every channel its own scale), not channel 0\'s, in all three simulators', async () => {
    const l = distinctScaleLinacLayer(SMALL);
    await expectTwoScales((sim) => verifyPlane(l, SMALL, build(SMALL), sim), referenceConv(channel0Layer(l)));
  }, 300_000);
});
