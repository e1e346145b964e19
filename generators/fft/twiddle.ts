/**
 * The one twiddle table of the FFT: for k = 0..n/2−1, C[k] = round_half_away(cos(2πk/n)·2^(t−1)) and
 * S[k] = round_half_away(sin(2πk/n)·2^(t−1)). C[0] = 2^(t−1) exactly, so the values need SInt(t+1); nothing is clamped.
 * The forward transform uses W^k = C[k] − i·S[k], the inverse C[k] + i·S[k]. Plain TypeScript with no imports: the
 * golden model and the hardware both take their twiddles from here, so they cannot disagree.
 */

/** Round to the nearest integer, halves away from zero. */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

export interface TwiddleTable {
  cos: number[];
  sin: number[];
}

/** cos and sin of 2πk/n, k = 0..n/2−1, scaled by 2^(t−1) and rounded half away from zero. */
export function twiddleTable(n: number, t: number): TwiddleTable {
  const scale = 2 ** (t - 1);
  const cos: number[] = [];
  const sin: number[] = [];
  for (let k = 0; k < n / 2; k++) {
    // exact at the quarter points (Math.cos(π/2) is 6e−17, not 0)
    const q = (4 * k) % n === 0 ? [1, 0, -1, 0][(4 * k) / n]! : Math.cos((2 * Math.PI * k) / n);
    const r = (4 * k) % n === 0 ? [0, 1, 0, -1][(4 * k) / n]! : Math.sin((2 * Math.PI * k) / n);
    cos.push(roundHalfAway(q * scale) + 0); // + 0: no −0
    sin.push(roundHalfAway(r * scale) + 0);
  }
  return { cos, sin };
}

/** The bit reversal of i over `bits` bits. */
export function bitReverse(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
}

/** log2 of a power of two n. */
export function log2Exact(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}
