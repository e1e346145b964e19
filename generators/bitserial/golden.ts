/**
 * Golden models of the bit-serial unit library (plain integers; never imports the DSL or the hardware files).
 *
 *  - nafTerms(v): the non-adjacent form of v as signed power-of-two terms, lowest exponent first.
 *  - termCycles(group, B): the cycle count of a tile of lanes under the synchronisation rule of docs/mechanisms.md (a):
 *    each cycle, m = the smallest lowest-remaining exponent over the non-empty lanes; every lane whose lowest remaining
 *    exponent is ≤ m + 2^B − 1 retires that one term; at least one cycle per group.
 *  - serialMul(a, w, bits): the Stripes-style serial-parallel product (W cycles for W activation bits).
 *  - tileDot(values, weights): the exact dot product a tile produces.
 */

export interface Term {
  /** +1 or −1 */
  sign: 1 | -1;
  /** power of two */
  exp: number;
}

/** NAF digits of v (any safe integer) as signed power-of-two terms, lowest exponent first. No two exponents are adjacent. */
export function nafTerms(v: number): Term[] {
  if (!Number.isSafeInteger(v)) throw new RangeError(`nafTerms: ${v} is not a safe integer`);
  const out: Term[] = [];
  let x = BigInt(v);
  let e = 0;
  while (x !== 0n) {
    if (x & 1n) {
      // d = 2 − (x mod 4) ∈ {+1, −1}
      const mod4 = ((x % 4n) + 4n) % 4n;
      const d = mod4 === 1n ? 1n : -1n;
      out.push({ sign: d === 1n ? 1 : -1, exp: e });
      x -= d;
    }
    x >>= 1n;
    e++;
  }
  return out;
}

/** Number of NAF terms of v (fast path for |v| < 2^30). */
export function nafCount(v: number): number {
  if (Math.abs(v) >= 2 ** 30) return nafTerms(v).length;
  // the NAF weight equals popcount((3v) xor v) / ... : use the classic identity  w(NAF(v)) = popcount(v ^ 3v) for v ≥ 0, counted on |v|
  let x = Math.abs(v);
  let y = (x * 3) ^ x;
  let n = 0;
  y >>>= 1;
  while (y) {
    n += y & 1;
    y >>>= 1;
  }
  return n;
}

/** Exponents of the NAF terms of v, lowest first (cached for small values). */
const expCache = new Map<number, Int8Array>();
export function nafExps(v: number): Int8Array {
  let e = expCache.get(v);
  if (!e) {
    e = Int8Array.from(nafTerms(v).map((t) => t.exp));
    if (expCache.size < 1 << 20) expCache.set(v, e);
  }
  return e;
}

/** Value of a term list. */
export function termsValue(ts: readonly Term[]): number {
  return ts.reduce((s, t) => s + t.sign * 2 ** t.exp, 0);
}

/**
 * Cycles a tile takes for one group of values (one per lane; lanes beyond the group are empty), first-stage shifter
 * of 2^B positions. Exactly the rule of docs/mechanisms.md (a); at least 1.
 */
export function termCycles(group: ArrayLike<number>, B: number): number {
  const n = group.length;
  const exps: Int8Array[] = [];
  for (let i = 0; i < n; i++) if (group[i] !== 0) exps.push(nafExps(group[i]!));
  return termCyclesExps(exps, B);
}

/** termCycles on precomputed exponent lists (each ascending). */
export function termCyclesExps(exps: readonly ArrayLike<number>[], B: number): number {
  const win = 2 ** B - 1;
  const ptr = new Int32Array(exps.length);
  let live = 0;
  for (const e of exps) if (e.length) live++;
  let cycles = 0;
  while (live > 0) {
    let m = Infinity;
    for (let i = 0; i < exps.length; i++) if (ptr[i]! < exps[i]!.length) m = Math.min(m, exps[i]![ptr[i]!]!);
    for (let i = 0; i < exps.length; i++) {
      const e = exps[i]!;
      if (ptr[i]! < e.length && e[ptr[i]!]! <= m + win) {
        ptr[i]!++;
        if (ptr[i] === e.length) live--;
      }
    }
    cycles++;
  }
  return Math.max(1, cycles);
}

/** The per-cycle schedule of a group: for each cycle, m and which lanes retire a term (for debugging and tests). */
export function termSchedule(group: ArrayLike<number>, B: number): Array<{ m: number; lanes: number[] }> {
  const exps = Array.from(group, (v) => nafExps(v));
  const ptr = new Int32Array(exps.length);
  const out: Array<{ m: number; lanes: number[] }> = [];
  for (;;) {
    let m = Infinity;
    for (let i = 0; i < exps.length; i++) if (ptr[i]! < exps[i]!.length) m = Math.min(m, exps[i]![ptr[i]!]!);
    if (m === Infinity) break;
    const lanes: number[] = [];
    for (let i = 0; i < exps.length; i++)
      if (ptr[i]! < exps[i]!.length && exps[i]![ptr[i]!]! <= m + 2 ** B - 1) {
        ptr[i]!++;
        lanes.push(i);
      }
    out.push({ m, lanes });
  }
  return out;
}

/** The exact dot product of a tile's group. */
export function tileDot(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * weights[i]!;
  return s;
}

/** Stripes-style serial-parallel product: the unsigned activation a (bits wide) LSB first, times the signed weight w. */
export function serialMul(a: number, w: number, bits: number): { product: number; cycles: number } {
  let acc = 0;
  for (let j = 0; j < bits; j++) if ((a >> j) & 1) acc += w * 2 ** j;
  return { product: acc, cycles: bits };
}
