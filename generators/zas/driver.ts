/**
 * Host side of the ZAS accelerator: checks a layer fits the hardware (errors name the limit and the fix), encodes its
 * input (golden zasEncode), lays out the SRAMs (layout in accel.ts), builds the stimulus (reset, configure, stream the
 * dense map through the RTL encoder or preload the golden encoding, start, wait for done, read every output back) and
 * decodes a simulation trace.
 */
import { type ZasHwParams, derived, LOAD_DENSE } from './params.js';
import { zasEncode, outSizes, type Encoded, type ZasConvShape } from './golden.js';
import { zasCycles, type ZasCycles } from './model.js';

export interface ZasShape {
  C: number;
  H: number;
  W: number;
  M: number;
  R: number;
  S: number;
  stride: number;
  /** left/right padding, and top padding unless padY is given */
  pad: number;
  /** top padding (tiles of a layer: `pad` for the first row chunk, 0 for the others) */
  padY?: number;
  /** output rows (default from the shape: floor((H + 2·pad − R)/stride) + 1); a tile gives its own */
  OH?: number;
}

export interface ZasLayer {
  name: string;
  shape: ZasShape;
  /** uint activations, CHW */
  input: ArrayLike<number>;
  /** int weights, MCRS */
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
  relu: boolean;
  rq?: { mult: number; shift: number };
}

export class ZasFitError extends Error {
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
  const fail = (what: string, fix: string): never => {
    throw new ZasFitError(`layer '${l.name}': ${what}; ${fix}`);
  };
  if (s.stride < 1 || s.stride > 2) fail(`stride ${s.stride} is not 1 or 2`, 'the scatter front end supports strides 1 and 2');
  if (s.R > hw.KR || s.S > hw.KS) fail(`kernel ${s.R}×${s.S} exceeds the ${hw.KR}×${hw.KS} taps of a PE`, 'raise KR/KS in the config');
  if (s.pad > 7 || (s.padY ?? 0) > 7) fail(`padding ${s.pad} exceeds 7`, 'pad the input explicitly');
  if (s.W > hw.maxW) fail(`W = ${s.W} exceeds maxW = ${hw.maxW} (the x field of an encoded word)`, 'raise maxW');
  const cs = convShape(s);
  const { OH, OW } = outSizes(s.H, s.W, cs);
  const nmt = Math.ceil(s.M / hw.P);
  const wb = Math.ceil(OW / d.BS);
  const pdepth = Math.ceil(OH / d.BR) * wb;
  const dimMax = 2 ** hw.dimBits - 1;
  for (const [k, v] of Object.entries({ C: s.C, H: s.H, W: s.W, M: s.M, OH, OW, nmt, wb, pdepth }))
    if (v > dimMax) fail(`${k} = ${v} exceeds the ${hw.dimBits}-bit shape fields (max ${dimMax})`, 'raise dimBits');
  if (OH < 1 || OW < 1) fail(`the output is empty (${OH}×${OW})`, 'check the shape');
  if (s.C * s.H > hw.rowWords) fail(`C·H = ${s.C * s.H} rows exceed the ${hw.rowWords}-entry row-end table`, 'tile the layer (tileZas) or raise rowWords');
  if (pdepth > hw.partialWords) fail(`the output tile needs ${pdepth} partial words per bank, the partial buffer has ${hw.partialWords}`, 'tile the layer or raise partialWords');
  if (nmt * s.C > hw.weightWords) fail(`the weights need ${nmt * s.C} words per tap bank, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (nmt > hw.biasWords) fail(`${nmt} channel tiles exceed the ${hw.biasWords}-entry bias memories`, 'tile the layer or raise biasWords');
  if (nmt * OH * OW > hw.outWords) fail(`the output needs ${nmt * OH * OW} words per PE, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  let nnz = 0;
  for (let i = 0; i < l.input.length; i++) if (l.input[i] !== 0) nnz++;
  if (nnz > hw.nzWords) fail(`${nnz} non-zero activations exceed the ${hw.nzWords}-word non-zero memory`, 'tile the layer or raise nzWords');
  const e = enc ?? encodeFor(l, hw);
  let maxAbsBias = 0;
  for (let i = 0; i < l.bias.length; i++) maxAbsBias = Math.max(maxAbsBias, Math.abs(l.bias[i]!));
  const K = s.C * s.R * s.S;
  const bound = BigInt(2 ** hw.actBits - 1) * BigInt(2 ** (hw.wBits - 1)) * BigInt(K) + BigInt(maxAbsBias);
  if (bound > (1n << BigInt(hw.accBits - 1)) - 1n)
    fail(`sums can reach ±${bound}, which overflows the ${hw.accBits}-bit accumulator`, `raise accBits to at least ${bound.toString(2).length + 1}`);
  if (l.rq && (l.rq.mult >= 2 ** hw.multBits || l.rq.shift >= 2 ** hw.shiftBits || l.rq.mult < 0))
    fail(`requantisation (mult ${l.rq.mult}, shift ${l.rq.shift}) does not fit ${hw.multBits}/${hw.shiftBits} bits`, 'raise multBits/shiftBits');
  const model = zasCycles(e, cs, hw);
  if ((hw.rowLook & (hw.rowLook - 1)) !== 0 || hw.rowLook < 1) fail(`rowLook = ${hw.rowLook} is not a power of two`, 'use 1, 2, 4, 8, ...');
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_W: B(s.W), cfg_H: B(s.H), cfg_rows: B(s.C * s.H), cfg_M: B(s.M), cfg_R: B(s.R), cfg_S: B(s.S), cfg_stride: B(s.stride),
    cfg_pad_y: B(s.padY ?? s.pad), cfg_pad_x: B(s.pad), cfg_OH: B(OH), cfg_OW: B(OW), cfg_C: B(s.C), cfg_nmt: B(nmt), cfg_wb: B(wb),
    cfg_pdepth: B(pdepth), cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n, cfg_rq_mult: B(l.rq?.mult ?? 0), cfg_rq_shift: B(l.rq?.shift ?? 0),
  };
  return { OH, OW, nmt, wb, pdepth, encoded: e, model, cfg, cycles: model.cycles };
}

export interface MemImage {
  path: string;
  width: number;
  words: bigint[];
}

/** The SRAM contents: weights and bias, and (with `encoded`) the golden encoding in the non-zero memory and row table. */
export function memoryImage(l: ZasLayer, hw: ZasHwParams, plan: ZasPlan, encoded: boolean): MemImage[] {
  const d = derived(hw);
  const s = l.shape;
  const K = s.C * s.R * s.S;
  const wmask = (1n << BigInt(hw.wBits)) - 1n;
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  const out: MemImage[] = [];
  for (let p = 0; p < hw.P; p++) {
    for (let r = 0; r < hw.KR; r++)
      for (let q = 0; q < hw.KS; q++) {
        const words = new Array<bigint>(plan.nmt * s.C).fill(0n);
        if (r < s.R && q < s.S)
          for (let mt = 0; mt < plan.nmt; mt++) {
            const m = mt * hw.P + p;
            if (m >= s.M) continue;
            for (let c = 0; c < s.C; c++) words[mt * s.C + c] = BigInt(l.weights[m * K + (c * s.R + r) * s.S + q]!) & wmask;
          }
        out.push({ path: `wgt_${p}_${r * hw.KS + q}`, width: hw.wBits, words });
      }
    out.push({
      path: `bias_${p}`,
      width: hw.accBits,
      words: Array.from({ length: plan.nmt }, (_, mt) => (mt * hw.P + p < s.M ? BigInt(l.bias[mt * hw.P + p]!) & amask : 0n)),
    });
  }
  if (encoded) {
    out.push({ path: 'nz', width: d.nzBits, words: Array.from(plan.encoded.words, (w) => BigInt(w)) });
    for (let b = 0; b < hw.rowLook; b++)
      out.push({ path: `rowend_${b}`, width: d.ptrBits, words: Array.from(plan.encoded.rowEnd, (w) => BigInt(w)).filter((_, r) => r % hw.rowLook === b) });
  }
  return out;
}

export interface ZasRun {
  cycles: Array<Record<string, bigint>>;
  startCycle: number;
  readStart: number;
  budget: number;
  count: number;
}

/**
 * Reset, configure, (via 'encoder') stream the dense map through the RTL encoder, start, wait `plan.cycles + margin`,
 * then read every output (m, y, x) in CHW order.
 */
export function zasStimulus(l: ZasLayer, hw: ZasHwParams, plan: ZasPlan, via: 'encoder' | 'preload', margin = 16): ZasRun {
  const s = l.shape;
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, ...plan.cfg }];
  if (via === 'encoder') {
    const n = s.C * s.H * s.W;
    for (let i = 0; i < n; i++)
      cycles.push({ load_en: 1n, load_sel: BigInt(LOAD_DENSE), load_addr: i === 0 ? 0n : 1n, load_data: BigInt(l.input[i]!) });
    cycles.push({ load_en: 0n });
  }
  const startCycle = cycles.length;
  cycles.push({ start: 1n });
  cycles.push({ start: 0n });
  const budget = plan.cycles + margin;
  for (let i = 2; i < budget; i++) cycles.push({});
  const readStart = cycles.length;
  for (let m = 0; m < s.M; m++)
    for (let y = 0; y < plan.OH; y++)
      for (let x = 0; x < plan.OW; x++)
        cycles.push({ rd_en: 1n, rd_bank: BigInt(m % hw.P), rd_addr: BigInt((Math.floor(m / hw.P) * plan.OH + y) * plan.OW + x) });
  cycles.push({ rd_en: 0n });
  return { cycles, startCycle, readStart, budget, count: s.M * plan.OH * plan.OW };
}

/** The measured cycles from start to done (−1 if done never rose) and the outputs in CHW order. */
export function decodeRun(trace: Record<string, bigint[]>, run: ZasRun): { cycles: number; outputs: bigint[] } {
  const done = trace.done!;
  let cycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (done[c] === 1n) {
      cycles = c - run.startCycle;
      break;
    }
  const rd = trace.rd_data!;
  return { cycles, outputs: Array.from({ length: run.count }, (_, i) => rd[run.readStart + 1 + i]!) };
}
