/**
 * Bit-pattern helpers on bigint, shared by the builder, the passes and the backends, and the width helpers generators
 * use in their parameters, drivers and tiling. No imports: loading this file does not load the DSL.
 */

export function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** The two's-complement bit pattern of `v` in `width` bits (v must fit). */
export function toBits(v: bigint, width: number): bigint {
  return v & mask(width);
}

/** Read a `width`-bit pattern as a signed or unsigned value. */
export function fromBits(bits: bigint, width: number, signed: boolean): bigint {
  const b = bits & mask(width);
  if (signed && width > 0 && (b >> BigInt(width - 1)) & 1n) return b - (1n << BigInt(width));
  return b;
}

export function fitsIn(v: bigint, width: number, signed: boolean): boolean {
  if (signed) {
    const lim = 1n << BigInt(width - 1);
    return v >= -lim && v < lim;
  }
  return v >= 0n && v <= mask(width);
}

/** Smallest width that holds v (at least 1). */
export function minWidth(v: bigint, signed: boolean): number {
  let w = 1;
  while (!fitsIn(v, w, signed)) w++;
  return w;
}

export function hex(bits: bigint): string {
  return bits.toString(16);
}

export function parseHex(h: string): bigint {
  return BigInt('0x' + h);
}

/** ceil(log2(n)) for n >= 1: the bits that count n distinct values 0..n-1 (0 for n = 1). */
export function clog2(n: number): number {
  let w = 0;
  while (2 ** w < n) w++;
  return w;
}

/** The width of an index into n things (a memory address, a counter to n-1): clog2(n), but at least 1 bit. */
export function addrWidth(n: number): number {
  return Math.max(1, clog2(n));
}
