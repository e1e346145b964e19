/**
 * The reference meaning of each IR operator on bigint bit patterns: one function, used by constant folding and as the
 * specification the compiled simulator and the Verilog backend are tested against.
 */
import type { IRNode } from './ir.js';
import { mask, fromBits, parseHex } from './bits.js';

/** Evaluate a combinational op. `a` holds the operands' bit patterns, `an` their nodes. Returns the result's bit pattern. */
export function evalOp(n: IRNode, a: bigint[], an: IRNode[]): bigint {
  const w = n.width;
  const m = mask(w);
  const sv = (i: number): bigint => fromBits(a[i]!, an[i]!.width, an[i]!.signed);
  switch (n.op) {
    case 'const':
      return parseHex(n.value!);
    case 'add':
      return (a[0]! + a[1]!) & m;
    case 'sub':
      return (a[0]! - a[1]!) & m;
    case 'mul':
      return (sv(0) * sv(1)) & m;
    case 'and':
      return a[0]! & a[1]!;
    case 'or':
      return a[0]! | a[1]!;
    case 'xor':
      return a[0]! ^ a[1]!;
    case 'not':
      return ~a[0]! & m;
    case 'eq':
      return a[0] === a[1] ? 1n : 0n;
    case 'ne':
      return a[0] !== a[1] ? 1n : 0n;
    case 'lt':
      return sv(0) < sv(1) ? 1n : 0n;
    case 'le':
      return sv(0) <= sv(1) ? 1n : 0n;
    case 'shl':
      return a[1]! >= BigInt(w) ? 0n : (a[0]! << a[1]!) & m;
    case 'shr':
      return a[1]! >= BigInt(w) ? 0n : a[0]! >> a[1]!;
    case 'sra': {
      const v = fromBits(a[0]!, w, true);
      const k = a[1]! >= BigInt(w) ? BigInt(w - 1) : a[1]!;
      return (v >> k) & m;
    }
    case 'redand':
      return a[0] === mask(an[0]!.width) ? 1n : 0n;
    case 'redor':
      return a[0] !== 0n ? 1n : 0n;
    case 'redxor': {
      let x = a[0]!;
      let p = 0n;
      while (x) {
        p ^= x & 1n;
        x >>= 1n;
      }
      return p;
    }
    case 'mux':
      return a[0] ? a[1]! : a[2]!;
    case 'concat': {
      let r = 0n;
      for (let i = 0; i < a.length; i++) r = (r << BigInt(an[i]!.width)) | a[i]!;
      return r;
    }
    case 'slice':
      return (a[0]! >> BigInt(n.lo!)) & m;
    case 'ext':
      return fromBits(a[0]!, an[0]!.width, an[0]!.signed) & m;
    case 'wire':
      return a[0]!;
    default:
      throw new Error(`evalOp: '${n.op}' is not combinational`);
  }
}
