/**
 * Verification of the output-sign-prediction accelerator on a layer: tile it, run the tiles through a simulator and
 * compare every output's y, skip bit and executed-MAC count with the golden model (computed once on the whole
 * layer), and the measured cycles of every tile with the cycle model.
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import type { PredictHwParams } from './params.js';
import { goldenPredict, outSize, type PredLayer, type Predictor } from './golden.js';
import { planPredict, memoryImage, predictStimulus, decodeRun } from './driver.js';
import { tilePredict } from './tiling.js';

export interface PredictVerdict {
  layer: string;
  sim: SimName;
  shape: PredLayer['shape'];
  tiles: number;
  rtlCycles: number;
  modelCycles: number;
  /** executed PE MACs (golden) over the verified tiles */
  macs: number;
  skipped: number;
  outputs: number;
  pass: boolean;
  mismatch?: { index: number; what: 'y' | 'skip' | 'macs'; rtl: bigint; golden: number } | { tile: string; rtlCycles: number; modelCycles: number };
  golden: Int32Array;
  rtl: BigInt64Array;
  rtlMacs: BigInt64Array;
  rtlSkip: Uint8Array;
  simMs: number;
}

export interface PredictVerifyOptions {
  onTile?: (done: number, total: number) => void;
  tileFilter?: (index: number, total: number) => boolean;
}

export async function verifyPredict(l: PredLayer, pred: Predictor | null, hw: PredictHwParams, compiled: Compiled, sim: SimName, opts: PredictVerifyOptions = {}): Promise<PredictVerdict> {
  const s = l.shape;
  if (s.padY !== undefined || s.OH !== undefined) throw new Error('verifyPredict: give a whole layer (symmetric padding); it tiles the layer itself');
  const sched = { chunkRows: hw.chunkRows, npc: hw.npc, exact: hw.mode === 'exact' };
  const g = goldenPredict(l, pred, sched);
  const { OH, OW } = outSize(s);
  const n = g.y.length;
  const rtl = new BigInt64Array(n);
  const rtlMacs = new BigInt64Array(n);
  const rtlSkip = new Uint8Array(n);
  const checked = new Uint8Array(n);
  const all = tilePredict(l, pred, hw);
  const chosen = all.filter((_, i) => !opts.tileFilter || opts.tileFilter(i, all.length));
  let rtlCycles = 0;
  let modelCycles = 0;
  let macs = 0;
  let simMs = 0;
  let mismatch: PredictVerdict['mismatch'];
  for (const [k, t] of chosen.entries()) {
    const plan = planPredict(t.layer, hw, t.pred);
    const run = predictStimulus(t.layer, plan);
    const r = await simulate(sim, {
      design: compiled.optimized,
      verilog: compiled.verilog,
      cycles: run.cycles,
      sample: ['done', 'rd_data', 'rd_macs', 'rd_skip'],
      preload: memoryImage(t.layer, hw, plan, t.pred),
    });
    simMs += r.runMs;
    const got = decodeRun(r.trace, run);
    if (got.cycles !== plan.cycles && !mismatch) mismatch = { tile: t.layer.name, rtlCycles: got.cycles, modelCycles: plan.cycles };
    rtlCycles += got.cycles < 0 ? run.budget : got.cycles;
    modelCycles += plan.cycles;
    macs += plan.model.macs;
    for (let m = 0; m < t.m1 - t.m0; m++)
      for (let y = 0; y < plan.OH; y++)
        for (let x = 0; x < OW; x++) {
          const gi = ((t.m0 + m) * OH + t.y0 + y) * OW + x;
          const ti = (m * plan.OH + y) * OW + x;
          rtl[gi] = got.y[ti]!;
          rtlMacs[gi] = got.macs[ti]!;
          rtlSkip[gi] = Number(got.skip[ti]!);
          checked[gi] = 1;
        }
    opts.onTile?.(k + 1, chosen.length);
  }
  let skipped = 0;
  let outputs = 0;
  for (let i = 0; i < n && !mismatch; i++) {
    if (!checked[i]) continue;
    outputs++;
    skipped += g.skip[i]!;
    if (rtl[i] !== BigInt(g.y[i]!)) mismatch = { index: i, what: 'y', rtl: rtl[i]!, golden: g.y[i]! };
    else if (rtlSkip[i] !== g.skip[i]) mismatch = { index: i, what: 'skip', rtl: BigInt(rtlSkip[i]!), golden: g.skip[i]! };
    else if (rtlMacs[i] !== BigInt(g.macs[i]!)) mismatch = { index: i, what: 'macs', rtl: rtlMacs[i]!, golden: g.macs[i]! };
  }
  return {
    layer: l.name, sim, shape: s, tiles: chosen.length, rtlCycles, modelCycles, macs, skipped, outputs, pass: !mismatch,
    ...(mismatch ? { mismatch } : {}), golden: g.y, rtl, rtlMacs, rtlSkip, simMs,
  };
}
