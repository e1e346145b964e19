/**
 * Dense baseline figures: PE utilisation of the default array on VGG16 3×3 layers (cycle model, whole layers tiled to
 * fit the SRAMs), the cycle model validated against RTL cycles on one tile of several of those layers (Verilator, random
 * data), and Yosys cell counts of one PE and of the default array.
 *
 *   npx tsx bench/dense.ts            all three parts
 *   npx tsx bench/dense.ts --no-rtl   cycle model only
 */
import { compile } from '../dsl/index.js';
import { DenseAccel } from '../generators/dense/accel.js';
import { DensePe } from '../generators/dense/pe.js';
import { DEFAULT_HW } from '../generators/dense/params.js';
import { denseCycles } from '../generators/dense/model.js';
import { tileShapes, tileLayer } from '../generators/dense/tiling.js';
import { verifyDense } from '../generators/dense/driver.js';
import type { DenseLayer } from '../generators/dense/driver.js';
import { VGG16 } from '../workloads/shapes.js';
import { materialize } from '../sim/simulate.js';
import { yosysStat } from '../sim/lint.js';
import { printTable, writeBenchJson } from './util.js';

const hw = DEFAULT_HW;
const args = process.argv.slice(2);
const out: Record<string, unknown> = { hw };

// ---- 1. utilisation on VGG16 (cycle model) ----
const rows: Array<Array<string | number>> = [];
const util: Array<Record<string, number | string | boolean>> = [];
for (const l of VGG16) {
  const tiles = tileShapes(l.name, l, hw);
  const cycles = tiles.reduce((s, t) => s + denseCycles(t.shape, hw).cycles, 0);
  const whole = denseCycles(l, hw);
  const u = whole.macs / (cycles * hw.rows * hw.cols);
  const multiple = l.C % hw.rows === 0 && l.M % hw.cols === 0;
  rows.push([l.name, `${l.C}x${l.H}x${l.W}->${l.M}`, tiles.length, cycles, whole.macs, (100 * u).toFixed(1), (100 * whole.utilization).toFixed(1), multiple ? 'yes' : 'no']);
  util.push({ layer: l.name, tiles: tiles.length, cycles, macs: whole.macs, utilization: u, untiledUtilization: whole.utilization, channelsMultiple: multiple });
}
console.log(`\nDense ${hw.rows}x${hw.cols} array on VGG16 (cycle model; layers tiled to fit ${hw.ifmapWords}/${hw.weightWords}/${hw.outWords}-word SRAM banks)`);
printTable(['layer', 'shape', 'tiles', 'cycles', 'MACs', 'util %', 'util % untiled', 'C,M multiple of array'], rows);
const eligible = util.filter((u) => u.channelsMultiple);
const minUtil = Math.min(...eligible.map((u) => u.utilization as number));
console.log(`goal: >= 85% of peak MACs/cycle on 3x3 layers whose channel counts are multiples of the array: min ${(100 * minUtil).toFixed(1)}% ${minUtil >= 0.85 ? 'MET' : 'NOT MET'}`);
out.vgg16 = util;

// ---- 2. the cycle model against RTL on one tile of several VGG16 layers ----
if (!args.includes('--no-rtl')) {
  const c = compile(DenseAccel, hw);
  const checks: Array<Array<string | number>> = [];
  const val: Array<Record<string, number | string | boolean>> = [];
  for (const name of ['conv1_2', 'conv3_1', 'conv5_1']) {
    const l = VGG16.find((x) => x.name === name)!;
    const K = l.C * 9;
    let s = 12345;
    const r = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const layer: DenseLayer = {
      name,
      shape: l,
      input: Uint8Array.from({ length: l.C * l.H * l.W }, () => (r() < 0.4 ? 0 : Math.floor(r() * 256))),
      weights: Int8Array.from({ length: l.M * K }, () => Math.floor(r() * 256) - 128),
      bias: Int32Array.from({ length: l.M }, () => Math.floor(r() * 20000) - 10000),
      relu: true,
    };
    const n = tileLayer(layer, hw).length;
    const t0 = performance.now();
    const v = await verifyDense(layer, hw, c, 'verilator', { tileFilter: (i) => i === 0 });
    const sec = (performance.now() - t0) / 1000;
    checks.push([name, `1 of ${n}`, v.rtlCycles, v.modelCycles, v.rtlCycles === v.modelCycles ? 'equal' : 'DIFFER', v.pass ? 'PASS' : 'FAIL', (100 * v.utilization).toFixed(1), sec.toFixed(1)]);
    val.push({ layer: name, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, pass: v.pass, utilization: v.utilization });
  }
  console.log('\nCycle model validated on RTL tiles (Verilator, random data, outputs checked against the golden conv)');
  printTable(['layer', 'tile', 'RTL cycles', 'model cycles', 'cycles', 'outputs', 'tile util %', 'seconds'], checks);
  out.validation = val;

  // ---- 3. Yosys cell counts ----
  const pe = compile(DensePe, { actBits: hw.actBits, wBits: hw.wBits, accBits: hw.accBits });
  const cells: Array<Array<string | number>> = [];
  for (const [what, comp] of [['one PE (int8 x int8 -> int32)', pe], [`default accelerator ${hw.rows}x${hw.cols}`, c]] as const) {
    const t0 = performance.now();
    const rep = await yosysStat(materialize(comp.verilog), comp.verilog.top, { timeoutMs: 30 * 60 * 1000 });
    const ff = Object.entries(rep.cells).filter(([k]) => k.includes('DFF')).reduce((s, [, v]) => s + v, 0);
    const mems = rep.cells['$mem_v2'] ?? 0;
    cells.push([what, rep.totalCells, ff, rep.totalCells - ff - mems, mems, ((performance.now() - t0) / 1000).toFixed(0)]);
    out[what.startsWith('one') ? 'cellsPe' : 'cellsArray'] = rep.cells;
  }
  console.log('\nYosys cell counts (synth -flatten; memories kept as $mem_v2 macros)');
  printTable(['design', 'cells', 'flip-flops', 'logic gates', 'memories', 'seconds'], cells);
}
console.log(`\nwrote ${writeBenchJson('dense', out)}`);
