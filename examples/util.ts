/** Small parameter helpers shared by the example designs. */

/** Bits needed to hold the values 0 .. n-1 (at least 1). */
export function bitsFor(n: number): number {
  let w = 1;
  while (2 ** w < n) w++;
  return w;
}
