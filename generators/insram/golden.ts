/**
 * Golden models of the in-SRAM array in plain integers (never imports the DSL):
 *   - what each micro-operation of isa.ts computes on every bitline (the definition the bit-serial RTL must meet);
 *   - the binary-network dot product (XNOR + popcount).
 * The conv mappings' functional models are in mapping.ts (golden there too: plain integers, no DSL).
 */

export type MicroOp = 'ADD' | 'ADDC' | 'SUB' | 'MUL' | 'MULS' | 'MOVE' | 'XNOR' | 'AND' | 'REDUCE';

const mod = (v: bigint, n: number): bigint => ((v % (1n << BigInt(n))) + (1n << BigInt(n))) % (1n << BigInt(n));
const toSigned = (v: bigint, n: number): bigint => (v >= 1n << BigInt(n - 1) ? v - (1n << BigInt(n)) : v);

/**
 * Per-bitline result of a micro-operation on n-bit operands a, b (unsigned bit patterns), as an unsigned pattern of
 * the result's width: ADD (a+b mod 2^n), ADDC (a+b in n+1 bits), SUB (a−b mod 2^n), MUL (a·b, 2n bits), MULS (a·b with
 * b two's complement, 2n bits), MOVE (a of bitline j+k), XNOR, AND (a & mask bit), REDUCE (sum of all bitlines in the
 * first bitline, sum bits wide).
 */
export function microOpGolden(op: MicroOp, a: readonly bigint[], b: readonly bigint[], n: number, k = 1): bigint[] {
  const cols = a.length;
  switch (op) {
    case 'ADD': return a.map((x, j) => mod(x + b[j]!, n));
    case 'ADDC': return a.map((x, j) => x + b[j]!);
    case 'SUB': return a.map((x, j) => mod(x - b[j]!, n));
    case 'MUL': return a.map((x, j) => x * b[j]!);
    case 'MULS': return a.map((x, j) => mod(x * toSigned(b[j]!, n), 2 * n));
    case 'MOVE': return a.map((_, j) => (j + k < cols ? a[j + k]! : 0n));
    case 'XNOR': return a.map((x, j) => mod(~(x ^ b[j]!), n));
    case 'AND': return a.map((x, j) => ((b[j]! & 1n) ? x : 0n));
    case 'REDUCE': return a.map((_, j) => (j === 0 ? a.reduce((s, x) => s + x, 0n) : 0n));
  }
}

/** Binary dot product with ±1 values encoded as bits (1 → +1, 0 → −1): Σ x·w = 2·popcount(XNOR(x, w)) − K. */
export function binaryDot(x: readonly number[], w: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! ? 1 : -1) * (w[i]! ? 1 : -1);
  return s;
}

export { mod as modPow2, toSigned };
