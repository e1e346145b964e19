/**
 * Random combinational designs for the pass tests: seeded random expression trees over every DSL operator, with
 * constants mixed in (often at the ends of their range) so that constant folding and the rewrites fire.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, cat, type HwType, type Signal, type ModuleBuilder, type ModuleDef, type PortSpec } from '../../dsl/index.js';

// ---- a seeded random source ---------------------------------------------------------------------------------

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

export function randBits(r: () => number, w: number): bigint {
  let v = 0n;
  for (let i = 0; i < w; i += 16) v = (v << 16n) | BigInt(Math.floor(r() * 65536));
  return v & ((1n << BigInt(w)) - 1n);
}

/** corner values of a w-bit pattern: 0, 1, all ones, the sign bit, the largest positive */
export function corners(w: number): bigint[] {
  const all = (1n << BigInt(w)) - 1n;
  const sign = 1n << BigInt(w - 1);
  return [0n, 1n & all, all, sign, sign - 1n];
}

// ---- random expression trees ----------------------------------------------------------------------------------

export const MAXW = 40;

function randomType(r: () => number): HwType {
  const w = 1 + Math.floor(r() * (r() < 0.3 ? 3 : 12));
  return r() < 0.5 ? UInt(w) : SInt(w);
}

function randConst(m: ModuleBuilder, r: () => number, t: HwType): Signal {
  const bits = r() < 0.5 ? corners(t.width)[Math.floor(r() * 5)]! : randBits(r, t.width);
  const v = t.signed && bits >> BigInt(t.width - 1) ? bits - (1n << BigInt(t.width)) : bits;
  return m.const(v, t);
}

/** Bring b to a's signedness (reinterpreting) and, for bitwise ops, to a's width. */
function like(a: Signal, b: Signal, sameWidth: boolean): Signal {
  let x = a.signed ? b.asSInt() : b.asUInt();
  if (sameWidth) x = x.resize(a.width);
  return x;
}

function cap(s: Signal): Signal {
  return s.width > MAXW ? s.trunc(MAXW) : s;
}

function randomExpr(m: ModuleBuilder, r: () => number, leaves: Signal[], depth: number): Signal {
  if (depth === 0 || r() < 0.15) return r() < 0.7 ? leaves[Math.floor(r() * leaves.length)]! : randConst(m, r, randomType(r));
  const a = randomExpr(m, r, leaves, depth - 1);
  const b = () => randomExpr(m, r, leaves, depth - 1);
  const k = Math.floor(r() * 31);
  const w = a.width;
  const int = (n: number): number => Math.floor(r() * n);
  switch (k) {
    case 0: return cap(a.add(like(a, b(), false)));
    case 1: return a.addw(like(a, b(), false));
    case 2: return cap(a.sub(like(a, b(), false)));
    case 3: return a.subw(like(a, b(), false));
    case 4: return cap(a.trunc(Math.min(w, 8)).mul(like(a, b(), false).resize(Math.min(w, 6))));
    case 5: return cap(a.neg());
    case 6: return a.and(like(a, b(), true));
    case 7: return a.or(like(a, b(), true));
    case 8: return a.xor(like(a, b(), true));
    case 9: return a.not();
    case 10: return a.eq(like(a, b(), false));
    case 11: return a.ne(like(a, b(), false));
    case 12: return a.lt(like(a, b(), false));
    case 13: return a.le(like(a, b(), false));
    case 14: return a.gt(like(a, b(), false));
    case 15: return a.ge(like(a, b(), false));
    case 16: return cap(a.shl(int(5)));
    case 17: return a.shr(int(w + 2));
    case 18: return a.shlDyn(b().asUInt().trunc(1).resize(1 + int(4)));
    case 19: return a.shrDyn(b().asUInt().resize(1 + int(4)));
    case 20: {
      const hi = int(w);
      return a.slice(hi, int(hi + 1));
    }
    case 21: return cap(cat(a, b()));
    case 22: return cap(a.rep(1 + int(3)));
    case 23: return [a.andR(), a.orR(), a.xorR()][int(3)]!;
    case 24: return mux(b().orR(), a, like(a, b(), true));
    case 25: return a.ext(Math.min(MAXW, w + int(6)));
    case 26: return a.trunc(1 + int(w));
    case 27: return a.resize(1 + int(2 * w));
    case 28: return [a.asUInt(), a.asSInt(), cap(a.toSInt())][int(3)]!;
    case 29: {
      // a comparison against a constant of the operand's own type, often at an end of its range
      const c = randConst(m, r, a.type);
      return [a.lt(c), a.le(c), a.gt(c), a.ge(c), a.eq(c), c.lt(a), c.le(a)][int(7)]!;
    }
    default: {
      // a constant-select mux and a mux on a negated select: shapes the mux rewrites look for
      const s = b().orR();
      return r() < 0.5 ? mux(m.const(int(2), Bool), a, like(a, b(), true)) : mux(s.not(), a, mux(s.not(), like(a, b(), true), a));
    }
  }
}

/** Random design number `seed`: inputs a, b, c of random types; outputs y (an expression of depth 4) and z. */
export function randomDesign(seed: number, name = `rand${seed}`): ModuleDef<void, PortSpec> {
  const r = rng(seed * 7919);
  const types = [randomType(r), randomType(r), randomType(r)];
  return defineModule(name, { a: In(types[0]!), b: In(types[1]!), c: In(types[2]!), y: Out(UInt(MAXW + 1)), z: Out(Bool) }, (m, io) => {
    const leaves = [io.a, io.b, io.c];
    io.y.set(randomExpr(m, r, leaves, 4).asUInt());
    io.z.set(randomExpr(m, r, leaves, 3).xorR());
  }) as unknown as ModuleDef<void, PortSpec>;
}
