/**
 * The three ways a (pruned) conv layer is laid out on bitlines, and their functional models (plain integers, no DSL).
 *
 * A segment is a run of consecutive bitlines that computes one output pixel for the filters it carries; bitline j of a
 * segment holds one input channel c_j (its R·S weights on stationary wordlines, its inputs transposed in per tap) and
 * the filter it belongs to (fid_j). After the taps, a reduction across the segment's bitlines gives each filter's sum.
 *   dense       one filter per segment, every channel 0..C−1 (pruned kernels are zeros on their bitlines): length C
 *   coalesced   one filter per segment, only its kept channels S_m, packed: length |S_m|; the input coalescer gathers
 *               x[c] for c ∈ S_m through stored indices
 *   overlapped  one overlap group per segment: G filters with disjoint channel sets on the same C bitlines, inputs in
 *               place (bitline j ↔ channel j); a per-bitline filter id drives a segmented (masked) reduction per filter
 * Segments never span two arrays: an array holds floor(cols / length) of them.
 */
import type { ChannelMask } from './prune.js';

export type MappingKind = 'dense' | 'coalesced' | 'overlapped';
export const MAPPINGS: readonly MappingKind[] = ['dense', 'coalesced', 'overlapped'];

export interface Template {
  /** the filters this segment computes */
  filters: number[];
  /** channel on each bitline */
  chans: number[];
  /** per bitline: index into `filters` of the filter it belongs to, −1 for none (its weights are zero) */
  fid: number[];
}

export function templates(kind: MappingKind, mask: ChannelMask): Template[] {
  const { M, C } = mask;
  if (kind === 'dense') return Array.from({ length: M }, (_, m) => ({ filters: [m], chans: Array.from({ length: C }, (_, c) => c), fid: new Array<number>(C).fill(0) }));
  if (kind === 'coalesced') return mask.keep.map((k, m) => ({ filters: [m], chans: [...k], fid: new Array<number>(k.length).fill(0) }));
  return mask.groups.map((g) => {
    const fid = new Array<number>(C).fill(-1);
    g.forEach((m, gi) => {
      for (const c of mask.keep[m]!) {
        if (fid[c] !== -1) throw new Error(`overlap group [${g.join(',')}]: channel ${c} kept by two filters`);
        fid[c] = gi;
      }
    });
    return { filters: [...g], chans: Array.from({ length: C }, (_, c) => c), fid };
  });
}

export interface Slot {
  array: number;
  /** first bitline of the segment */
  offset: number;
  template: number;
  /** output pixel y·OW + x */
  pixel: number;
}

export interface Placement {
  segLen: number;
  slotsPerArray: number;
  passes: Slot[][];
}

/** Fill passes with (template, pixel) work items, template-major (so a pass's weights mostly stay for the next). */
export function place(tpls: readonly Template[], pixels: number, hw: { cols: number; arrays: number }): Placement {
  const segLen = Math.max(...tpls.map((t) => t.chans.length));
  const slotsPerArray = Math.floor(hw.cols / segLen);
  if (slotsPerArray < 1) throw new Error(`a segment needs ${segLen} bitlines, an array has ${hw.cols}`);
  const per = slotsPerArray * hw.arrays;
  const passes: Slot[][] = [];
  let cur: Slot[] = [];
  for (let t = 0; t < tpls.length; t++)
    for (let p = 0; p < pixels; p++) {
      const s = cur.length;
      cur.push({ array: Math.floor(s / slotsPerArray), offset: (s % slotsPerArray) * segLen, template: t, pixel: p });
      if (cur.length === per) {
        passes.push(cur);
        cur = [];
      }
    }
  if (cur.length) passes.push(cur);
  return { segLen, slotsPerArray, passes };
}

export interface ConvData {
  shape: { C: number; H: number; W: number; M: number; R: number; S: number; stride: number; pad: number };
  input: ArrayLike<number>;
  /** MCRS, pruned kernels already zero */
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
}

export function outSize(s: ConvData['shape']): { OH: number; OW: number } {
  return { OH: Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1, OW: Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1 };
}

/** Input value of channel c at tap t = r·S + s for output pixel p (0 outside the map: zero padding). */
export function tapInput(l: ConvData, c: number, p: number, t: number): number {
  const s = l.shape;
  const { OW } = outSize(s);
  const y = Math.floor(p / OW) * s.stride + Math.floor(t / s.S) - s.pad;
  const x = (p % OW) * s.stride + (t % s.S) - s.pad;
  return y < 0 || y >= s.H || x < 0 || x >= s.W ? 0 : l.input[(c * s.H + y) * s.W + x]!;
}

/**
 * The functional model of a mapping: every segment of every (template, pixel) sums, per filter, the products of its
 * own bitlines over the taps, plus the bias. Output in MCHW order; equals conv2d on the pruned weights.
 */
export function mappingConv(kind: MappingKind, mask: ChannelMask, l: ConvData): Float64Array {
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const RS = s.R * s.S;
  const out = new Float64Array(s.M * OH * OW);
  for (const tp of templates(kind, mask))
    for (let p = 0; p < OH * OW; p++) {
      const sums = tp.filters.map((m) => l.bias[m]!);
      tp.chans.forEach((c, j) => {
        const g = tp.fid[j]!;
        if (g < 0) return;
        const m = tp.filters[g]!;
        for (let t = 0; t < RS; t++) sums[g]! += l.weights[(m * s.C + c) * RS + t]! * tapInput(l, c, p, t);
      });
      tp.filters.forEach((m, g) => (out[m * OH * OW + p] = sums[g]!));
    }
  return out;
}
