/**
 * Micro-operation test programs: random n-bit operands on every bitline of every array, transposed in, one
 * micro-operation, the result read back. Used by the tests (every operation at every precision, in every simulator)
 * and by `hwgen bench insram` (the per-operation step counts).
 */
import type { Instr } from './isa.js';
import type { InsramHwParams } from './params.js';
import type { MicroOp } from './golden.js';
import type { RunImage } from './driver.js';

export interface MicroCase {
  image: RunImage;
  /** the measured instruction (the rest of the program transposes operands in) */
  op: Instr[];
  /** where the result lies and how wide it is */
  resultRow: number;
  resultBits: number;
}

/** Rows of a micro-operation test on n-bit operands: A, B (n rows each), D and T (room for the widest result), MASK. */
export function microLayout(n: number, cols: number) {
  const w = Math.max(2 * n, n + Math.ceil(Math.log2(cols))) + 1;
  return { A: 1, B: 1 + n, D: 1 + 2 * n, T: 1 + 2 * n + w, MASK: 1 + 2 * n + 2 * w, end: 1 + 2 * n + 2 * w + Math.ceil(Math.log2(cols)) };
}

/** The reduction of one value per bitline across all bitlines of an array (a log2 tree of MOVE + predicated ADD). */
export function reduceTree(acc: number, tmp: number, width: number, levels: number, maskRow: (level: number) => number, cols: number): Instr[] {
  const out: Instr[] = [];
  for (let k = 0; k < levels; k++) {
    const sh = 2 ** k;
    if (sh >= cols) break;
    out.push({ op: 'MOVE', d: tmp, a: acc, n: width, k: sh });
    out.push({ op: 'TAG', a: maskRow(k) });
    out.push({ op: 'ADD', d: acc, a: acc, b: tmp, n: width, pred: true });
  }
  return out;
}

/** A test program for `op` on the given operands (one array's operands repeated per array with an offset). */
export function microCase(op: MicroOp, hw: InsramHwParams, a: bigint[][], b: bigint[][], n: number, k = 1): MicroCase {
  const L = microLayout(n, hw.cols);
  const cols = hw.cols;
  const xin = a.map((av, q) => [...av, ...b[q]!, ...(op === 'REDUCE' ? reduceMasks(cols) : [])]);
  const idx = a.map(() => Array.from({ length: cols }, (_, j) => j));
  const prog: Instr[] = [
    { op: 'XPOSE', d: L.A, n, xbase: 0, ibase: 0 },
    { op: 'XPOSE', d: L.B, n, xbase: cols, ibase: 0 },
  ];
  let body: Instr[];
  let resultBits = n;
  let resultRow: number = L.D;
  switch (op) {
    case 'ADD': body = [{ op: 'ADD', d: L.D, a: L.A, b: L.B, n }]; break;
    case 'ADDC': body = [{ op: 'ADD', d: L.D, a: L.A, b: L.B, n, cout: true }]; resultBits = n + 1; break;
    case 'SUB': body = [{ op: 'SUB', d: L.D, a: L.A, b: L.B, n, t: L.T }]; break;
    case 'MUL': body = [{ op: 'CLR', d: L.D, n: 2 * n }, { op: 'MUL', d: L.D, a: L.A, n, b: L.B, nb: n }]; resultBits = 2 * n; break;
    case 'MULS': body = [{ op: 'CLR', d: L.D, n: 2 * n }, { op: 'MUL', d: L.D, a: L.A, n, b: L.B, nb: n, sx: true, t: L.T }]; resultBits = 2 * n; break;
    case 'MOVE': body = [{ op: 'MOVE', d: L.D, a: L.A, n, k }]; break;
    case 'XNOR': body = [{ op: 'XNOR', d: L.D, a: L.A, b: L.B, n }]; break;
    case 'AND': body = [{ op: 'AND', d: L.D, a: L.A, b: L.B, n }]; break;
    // ternary: tag = bit 0 of b, then a predicated add / subtract in place (untagged bitlines keep a)
    case 'TADD': body = [{ op: 'TAG', a: L.B }, { op: 'ADD', d: L.A, a: L.A, b: L.B, n, pred: true }]; resultRow = L.A; break;
    case 'TSUB': body = [{ op: 'TAG', a: L.B }, { op: 'SUB', d: L.A, a: L.A, b: L.B, n, t: L.T, pred: true }]; resultRow = L.A; break;
    case 'REDUCE': {
      const levels = Math.ceil(Math.log2(cols));
      const w = n + levels;
      prog.push({ op: 'XPOSE', d: L.MASK, n: levels, xbase: 2 * cols, ibase: 0 });
      // widen: ACC = A zero-extended to w bits
      body = [{ op: 'CLR', d: L.D, n: w }, { op: 'ADD', d: L.D, a: L.D, b: L.A, n: w, nb: n }, ...reduceTree(L.D, L.T, w, levels, (lv) => L.MASK + lv, cols)];
      resultBits = w;
      break;
    }
  }
  return { image: { program: [...prog, ...body], xin, idx }, op: body, resultRow, resultBits };
}

/** Mask words: bit k of bitline j's word is 1 when j receives from j + 2^k at tree level k (j mod 2^(k+1) = 0). */
export function reduceMasks(cols: number): bigint[] {
  const levels = Math.ceil(Math.log2(cols));
  return Array.from({ length: cols }, (_, j) => {
    let w = 0n;
    for (let k = 0; k < levels; k++) if (j % 2 ** (k + 1) === 0 && j + 2 ** k < cols) w |= 1n << BigInt(k);
    return w;
  });
}
