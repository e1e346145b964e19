/**
 * LINAC benchmark: for every real face-net conv layer (sample image 0 by default), with 8-bit and 16-bit activations,
 * every engine as its own column and row (nothing takes a minimum over engines):
 * - activation-serial (weights bit-parallel, int8): Stripes (value-agnostic), Pragmatic (NAF terms of raw activations),
 *   LINAC act_pred δ and 2nd order (terms of the residuals), and the dense bit-parallel baseline;
 * - weight-serial (activations bit-parallel): Stripes on weights (8 cycles per group), Pragmatic on raw weights, and
 *   LINAC wgt_plane with the cycles its RTL pays (window-sum prologue, group fetch, terms, output), beside its terms alone.
 * Every speedup column says what it holds equal: the same F·L lanes, or the same lane-bits (a lane counted by the width
 * of its bit-parallel operand: 8 for an int8 weight, 8/16 for an activation, 20/28 for a wgt_plane lane), see
 * generators/linac/bench.ts. Cycle figures are the golden cycle models (generators/linac/model.ts) of an engine of
 * F tiles × L lanes, first shifter stage 2^B, on one whole layer per run. Then the LINAC cores' RTL on real rows
 * (Verilator; cycles and counters against the models) and the Yosys cell counts of one lane, one tile and a bit-parallel MAC.
 *
 *   npx tsx bench/linac.ts [--image N] [--lanes L] [--filters F] [--B b] [--no-rtl] [--no-cells]
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { compile } from '../dsl/index.js';
import { EbLane, EbTile, ParallelMac, StripesMul } from '../generators/bitserial/units.js';
import { layerShapes } from '../workloads/facenet/index.js';
import { materialize } from '../sim/simulate.js';
import { yosysStat } from '../sim/lint.js';
import { printTable, writeBenchJson } from './util.js';
import {
  ENGINES, engineSummaries, laneBits, linacBenchRows, networkRow, PAPER_SPEEDUP, speedupEqLaneBits, speedupEqLanes, planeOperandBits, W_BITS, type LinacBenchRow,
} from '../generators/linac/bench.js';
import { DEFAULT_ENGINE, ACT_CORE_FIXED, actSerialCycles, planeScheduleCycles } from '../generators/linac/model.js';
import { LinacCore } from '../generators/linac/core.js';
import { DEFAULT_LINAC_HW } from '../generators/linac/params.js';
import { verifyLinac } from '../generators/linac/driver.js';
import { subLayer } from '../generators/linac/tiling.js';
import { facenetLinacLayer } from '../generators/linac/workload.js';
import { LinacPlaneCore, DEFAULT_PLANE_HW } from '../generators/linac/plane.js';
import { verifyPlane } from '../generators/linac/plane_driver.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
const opt = (k: string, d: number): number => {
  const i = args.indexOf(k);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const engine = { lanes: opt('--lanes', DEFAULT_ENGINE.lanes), filters: opt('--filters', DEFAULT_ENGINE.filters), B: opt('--B', DEFAULT_ENGINE.B) };
const image = opt('--image', 0);
const names = layerShapes().map((l) => l.name);
const out: Record<string, unknown> = {
  engine, image, paperSpeedup: PAPER_SPEEDUP,
  holdsEqual: {
    EqLanes: 'the same F·L partial-product lanes',
    EqLaneBits: 'the same F·L·w bits of bit-parallel operand, a lane counted by its operand width w (laneBits); cycles assumed to scale with 1/lanes',
    laneBits: { 8: Object.fromEntries(ENGINES.map((e) => [e.key, laneBits(e.key, 8)])), 16: Object.fromEntries(ENGINES.map((e) => [e.key, laneBits(e.key, 16)])) },
  },
};

const f2 = (x: number): string => x.toFixed(2);
console.log(
  'Speedups are baseline cycles / engine cycles. [lanes]: the same F·L partial-product lanes. [lane-bits]: the same F·L·w bits of\n' +
    `bit-parallel operand, a lane counted by its operand width w (${W_BITS} for an int8 weight; the activation width for weight-serial\n` +
    `Stripes/Pragmatic; the operand register for wgt_plane: ${planeOperandBits(8)} bits at 8, ${planeOperandBits(16)} at 16), cycles assumed to scale with 1/lanes.\n` +
    'Baselines get their best schedule (term cycles only; weight-serial ones gather any F output pixels per batch); LINAC act_pred pays its\n' +
    'core\u2019s 6 fixed cycles, wgt_plane what its RTL pays: the window-sum prologue, the 3-cycle group fetch, 2 output cycles per filter, and\n' +
    'batches of F columns of one output row. One whole layer per run (no tiling), image ' + image + '.',
);
for (const bits of [8, 16] as const) {
  const rows = linacBenchRows(names, image, bits, engine);
  const net = networkRow(rows);
  const all = [...rows, net];
  const eqL = (r: LinacBenchRow, e: Parameters<typeof speedupEqLanes>[1], b: Parameters<typeof speedupEqLanes>[2]) => f2(speedupEqLanes(r, e, b));
  const eqB = (r: LinacBenchRow, e: Parameters<typeof speedupEqLanes>[1], b: Parameters<typeof speedupEqLanes>[2]) => f2(speedupEqLaneBits(r, e, b, bits));
  out[`bits${bits}`] = rows;
  out[`bits${bits}Total`] = net;

  console.log(`\nActivation-serial engines, ${bits}-bit activations, int8 weights bit-parallel (every lane ${W_BITS} bits wide, so [lanes] = [lane-bits]); ${engine.filters} filters × ${engine.lanes} lanes, B = ${engine.B}`);
  printTable(
    ['layer', 'act terms raw', 'δ', '2nd', 'dense', 'Stripes', 'Pragmatic', 'LINAC δ', 'LINAC 2nd',
      'dense over Stripes × [lane-bits]', 'Prag over Stripes × [lanes]', 'δ over Stripes × [lanes]', '2nd over Stripes × [lanes]',
      'δ over Prag × [lanes]', '2nd over Prag × [lanes]', 'δ bound over Stripes × [lanes]', 'paper ×'],
    all.map((r) => [
      r.layer, f2(r.termsRaw), f2(r.termsDelta), f2(r.termsSecond), r.cycles.dense, r.cycles.stripes, r.cycles.pragmatic, r.cycles.linacDelta, r.cycles.linacSecond,
      eqB(r, 'dense', 'stripes'), eqL(r, 'pragmatic', 'stripes'), eqL(r, 'linacDelta', 'stripes'), eqL(r, 'linacSecond', 'stripes'),
      eqL(r, 'linacDelta', 'pragmatic'), eqL(r, 'linacSecond', 'pragmatic'), f2(r.cycles.stripes / r.linacDeltaBound), PAPER_SPEEDUP,
    ]),
  );

  const wl = laneBits('pragmaticW', bits);
  const pl = laneBits('plane', bits);
  console.log(`\nWeight-serial engines, ${bits}-bit activations bit-parallel (Stripes-W/Pragmatic-W lanes ${wl} bits, wgt_plane lanes ${pl} bits); ${engine.filters} pixel columns × ${engine.lanes} lanes, B = ${engine.B}`);
  printTable(
    ['layer', 'wgt terms raw', 'plane terms', 'stream / weights', 'Stripes-W', 'Pragmatic-W', 'plane (RTL)', 'prologue', 'fetch', 'plane terms only',
      'Prag-W over Stripes-W × [lanes]', 'plane over Prag-W × [lanes]', 'plane over Prag-W × [lane-bits]', 'plane over Stripes-W × [lane-bits]',
      'plane terms over Prag-W × [lanes]', 'plane over Stripes × [lanes]', 'plane over Stripes × [lane-bits]'],
    all.map((r) => [
      r.layer, f2(r.weightTermsRaw), f2(r.weightTermsPlane), f2(r.planeStreamRatio), r.cycles.stripesW, r.cycles.pragmaticW, r.cycles.plane, r.plane.prologue, r.plane.fetch, r.cycles.planeTerms,
      eqL(r, 'pragmaticW', 'stripesW'), eqL(r, 'plane', 'pragmaticW'), eqB(r, 'plane', 'pragmaticW'), eqB(r, 'plane', 'stripesW'),
      eqL(r, 'planeTerms', 'pragmaticW'), eqL(r, 'plane', 'stripes'), eqB(r, 'plane', 'stripes'),
    ]),
  );

  const sums = engineSummaries(rows, bits);
  out[`bits${bits}Engines`] = sums;
  console.log(`\nEvery engine over Stripes (activation-serial, ${bits} cycles per group), ${bits}-bit activations, network = all 29 layers`);
  printTable(
    ['engine', 'serial', 'lane operand bits', 'cycles counted', 'network cycles', 'over Stripes × [lanes]', 'over Stripes × [lane-bits]', 'best layer [lanes]', 'best × [lanes]', 'best × [lane-bits]', 'paper ×'],
    sums.map((x) => [x.name, x.serial, x.laneBits, x.counts, x.networkCycles, f2(x.overStripesEqLanes), f2(x.overStripesEqLaneBits), x.bestLayer, f2(x.bestEqLanes), f2(x.bestEqLaneBits), PAPER_SPEEDUP]),
  );

  const stem = rows[0]!;
  const stemDelta = speedupEqLanes(stem, 'linacDelta', 'pragmatic');
  const stemSecond = speedupEqLanes(stem, 'linacSecond', 'pragmatic');
  const goal = (x: number, g: number) => `${f2(x)}x ${x >= g ? 'MET' : 'NOT MET'}`;
  console.log(`goal: LINAC act_pred >= 1.3x Pragmatic on the stem [lanes = lane-bits]: β=(1) ${goal(stemDelta, 1.3)}, β=(2,−1) ${goal(stemSecond, 1.3)}`);
  const reach = sums.filter((x) => x.engine !== 'dense' && x.bestEqLaneBits >= PAPER_SPEEDUP);
  console.log(
    `goal: 11x over Stripes on at least one layer [lane-bits], engine by engine: ${reach.length ? `MET by ${reach.map((x) => x.name).join(', ')}` : 'NOT MET by any engine'} ` +
      `(best: ${sums.filter((x) => x.engine !== 'dense' && x.engine !== 'stripes').map((x) => `${x.name} ${f2(x.bestEqLaneBits)}x on ${x.bestLayer}`).join('; ')})`,
  );
  out[`bits${bits}Goals`] = { stemDeltaOverPragmatic: stemDelta, stemSecondOverPragmatic: stemSecond, elevenXReachedBy: reach.map((x) => x.engine) };
  const netBound = net.cycles.stripes / net.linacDeltaBound;
  const real = rows.filter((r) => r.layer !== 'conv256_down_out/conv2');
  const bestReal = real.map((r) => ({ layer: r.layer, s: r.cycles.stripes / r.linacDeltaBound })).sort((a, b) => b.s - a.s)[0]!;
  console.log(
    `note: 'δ bound' = Stripes / (window terms of the δ residuals / L): perfect lane balance, no group synchronisation. Over the network it is ${f2(netBound)}x, ` +
      `on the best layer (excluding the 1×1-input conv256_down_out/conv2, whose windows are mostly padding) ${f2(bestReal.s)}x (${bestReal.layer}): ` +
      `${netBound >= PAPER_SPEEDUP ? 'the synchronisation loss is what separates LINAC from 11x' : `even an ideal engine on these NAF residuals stays ${f2(PAPER_SPEEDUP / netBound)}x short of 11x on average`}.`,
  );
}

if (!args.includes('--no-rtl')) {
  // the core RTL on one output row (8 filters) of real layers: RTL cycles = the core's cycle model, and its TERM cycles =
  // the engine model used in the tables above (same lanes, same filters)
  const rowsOut: Array<Array<string | number>> = [];
  const rec: Array<Record<string, unknown>> = [];
  for (const bits of [8, 16] as const)
    for (const beta of [[1], []] as number[][]) {
      const hw = { ...DEFAULT_LINAC_HW, beta, actBits: bits, accBits: bits === 8 ? 40 : 48 };
      const c = compile(LinacCore, hw);
      for (const name of ['conv32_down', 'conv32_1/conv1']) {
        const l = facenetLinacLayer(name, image, bits);
        const OH = Math.floor((l.shape.H + 2 * l.shape.pad - l.shape.R) / l.shape.stride) + 1;
        const y0 = Math.floor(OH / 2);
        const t = subLayer(l, 0, hw.filters, y0, y0 + 1);
        const v = await verifyLinac(t, hw, c, 'verilator');
        const eng = actSerialCycles(t, { lanes: hw.lanes, filters: hw.filters, B: hw.B }, beta.length ? beta : null).cycles;
        const ok = v.pass && v.rtlCycles === eng + ACT_CORE_FIXED;
        rowsOut.push([name, bits, beta.length ? 'LINAC δ' : 'Pragmatic', v.rtlCycles, v.modelCycles, v.termCycles, eng, eng + ACT_CORE_FIXED, ok ? 'PASS' : 'FAIL', f2(v.termCycles / v.rtlCycles)]);
        rec.push({ layer: name, bits, beta, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, termCycles: v.termCycles, engineModel: eng, benchModel: eng + ACT_CORE_FIXED, pass: ok });
      }
    }
  console.log(`\nLINAC core RTL (Verilator) on one output row × ${DEFAULT_LINAC_HW.filters} filters of real layers: outputs against linacConv, cycles against the core model`);
  printTable(['layer', 'bits', 'config', 'RTL cycles', 'core model', 'TERM cycles (RTL)', 'engine terms (model.ts)', 'bench model (+6)', 'outputs and cycles', 'TERM share'], rowsOut);
  console.log(`groups run back to back (reads one group ahead): RTL cycles = TERM cycles + 3 priming + 3 output stages = the bench's model (terms + ${ACT_CORE_FIXED})`);
  out.coreRtl = rec;
  // the wgt_plane core (weight-serial) on the same rows
  const prow: Array<Array<string | number>> = [];
  const prec: Array<Record<string, unknown>> = [];
  for (const bits of [8, 16] as const) {
    const hw = { ...DEFAULT_PLANE_HW, actBits: bits, slotWords: 512, ...(bits === 16 ? { pBits: 28, accBits: 56 } : {}) };
    const c = compile(LinacPlaneCore, hw);
    for (const name of ['conv32_down', 'conv32_1/conv1']) {
      const l = facenetLinacLayer(name, image, bits);
      const OH = Math.floor((l.shape.H + 2 * l.shape.pad - l.shape.R) / l.shape.stride) + 1;
      const y0 = Math.floor(OH / 2);
      const t = subLayer(l, 0, 8, y0, y0 + 1);
      const v = await verifyPlane(t, hw, c, 'verilator');
      const sch = planeScheduleCycles(t, { lanes: hw.lanes, filters: hw.cols, B: hw.B });
      const ctr = (k: string): number => v.counters[k]?.rtl ?? -1;
      const ok = v.pass && v.rtlCycles === sch.cycles && ctr('prologue') === sch.prologue && ctr('fetch') === sch.fetch && ctr('term') === sch.term && ctr('post') === sch.post;
      prow.push([name, bits, v.rtlCycles, v.modelCycles, sch.cycles, `${ctr('prologue')}/${sch.prologue}`, `${ctr('fetch')}/${sch.fetch}`, `${ctr('term')}/${sch.term}`, `${ctr('post')}/${sch.post}`, ok ? 'PASS' : 'FAIL', f2(sch.term / v.rtlCycles)]);
      prec.push({ layer: name, bits, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, schedule: sch, rtlCounters: Object.fromEntries(Object.entries(v.counters).map(([k, x]) => [k, x.rtl])), pass: ok });
    }
  }
  console.log(`\nLINAC wgt_plane core RTL (Verilator) on one output row × 8 filters, ${DEFAULT_PLANE_HW.cols} pixel columns × ${DEFAULT_PLANE_HW.lanes} lanes: RTL cycles and counters against the bench's schedule (model.ts planeScheduleCycles)`);
  printTable(['layer', 'bits', 'RTL cycles', 'core model', 'bench model', 'prologue RTL/model', 'fetch RTL/model', 'TERM RTL/model', 'post RTL/model', 'outputs, cycles, counters', 'TERM share'], prow);
  console.log('this core fetches each group in 3 cycles not overlapped with its terms, and recomputes the window sums per pixel batch; the bench counts both');
  out.planeRtl = prec;
}

if (!args.includes('--no-cells')) {
  const cells: Array<Array<string | number>> = [];
  const designs: Array<[string, ReturnType<typeof compile>]> = [
    ['essential-bit lane (9-bit value, int8 weight, B=2)', compile(EbLane, { vBits: 9, wBits: 8, B: 2 })],
    [`tile of ${engine.lanes} lanes (9-bit values, int8 weights, 32-bit acc)`, compile(EbTile, { lanes: engine.lanes, vBits: 9, wBits: 8, B: 2, accBits: 32 })],
    ['bit-parallel MAC (9-bit × int8 → 32)', compile(ParallelMac, { aBits: 9, wBits: 8, accBits: 32 })],
    ['Stripes serial-parallel multiplier (8 × int8)', compile(StripesMul, { aBits: 8, wBits: 8 })],
    ['essential-bit lane (17-bit value, int8 weight, B=2)', compile(EbLane, { vBits: 17, wBits: 8, B: 2 })],
    [`tile of ${engine.lanes} lanes (17-bit values, int8 weights, 40-bit acc)`, compile(EbTile, { lanes: engine.lanes, vBits: 17, wBits: 8, B: 2, accBits: 40 })],
    ['bit-parallel MAC (17-bit × int8 → 40)', compile(ParallelMac, { aBits: 17, wBits: 8, accBits: 40 })],
  ];
  const rec: Record<string, Record<string, number>> = {};
  for (const [what, c] of designs) {
    const rep = await yosysStat(materialize(c.verilog), c.verilog.top);
    const ff = Object.entries(rep.cells).filter(([k]) => k.includes('DFF')).reduce((s, [, v]) => s + v, 0);
    cells.push([what, rep.totalCells, ff, rep.totalCells - ff]);
    rec[what] = rep.cells;
  }
  console.log('\nYosys cell counts (synth -flatten, gates)');
  printTable(['design', 'cells', 'flip-flops', 'logic'], cells);
  out.cells = rec;
}
console.log(`\nwrote ${writeBenchJson('linac', out)}`);
printEnergy('linac', process.argv.slice(2));
