/**
 * The spec interpreter's arithmetic (interp.ts): two's complement on mathematical integers and the intended meaning
 * of every operator of the fuzzer's design data, on values (a signal's value as its type reads it). Its own code: no
 * helper of the DSL or of the built-in simulator is used.
 */
import { type Node, type Ty, clampParams, litOperand } from './spec.ts';

// ---- two's complement on mathematical integers (this file's own) -------------------------------------------

const pow2 = (n: number): bigint => 1n << BigInt(n);

/** The w-bit pattern of an integer (0 <= result < 2^w). */
export function pattern(v: bigint, w: number): bigint {
  const m = pow2(w);
  const r = v % m;
  return r < 0n ? r + m : r;
}

/** The integer a w-bit pattern denotes under type t. */
export function valueOf(p: bigint, t: Ty): bigint {
  return t.s && p >= pow2(t.w - 1) ? p - pow2(t.w) : p;
}

/** An integer wrapped into the range of type t. */
export function wrap(v: bigint, t: Ty): bigint {
  return valueOf(pattern(v, t.w), t);
}

const bool = (b: boolean): bigint => (b ? 1n : 0n);

/** A designer's condition: any non-zero value is true (a 1-bit SInt -1 too). */
export const truthy = (v: bigint): boolean => v !== 0n;

/** A value converted to type t the way a designer connects it: sign first (exact), then resize (wraps when narrower). */
export function convert(v: bigint, from: Ty, to: Ty): bigint {
  const x = !to.s && from.s ? pattern(v, from.w) : v;
  return wrap(x, to);
}

// ---- operators --------------------------------------------------------------------------------------------

export function evalOp(n: Extract<Node, { k: 'op' }>, args: bigint[], types: Ty[], out: Ty): bigint {
  const a = args[0]!;
  const ta = types[0]!;
  let b = args[1]!;
  if (n.lit !== undefined) b = litOperand(n.op, ta, n.lit).v;
  const p = clampParams(n.op, ta, n.p);
  switch (n.op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'addw':
      return wrap(a + b, out);
    case 'subw':
      return wrap(a - b, out);
    // bitwise on two's complement: JS bigint & | ^ act on infinite two's complement, so equal-valued operands of any
    // width give the same bits; the result is read back in the result type
    case 'and':
      return wrap(a & b, out);
    case 'or':
      return wrap(a | b, out);
    case 'xor':
      return wrap(a ^ b, out);
    case 'eq':
      return bool(a === b);
    case 'ne':
      return bool(a !== b);
    case 'lt':
      return bool(a < b);
    case 'le':
      return bool(a <= b);
    case 'gt':
      return bool(a > b);
    case 'ge':
      return bool(a >= b);
    case 'neg':
      return -a;
    case 'not':
      return wrap(-a - 1n, out);
    case 'andR':
      return bool(pattern(a, ta.w) === pow2(ta.w) - 1n);
    case 'orR':
      return bool(a !== 0n);
    case 'xorR': {
      let x = pattern(a, ta.w);
      let par = 0n;
      for (; x > 0n; x >>= 1n) par ^= x & 1n;
      return par;
    }
    case 'asUInt':
      return pattern(a, ta.w);
    case 'asSInt':
      return valueOf(pattern(a, ta.w), { w: ta.w, s: true });
    case 'toSInt':
    case 'named':
    case 'ext':
      return a;
    case 'shl':
      return a * pow2(p[0]!);
    case 'shr': {
      // floor division by 2^n; by the whole width or more: the sign (SInt) or 0
      const k = p[0]!;
      if (k >= ta.w) return ta.s && a < 0n ? -1n : 0n;
      const d = pow2(k);
      return a >= 0n ? a / d : -((-a + d - 1n) / d);
    }
    case 'bit':
      return (pattern(a, ta.w) / pow2(p[0]!)) % 2n;
    case 'slice':
      return (pattern(a, ta.w) / pow2(p[1]!)) % pow2(p[0]! - p[1]! + 1);
    case 'rep': {
      let r = 0n;
      for (let i = 0; i < p[0]!; i++) r = r * pow2(ta.w) + pattern(a, ta.w);
      return r;
    }
    case 'trunc':
    case 'resize':
      return wrap(a, out);
    case 'shlDyn': {
      const k = pattern(b, types[1]!.w);
      return k >= BigInt(ta.w) ? 0n : wrap(a * pow2(Number(k)), ta);
    }
    case 'shrDyn': {
      const k = pattern(b, types[1]!.w);
      if (k >= BigInt(ta.w)) return ta.s && a < 0n ? -1n : 0n;
      const d = pow2(Number(k));
      if (!ta.s) return a / d;
      return a >= 0n ? a / d : -((-a + d - 1n) / d);
    }
    case 'cat': {
      let r = 0n;
      args.forEach((v, i) => (r = r * pow2(types[i]!.w) + pattern(v, types[i]!.w)));
      return r;
    }
    case 'mux':
      // both data operands keep their values (sign unification and extension are exact)
      return truthy(a) ? args[1]! : args[2]!;
  }
}

