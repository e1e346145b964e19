/**
 * Verification of the ZAS accelerator on a layer: tile it, run every tile through a simulator (the dense map streamed
 * through the RTL encoder, or the golden encoding preloaded), compare every output with the reference convolution
 * (models/conv2d.ts, which shares no code with golden.ts) and the measured cycles with the cycle model.
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../models/conv2d.js';
import type { ZasHwParams } from './params.js';
import { planZas, memoryImage, zasStimulus, decodeRun, type ZasLayer } from './driver.js';
import { tileZas } from './tiling.js';

export interface ZasVerdict {
  layer: string;
  sim: SimName;
  shape: ZasLayer['shape'];
  tiles: number;
  rtlCycles: number;
  modelCycles: number;
  macs: number;
  nnz: number;
  pass: boolean;
  mismatch?: { index: number; rtl: bigint; golden: number } | { tile: string; rtlCycles: number; modelCycles: number };
  golden: Int32Array;
  rtl: BigInt64Array;
  simMs: number;
}

/** The reference output of a layer (bias, ReLU, requantisation) in CHW order, from models/conv2d.ts. */
export function goldenZas(l: ZasLayer): Int32Array {
  const s = l.shape;
  const a = tensor3(s.C, s.H, s.W, Uint16Array.from(l.input));
  const w = weights4(s.M, s.C, s.R, s.S, Int16Array.from(l.weights));
  const opts = { stride: s.stride, pad: s.pad, relu: l.relu };
  return l.rq ? Int32Array.from(conv2dRequant(a, w, l.bias, { ...opts, ...l.rq }).data) : conv2d(a, w, l.bias, opts).data;
}

export interface ZasVerifyOptions {
  onTile?: (done: number, total: number) => void;
  tileFilter?: (index: number, total: number) => boolean;
  /** 'encoder' (default): stream the dense map through the RTL encoder; 'preload': load the golden encoding */
  via?: 'encoder' | 'preload';
}

export async function verifyZas(l: ZasLayer, hw: ZasHwParams, compiled: Compiled, sim: SimName, opts: ZasVerifyOptions = {}): Promise<ZasVerdict> {
  const s = l.shape;
  if (s.padY !== undefined || s.OH !== undefined) throw new Error('verifyZas: give a whole layer (symmetric padding); it tiles the layer itself');
  const golden = goldenZas(l);
  const OH = Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1;
  const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
  const rtl = new BigInt64Array(golden.length);
  const all = tileZas(l, hw);
  const chosen = all.map((t, i) => ({ t, i })).filter(({ i }) => !opts.tileFilter || opts.tileFilter(i, all.length));
  let rtlCycles = 0;
  let modelCycles = 0;
  let macs = 0;
  let nnz = 0;
  let simMs = 0;
  let mismatch: ZasVerdict['mismatch'];
  const checked = new Uint8Array(golden.length);
  const via = opts.via ?? 'encoder';
  for (const [n, { t }] of chosen.entries()) {
    const plan = planZas(t.layer, hw);
    const run = zasStimulus(t.layer, hw, plan, via);
    const r = await simulate(sim, {
      design: compiled.optimized,
      verilog: compiled.verilog,
      cycles: run.cycles,
      sample: ['done', 'rd_data'],
      preload: memoryImage(t.layer, hw, plan, via === 'preload'),
    });
    simMs += r.runMs;
    const got = decodeRun(r.trace, run);
    if (got.cycles !== plan.cycles && !mismatch) mismatch = { tile: t.layer.name, rtlCycles: got.cycles, modelCycles: plan.cycles };
    rtlCycles += got.cycles < 0 ? run.budget : got.cycles;
    modelCycles += plan.cycles;
    macs += plan.model.macs;
    nnz += plan.model.nnz;
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
  return { layer: l.name, sim, shape: s, tiles: chosen.length, rtlCycles, modelCycles, macs, nnz, pass: !mismatch, ...(mismatch ? { mismatch } : {}), golden, rtl, simMs };
}
