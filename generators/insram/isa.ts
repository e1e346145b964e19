/**
 * The micro-sequencer's instruction set: what the host writes into the instruction memory. Each instruction runs on
 * every bitline of every array at once; the sequencer expands it into one array step per cycle (a step activates one
 * or two wordlines, and/or writes one wordline). Plain TypeScript (no DSL): the driver encodes programs with it and
 * the cycle model costs them.
 *
 * Operands live in bit-plane layout: an n-bit operand at row r occupies rows r .. r+n−1, LSB first, one element per
 * bitline. Row 0 reads as zero. "b(i)" below is row b+i for i < nb, else the sign row b+nb−1 (sx) or row 0 (zero-extended).
 *
 *   END                  stop (done)
 *   CLR   d n            d ← 0                                        (predicated by the tag when pred)
 *   TAG   a              tag latch ← row a
 *   ADD   d a b n nb     d[0..n) ← a + b (mod 2^n); cout: also d[n] ← carry
 *   SUB   d a b n nb t   t[0..n) ← ~b (one pass), then d ← a + t + 1 (mod 2^n)
 *   MUL   d a n b nb t   d[0..n+nb) += a·b, a unsigned n bits, b the multiplier (sx: two's complement), d cleared first;
 *                        one pass per multiplier bit j: tag ← b(j), then a predicated add of a into d[j..j+n];
 *                        the sign bit (sx) subtracts: ~a into t, then a predicated add of t + 1 into d[j..n+nb)
 *   MOVE  d a n k left   d ← a shifted by k bitlines (bitline j gets bitline j+k, or j−k when left; zeros shifted in)
 *   XNOR  d a b n        d ← ~(a ^ b)
 *   AND   d a b n        d[i] ← a[i] & row b (one mask row for every bit)
 *   XPOSE d n xbase ibase  transpose unit: bitline j of array q gathers xin_q[xbase + idx_q[ibase + j]] (0 when the
 *                        index's zero flag is set), then writes bits 0..n−1 of the gathered values on rows d..d+n−1
 */
import { derived, type InsramHwParams } from './params.js';

export const OP = { END: 0, CLR: 1, TAG: 2, ADD: 3, SUB: 4, MUL: 5, MOVE: 6, XNOR: 7, AND: 8, XPOSE: 9 } as const;
export type OpName = keyof typeof OP;

export interface Instr {
  op: OpName;
  d?: number;
  a?: number;
  b?: number;
  t?: number;
  n?: number;
  nb?: number;
  pred?: boolean;
  sx?: boolean;
  cout?: boolean;
  left?: boolean;
  k?: number;
  xbase?: number;
  ibase?: number;
}

export class InsramProgramError extends Error {
  override name = 'InsramProgramError';
}

/** The instruction word (fields LSB first, as in params.derived().fields). */
export function encodeInstr(ins: Instr, hw: InsramHwParams): bigint {
  const d = derived(hw);
  const vals: Record<string, number> = {
    op: OP[ins.op], d: ins.d ?? 0, a: ins.a ?? 0, b: ins.b ?? 0, t: ins.t ?? 0, n: ins.n ?? 0, nb: ins.nb ?? ins.n ?? 0,
    pred: ins.pred ? 1 : 0, sx: ins.sx ? 1 : 0, cout: ins.cout ? 1 : 0, left: ins.left ? 1 : 0, k: ins.k ?? 0,
    xbase: ins.xbase ?? 0, ibase: ins.ibase ?? 0,
  };
  let word = 0n;
  let pos = 0n;
  for (const [name, bits] of d.fields) {
    const v = vals[name]!;
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits)
      throw new InsramProgramError(`${ins.op}: field ${name} = ${v} does not fit ${bits} bits (rows ${hw.rows}, cols ${hw.cols}, xinWords ${hw.xinWords}, idxWords ${hw.idxWords})`);
    word |= BigInt(v) << pos;
    pos += BigInt(bits);
  }
  return word;
}

/** Rows an instruction touches must exist (row addresses do not wrap). */
export function checkInstr(ins: Instr, hw: InsramHwParams): void {
  const n = ins.n ?? 0;
  const nb = ins.nb ?? n;
  const fail = (what: string): never => {
    throw new InsramProgramError(`${ins.op}: ${what} (the array has ${hw.rows} rows, ${hw.cols} bitlines)`);
  };
  const span = (name: string, base: number | undefined, len: number) => {
    if (len > 0 && (base ?? 0) + len > hw.rows) fail(`${name} rows ${base}..${(base ?? 0) + len - 1} do not exist`);
    if (len > 0 && base === 0 && name.startsWith('d')) fail('row 0 is the constant-zero row and cannot be written');
  };
  if (ins.op !== 'END' && ins.op !== 'TAG' && n < 1) fail('n must be at least 1');
  switch (ins.op) {
    case 'CLR': span('d', ins.d, n); break;
    case 'TAG': span('a', ins.a, 1); break;
    case 'ADD': span('d', ins.d, n + (ins.cout ? 1 : 0)); span('a', ins.a, n); span('b', ins.b, Math.min(nb, n)); break;
    case 'SUB': span('d', ins.d, n); span('a', ins.a, n); span('b', ins.b, Math.min(nb, n)); span('d(t)', ins.t, n); break;
    case 'MUL': span('d', ins.d, n + nb); span('a', ins.a, n); span('b', ins.b, nb); if (ins.sx) span('d(t)', ins.t, n + 1); if (nb < 1) fail('nb must be at least 1'); break;
    case 'MOVE': span('d', ins.d, n); span('a', ins.a, n); if ((ins.k ?? 0) >= hw.cols) fail(`shift ${ins.k} ≥ the bitline count`); break;
    case 'XNOR': span('d', ins.d, n); span('a', ins.a, n); span('b', ins.b, n); break;
    case 'AND': span('d', ins.d, n); span('a', ins.a, n); span('b', ins.b, 1); break;
    case 'XPOSE': span('d', ins.d, n); if (n > hw.xinBits) fail(`n = ${n} exceeds the ${hw.xinBits}-bit input words`); break;
    case 'END': break;
  }
}

/** The instruction-memory image of a program (END appended when missing). */
export function encodeProgram(prog: readonly Instr[], hw: InsramHwParams): bigint[] {
  const full = prog.length && prog[prog.length - 1]!.op === 'END' ? prog : [...prog, { op: 'END' as const }];
  if (full.length > hw.imemWords) throw new InsramProgramError(`the program has ${full.length} instructions, the instruction memory ${hw.imemWords}; raise imemWords`);
  for (const ins of full) checkInstr(ins, hw);
  return full.map((ins) => encodeInstr(ins, hw));
}
