/**
 * Dense baseline figures:
 *   1. PE utilisation of the dense output-stationary array beside SCALE-Sim v2's output-stationary formula on VGG16,
 *      ResNet-50 and the face-net at 8×8, 16×16 and 32×32 (cycle models; generators/dense/compare.ts says what each
 *      side counts);
 *   2. the cycle model validated on RTL tiles of each network in Verilator and in Icarus (one build per simulator and
 *      array; small cuts of the layers in both, the first full SRAM tile in Verilator), outputs against the golden conv;
 *   3. Yosys cell counts of one PE and of the default array.
 *
 *   npx tsx bench/dense.ts                       all three parts
 *   npx tsx bench/dense.ts --no-rtl              the cycle models only
 *   npx tsx bench/dense.ts --no-yosys            parts 1 and 2
 *   npx tsx bench/dense.ts --rtl-arrays 8,16     arrays for part 2 (default 8; 16 and up in Verilator only)
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { compile, type Compiled } from '../dsl/index.js';
import { DenseAccel } from '../generators/dense/accel.js';
import { DensePe } from '../generators/dense/pe.js';
import { DEFAULT_HW, type DenseHwParams } from '../generators/dense/params.js';
import { networkUtil, type NetLayer } from '../generators/dense/compare.js';
import { SCALESIM_SOURCE } from '../generators/dense/scalesim.js';
import { tileLayer, topCut } from '../generators/dense/tiling.js';
import { verifyDense, type DenseLayer } from '../generators/dense/driver.js';
import { outDims } from '../generators/common/shape.js';
import { VGG16, RESNET50 } from '../workloads/shapes.js';
import { layerShapes } from '../workloads/facenet/index.js';
import { facenetLayerData } from '../generators/common/layers.js';
import { materialize, type SimName } from '../sim/simulate.js';
import { yosysStat } from '../sim/lint.js';
import { printTable, writeBenchJson } from './util.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
const argOf = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const NETS: Record<string, readonly NetLayer[]> = { VGG16, 'ResNet-50': RESNET50, 'face-net': layerShapes() };
const SIZES = [8, 16, 32];
const arrayHw = (rows: number, cols: number): DenseHwParams => ({ ...DEFAULT_HW, rows, cols });
const pct = (x: number): string => (100 * x).toFixed(1);
const out: Record<string, unknown> = { hw: DEFAULT_HW, scaleSim: SCALESIM_SOURCE };

// ---- 1. utilisation beside SCALE-Sim ----
const util: Array<Record<string, unknown>> = [];
const rows: Array<Array<string | number>> = [];
let ahead = true;
for (const [net, layers] of Object.entries(NETS))
  for (const n of SIZES) {
    const u = networkUtil(layers, arrayHw(n, n));
    const win = u.cycles < u.scaleSimCycles;
    ahead &&= win;
    const worst = u.layers.reduce((w, l) => (l.scaleSimCycles / l.cycles < w.scaleSimCycles / w.cycles ? l : w));
    rows.push([net, `${n}x${n}`, u.macs, u.cycles, pct(u.utilization), u.scaleSimCycles, pct(u.scaleSimUtilization), (u.scaleSimCycles / u.cycles).toFixed(3), win ? 'yes' : 'NO', `${worst.layer} ${(worst.scaleSimCycles / worst.cycles).toFixed(3)}`]);
    util.push({ network: net, ...u });
  }
console.log(`\nDense output-stationary array (rows walk the flattened OH·OW pixels) beside ${SCALESIM_SOURCE}:`);
console.log('  same array and layers; ours: every SRAM tile of each layer as its own run (start, flush, drain, post-processing');
console.log(`  included; DEFAULT_HW bank sizes: ${DEFAULT_HW.ifmapWords}/${DEFAULT_HW.weightWords}/${DEFAULT_HW.outWords} words); SCALE-Sim: fold = T + rows + cols − 2`);
console.log('  cycles, no drain overlap, unlimited SRAM and bandwidth. Repeated ResNet-50 blocks counted as often as they occur.');
printTable(['network', 'array', 'MACs', 'our cycles', 'our util %', 'SCALE-Sim cycles', 'SCALE-Sim util %', 'SCALE-Sim/ours', 'ahead', 'closest layer (SCALE-Sim/ours)'], rows);
console.log(`ours ahead on every row: ${ahead ? 'YES' : 'NO'}`);
out.utilization = util;

// ---- 2. the cycle model against RTL tiles of each network ----
const PICKS: Record<string, string[]> = {
  VGG16: ['conv1_2', 'conv3_1', 'conv5_1'],
  'ResNet-50': ['conv1', 'conv3_1b_3x3', 'conv5_xa_1x1'],
  'face-net': ['conv32_down', 'conv64_down/conv1', 'conv256_1/conv1'],
};

function randomData(l: NetLayer): DenseLayer {
  let s = 12345;
  const r = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const K = l.C * l.R * l.S;
  const shape = { C: l.C, H: l.H, W: l.W, M: l.M, R: l.R, S: l.S, stride: l.stride, pad: l.pad };
  return {
    name: l.name,
    shape,
    input: Uint8Array.from({ length: l.C * l.H * l.W }, () => (r() < 0.4 ? 0 : Math.floor(r() * 256))),
    weights: Int8Array.from({ length: l.M * K }, () => Math.floor(r() * 256) - 128),
    bias: Int32Array.from({ length: l.M }, () => Math.floor(r() * 20000) - 10000),
    relu: true,
  };
}

function layerData(net: string, name: string): DenseLayer {
  if (net === 'face-net') {
    return facenetLayerData(name, 0);
  }
  return randomData(NETS[net]!.find((l) => l.name === name)!);
}

/** A small cut of a layer: the first `cols` channels and enough output rows for three pixel tiles (wrapping when OW is not a multiple of rows). */
function smallCut(l: DenseLayer, hw: DenseHwParams): DenseLayer {
  const { OH, OW } = outDims(l.shape);
  return topCut(l, hw.cols, Math.min(OH, Math.ceil((3 * hw.rows) / OW)));
}

if (!args.includes('--no-rtl')) {
  const arrays = (argOf('--rtl-arrays') ?? '8').split(',').map(Number);
  const checks: Array<Array<string | number>> = [];
  const val: Array<Record<string, unknown>> = [];
  for (const n of arrays) {
    const hw = arrayHw(n, n);
    const t0 = performance.now();
    const c: Compiled = compile(DenseAccel, hw);
    console.log(`\n(${n}x${n} elaborated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const sims: SimName[] = n <= 8 ? ['verilator', 'icarus'] : ['verilator'];
    for (const [net, names] of Object.entries(PICKS))
      for (const name of names) {
        const full = layerData(net, name);
        const cut = smallCut(full, hw);
        const runs: Array<[string, DenseLayer, SimName[], number]> = [[`cut ${cut.name.slice(name.length)}`, cut, sims, 0]];
        const nTiles = tileLayer(full, hw).length;
        runs.push([`tile 1 of ${nTiles}`, full, ['verilator'], nTiles]);
        for (const [what, l, simList, total] of runs)
          for (const sim of simList) {
            const t1 = performance.now();
            const v = await verifyDense(l, hw, c, sim, total > 0 ? { tileFilter: (i) => i === 0 } : {});
            const sec = (performance.now() - t1) / 1000;
            const same = v.rtlCycles === v.modelCycles;
            checks.push([net, name, `${n}x${n}`, what, sim, v.rtlCycles, v.modelCycles, same ? 'equal' : 'DIFFER', v.pass ? 'PASS' : 'FAIL', pct(v.utilization), sec.toFixed(1)]);
            val.push({ network: net, layer: name, array: `${n}x${n}`, what, sim, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, pass: v.pass, utilization: v.utilization, seconds: sec });
          }
      }
  }
  console.log('\nCycle model validated on RTL tiles (face-net: real layer data, sample image 0; VGG16/ResNet-50: seeded random data; outputs checked against the golden conv)');
  printTable(['network', 'layer', 'array', 'tile', 'simulator', 'RTL cycles', 'model cycles', 'cycles', 'outputs', 'tile util %', 'seconds'], checks);
  const allOk = val.every((v) => v.pass === true && v.rtlCycles === v.modelCycles);
  console.log(`every RTL tile bit-exact with RTL cycles = model: ${allOk ? 'YES' : 'NO'}`);
  out.validation = val;

  // ---- 3. Yosys cell counts ----
  if (!args.includes('--no-yosys')) {
    const hw = DEFAULT_HW;
    const pe = compile(DensePe, { actBits: hw.actBits, wBits: hw.wBits, accBits: hw.accBits });
    const cells: Array<Array<string | number>> = [];
    for (const [what, comp] of [['one PE (int8 x int8 -> int32)', pe], [`default accelerator ${hw.rows}x${hw.cols}`, compile(DenseAccel, hw)]] as const) {
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
}
console.log(`\nwrote ${writeBenchJson('dense', out)}`);
printEnergy('dense', process.argv.slice(2));
