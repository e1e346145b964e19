/** Verification of the LINAC core on a layer: tile it, simulate tiles, compare with the golden linacConv and the core's cycle model. */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import { linacConv, outDims, type LinacLayerData } from './golden.js';
import type { LinacHwParams } from './params.js';
import { planLinac, linacMemoryImage, linacStimulus, decodeLinac, tileLinac } from './driver.js';

export interface LinacVerdict {
  layer: string;
  sim: SimName;
  shape: LinacLayerData['shape'];
  tiles: number;
  rtlCycles: number;
  modelCycles: number;
  termCycles: number;
  macs: number;
  utilization: number;
  pass: boolean;
  mismatch?: { index: number; rtl: bigint; golden: number } | { tile: string; rtlCycles: number; modelCycles: number };
  golden: Int32Array | Float64Array;
  rtl: BigInt64Array;
  simMs: number;
}

export function goldenLinac(l: LinacLayerData, hw: LinacHwParams): Float64Array {
  return linacConv(l, { mode: 'act_pred', beta: hw.beta });
}

export async function verifyLinac(
  l: LinacLayerData,
  hw: LinacHwParams,
  compiled: Compiled,
  sim: SimName,
  opts: { onTile?: (done: number, total: number) => void; tileFilter?: (index: number, total: number) => boolean } = {},
): Promise<LinacVerdict> {
  const s = l.shape;
  const golden = goldenLinac(l, hw);
  const { OH, OW } = outDims(s);
  const rtl = new BigInt64Array(golden.length);
  const checked = new Uint8Array(golden.length);
  const all = tileLinac(l, hw);
  const chosen = all.filter((_, i) => !opts.tileFilter || opts.tileFilter(i, all.length));
  let rtlCycles = 0;
  let modelCycles = 0;
  let termCycles = 0;
  let macs = 0;
  let simMs = 0;
  let mismatch: LinacVerdict['mismatch'];
  for (const [n, t] of chosen.entries()) {
    const plan = planLinac(t.layer, hw);
    const run = linacStimulus(t.layer, hw, plan);
    const r = await simulate(sim, { design: compiled.optimized, verilog: compiled.verilog, cycles: run.cycles, sample: ['done', 'rd_data'], preload: linacMemoryImage(t.layer, hw, plan) });
    simMs += r.runMs;
    const got = decodeLinac(r.trace, run, t.layer.shape.M * plan.OH * plan.OW);
    if (got.cycles !== plan.cycles && !mismatch) mismatch = { tile: t.layer.name, rtlCycles: got.cycles, modelCycles: plan.cycles };
    rtlCycles += got.cycles < 0 ? run.budget : got.cycles;
    modelCycles += plan.cycles;
    termCycles += plan.termCycles;
    macs += t.layer.shape.M * plan.OH * plan.OW * plan.K;
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
    layer: l.name, sim, shape: s, tiles: chosen.length, rtlCycles, modelCycles, termCycles, macs,
    utilization: macs / Math.max(1, rtlCycles * hw.lanes * hw.filters), pass: !mismatch, ...(mismatch ? { mismatch } : {}), golden, rtl, simMs,
  };
}
