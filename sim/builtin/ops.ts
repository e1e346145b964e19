/**
 * JavaScript expressions for each IR operator, for the built-in simulator's code generator.
 *
 * Value representation (the "canonical" form of a `width`-bit bit pattern), by width:
 * - narrow, width <= 32: a JS number equal to `pattern | 0`, i.e. the unsigned pattern for widths < 32 and the int32
 *   reading of the pattern for width 32. Narrow values live in an Int32Array.
 * - mid, 33 <= width <= 52: a JS number holding the unsigned pattern, 0 <= v < 2^width (exact: below 2^53, and the
 *   sum or difference of two such values is still exact). Mid values live in a Float64Array.
 * - wide, width > 52: a BigInt holding the unsigned pattern, 0 <= v < 2^width.
 * Every operator returns the canonical form of its result; signedness is applied per operand exactly as evalOp does.
 * A mid result is only ever computed from exact integers: a product whose operands together have more than 53 bits
 * goes through BigInt.
 */
import type { IRNode } from '../../dsl/ir.ts';

/** Widest narrow (Int32Array) and widest mid (Float64Array) width. */
export const NARROW_MAX = 32;
export const MID_MAX = 52;

/** Where values of a width live: `n` Int32Array, `f` Float64Array, `b` BigInt array. */
export type Rep = 'n' | 'f' | 'b';

export function repOf(width: number): Rep {
  return width <= NARROW_MAX ? 'n' : width <= MID_MAX ? 'f' : 'b';
}

/** True when a width uses the BigInt representation. */
export function isWide(width: number): boolean {
  return width > MID_MAX;
}

const isMid = (width: number): boolean => repOf(width) === 'f';

const maskNum = (w: number): number => (w >= 32 ? -1 : 2 ** w - 1);
const maskBig = (w: number): string => `0x${((1n << BigInt(w)) - 1n).toString(16)}n`;
/** 2^k as a JS literal (exact for every k used here, k <= 64). */
const pow2 = (k: number): string => String(2 ** k);

/** Canonical JS value of a bit pattern of the given width. */
export function canonical(bits: bigint, width: number): number | bigint {
  const u = BigInt.asUintN(width, bits);
  if (isWide(width)) return u;
  if (isMid(width)) return Number(u);
  return Number(BigInt.asIntN(32, u)) | 0;
}

/** A JS literal for a bit pattern. */
export function literal(bits: bigint, width: number): string {
  if (isWide(width)) return `0x${BigInt.asUintN(width, bits).toString(16)}n`;
  const v = canonical(bits, width) as number;
  return v < 0 ? `(${v})` : String(v);
}

/**
 * Helpers the generated code calls (defined once in its body; V8 inlines them at their hot call sites). `wf(v, p)`:
 * an exact integer v reduced modulo p = 2^w (v − floor(v/p)·p: every step is exact for powers of two); `af`/`sf`: the
 * same for a sum in [0, 2p) and a difference in (−p, p); `sg(v, h, p)`: the signed value of a mid pattern (h = p/2);
 * `andf`/`orf`/`xorf`: bitwise on mid values, as a high part (bits 32 and up, below 2^20) and the low 32 bits.
 */
export const MID_HELPERS = [
  'const wf=(v,p)=>v-Math.floor(v/p)*p;',
  'const af=(s,p)=>s>=p?s-p:s;',
  'const sf=(d,p)=>d<0?d+p:d;',
  'const sg=(v,h,p)=>v>=h?v-p:v;',
  'const andf=(x,y)=>((x/4294967296|0)&(y/4294967296|0))*4294967296+((x&y)>>>0);',
  'const orf=(x,y)=>((x/4294967296|0)|(y/4294967296|0))*4294967296+((x|y)>>>0);',
  'const xorf=(x,y)=>((x/4294967296|0)^(y/4294967296|0))*4294967296+((x^y)>>>0);',
].join('\n');

/** An operand: its JS expression (canonical form) and the node giving its width and signedness. */
export interface Operand {
  e: string;
  n: IRNode;
}

/** Unsigned value as a JS number (narrow). */
const u32 = (o: Operand): string => (o.n.width === 32 ? `(${o.e}>>>0)` : o.e);
/** Signed value as a JS number (narrow). */
const s32 = (o: Operand): string => (o.n.width === 32 ? o.e : `(${o.e}<<${32 - o.n.width}>>${32 - o.n.width})`);
/** Signed value of a mid operand as a JS number. */
const sgf = (o: Operand): string => `sg(${o.e},${pow2(o.n.width - 1)},${pow2(o.n.width)})`;
/** Value by the operand's own signedness as a JS number (narrow or mid: exact). */
const val = (o: Operand): string => (isMid(o.n.width) ? (o.n.signed ? sgf(o) : o.e) : o.n.signed ? s32(o) : u32(o));
/** An int32 whose bits are the low 32 bits of the operand extended by its own signedness. */
const lo32 = (o: Operand): string =>
  isWide(o.n.width) ? `Number(BigInt.asIntN(32,${o.e}))` : isMid(o.n.width) ? `(${o.e}|0)` : o.n.signed ? s32(o) : o.e;
/** Unsigned pattern as a BigInt. */
const bigU = (o: Operand): string => (isWide(o.n.width) ? o.e : isMid(o.n.width) ? `BigInt(${o.e})` : `BigInt(${u32(o)})`);
/** Value by the operand's own signedness as a BigInt. */
const bigS = (o: Operand): string =>
  isWide(o.n.width) ? (o.n.signed ? `BigInt.asIntN(${o.n.width},${o.e})` : o.e) : `BigInt(${val(o)})`;
/** Unsigned value as a JS number (exact below 2^53; larger values only need to compare as large). */
export const num = (o: Operand): string => (isWide(o.n.width) ? `Number(${o.e})` : isMid(o.n.width) ? o.e : u32(o));
/** Unsigned value as a JS number, for an operand of a mid result (narrow or mid). */
const unum = (o: Operand): string => (isMid(o.n.width) ? o.e : u32(o));
/** Reduce an integer-valued number expression (exact, |e| < 2^53) to the canonical narrow form of width w. */
const cn = (e: string, w: number): string => (w === 32 ? `(${e}|0)` : `(${e}&${maskNum(w)})`);
/** Reduce an exact integer-valued number expression to the canonical mid form of width w. */
const fcn = (e: string, w: number): string => `wf(${e},${pow2(w)})`;
const bcn = (e: string, w: number): string => `BigInt.asUintN(${w},${e})`;

/**
 * The expression computing combinational node `n` from its operands. `atom` turns an expression into a local
 * variable (for operands used more than once in the result).
 */
export function opExpr(n: IRNode, a: Operand[], atom: (e: string) => string): string {
  const w = n.width;
  const W = isWide(w);
  const F = isMid(w);
  const P = pow2(w);
  const [x, y, z] = a as [Operand, Operand, Operand];
  switch (n.op) {
    case 'add':
      return W ? bcn(`${x.e}+${y.e}`, w) : F ? `af(${x.e}+${y.e},${P})` : cn(`${x.e}+${y.e}`, w);
    case 'sub':
      return W ? bcn(`${x.e}-${y.e}`, w) : F ? `sf(${x.e}-${y.e},${P})` : cn(`${x.e}-${y.e}`, w);
    case 'mul': {
      // operands that are numbers and whose product is below 2^53 in magnitude multiply exactly as numbers
      const exact = !isWide(x.n.width) && !isWide(y.n.width) && x.n.width + y.n.width <= 53;
      if (!W && !F) return cn(`Math.imul(${lo32(x)},${lo32(y)})`, w);
      if (F) return exact ? fcn(`${val(x)}*${val(y)}`, w) : `Number(${bcn(`${bigS(x)}*${bigS(y)}`, w)})`;
      if (exact) return bcn(`BigInt(${val(x)}*${val(y)})`, w);
      return bcn(`${bigS(x)}*${bigS(y)}`, w);
    }
    case 'and':
      return F ? `andf(${x.e},${y.e})` : `(${x.e}&${y.e})`;
    case 'or':
      return F ? `orf(${x.e},${y.e})` : `(${x.e}|${y.e})`;
    case 'xor':
      return F ? `xorf(${x.e},${y.e})` : `(${x.e}^${y.e})`;
    case 'not':
      return W ? `(${x.e}^${maskBig(w)})` : F ? `(${2 ** w - 1}-${x.e})` : w === 32 ? `(~${x.e})` : `(~${x.e}&${maskNum(w)})`;
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
      if (W) return `(${k}>=${w}?0n:${bcn(`${x.e}<<BigInt(${k})`, w)})`;
      // x·2^k is exact (a power of two only moves the exponent), and so is its reduction
      if (F) return `(${k}>=${w}?0:${fcn(`${x.e}*2**${k}`, w)})`;
      return `(${k}>=${w}?0:${cn(`${x.e}<<${k}`, w)})`;
    }
    case 'shr': {
      const k = atom(num(y));
      if (W) return `(${k}>=${w}?0n:(${x.e}>>BigInt(${k})))`;
      if (F) return `(${k}>=${w}?0:Math.floor(${x.e}/2**${k}))`;
      return w === 32 ? `(${k}>=32?0:(${x.e}>>>${k})|0)` : `(${k}>=${w}?0:(${x.e}>>>${k}))`;
    }
    case 'sra': {
      const k = `Math.min(${num(y)},${w - 1})`;
      if (W) return bcn(`BigInt.asIntN(${w},${x.e})>>BigInt(${k})`, w);
      if (F) return `sf(Math.floor(${sgf({ e: x.e, n: { ...x.n, width: w } })}/2**${k}),${P})`;
      const v = s32({ e: x.e, n: { ...x.n, width: w } });
      return w === 32 ? `(${v}>>${k})` : cn(`${v}>>${k}`, w);
    }
    case 'redand': {
      const xw = x.n.width;
      return isWide(xw) ? `(${x.e}===${maskBig(xw)}?1:0)` : isMid(xw) ? `(${x.e}===${2 ** xw - 1}?1:0)` : `(${x.e}===${maskNum(xw)}?1:0)`;
    }
    case 'redor':
      return isWide(x.n.width) ? `(${x.e}!==0n?1:0)` : `(${x.e}!==0?1:0)`;
    case 'redxor':
      if (isWide(x.n.width)) return `parb(${x.e})`;
      if (isMid(x.n.width)) {
        const t = atom(x.e);
        return `par32((${t}|0)^(${t}/4294967296|0))`;
      }
      return `par32(${x.e})`;
    case 'mux':
      return `(${x.e}?${y.e}:${z.e})`;
    case 'concat': {
      if (a.length === 1) return W ? bigU(x) : F ? unum(x) : x.e;
      let sh = w;
      const parts = a.map((o) => {
        sh -= o.n.width;
        if (W) return sh === 0 ? bigU(o) : `(${bigU(o)}<<${sh}n)`;
        // a mid result: the parts' unsigned values times their place (no overlap, so + is |; exact below 2^52)
        if (F) return sh === 0 ? unum(o) : `${unum(o)}*${pow2(sh)}`;
        return sh === 0 ? o.e : `(${o.e}<<${sh})`;
      });
      return `(${parts.join(F ? '+' : '|')})`;
    }
    case 'slice': {
      const lo = n.lo!;
      const xw = x.n.width;
      if (!isWide(xw) && !isMid(xw)) {
        if (lo === 0 && w === xw) return x.e;
        return lo === 0 ? `(${x.e}&${maskNum(w)})` : `((${x.e}>>>${lo})&${maskNum(w)})`;
      }
      if (isMid(xw)) {
        if (lo === 0 && w === xw) return x.e;
        const s = lo === 0 ? x.e : `Math.floor(${x.e}/${pow2(lo)})`;
        if (F) return lo + w === xw ? s : fcn(s, w);
        return cn(s, w);
      }
      const s = lo === 0 ? x.e : `(${x.e}>>${lo}n)`;
      if (W) return bcn(s, w);
      if (F) return `Number(${bcn(s, w)})`;
      return w === 32 ? `Number(BigInt.asIntN(32,${s}))` : `Number(BigInt.asUintN(${w},${s}))`;
    }
    case 'ext': {
      const ws = x.n.width;
      // an ext to fewer bits (not made by the DSL, but meaningful in evalOp) keeps the low bits: a slice
      if (ws > w) return opExpr({ ...n, op: 'slice', hi: w - 1, lo: 0 }, a, atom);
      if (!x.n.signed && ws <= w) {
        if (W) return bigU(x);
        if (F) return unum(x);
        return x.e;
      }
      if (W) return bcn(bigS(x), w);
      if (F) return `sf(${val(x)},${P})`;
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
