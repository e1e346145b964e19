/** Width classes of the reference table's adders and multipliers: an operation is costed at the smallest class that holds it. */

/** The adder class of a `bits`-wide add (add32 also stands for wider accumulators: a lower bound there). */
export function addOf(bits: number): string {
  return bits <= 8 ? 'add8' : bits <= 16 ? 'add16' : 'add32';
}

/** The multiplier classes, (wider operand, narrower operand) bits each holds. */
const MULTS: ReadonlyArray<[name: string, a: number, b: number]> = [
  ['mult8', 8, 8],
  ['mult16x8', 16, 8],
  ['mult16', 16, 16],
  ['mult24x16', 24, 16],
  ['mult32', 32, 32],
];

/** The multiplier class of an `a` × `b`-bit multiply (mult32 above 32 bits: a lower bound there). */
export function multOf(a: number, b: number): string {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  return MULTS.find(([, x, y]) => hi <= x && lo <= y)?.[0] ?? 'mult32';
}
