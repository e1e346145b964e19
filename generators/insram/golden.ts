/**
 * Golden models of the in-SRAM array in plain integers (never imports the DSL):
 *   - what each micro-operation of isa.ts computes on every bitline (the definition the bit-serial RTL must meet);
 *   - the binary-network dot product (XNOR + popcount).
 * The conv mappings' functional models are in mapping.ts (golden there too: plain integers, no DSL).
 */

export type MicroOp = 'ADD' | 'ADDC' | 'SUB' | 'MUL' | 'MULS' | 'MOVE' | 'XNOR' | 'AND' | 'REDUCE' | 'TADD' | 'TSUB';

const mod = (v: bigint, n: number): bigint => ((v % (1n << BigInt(n))) + (1n << BigInt(n))) % (1n << BigInt(n));
const toSigned = (v: bigint, n: number): bigint => (v >= 1n << BigInt(n - 1) ? v - (1n << BigInt(n)) : v);

/**
 * Per-bitline result of a micro-operation on n-bit operands a, b (unsigned bit patterns), as an unsigned pattern of
 * the result's width: ADD (a+b mod 2^n), ADDC (a+b in n+1 bits), SUB (a−b mod 2^n), MUL (a·b, 2n bits), MULS (a·b with
 * b two's complement, 2n bits), MOVE (a of bitline j+k), XNOR, AND (a & mask bit), REDUCE (sum of all bitlines in the
 * first bitline, sum bits wide), and the ternary masked forms TADD / TSUB (a ± b on the bitlines whose tag, bit 0 of b,
 * is 1; a elsewhere: the accumulator keeps its value where the ternary weight is not ±1).
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
    case 'TADD': return a.map((x, j) => (b[j]! & 1n ? mod(x + b[j]!, n) : x));
    case 'TSUB': return a.map((x, j) => (b[j]! & 1n ? mod(x - b[j]!, n) : x));
  }
}

/** Binary dot product with ±1 values encoded as bits (1 → +1, 0 → −1): Σ x·w = 2·popcount(XNOR(x, w)) − K. */
export function binaryDot(x: readonly number[], w: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! ? 1 : -1) * (w[i]! ? 1 : -1);
  return s;
}

/**
 * Binary conv layer as the array computes it: per output, popcount over (c, r, s) of XNOR(x bit, w bit) plus the bias
 * (0 for binary networks); the ±1 dot product is 2·popcount − C·R·S. Inputs and weights are bits (1 → +1, 0 → −1),
 * no padding. MCHW order.
 */
export function binaryConvPopcount(s: { C: number; H: number; W: number; M: number; R: number; S: number; stride: number }, x: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const OH = Math.floor((s.H - s.R) / s.stride) + 1;
  const OW = Math.floor((s.W - s.S) / s.stride) + 1;
  const out = new Float64Array(s.M * OH * OW);
  for (let m = 0; m < s.M; m++)
    for (let y = 0; y < OH; y++)
      for (let xx = 0; xx < OW; xx++) {
        let pc = 0;
        for (let c = 0; c < s.C; c++)
          for (let r = 0; r < s.R; r++)
            for (let q = 0; q < s.S; q++) {
              const xb = x[(c * s.H + y * s.stride + r) * s.W + xx * s.stride + q]! > 0 ? 1 : 0;
              const wb = w[((m * s.C + c) * s.R + r) * s.S + q]! > 0 ? 1 : 0;
              pc += xb === wb ? 1 : 0;
            }
        out[(m * OH + y) * OW + xx] = pc;
      }
  return out;
}

export { mod as modPow2, toSigned };
