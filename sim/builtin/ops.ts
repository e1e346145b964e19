/**
 * JavaScript expressions for each IR operator, for the built-in simulator's code generator.
 *
 * Value representation (the "canonical" form of a `width`-bit bit pattern):
 * - width <= 32 ("narrow"): a JS number equal to `pattern | 0`, i.e. the unsigned pattern for widths < 32 and the
 *   int32 reading of the pattern for width 32. Narrow values live in an Int32Array.
 * - width > 32 ("wide"): a BigInt holding the unsigned pattern, 0 <= v < 2^width.
 * Every operator returns the canonical form of its result; signedness is applied per operand exactly as evalOp does.
 */
import type { IRNode } from '../../dsl/ir.ts';

/** True when a width uses the BigInt representation. */
export function isWide(width: number): boolean {
  return width > 32;
}

const maskNum = (w: number): number => (w >= 32 ? -1 : 2 ** w - 1);
const maskBig = (w: number): string => `0x${((1n << BigInt(w)) - 1n).toString(16)}n`;

/** Canonical JS value of a bit pattern of the given width. */
export function canonical(bits: bigint, width: number): number | bigint {
  if (isWide(width)) return BigInt.asUintN(width, bits);
  return Number(BigInt.asIntN(32, BigInt.asUintN(width, bits))) | 0;
}

/** A JS literal for a bit pattern. */
export function literal(bits: bigint, width: number): string {
  if (isWide(width)) return `0x${BigInt.asUintN(width, bits).toString(16)}n`;
  const v = canonical(bits, width) as number;
  return v < 0 ? `(${v})` : String(v);
}

/** An operand: its JS expression (canonical form) and the node giving its width and signedness. */
export interface Operand {
  e: string;
  n: IRNode;
}

/** Unsigned value as a JS number (narrow). */
const u32 = (o: Operand): string => (o.n.width === 32 ? `(${o.e}>>>0)` : o.e);
/** Signed value as a JS number (narrow). */
const s32 = (o: Operand): string => (o.n.width === 32 ? o.e : `(${o.e}<<${32 - o.n.width}>>${32 - o.n.width})`);
/** Value by the operand's own signedness as a JS number (narrow). */
const val = (o: Operand): string => (o.n.signed ? s32(o) : u32(o));
/** An int32 whose bits are the low 32 bits of the operand extended by its own signedness. */
const lo32 = (o: Operand): string => (isWide(o.n.width) ? `Number(BigInt.asIntN(32,${o.e}))` : o.n.signed ? s32(o) : o.e);
/** Unsigned pattern as a BigInt. */
const bigU = (o: Operand): string => (isWide(o.n.width) ? o.e : `BigInt(${u32(o)})`);
/** Value by the operand's own signedness as a BigInt. */
const bigS = (o: Operand): string =>
  isWide(o.n.width) ? (o.n.signed ? `BigInt.asIntN(${o.n.width},${o.e})` : o.e) : `BigInt(${val(o)})`;
/** Unsigned value as a JS number (exact below 2^53; larger values only need to compare as large). */
export const num = (o: Operand): string => (isWide(o.n.width) ? `Number(${o.e})` : u32(o));
/** Reduce an integer-valued number expression to the canonical narrow form of width w. */
const cn = (e: string, w: number): string => (w === 32 ? `(${e}|0)` : `(${e}&${maskNum(w)})`);
const bcn = (e: string, w: number): string => `BigInt.asUintN(${w},${e})`;

/**
 * The expression computing combinational node `n` from its operands. `atom` turns an expression into a local
 * variable (for operands used more than once in the result).
 */
export function opExpr(n: IRNode, a: Operand[], atom: (e: string) => string): string {
  const w = n.width;
  const W = isWide(w);
  const [x, y, z] = a as [Operand, Operand, Operand];
  switch (n.op) {
    case 'add':
      return W ? bcn(`${x.e}+${y.e}`, w) : cn(`${x.e}+${y.e}`, w);
    case 'sub':
      return W ? bcn(`${x.e}-${y.e}`, w) : cn(`${x.e}-${y.e}`, w);
    case 'mul':
      if (!W) return cn(`Math.imul(${lo32(x)},${lo32(y)})`, w);
      if (!isWide(x.n.width) && !isWide(y.n.width) && x.n.width + y.n.width <= 53) return bcn(`BigInt(${val(x)}*${val(y)})`, w);
      return bcn(`${bigS(x)}*${bigS(y)}`, w);
    case 'and':
      return `(${x.e}&${y.e})`;
    case 'or':
      return `(${x.e}|${y.e})`;
    case 'xor':
      return `(${x.e}^${y.e})`;
    case 'not':
      return W ? `(${x.e}^${maskBig(w)})` : w === 32 ? `(~${x.e})` : `(~${x.e}&${maskNum(w)})`;
    case 'eq':
      return `(${x.e}===${y.e}?1:0)`;
    case 'ne':
      return `(${x.e}!==${y.e}?1:0)`;
    case 'lt':
    case 'le': {
      const cmp = n.op === 'lt' ? '<' : '<=';
      const wide = isWide(x.n.width) || isWide(y.n.width);
      const p = wide ? bigS(x) : val(x);
      const q = wide ? bigS(y) : val(y);
      return `(${p}${cmp}${q}?1:0)`;
    }
    case 'shl': {
      const k = atom(num(y));
      return W ? `(${k}>=${w}?0n:${bcn(`${x.e}<<BigInt(${k})`, w)})` : `(${k}>=${w}?0:${cn(`${x.e}<<${k}`, w)})`;
    }
    case 'shr': {
      const k = atom(num(y));
      if (W) return `(${k}>=${w}?0n:(${x.e}>>BigInt(${k})))`;
      return w === 32 ? `(${k}>=32?0:(${x.e}>>>${k})|0)` : `(${k}>=${w}?0:(${x.e}>>>${k}))`;
    }
    case 'sra': {
      const k = `Math.min(${num(y)},${w - 1})`;
      if (W) return bcn(`BigInt.asIntN(${w},${x.e})>>BigInt(${k})`, w);
      const v = s32({ e: x.e, n: { ...x.n, width: w } });
      return w === 32 ? `(${v}>>${k})` : cn(`${v}>>${k}`, w);
    }
    case 'redand':
      return isWide(x.n.width) ? `(${x.e}===${maskBig(x.n.width)}?1:0)` : `(${x.e}===${maskNum(x.n.width)}?1:0)`;
    case 'redor':
      return isWide(x.n.width) ? `(${x.e}!==0n?1:0)` : `(${x.e}!==0?1:0)`;
    case 'redxor':
      return isWide(x.n.width) ? `parb(${x.e})` : `par32(${x.e})`;
    case 'mux':
      return `(${x.e}?${y.e}:${z.e})`;
    case 'concat': {
      if (a.length === 1) return W ? bigU(x) : x.e;
      let sh = w;
      const parts = a.map((o) => {
        sh -= o.n.width;
        if (W) return sh === 0 ? bigU(o) : `(${bigU(o)}<<${sh}n)`;
        return sh === 0 ? o.e : `(${o.e}<<${sh})`;
      });
      return `(${parts.join('|')})`;
    }
    case 'slice': {
      const lo = n.lo!;
      if (!isWide(x.n.width)) {
        if (lo === 0 && w === x.n.width) return x.e;
        return lo === 0 ? `(${x.e}&${maskNum(w)})` : `((${x.e}>>>${lo})&${maskNum(w)})`;
      }
      const s = lo === 0 ? x.e : `(${x.e}>>${lo}n)`;
      if (W) return bcn(s, w);
      return w === 32 ? `Number(BigInt.asIntN(32,${s}))` : `Number(BigInt.asUintN(${w},${s}))`;
    }
    case 'ext': {
      const ws = x.n.width;
      if (!x.n.signed && ws <= w) return W && !isWide(ws) ? bigU(x) : x.e;
      if (W) return bcn(bigS(x), w);
      return w === 32 ? lo32(x) : cn(lo32(x), w);
    }
    default:
      throw new Error(`builtin sim: no code for operator '${n.op}'`);
  }
}

/** Parity of a narrow canonical value (any int32). */
export function par32(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/** Parity of a non-negative BigInt. */
export function parb(v: bigint): number {
  let p = 0;
  while (v !== 0n) {
    p ^= par32(Number(v & 0xffffffffn));
    v >>= 32n;
  }
  return p;
}
