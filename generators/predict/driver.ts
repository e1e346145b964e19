/**
 * Host side of the output-sign-prediction accelerator: fit checks (errors name the limit and the fix), the layer's
 * configuration, the SRAM images (layout in accel.ts), the stimulus (reset, configure, start, wait for done, read
 * every output's y, MAC count and skip bit) and decoding a trace.
 */
import { type PredictHwParams, derived } from './params.js';
import { goldenPredict, outSize, type GoldenResult, type PredLayer, type Predictor } from './golden.js';
import { predictCycles, SVD_COUNTERS, type PredictCycles } from './model.js';
import { FitError, checkRequant } from '../common/fit.js';
import { rqTableImage } from '../common/rq.js';
import { hostStimulus, decodeHostRun, chwReads, counterBits, type HostRun, type Readback } from '../common/stimulus.js';
import type { FamilyHooks, MemImage } from '../common/verify.js';
import { tilePredict } from './tiling.js';

export class PredictFitError extends FitError {
  override name = 'PredictFitError';
}

/** A layer with its prediction unit (null in exact mode, for layers without ReLU, or with the predictor off). */
export interface SvdLayer extends PredLayer {
  pred: Predictor | null;
}

export interface PredictPlan {
  OH: number;
  OW: number;
  nchunk: number;
  golden: GoldenResult;
  model: PredictCycles;
  cfg: Record<string, bigint>;
  cycles: number;
}

/** Shape-only checks (cheap; used when a configuration loads). */
export function checkPredictShape(name: string, s: PredLayer['shape'], relu: boolean, hw: PredictHwParams): void {
  const d = derived(hw);
  const fail = (what: string, fix: string): never => {
    throw new PredictFitError(`layer '${name}': ${what}; ${fix}`);
  };
  if (s.S > hw.KS) fail(`kernel width ${s.S} exceeds KS = ${hw.KS} (the gather reads one kernel row per cycle)`, 'raise KS in the config');
  if (s.R > 15) fail(`kernel height ${s.R} exceeds 15`, 'split the kernel');
  if (s.stride < 1 || s.stride > Math.min(3, hw.maxStride)) fail(`stride ${s.stride} is not in 1..${Math.min(3, hw.maxStride)}`, 'raise maxStride (at most 3)');
  if (s.pad > 7 || (s.padY ?? 0) > 7) fail(`padding ${s.pad} exceeds 7`, 'pad the input explicitly');
  if (hw.mode === 'exact' && !relu) fail('exact mode needs a layer with ReLU (its early end is ReLU\u2019s zero)', 'use mode "predict" for this layer');
  const { OH, OW } = outSize(s);
  if (OH < 1 || OW < 1) fail(`the output is empty (${OH}×${OW})`, 'check the shape');
  const CR = s.C * s.R;
  const nchunk = Math.ceil(CR / hw.chunkRows);
  const wb = Math.ceil(s.W / d.NBk);
  const dimMax = 2 ** hw.dimBits - 1;
  for (const [k, v] of Object.entries({ C: s.C, H: s.H, W: s.W, M: s.M, OH, OW, wb }))
    if (v > dimMax) fail(`${k} = ${v} exceeds the ${hw.dimBits}-bit shape fields (max ${dimMax})`, 'raise dimBits');
  if (s.M > hw.maxM) fail(`M = ${s.M} exceeds maxM = ${hw.maxM}`, 'tile the layer (channel chunks) or raise maxM');
  if (CR > hw.maxCR) fail(`C·R = ${CR} exceeds maxCR = ${hw.maxCR} (the window buffer and P memories)`, 'raise maxCR');
  if (s.C * s.H * wb > hw.ifmapWords) fail(`the input needs ${s.C * s.H * wb} words per bank, the input SRAM has ${hw.ifmapWords}`, 'tile the layer or raise ifmapWords');
  if (s.M * nchunk > hw.weightWords) fail(`the weights need ${s.M * nchunk} chunk words, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (s.M * OH * OW > hw.outWords) fail(`the output needs ${s.M * OH * OW} words, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
}

/** Check that the layer fits, run the golden and cycle models, and compute the configuration. */
export function planPredict(l: PredLayer, hw: PredictHwParams, pred: Predictor | null): PredictPlan {
  const d = derived(hw);
  const s = l.shape;
  checkPredictShape(l.name, s, l.relu, hw);
  const fail = (what: string, fix: string): never => {
    throw new PredictFitError(`layer '${l.name}': ${what}; ${fix}`);
  };
  if (pred && hw.mode !== 'predict') fail('a predictor was given to an exact-mode design', 'drop it');
  if (pred && !l.relu) fail('prediction needs a layer with ReLU (a predicted non-positive output is written as 0)', 'run it without a predictor');
  if (pred && pred.rank !== hw.rank) fail(`the predictor has rank ${pred.rank}, the hardware ${hw.rank}`, 'prepare it at the hardware rank');
  if (pred && (pred.zshift > 31 || pred.zshift < 0)) fail(`zshift ${pred.zshift} is outside 0..31`, 'check the calibration');
  let maxAbsBias = 0;
  for (let i = 0; i < l.bias.length; i++) maxAbsBias = Math.max(maxAbsBias, Math.abs(l.bias[i]!));
  const K = s.C * s.R * s.S;
  const bound = BigInt(2 ** hw.actBits - 1) * BigInt(2 ** (hw.wBits - 1)) * BigInt(K) + BigInt(maxAbsBias);
  if (bound > (1n << BigInt(hw.accBits - 1)) - 1n) fail(`sums can reach ±${bound}, which overflows the ${hw.accBits}-bit accumulator`, `raise accBits to at least ${bound.toString(2).length + 1}`);
  if (hw.mode === 'predict' && BigInt(2 ** hw.actBits - 1) * 127n * BigInt(K) >= 1n << BigInt(hw.accBits - 1))
    fail(`the prediction unit's P·x can overflow ${hw.accBits} bits`, 'raise accBits');
  checkRequant(l, hw, fail);
  const { OH, OW } = outSize(s);
  const CR = s.C * s.R;
  const nchunk = Math.ceil(CR / hw.chunkRows);
  const golden = goldenPredict(l, pred, { chunkRows: hw.chunkRows, npc: hw.npc, exact: hw.mode === 'exact' });
  const model = predictCycles(s, golden, { PE: hw.PE, npc: hw.npc, rowCycles: derived(hw).rowCycles, predict: pred !== null }, hw.rank);
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_W: B(s.W), cfg_H: B(s.H), cfg_M: B(s.M), cfg_R: B(s.R), cfg_S: B(s.S), cfg_stride: B(s.stride), cfg_pad_y: B(s.padY ?? s.pad),
    cfg_pad_x: B(s.pad), cfg_OH: B(OH), cfg_OW: B(OW), cfg_nwin: B(OH * OW), cfg_CR: B(CR), cfg_nchunk: B(nchunk),
    cfg_wb: B(Math.ceil(s.W / d.NBk)), cfg_mdivl: B(Math.floor(s.M / hw.PE)), cfg_mmodl: B(s.M % hw.PE), cfg_pred_en: pred ? 1n : 0n,
    cfg_zshift: B(pred?.zshift ?? 0), cfg_tau: B(pred?.tau ?? 0), cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  return { OH, OW, nchunk, golden, model, cfg, cycles: model.cycles };
}

const pack = (vals: ArrayLike<number>, bits: number): bigint => {
  const mask = (1n << BigInt(bits)) - 1n;
  let w = 0n;
  for (let i = vals.length - 1; i >= 0; i--) w = (w << BigInt(bits)) | (BigInt(vals[i]!) & mask);
  return w;
};

/** The SRAM contents (layout in accel.ts). */
export function memoryImage(l: PredLayer, hw: PredictHwParams, plan: PredictPlan, pred: Predictor | null): MemImage[] {
  const d = derived(hw);
  const s = l.shape;
  const K = s.C * s.R * s.S;
  const CR = s.C * s.R;
  const wbw = Math.ceil(s.W / d.NBk);
  const out: MemImage[] = [];
  for (let b = 0; b < d.NBk; b++) {
    const words = new Array<bigint>(s.C * s.H * wbw).fill(0n);
    for (let c = 0; c < s.C; c++)
      for (let y = 0; y < s.H; y++)
        for (let x = b; x < s.W; x += d.NBk) words[(c * s.H + y) * wbw + Math.floor(x / d.NBk)] = BigInt(l.input[(c * s.H + y) * s.W + x]!);
    out.push({ path: `ifmap_${b}`, width: hw.actBits, words });
  }
  const slots = new Array<number>(d.B);
  const wgt: bigint[] = [];
  for (let m = 0; m < s.M; m++)
    for (let ch = 0; ch < plan.nchunk; ch++) {
      slots.fill(0);
      for (let q = 0; q < hw.chunkRows; q++) {
        const i = ch * hw.chunkRows + q;
        if (i >= CR) break;
        for (let x = 0; x < s.S; x++) slots[q * hw.KS + x] = l.weights[m * K + i * s.S + x]!;
      }
      wgt.push(pack(slots, hw.wBits));
    }
  out.push({ path: 'wgt', width: d.B * hw.wBits, words: wgt });
  out.push({ path: 'bias', width: hw.accBits, words: Array.from({ length: s.M }, (_, m) => BigInt(l.bias[m]!) & ((1n << BigInt(hw.accBits)) - 1n)) });
  out.push(rqTableImage(l.rq, s.M, hw));
  if (pred) {
    const row = new Array<number>(hw.KS);
    for (let j = 0; j < pred.rank; j++) {
      const words: bigint[] = [];
      for (let i = 0; i < CR; i++) {
        row.fill(0);
        for (let x = 0; x < s.S; x++) row[x] = pred.P[j * K + i * s.S + x]!;
        words.push(pack(row, hw.wBits));
      }
      out.push({ path: `pred.p_${j}`, width: hw.KS * hw.wBits, words });
    }
    out.push({ path: 'pred.q', width: pred.rank * hw.wBits, words: Array.from({ length: s.M }, (_, m) => pack(Array.from({ length: pred.rank }, (_, j) => pred.Q[m * pred.rank + j]!), hw.wBits)) });
    out.push({ path: 'pred.bhat', width: 32, words: Array.from({ length: s.M }, (_, m) => BigInt(pred.bhat[m]!) & 0xffffffffn) });
  }
  return out;
}

/** Reset, configure, start, wait `plan.cycles + margin`, then read every output (m, y, x) in CHW order and the counters. */
export function predictStimulus(l: PredLayer, plan: PredictPlan): HostRun {
  const M = l.shape.M;
  const y = chwReads(M, plan.OH, plan.OW, (m, yy, x) => ({ bank: 0, addr: (yy * plan.OW + x) * M + m }));
  return hostStimulus({ cfg: plan.cfg, cycles: plan.cycles, reads: { y }, counters: SVD_COUNTERS });
}

/** y on rd_data; the MAC count and the skip bit of the same output on their own ports (rd_macs, rd_skip), same cycle. */
export function decodeRun(trace: Record<string, bigint[]>, run: HostRun): Readback {
  const got = decodeHostRun(trace, run);
  const n = run.fields[0]!.count;
  const at = (name: string) => trace[name]!.slice(run.readStart + 1, run.readStart + 1 + n);
  return { ...got, fields: { ...got.fields, macs: at('rd_macs'), skip: at('rd_skip') } };
}

const schedOf = (hw: PredictHwParams) => ({ chunkRows: hw.chunkRows, npc: hw.npc, exact: hw.mode === 'exact' });

/** The svd hooks of the shared tile-verify loop: y, skip mask and executed MACs per output, cycles and counters per tile. */
export const svdHooks: FamilyHooks<PredictHwParams, SvdLayer, PredictPlan> = {
  tiles: (l, hw) => tilePredict(l, l.pred, hw).map((t) => ({ ...t, layer: { ...t.layer, pred: t.pred } })),
  plan: (l, hw) => planPredict(l, hw, l.pred),
  memoryImage: (l, hw, plan) => memoryImage(l, hw, plan, l.pred),
  stimulus: (l, _hw, plan) => predictStimulus(l, plan),
  decode: decodeRun,
  sample: ['rd_macs', 'rd_skip'],
  golden: (l, hw) => {
    const g = goldenPredict(l, l.pred, schedOf(hw));
    return { y: g.y, macs: g.macs, skip: g.skip };
  },
  model: (_l, _hw, plan) => ({ cycles: plan.cycles, counters: plan.model.counters, macs: plan.model.macs }),
  lanes: (hw) => derived(hw).peMults,
  counterBits: (hw) => counterBits(hw.accBits),
};
