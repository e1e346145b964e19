/**
 * Host side of the LINAC core: fit checks, the layer's configuration, the SRAM images (layout in core.ts), the golden
 * cycle model of the core, tiling of layers that do not fit, the stimulus and its decoding. Never imports the DSL.
 */
import { termCycles } from '../bitserial/golden.js';
import { outDims, padded, residuals, type LinacLayerData } from './golden.js';
import { type LinacHwParams, linacDerived } from './params.js';

/** cycles from start to the first group load: the registered start, two priming reads */
export const CORE_PROLOGUE = 3;

export class LinacFitError extends Error {
  override name = 'LinacFitError';
}

export interface LinacPlan {
  OH: number;
  OW: number;
  Hp: number;
  Wp: number;
  K: number;
  G: number;
  nmt: number;
  cfg: Record<string, bigint>;
  /** the core's cycles from the start cycle to the first cycle with done = 1 (golden cycle model) */
  cycles: number;
  /** of which TERM cycles (the essential-bit engine proper) */
  termCycles: number;
}

/** The values lane i streams in group g at pixel (y, x): raw A for x < nb, the residual E otherwise, 0 past K. */
function groupValues(l: LinacLayerData, hw: LinacHwParams, A: Float64Array, E: Float64Array, y: number, x: number, g: number): number[] {
  const s = l.shape;
  const { Wp, Hp } = outDims(s);
  const K = s.C * s.R * s.S;
  const src = x < hw.beta.length ? A : E;
  const base = y * s.stride * Wp + x * s.stride;
  const out: number[] = [];
  for (let i = 0; i < hw.lanes; i++) {
    const k = g * hw.lanes + i;
    if (k >= K) {
      out.push(0);
      continue;
    }
    const c = Math.floor(k / (s.R * s.S));
    const r = Math.floor((k % (s.R * s.S)) / s.S);
    const q = k % s.S;
    out.push(src[base + (c * Hp + r) * Wp + q]!);
  }
  return out;
}

/**
 * Golden cycle model of the core, from the start cycle to the first cycle with done = 1: two priming cycles, then the
 * groups back to back, each exactly termCycles(group, B) cycles, then the three output stages:
 *   cycles = 3 + ceil(M/F) · Σ_pixels Σ_groups termCycles + 3.
 */
export function linacCoreCycles(l: LinacLayerData, hw: LinacHwParams): { cycles: number; termCycles: number } {
  const s = l.shape;
  const d = linacDerived(hw);
  const { OH, OW } = outDims(s);
  const A = padded(l);
  const E = hw.beta.length ? residuals(A, s, hw.beta) : A;
  const G = Math.ceil((s.C * s.R * s.S) / hw.lanes);
  let term = 0;
  for (let y = 0; y < OH; y++)
    for (let x = 0; x < OW; x++) {
      for (let g = 0; g < G; g++) {
        const tc = termCycles(groupValues(l, hw, A, E, y, x, g), hw.B);
        term += tc;
      }
    }
  const nmt = Math.ceil(s.M / hw.filters);
  return { cycles: CORE_PROLOGUE + nmt * term + d.postCycles, termCycles: nmt * term };
}

export function planLinac(l: LinacLayerData, hw: LinacHwParams): LinacPlan {
  const s = l.shape;
  const d = linacDerived(hw);
  const { OH, OW, Hp, Wp } = outDims(s);
  const K = s.C * s.R * s.S;
  const G = Math.ceil(K / hw.lanes);
  const nmt = Math.ceil(s.M / hw.filters);
  const fail = (what: string, fix: string): never => {
    throw new LinacFitError(`layer '${l.name}': ${what}; ${fix}`);
  };
  const dimMax = 2 ** hw.dimBits - 1;
  for (const [k, v] of Object.entries({ Wp, OH, OW, nmt, G })) if (v > dimMax) fail(`${k} = ${v} exceeds the ${hw.dimBits}-bit shape fields`, 'raise dimBits');
  if (s.stride < 1 || s.stride > 7) fail(`stride ${s.stride} is not in 1..7`, 'use a smaller stride');
  if (s.C * Hp * Wp > hw.ifmapWords) fail(`the padded input needs ${s.C * Hp * Wp} words, the input SRAM has ${hw.ifmapWords}`, 'tile the layer (tileLinac) or raise ifmapWords');
  if (nmt * G > hw.weightWords) fail(`the weights need ${nmt * G} words per bank, the weight SRAM has ${hw.weightWords}`, 'tile the layer or raise weightWords');
  if (G > hw.offWords) fail(`${G} groups per window exceed the ${hw.offWords}-word offset table`, 'raise offWords');
  if (nmt > hw.biasWords) fail(`${nmt} filter tiles exceed the ${hw.biasWords}-word bias banks`, 'raise biasWords');
  if (nmt * OH * OW > hw.outWords) fail(`the output needs ${nmt * OH * OW} words per bank, the output SRAM has ${hw.outWords}`, 'tile the layer or raise outWords');
  // accumulator: raw sums |P| ≤ (2^a − 1)·2^(w−1)·K (+ bias); residual partial sums ≤ (vmax)·2^(w−1)·K; the recurrence adds Σ|β|·|P|
  let maxAbsBias = 0;
  for (let i = 0; i < l.bias.length; i++) maxAbsBias = Math.max(maxAbsBias, Math.abs(l.bias[i]!));
  const vmax = 2 ** (d.vBits - 1);
  const sumB = hw.beta.reduce((t, b) => t + Math.abs(b), 0);
  const bound = BigInt(vmax) * BigInt(2 ** (hw.wBits - 1)) * BigInt(K) * BigInt(1 + sumB) + BigInt(maxAbsBias);
  if (bound > (1n << BigInt(hw.accBits - 1)) - 1n) fail(`sums can reach ±${bound}, which overflows the ${hw.accBits}-bit accumulator`, `raise accBits to at least ${bound.toString(2).length + 1}`);
  if (l.rq && (l.rq.mult >= 2 ** hw.multBits || l.rq.shift >= 2 ** hw.shiftBits)) fail(`requantisation (mult ${l.rq.mult}, shift ${l.rq.shift}) does not fit ${hw.multBits}/${hw.shiftBits} bits`, 'raise multBits/shiftBits');
  let amax = 0;
  for (let i = 0; i < l.input.length; i++) amax = Math.max(amax, l.input[i]!);
  if (amax > 2 ** hw.actBits - 1) fail(`activation ${amax} exceeds ${hw.actBits} bits`, 'raise actBits');
  const B = BigInt;
  const cfg: Record<string, bigint> = {
    cfg_Wp: B(Wp), cfg_stride: B(s.stride), cfg_OH: B(OH), cfg_OW: B(OW), cfg_nmt: B(nmt), cfg_G: B(G),
    cfg_relu: l.relu ? 1n : 0n, cfg_rq_en: l.rq ? 1n : 0n, cfg_rq_mult: B(l.rq?.mult ?? 0), cfg_rq_shift: B(l.rq?.shift ?? 0),
  };
  const cyc = linacCoreCycles(l, hw);
  return { OH, OW, Hp, Wp, K, G, nmt, cfg, cycles: cyc.cycles, termCycles: cyc.termCycles };
}

export interface MemImage {
  path: string;
  width: number;
  words: bigint[];
}

export function linacMemoryImage(l: LinacLayerData, hw: LinacHwParams, plan: LinacPlan): MemImage[] {
  const s = l.shape;
  const d = linacDerived(hw);
  const A = padded(l);
  const ifw = Array.from(A, (v) => BigInt(v));
  const out: MemImage[] = [];
  for (let i = 0; i < hw.lanes; i++) out.push({ path: `if_${i}`, width: hw.actBits, words: ifw });
  const RS = s.R * s.S;
  for (let i = 0; i < hw.lanes; i++) {
    const words: bigint[] = [];
    for (let g = 0; g < plan.G; g++) {
      const k = g * hw.lanes + i;
      if (k >= plan.K) words.push(0n);
      else {
        const c = Math.floor(k / RS);
        const r = Math.floor((k % RS) / s.S);
        const q = k % s.S;
        words.push(BigInt((c * plan.Hp + r) * plan.Wp + q) | (1n << BigInt(d.offBits - 1)));
      }
    }
    out.push({ path: `off_${i}`, width: d.offBits, words });
  }
  const wmask = (1n << BigInt(hw.wBits)) - 1n;
  for (let f = 0; f < hw.filters; f++)
    for (let i = 0; i < hw.lanes; i++) {
      const words: bigint[] = [];
      for (let mt = 0; mt < plan.nmt; mt++)
        for (let g = 0; g < plan.G; g++) {
          const m = mt * hw.filters + f;
          const k = g * hw.lanes + i;
          words.push(m < s.M && k < plan.K ? BigInt(l.weights[m * plan.K + k]!) & wmask : 0n);
        }
      out.push({ path: `wgt_${f}_${i}`, width: hw.wBits, words });
    }
  const amask = (1n << BigInt(hw.accBits)) - 1n;
  for (let f = 0; f < hw.filters; f++)
    out.push({ path: `bias_${f}`, width: hw.accBits, words: Array.from({ length: plan.nmt }, (_, mt) => (mt * hw.filters + f < s.M ? BigInt(l.bias[mt * hw.filters + f]!) & amask : 0n)) });
  return out;
}

export interface LinacRun {
  cycles: Array<Record<string, bigint>>;
  startCycle: number;
  readStart: number;
  budget: number;
}

export function linacStimulus(l: LinacLayerData, hw: LinacHwParams, plan: LinacPlan, margin = 16): LinacRun {
  const cycles: Array<Record<string, bigint>> = [{ rst: 1n }, { rst: 0n, ...plan.cfg, start: 1n }, { start: 0n }];
  const budget = plan.cycles + margin;
  for (let i = 2; i < budget; i++) cycles.push({});
  const readStart = cycles.length;
  for (let m = 0; m < l.shape.M; m++)
    for (let y = 0; y < plan.OH; y++)
      for (let x = 0; x < plan.OW; x++) {
        const mt = Math.floor(m / hw.filters);
        cycles.push({ rd_en: 1n, rd_bank: BigInt(m % hw.filters), rd_addr: BigInt((mt * plan.OH + y) * plan.OW + x) });
      }
  cycles.push({ rd_en: 0n });
  return { cycles, startCycle: 1, readStart, budget };
}

export function decodeLinac(trace: Record<string, bigint[]>, run: LinacRun, count: number): { cycles: number; outputs: bigint[] } {
  const done = trace.done!;
  let cycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (done[c] === 1n) {
      cycles = c - run.startCycle;
      break;
    }
  const rd = trace.rd_data!;
  return { cycles, outputs: Array.from({ length: count }, (_, i) => rd[run.readStart + 1 + i]!) };
}

export interface LinacTile {
  layer: LinacLayerData;
  m0: number;
  m1: number;
  y0: number;
  y1: number;
}

/** Split a layer into chunks of filters (multiples of F) and output rows that fit; vertical padding becomes zero rows. */
export function tileLinac(l: LinacLayerData, hw: LinacHwParams): LinacTile[] {
  const s = l.shape;
  const { OH, OW, Wp } = outDims(s);
  const K = s.C * s.R * s.S;
  const G = Math.ceil(K / hw.lanes);
  let mChunk = Math.min(s.M, Math.max(hw.filters, Math.floor(Math.min(hw.weightWords / G, hw.biasWords)) * hw.filters));
  if (G > hw.weightWords) throw new LinacFitError(`layer '${l.name}': one filter tile needs ${G} weight words per bank, the weight SRAM has ${hw.weightWords}; raise weightWords`);
  const rowsFit = (ys: number): boolean => s.C * ((ys - 1) * s.stride + s.R) * Wp <= hw.ifmapWords && Math.ceil(mChunk / hw.filters) * ys * OW <= hw.outWords;
  while (mChunk > hw.filters && !rowsFit(1)) mChunk -= hw.filters;
  if (!rowsFit(1)) throw new LinacFitError(`layer '${l.name}': one output row does not fit the input/output SRAMs; raise ifmapWords/outWords`);
  let yChunk = OH;
  while (!rowsFit(yChunk)) yChunk--;
  if (mChunk >= s.M && yChunk === OH) return [{ layer: l, m0: 0, m1: s.M, y0: 0, y1: OH }];
  const tiles: LinacTile[] = [];
  for (let m0 = 0; m0 < s.M; m0 += mChunk)
    for (let y0 = 0; y0 < OH; y0 += yChunk) {
      const m1 = Math.min(s.M, m0 + mChunk);
      const y1 = Math.min(OH, y0 + yChunk);
      tiles.push({ layer: subLayer(l, m0, m1, y0, y1), m0, m1, y0, y1 });
    }
  return tiles;
}

export function subLayer(l: LinacLayerData, m0: number, m1: number, y0: number, y1: number): LinacLayerData {
  const s = l.shape;
  const padY = s.padY ?? s.pad;
  const Hs = (y1 - y0 - 1) * s.stride + s.R;
  const top = y0 * s.stride - padY;
  const input = new Uint16Array(s.C * Hs * s.W);
  for (let c = 0; c < s.C; c++)
    for (let j = 0; j < Hs; j++) {
      const src = top + j;
      if (src < 0 || src >= s.H) continue;
      for (let x = 0; x < s.W; x++) input[(c * Hs + j) * s.W + x] = l.input[(c * s.H + src) * s.W + x]!;
    }
  const K = s.C * s.R * s.S;
  return {
    name: `${l.name}[m${m0}:${m1},y${y0}:${y1}]`,
    shape: { ...s, H: Hs, M: m1 - m0, padY: 0 },
    input,
    weights: Array.from({ length: (m1 - m0) * K }, (_, i) => l.weights[m0 * K + i]!),
    bias: Array.from({ length: m1 - m0 }, (_, i) => l.bias[m0 + i]!),
    relu: l.relu,
    ...(l.rq ? { rq: l.rq } : {}),
  };
}
