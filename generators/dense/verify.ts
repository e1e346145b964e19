/**
 * Verification of the dense accelerator on a layer: tile it, run every tile through a simulator, compare every
 * output with the golden convolution (models/conv2d.ts) and the measured cycles with the cycle model.
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../models/conv2d.js';
import type { DenseHwParams } from './params.js';
import { planLayer, memoryImage, denseStimulus, decodeRun, type DenseLayer } from './driver.js';
import { tileLayer } from './tiling.js';
import { denseCycles } from './model.js';

export interface LayerVerdict {
  layer: string;
  sim: SimName;
  shape: DenseLayer['shape'];
  tiles: number;
  rtlCycles: number;
  modelCycles: number;
  macs: number;
  /** useful MACs per PE per cycle, over the RTL cycles */
  utilization: number;
  pass: boolean;
  /** first output that differs (CHW index), with both values; or a cycle-count mismatch */
  mismatch?: { index: number; rtl: bigint; golden: number } | { tile: string; rtlCycles: number; modelCycles: number };
  golden: Int32Array;
  rtl: BigInt64Array;
  simMs: number;
}

/** The golden output of a layer (bias, ReLU, requantisation) in CHW order. */
export function goldenDense(l: DenseLayer): Int32Array {
  const s = l.shape;
  const input = l.input instanceof Uint8Array || l.input instanceof Uint16Array ? l.input : Uint16Array.from(l.input);
  const a = tensor3(s.C, s.H, s.W, input);
  const w = weights4(s.M, s.C, s.R, s.S, Int16Array.from(l.weights));
  const opts = { stride: s.stride, pad: s.pad, relu: l.relu };
  return l.rq ? Int32Array.from(conv2dRequant(a, w, l.bias, { ...opts, ...l.rq }).data) : conv2d(a, w, l.bias, opts).data;
}

export interface VerifyOptions {
  /** called after each tile */
  onTile?: (done: number, total: number) => void;
  /** verify only these tile indices (a sample of a big layer); the rest of the outputs are not compared */
  tileFilter?: (index: number, total: number) => boolean;
}

/** Run a layer (tiled to fit) through one simulator and compare with the golden model and the cycle model. */
export async function verifyDense(l: DenseLayer, hw: DenseHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<LayerVerdict> {
  const s = l.shape;
  const golden = goldenDense(l);
  const { OH, OW } = denseCycles(s, hw);
  const rtl = new BigInt64Array(golden.length);
  const all = tileLayer(l, hw);
  const chosen = all.map((t, i) => ({ t, i })).filter(({ i }) => !opts.tileFilter || opts.tileFilter(i, all.length));
  let rtlCycles = 0;
  let modelCycles = 0;
  let macs = 0;
  let simMs = 0;
  let mismatch: LayerVerdict['mismatch'];
  const checked = new Uint8Array(golden.length);
  for (const [n, { t }] of chosen.entries()) {
    const plan = planLayer(t.layer, hw);
    const run = denseStimulus(t.layer, hw, plan);
    const r = await simulate(sim, {
      design: compiled.optimized,
      verilog: compiled.verilog,
      cycles: run.cycles,
      sample: ['done', 'rd_data'],
      preload: memoryImage(t.layer, hw, plan),
    });
    simMs += r.runMs;
    const count = t.layer.shape.M * plan.OH * plan.OW;
    const got = decodeRun(r.trace, run, count);
    if (got.cycles !== plan.cycles && !mismatch) mismatch = { tile: t.layer.name, rtlCycles: got.cycles, modelCycles: plan.cycles };
    rtlCycles += got.cycles < 0 ? run.budget : got.cycles;
    modelCycles += plan.cycles;
    macs += t.layer.shape.M * plan.OH * plan.OW * s.C * s.R * s.S;
    for (let m = 0; m < t.m1 - t.m0; m++)
      for (let y = 0; y < plan.OH; y++)
        for (let x = 0; x < OW; x++) {
          const gi = ((t.m0 + m) * OH + t.y0 + y) * OW + x;
          rtl[gi] = got.outputs[(m * plan.OH + y) * OW + x]!;
          checked[gi] = 1;
        }
    opts.onTile?.(n + 1, chosen.length);
  }
  if (!mismatch)
    for (let i = 0; i < golden.length; i++)
      if (checked[i] && rtl[i] !== BigInt(golden[i]!)) {
        mismatch = { index: i, rtl: rtl[i]!, golden: golden[i]! };
        break;
      }
  return {
    layer: l.name,
    sim,
    shape: s,
    tiles: chosen.length,
    rtlCycles,
    modelCycles,
    macs,
    utilization: macs / (rtlCycles * hw.rows * hw.cols),
    pass: !mismatch,
    ...(mismatch ? { mismatch } : {}),
    golden,
    rtl,
    simMs,
  };
}
