/**
 * `hwgen bench zas` / bench/zas.ts: the figures of the issue as tables plus JSON.
 *   1. sparsity sweep (0/50/70/90/95%) on VGG16's 13 conv layers, synthetic maps with a real layer's non-zero values:
 *      dense baseline at equal multipliers vs ZAS, speedup, ideal 1/(1 − sparsity), % of ideal, encoded bytes, the
 *      overheads (tiling halo, empty rows, unhidden drain, fixed) — all from the cycle model, validated in part 3;
 *   2. the real face-net 3×3 layers on a sample image's activations;
 *   3. the cycle model validated on RTL tiles in Verilator (VGG-shaped tiles at every sweep sparsity, a real face-net
 *      tile): outputs bit-exact against conv2d and RTL cycles equal to the model;
 *   4. Yosys cell counts of one scatter PE and of the accelerator, beside the dense baseline's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { compile } from '../../dsl/index.js';
import { materialize } from '../../sim/simulate.js';
import { yosysStat } from '../../sim/lint.js';
import { SPARSITY_LEVELS, syntheticMap, Prng } from '../../workloads/synthetic.js';
import { nonZeroHistogram, quantizedLayer } from '../../workloads/facenet/index.js';
import { VGG16 } from '../../workloads/shapes.js';
import type { ZasHwParams } from './params.js';
import { ZasAccel } from './accel.js';
import { ZasPe } from './pe.js';
import { verifyZas } from './driver.js';
import type { ZasLayer } from './driver.js';
import { tileZas } from './tiling.js';
import { vggSweep, facenetRows, PAPER_SPEEDUP_90, type SweepRow } from './bench.js';

export interface BenchTable {
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
  notes: string[];
}

export interface ZasBenchResult {
  tables: BenchTable[];
  json: Record<string, unknown>;
}

const pct = (x: number): string => (100 * x).toFixed(1);
const x2 = (x: number): string => x.toFixed(2);

export interface ZasBenchOptions {
  /** validate the cycle model on RTL tiles in Verilator (default true) */
  rtl?: boolean;
  /** Yosys cell counts (default true; minutes) */
  cells?: boolean;
  /** dense baseline figures (bench-out/dense.json) for the cell-count table */
  denseJson?: string;
  log?: (msg: string) => void;
}

export async function runZasBench(hw: ZasHwParams, opts: ZasBenchOptions = {}): Promise<ZasBenchResult> {
  const log = opts.log ?? (() => {});
  const tables: BenchTable[] = [];
  const json: Record<string, unknown> = { hw };

  // ---- 1. VGG16 sweep ----
  log('sparsity sweep on VGG16 (cycle model)');
  const sweep = vggSweep(hw);
  json.vgg16 = sweep;
  const totals = sweep.filter((r) => r.layer === 'VGG16 total');
  const mults = hw.P * hw.KR * hw.KS;
  tables.push({
    title: `VGG16 (13 conv layers, 3x3/s1/p1) on synthetic maps: dense baseline at ${mults} multipliers vs ZAS (${hw.P} PEs x ${hw.KR * hw.KS} multipliers), whole network`,
    header: ['sparsity %', 'dense cycles', 'ZAS cycles', 'speedup', 'ideal 1/(1-s)', '% of ideal', 'paper', 'enc/dense bytes', 'halo %', 'empty rows %', 'drain %', 'fixed %'],
    rows: totals.map((r) => [
      Math.round(r.sparsity * 100), r.denseCycles, r.zasCycles, x2(r.speedup), x2(r.ideal), pct(r.ofIdeal), r.sparsity === 0.9 ? `${PAPER_SPEEDUP_90}` : '-', x2(r.encodedBytes / r.denseBytes),
      pct(r.halo / r.zasCycles), pct(r.rowOverhead / r.zasCycles), pct(r.drainOverhead / r.zasCycles), pct(r.fixed / r.zasCycles),
    ]),
    notes: [
      'cycles from the cycle models (validated on RTL tiles below): every layer tiled as the hardware runs it; ZAS tiles encoded from the actual map',
      'dense: the faster of the 9x8 and 8x9 output-stationary arrays (same multiplier count), tiled to its default SRAMs',
      'overheads as % of ZAS cycles: halo = input rows streamed twice at row-chunk borders; empty rows = cycles of empty (c,y) rows the rowLook-deep walker could not skip; drain = drain cycles not hidden behind a stream; fixed = clear + phase gaps + pipeline tail',
      'speedup can exceed 1/(1-s): the ideal is relative to the same scatter datapath fed dense; the dense array also loses lanes to ceil(OW/rows), ceil(M/cols)',
    ],
  });
  const layers = VGG16.map((l) => l.name);
  tables.push({
    title: 'VGG16 per layer: speedup over the dense baseline (equal multipliers) at each sparsity',
    header: ['layer', 'shape', 'dense array', ...SPARSITY_LEVELS.map((s) => `${Math.round(s * 100)}%`)],
    rows: layers.map((name) => {
      const l = VGG16.find((v) => v.name === name)!;
      const rs = SPARSITY_LEVELS.map((s) => sweep.find((r) => r.layer === name && r.sparsity === s)!);
      return [name, `${l.C}x${l.H}x${l.W}->${l.M}`, rs[0]!.denseArray, ...rs.map((r) => x2(r.speedup))];
    }),
    notes: ['conv1_1 reads the 3-channel image: its stream is so short that the drain (one cycle per output position) dominates at any sparsity'],
  });

  // ---- 2. face-net ----
  log('real face-net layers (cycle model)');
  const fr = facenetRows(hw);
  json.facenet = fr;
  tables.push({
    title: 'Real face-net 3x3 layers (sample image 0, real post-ReLU activations; the 7x7 stem does not fit 3x3 PEs)',
    header: ['layer', 'sparsity %', 'dense cycles', 'ZAS cycles', 'speedup', 'ideal', 'skip gain', 'skip gain % of ideal', 'enc/dense bytes'],
    rows: fr.map((r: SweepRow) => [
      r.layer, pct(r.measuredSparsity), r.denseCycles, r.zasCycles, x2(r.speedup), x2(r.ideal), r.skipGain ? x2(r.skipGain) : '-', r.skipGain ? pct(r.skipGain / r.ideal) : '-',
      x2(r.encodedBytes / r.denseBytes),
    ]),
    notes: [
      'speedup = dense cycles / ZAS cycles; skip gain = ZAS cycles on the same layer without zeros / ZAS cycles (the gain of skipping alone, whose ideal is 1/(1-s))',
      'on the small late layers (W = 1..4) the 9x8/8x9 dense arrays waste most lanes on ceil(OW/rows), so the speedup over dense exceeds the ideal there; the skip gain falls short because every (c,y) row costs at least one cycle (a 1x1 map gains nothing)','stride-2 layers (conv*_down) use only ~1/4 of the taps per non-zero (the rest are off the stride grid), so ZAS loses to dense there'],
  });

  // ---- 3. RTL validation ----
  if (opts.rtl ?? true) {
    log('building the default accelerator for Verilator');
    const c = compile(ZasAccel, hw);
    const dist = nonZeroHistogram('conv64_1/conv1');
    const rows: Array<Array<string | number>> = [];
    const val: Array<Record<string, unknown>> = [];
    const cases: Array<{ label: string; layer: ZasLayer; sparsity: number }> = [];
    const vggLayer = (name: string, sp: number, seed: number): ZasLayer => {
      const l = VGG16.find((v) => v.name === name)!;
      const g = new Prng(seed);
      const map = syntheticMap({ C: l.C, H: l.H, W: l.W, sparsity: sp, distribution: dist, seed });
      const K = l.C * 9;
      return {
        name: `${name}@${Math.round(sp * 100)}%`,
        shape: { C: l.C, H: l.H, W: l.W, M: l.M, R: 3, S: 3, stride: 1, pad: 1 },
        input: map.data,
        weights: Int8Array.from({ length: l.M * K }, () => g.int(-128, 127)),
        bias: Int32Array.from({ length: l.M }, () => g.int(-20000, 20000)),
        relu: true,
      };
    };
    SPARSITY_LEVELS.forEach((sp, i) => cases.push({ label: 'conv5_1 (VGG16)', layer: vggLayer('conv5_1', sp, 100 + i), sparsity: sp }));
    cases.push({ label: 'conv3_1 (VGG16)', layer: vggLayer('conv3_1', 0.9, 200), sparsity: 0.9 });
    const q = quantizedLayer('conv128_1/conv1', 0);
    const real: ZasLayer = { name: 'conv128_1/conv1', shape: q.shape, input: q.input.data, weights: q.weights.data, bias: q.bias, relu: q.relu, rq: { mult: q.mult, shift: q.shift } };
    let z = 0;
    for (let i = 0; i < real.input.length; i++) if (real.input[i] === 0) z++;
    cases.push({ label: 'face-net (real)', layer: real, sparsity: z / real.input.length });
    for (const cs of cases) {
      const n = tileZas(cs.layer, hw).length;
      const t0 = performance.now();
      const v = await verifyZas(cs.layer, hw, c, 'verilator', { tileFilter: (i) => i === 0 });
      const sec = (performance.now() - t0) / 1000;
      log(`  ${cs.layer.name}: ${v.pass ? 'PASS' : 'FAIL'} ${v.rtlCycles}/${v.modelCycles} cycles, ${sec.toFixed(1)} s`);
      rows.push([cs.label, cs.layer.name, pct(cs.sparsity), `1 of ${n}`, v.rtlCycles, v.modelCycles, v.rtlCycles === v.modelCycles ? 'equal' : 'DIFFER', v.pass ? 'PASS' : 'FAIL', sec.toFixed(1)]);
      val.push({ layer: cs.layer.name, sparsity: cs.sparsity, tiles: n, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, pass: v.pass });
    }
    json.validation = val;
    tables.push({
      title: 'Cycle model validated on RTL tiles (Verilator; dense map streamed through the RTL encoder; outputs checked against conv2d)',
      header: ['workload', 'layer', 'sparsity %', 'tile', 'RTL cycles', 'model cycles', 'cycles', 'outputs', 'seconds'],
      rows,
      notes: [],
    });
  }

  // ---- 4. cells ----
  if (opts.cells ?? true) {
    const cellRows: Array<Array<string | number>> = [];
    const pe = compile(ZasPe, { KR: hw.KR, KS: hw.KS, actBits: hw.actBits, wBits: hw.wBits, accBits: hw.accBits, partialWords: hw.partialWords });
    const cAll = compile(ZasAccel, hw);
    const stats: Record<string, unknown> = {};
    for (const [what, comp, m] of [[`one scatter PE (${hw.KR * hw.KS} multipliers, ${2 ** Math.ceil(Math.log2(hw.KR)) * 2 ** Math.ceil(Math.log2(hw.KS))} x 2 partial banks)`, pe, hw.KR * hw.KS], [`ZAS accelerator ${hw.P} PEs`, cAll, hw.P * hw.KR * hw.KS]] as const) {
      log(`yosys: ${what}`);
      const t0 = performance.now();
      const rep = await yosysStat(materialize(comp.verilog), comp.verilog.top, { timeoutMs: 60 * 60 * 1000 });
      const ff = Object.entries(rep.cells).filter(([k]) => k.includes('DFF')).reduce((s, [, v]) => s + v, 0);
      const mems = rep.cells['$mem_v2'] ?? 0;
      cellRows.push([what, m, rep.totalCells, ff, rep.totalCells - ff - mems, mems, Math.round(rep.totalCells / m), ((performance.now() - t0) / 1000).toFixed(0)]);
      stats[what] = rep.cells;
    }
    const dj = opts.denseJson ?? 'bench-out/dense.json';
    if (existsSync(dj)) {
      const dense = JSON.parse(readFileSync(dj, 'utf8')) as { hw?: { rows: number; cols: number }; cellsPe?: Record<string, number>; cellsArray?: Record<string, number> };
      const tot = (c?: Record<string, number>) => Object.values(c ?? {}).reduce((s, v) => s + v, 0);
      const ffs = (c?: Record<string, number>) => Object.entries(c ?? {}).filter(([k]) => k.includes('DFF')).reduce((s, [, v]) => s + v, 0);
      const memsOf = (c?: Record<string, number>) => c?.['$mem_v2'] ?? 0;
      const n = (dense.hw?.rows ?? 8) * (dense.hw?.cols ?? 8);
      for (const [what, c, m] of [['dense PE (bench-out/dense.json)', dense.cellsPe, 1], [`dense accelerator ${dense.hw?.rows ?? 8}x${dense.hw?.cols ?? 8} (bench-out/dense.json)`, dense.cellsArray, n]] as const)
        if (c) cellRows.push([what, m, tot(c), ffs(c), tot(c) - ffs(c) - memsOf(c), memsOf(c), Math.round(tot(c) / m), '-']);
    }
    json.cells = stats;
    tables.push({
      title: 'Yosys cell counts (synth -flatten; memories kept as $mem_v2 macros, counted as one cell each)',
      header: ['design', 'multipliers', 'cells', 'flip-flops', 'logic gates', 'memories', 'cells/multiplier', 'seconds'],
      rows: cellRows,
      notes: ['a scatter PE holds, besides its multipliers, the tap→bank routing (one product mux per bank) and one 32-bit read-modify-write adder with forwarding per bank'],
    });
  }
  return { tables, json };
}
