/**
 * Magnitude pruning at filter-channel granularity (plain integers and floats, no DSL): filter m keeps the channel set
 * S_m of its largest kernels (L1 norm over the R·S taps). Two pruned models:
 *   - coalescing: every filter keeps its own top C − round(level·C) channels (any sets);
 *   - overlapping: filters in groups of G = floor(1/(1 − level)) share the C channels — the channels of a group are
 *     split into disjoint sets of C/G (each channel goes, largest kernel first, to the group member whose kernel on it
 *     is largest and that still has room), so G filters can be overlaid on the same bitlines. The effective level is
 *     1 − 1/G (0, 0, 50 %, 75 % for the levels 0, 25, 50, 75 %).
 * No fine-tuning is done after pruning (the training data is not available here).
 */

export interface ChannelMask {
  M: number;
  C: number;
  /** keep[m] = sorted channels of filter m */
  keep: number[][];
  /** overlap groups (each a list of filters sharing bitlines); one filter per group for coalescing/dense */
  groups: number[][];
  /** the fraction of (filter, channel) pairs removed */
  level: number;
}

/** L1 norm of each (m, c) kernel: norms[m·C + c]. */
export function kernelNorms(w: ArrayLike<number>, M: number, C: number, RS: number): Float64Array {
  const out = new Float64Array(M * C);
  for (let m = 0; m < M; m++)
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let t = 0; t < RS; t++) s += Math.abs(w[(m * C + c) * RS + t]!);
      out[m * C + c] = s;
    }
  return out;
}

const byNorm = (norms: Float64Array, C: number, m: number) => (a: number, b: number) => norms[m * C + b]! - norms[m * C + a]! || a - b;

/** Every filter keeps its C − round(level·C) largest channels (at least one). */
export function pruneCoalesce(norms: Float64Array, M: number, C: number, level: number): ChannelMask {
  const keepN = Math.max(1, C - Math.round(level * C));
  const keep = Array.from({ length: M }, (_, m) => Array.from({ length: C }, (_, c) => c).sort(byNorm(norms, C, m)).slice(0, keepN).sort((a, b) => a - b));
  return { M, C, keep, groups: keep.map((_, m) => [m]), level: 1 - keepN / C };
}

/** Overlap groups: G = floor(1/(1 − level)) consecutive filters split the C channels into disjoint sets of ⌈C/G⌉ at most. */
export function pruneOverlap(norms: Float64Array, M: number, C: number, level: number): ChannelMask {
  const G = Math.max(1, Math.min(C, Math.floor(1 / (1 - level) + 1e-9)));
  const cap = Math.ceil(C / G);
  const keep: number[][] = Array.from({ length: M }, () => []);
  const groups: number[][] = [];
  for (let g0 = 0; g0 < M; g0 += G) {
    const members = Array.from({ length: Math.min(G, M - g0) }, (_, i) => g0 + i);
    groups.push(members);
    const pairs: Array<[number, number]> = [];
    for (const m of members) for (let c = 0; c < C; c++) pairs.push([m, c]);
    pairs.sort((p, q) => norms[q[0] * C + q[1]]! - norms[p[0] * C + p[1]]! || p[0] - q[0] || p[1] - q[1]);
    const taken = new Uint8Array(C);
    for (const [m, c] of pairs) {
      if (taken[c] || keep[m]!.length >= cap) continue;
      taken[c] = 1;
      keep[m]!.push(c);
    }
    for (const m of members) keep[m]!.sort((a, b) => a - b);
  }
  let kept = 0;
  for (const k of keep) kept += k.length;
  return { M, C, keep, groups, level: 1 - kept / (M * C) };
}

/** No pruning: every filter keeps every channel. */
export function denseMask(M: number, C: number): ChannelMask {
  const all = Array.from({ length: C }, (_, c) => c);
  return { M, C, keep: Array.from({ length: M }, () => all), groups: Array.from({ length: M }, (_, m) => [m]), level: 0 };
}

/** The weights with the pruned kernels set to 0 (any numeric array type; a copy). */
export function applyMask<T extends Int8Array | Int16Array | Int32Array | Float32Array | Float64Array>(w: T, mask: ChannelMask, RS: number): T {
  const out = w.slice() as T;
  for (let m = 0; m < mask.M; m++) {
    const kept = new Uint8Array(mask.C);
    for (const c of mask.keep[m]!) kept[c] = 1;
    for (let c = 0; c < mask.C; c++) if (!kept[c]) out.fill(0, (m * mask.C + c) * RS, (m * mask.C + c + 1) * RS);
  }
  return out;
}
