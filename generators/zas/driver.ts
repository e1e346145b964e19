/**
 * Host side of the ZAS accelerator: checks a layer fits the hardware (errors name the limit and the fix), encodes its
 * input (golden zasEncode), lays out the SRAMs (layout in accel.ts), builds the stimulus (reset, configure, stream the
 * dense map through the RTL encoder or preload the golden encoding, start, wait for done, read every output back) and
 * decodes a simulation trace.
 */
import { type ZasHwParams, derived, LOAD_DENSE } from './params.js';
import { zasEncode, outSizes, type Encoded, type ZasConvShape } from './golden.js';
import { zasCycles, zasCounters, zasFolds, ZAS_COUNTERS, type ZasCycles } from './model.js';
import type { ConvLayer, ConvShape } from '../common/shape.js';
import { FitError, failFor, checkAccumulator, checkRequant, checkFields } from '../common/fit.js';
import { rqTableImage, rqWord } from '../common/rq.js';
import { hostStimulus, chwReads, counterBits, type HostRun } from '../common/stimulus.js';
import { verifyTiles, type MemImage, type FamilyHooks, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { goldenZas } from './golden.js';
import { tileZas } from './tiling.js';

/** A layer for the ZAS accelerator: the common conv layer (a tile sets padY and OH: no rows below its outputs). */
export type ZasShape = ConvShape;
export type ZasLayer = ConvLayer;

export class ZasFitError extends FitError {
  override name = 'ZasFitError';
}

export function convShape(s: ZasShape): ZasConvShape {
  return { M: s.M, R: s.R, S: s.S, stride: s.stride, padY: s.padY ?? s.pad, padX: s.pad, ...(s.OH !== undefined ? { OH: s.OH } : {}) };
}

export interface ZasPlan {
  OH: number;
  OW: number;
  nmt: number;
  wb: number;
  pdepth: number;
  encoded: Encoded;
  model: ZasCycles;
  cfg: Record<string, bigint>;
  cycles: number;
}

export function encodeFor(l: ZasLayer, hw: ZasHwParams): Encoded {
  const d = derived(hw);
  const s = l.shape;
  return zasEncode(s.C, s.H, s.W, l.input, { xBits: d.xBits, actBits: hw.actBits, ptrBits: d.ptrBits });
}

/** Check that the layer fits the generated hardware and compute its configuration. */
export function planZas(l: ZasLayer, hw: ZasHwParams, enc?: Encoded): ZasPlan {
  const d = derived(hw);
  const s = l.shape;
  const fail = failFor(l.name, ZasFitError);
  if (s.stride < 1 || s.stride > MAX_STRIDE) fail(`stride ${s.stride} is not 1 to ${MAX_STRIDE}`, 'the scatter front end supports strides 1 to 4');
  if (s.R > MAX_KERNEL || s.S > MAX_KERNEL) fail(`kernel ${s.R}×${s.S} exceeds ${MAX_KERNEL}×${MAX_KERNEL} (the 4-bit kernel fields)`, 'split the kernel');
  if (s.pad > 7 || (s.padY ?? 0) > 7) fail(`padding ${s.pad} exceeds 7`, 'pad the input explicitly');
  if (s.W > hw.maxW) fail(`W = ${s.W} exceeds maxW = ${hw.maxW} (the x field of an encoded word)`, 'raise maxW');
  const cs = convShape(s);
  const { OH, OW } = outSizes(s.H, s.W, cs);
  const nmt = Math.ceil(s.M / hw.P);
  const { FR, FS, ss, phased } = zasFolds(s, hw);
  const wtile = weightWordsPerTile(s, hw);
  const wb = Math.ceil(OW / d.BS);
  const pdepth = Math.ceil(OH / d.BR) * wb;
  checkFields({ C: s.C, H: s.H, W: s.W, M: s.M, OH, OW, nmt, wb, pdepth }, hw.dimBits, fail);
  if (OH < 1 || OW < 1) fail(`the output is empty (${OH}×${OW})`, 'check the shape');
  if (s.C * s.H > hw.rowWords) fail(`C·H = ${s.C * s.H} rows exceed the ${hw.rowWords}-entry row-end table`, 'tile the layer (tileZas) or raise rowWords');
  if (pdepth > hw.partialWords) fail(`the output tile needs ${pdepth} partial words per bank, the partial buffer has ${hw.partialWords}`, 'tile the layer or raise partialWords');
  if (nmt * wtile > hw.weightWords) fail(`the weights need ${nmt * wtile} words per tap bank, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (nmt > hw.biasWords) fail(`${nmt} channel tiles exceed the ${hw.biasWords}-entry bias memories`, 'tile the layer or raise biasWords');
  if (nmt * OH * OW > hw.outWords) fail(`the output needs ${nmt * OH * OW} words per PE, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  let nnz = 0;
  for (let i = 0; i < l.input.length; i++) if (l.input[i] !== 0) nnz++;
  if (nnz > hw.nzWords) fail(`${nnz} non-zero activations exceed the ${hw.nzWords}-word non-zero memory`, 'tile the layer or raise nzWords');
  const e = enc ?? encodeFor(l, hw);
  checkAccumulator(l, hw, 2 ** hw.actBits - 1, s.C * s.R * s.S, fail);
  checkRequant(l, hw, fail);
  const model = zasCycles(e, cs, hw);
  if ((hw.rowLook & (hw.rowLook - 1)) !== 0 || hw.rowLook < 1) fail(`rowLook = ${hw.rowLook} is not a power of two`, 'use 1, 2, 4, 8, ...');
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_W: B(s.W), cfg_H: B(s.H), cfg_rows: B(s.C * s.H), cfg_M: B(s.M), cfg_R: B(s.R), cfg_S: B(s.S), cfg_stride: B(s.stride),
    cfg_phased: phased ? 1n : 0n, cfg_ss: B(ss), cfg_folds_r: B(FR), cfg_folds_s: B(FS), cfg_wtile: B(wtile),
    cfg_pad_y: B(s.padY ?? s.pad), cfg_pad_x: B(s.pad), cfg_OH: B(OH), cfg_OW: B(OW), cfg_C: B(s.C), cfg_nmt: B(nmt), cfg_wb: B(wb),
    cfg_pdepth: B(pdepth), cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n,
  };
  return { OH, OW, nmt, wb, pdepth, encoded: e, model, cfg, cycles: model.cycles };
}

/** Largest stride and kernel side the front end takes (the 3-bit stride and 4-bit kernel configuration fields). */
export const MAX_STRIDE = 4;
export const MAX_KERNEL = 15;

/** Weight words per tap bank for one channel tile: a word per pass, channel and stride phase. */
export function weightWordsPerTile(s: { C: number; R: number; S: number; stride: number }, hw: ZasHwParams): number {
  const f = zasFolds(s, hw);
  return f.F * s.C * f.ss;
}

/** The SRAM contents: weights and bias, and (with `encoded`) the golden encoding in the non-zero memory and row table. */
export function memoryImage(l: ZasLayer, hw: ZasHwParams, plan: ZasPlan, encoded: boolean): MemImage[] {
  const d = derived(hw);
  const s = l.shape;
  const K = s.C * s.R * s.S;
  const wmask = (1n << BigInt(hw.wBits)) - 1n;
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  const out: MemImage[] = [];
  const { FR, FS, phased } = zasFolds(s, hw);
  // phased: slot (jr, js) of pass (fr, fs) in stride phase (py, px) is tap (py + st·(fr·KR + jr), …); direct: tap (jr, js)
  const st = phased ? s.stride : 1;
  const wtile = weightWordsPerTile(s, hw);
  for (let p = 0; p < hw.P; p++) {
    for (let jr = 0; jr < hw.KR; jr++)
      for (let js = 0; js < hw.KS; js++) {
        const words = new Array<bigint>(plan.nmt * wtile).fill(0n);
        for (let mt = 0; mt < plan.nmt; mt++) {
          const m = mt * hw.P + p;
          if (m >= s.M) continue;
          for (let fr = 0; fr < FR; fr++)
            for (let fs = 0; fs < FS; fs++)
              for (let c = 0; c < s.C; c++)
                for (let py = 0; py < st; py++)
                  for (let px = 0; px < st; px++) {
                    const r = phased ? py + st * (fr * hw.KR + jr) : jr;
                    const q = phased ? px + st * (fs * hw.KS + js) : js;
                    if (r >= s.R || q >= s.S) continue;
                    const word = mt * wtile + (((fr * FS + fs) * s.C + c) * st + py) * st + px;
                    words[word] = BigInt(l.weights[m * K + (c * s.R + r) * s.S + q]!) & wmask;
                  }
        }
        out.push({ path: `wgt_${p}_${jr * hw.KS + js}`, width: hw.wBits, words });
      }
    out.push({
      path: `bias_${p}`,
      width: hw.accBits,
      words: Array.from({ length: plan.nmt }, (_, mt) => (mt * hw.P + p < s.M ? BigInt(l.bias[mt * hw.P + p]!) & amask : 0n)),
    });
    out.push({ ...rqTableImage(l.rq, 0, hw, `rq_table_${p}`), words: Array.from({ length: plan.nmt }, (_, mt) => rqWord(l.rq, mt * hw.P + p, hw.shiftBits)) });
  }
  if (encoded) {
    out.push({ path: 'nz', width: d.nzBits, words: Array.from(plan.encoded.words, (w) => BigInt(w)) });
    for (let b = 0; b < hw.rowLook; b++)
      out.push({ path: `rowend_${b}`, width: d.ptrBits, words: Array.from(plan.encoded.rowEnd, (w) => BigInt(w)).filter((_, r) => r % hw.rowLook === b) });
  }
  return out;
}

/**
 * Reset, configure, (via 'encoder') stream the dense map through the RTL encoder, start, wait `plan.cycles + margin`,
 * then read every output (m, y, x) in CHW order.
 */
export function zasStimulus(l: ZasLayer, hw: ZasHwParams, plan: ZasPlan, via: 'encoder' | 'preload'): HostRun {
  const s = l.shape;
  const load: Array<Record<string, bigint>> = [];
  if (via === 'encoder')
    for (let i = 0; i < s.C * s.H * s.W; i++) load.push({ load_en: 1n, load_sel: BigInt(LOAD_DENSE), load_addr: i === 0 ? 0n : 1n, load_data: BigInt(l.input[i]!) });
  const y = chwReads(s.M, plan.OH, plan.OW, (m, yy, x) => ({ bank: m % hw.P, addr: (Math.floor(m / hw.P) * plan.OH + yy) * plan.OW + x }));
  return hostStimulus({ cfg: plan.cfg, load, cycles: plan.cycles, reads: { y }, counters: ZAS_COUNTERS });
}

export type Via = 'encoder' | 'preload';

/** The ZAS hooks of the shared tile-verify loop; `via` says how the map gets into the accelerator. */
export function zasHooks(via: Via = 'encoder'): FamilyHooks<ZasHwParams, ZasLayer, ZasPlan> {
  return {
    tiles: tileZas,
    plan: (l, hw) => planZas(l, hw),
    memoryImage: (l, hw, plan) => memoryImage(l, hw, plan, via === 'preload'),
    stimulus: (l, hw, plan) => zasStimulus(l, hw, plan, via),
    golden: (l) => ({ y: goldenZas(l) }),
    model: (_l, _hw, plan) => ({ cycles: plan.cycles, counters: zasCounters(plan.model), macs: plan.model.macs }),
    lanes: (hw) => hw.P * hw.KR * hw.KS,
    counterBits: (hw) => counterBits(hw.accBits),
  };
}

export interface ZasVerifyOptions extends VerifyOptions {
  /** 'encoder' (default): stream the dense map through the RTL encoder; 'preload': load the golden encoding */
  via?: Via;
}

/** Run a whole layer (tiled to fit) through one simulator; compare with the reference and the cycle model. */
export function verifyZas(l: ZasLayer, hw: ZasHwParams, compiled: Compiled, sim: SimName, opts: ZasVerifyOptions = {}): Promise<Verdict> {
  const s = l.shape;
  if (s.padY !== undefined || s.OH !== undefined) throw new Error('verifyZas: give a whole layer (symmetric padding); it tiles the layer itself');
  return verifyTiles(zasHooks(opts.via), l, hw, compiled, sim, opts);
}

