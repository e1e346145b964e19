/**
 * Host side of the dense accelerator: checks a layer fits the hardware, lays its data out in the banked SRAMs
 * (the layout documented in accel.ts), builds the cycle-by-cycle stimulus (reset, configure, start, wait for done,
 * read every output back) and decodes the outputs from a simulation trace.
 */
import { type DenseHwParams, derived, inputPitch } from './params.js';
import { denseCycles, denseCounters, DENSE_COUNTERS } from './model.js';
import type { ConvLayer } from '../common/shape.js';
import { FitError, failFor, checkAccumulator, checkRequant, checkFields } from '../common/fit.js';
import { rqTableImage } from '../common/rq.js';
import { hostStimulus, chwReads, counterBits, type HostRun } from '../common/stimulus.js';
import { verifyTiles, type MemImage, type FamilyHooks, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { goldenDense } from './golden.js';
import { tileLayer } from './tiling.js';

/** A layer for the dense accelerator: the common conv layer. */
export type DenseLayer = ConvLayer;

export class DenseFitError extends FitError {
  override name = 'DenseFitError';
}

export interface DensePlan {
  OH: number;
  OW: number;
  K: number;
  /** pixel tiles ceil(OH·OW / rows), channel tiles ceil(M / cols) */
  npt: number;
  nmt: number;
  /** input row pitch and plane size of the linear index V = c·plane + y·pitch + x */
  pitch: number;
  plane: number;
  cfg: Record<string, bigint>;
  /** predicted cycles from start to done */
  cycles: number;
}

/** Check that the layer fits the generated hardware and compute its configuration. Errors name the limit and the fix. */
export function planLayer(l: DenseLayer, hw: DenseHwParams): DensePlan {
  const d = derived(hw);
  const s = l.shape;
  const { OH, OW, cycles } = denseCycles(s, hw);
  const K = s.C * s.R * s.S;
  const npt = Math.ceil((OH * OW) / hw.rows);
  const nmt = Math.ceil(s.M / hw.cols);
  const pitch = inputPitch(s.W, OW, s.stride, d.ifBanks);
  const plane = s.H * pitch;
  const inWords = Math.ceil((s.C * plane) / d.ifBanks);
  const fail = failFor(l.name, DenseFitError);
  checkFields({ H: s.H, W: s.W, M: s.M, OH, OW, nmt, pitch }, hw.dimBits, fail);
  checkFields({ npt, 'OH·OW': OH * OW }, 2 * hw.dimBits, fail);
  if (K > 2 ** hw.kBits - 1) fail(`K = C·R·S = ${K} exceeds the ${hw.kBits}-bit K field`, 'raise kBits in the config');
  if (s.R > 15 || s.S > 15) fail(`kernel ${s.R}×${s.S} exceeds 15×15`, 'split the kernel');
  if (s.stride < 1 || s.stride > hw.maxStride) fail(`stride ${s.stride} is not in 1..${hw.maxStride}`, 'raise maxStride in the config');
  if (s.pad > 7 || (s.padY ?? 0) > 7) fail(`padding ${s.pad} exceeds 7`, 'pad the input explicitly');
  if (inWords > hw.ifmapWords)
    fail(`the input needs ${inWords} words per bank, the input SRAM has ${hw.ifmapWords}`, 'tile the layer (tileLayer) or raise ifmapWords');
  if (nmt * K > hw.weightWords) fail(`the weights need ${nmt * K} words per bank, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (s.M > hw.biasWords) fail(`M = ${s.M} exceeds the ${hw.biasWords}-entry bias memory`, 'tile the layer or raise biasWords');
  if (s.M * npt > hw.outWords) fail(`the output needs ${s.M * npt} words per bank, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  checkAccumulator(l, hw, 2 ** hw.actBits - 1, K, fail);
  checkRequant(l, hw, fail);
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_H: B(s.H), cfg_W: B(s.W), cfg_M: B(s.M), cfg_R: B(s.R), cfg_S: B(s.S), cfg_stride: B(s.stride), cfg_pad_y: B(s.padY ?? s.pad), cfg_pad_x: B(s.pad),
    cfg_OW: B(OW), cfg_K: B(K), cfg_npt: B(npt), cfg_npix: B(OH * OW), cfg_nmt: B(nmt), cfg_pitch: B(pitch), cfg_plane: B(plane % 2 ** d.ifVBits),
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  return { OH, OW, K, npt, nmt, pitch, plane, cfg, cycles };
}

/** The SRAM contents for a layer, bank by bank. */
export function memoryImage(l: DenseLayer, hw: DenseHwParams, plan: DensePlan): MemImage[] {
  const d = derived(hw);
  const s = l.shape;
  const B = d.ifBanks;
  const ifm = Array.from({ length: B }, () => new Array<bigint>(Math.ceil((s.C * plan.plane) / B)).fill(0n));
  for (let c = 0; c < s.C; c++)
    for (let y = 0; y < s.H; y++)
      for (let x = 0; x < s.W; x++) {
        const v = c * plan.plane + y * plan.pitch + x;
        ifm[v % B]![Math.floor(v / B)] = BigInt(l.input[(c * s.H + y) * s.W + x]!);
      }
  const K = plan.K;
  const wmask = (1n << BigInt(hw.wBits)) - 1n;
  const wgt = Array.from({ length: hw.cols }, () => new Array<bigint>(plan.nmt * K).fill(0n));
  for (let m = 0; m < s.M; m++)
    for (let k = 0; k < K; k++) wgt[m % hw.cols]![Math.floor(m / hw.cols) * K + k] = BigInt(l.weights[m * K + k]!) & wmask;
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  const bias = Array.from({ length: s.M }, (_, m) => BigInt(l.bias[m]!) & amask);
  return [
    ...ifm.map((words, b) => ({ path: `ifmap_${b}`, width: hw.actBits, words })),
    ...wgt.map((words, j) => ({ path: `wgt_${j}`, width: hw.wBits, words })),
    { path: 'bias', width: hw.accBits, words: bias },
    rqTableImage(l.rq, s.M, hw),
  ];
}

/** Reset, configure, start, wait `plan.cycles + margin`, then read every output (m, y, x) in CHW order. */
export function denseStimulus(l: DenseLayer, hw: DenseHwParams, plan: DensePlan): HostRun {
  const y = chwReads(l.shape.M, plan.OH, plan.OW, (m, yy, x) => {
    const p = yy * plan.OW + x;
    return { bank: p % hw.rows, addr: m * plan.npt + Math.floor(p / hw.rows) };
  });
  return hostStimulus({ cfg: plan.cfg, cycles: plan.cycles, reads: { y }, counters: DENSE_COUNTERS });
}

/** The dense hooks of the shared tile-verify loop. */
export const denseHooks: FamilyHooks<DenseHwParams, DenseLayer, DensePlan> = {
  tiles: tileLayer,
  plan: planLayer,
  memoryImage,
  stimulus: denseStimulus,
  golden: (l) => ({ y: goldenDense(l) }),
  model: (l, hw, plan) => ({ cycles: plan.cycles, counters: denseCounters(l.shape, hw), macs: l.shape.M * plan.OH * plan.OW * plan.K }),
  lanes: (hw) => hw.rows * hw.cols,
  counterBits: (hw) => counterBits(hw.accBits),
};

/** Run a layer (tiled to fit) through one simulator and compare with the golden model and the cycle model. */
export function verifyDense(l: DenseLayer, hw: DenseHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<Verdict> {
  return verifyTiles(denseHooks, l, hw, compiled, sim, opts);
}

