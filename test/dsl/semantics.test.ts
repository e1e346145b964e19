/**
 * The optimizing passes keep meaning: for random combinational designs (random expression trees over every operator,
 * with constants mixed in so that folding and the slice/ext/mux/compare rewrites fire) and a few hand-written ones,
 * the outputs computed from the IR with evalOp are the same before and after constFold + deadCode, on random and
 * corner-case inputs. Each design is also checked to be constant-folded where it must be.
 */
import { describe, expect, it } from 'vitest';
import {
  constFold, deadCode, defineModule, elaborate, evalOp, In, Out, UInt, SInt, Bool, mux, cat, when, switch_,
  type HwType, type IRModule, type Signal, type ModuleBuilder,
} from '../../dsl/index.js';

// ---- an IR interpreter for combinational modules ------------------------------------------------------------

function evaluate(m: IRModule, inputs: Record<string, bigint>): Record<string, bigint> {
  const memo = new Map<number, bigint>();
  const byNode = new Map(m.ports.filter((p) => p.dir === 'input').map((p) => [p.node, inputs[p.name]!]));
  const val = (id: number): bigint => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = m.nodes[id]!;
    let r: bigint;
    if (n.op === 'input') r = byNode.get(id)!;
    else r = evalOp(n, n.args.map(val), n.args.map((a) => m.nodes[a]!));
    memo.set(id, r);
    return r;
  };
  return Object.fromEntries(m.ports.filter((p) => p.dir === 'output').map((p) => [p.name, val(p.node)]));
}

// ---- a seeded random source ---------------------------------------------------------------------------------

function rng(seed: number): () => number {
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

function randBits(r: () => number, w: number): bigint {
  let v = 0n;
  for (let i = 0; i < w; i += 16) v = (v << 16n) | BigInt(Math.floor(r() * 65536));
  return v & ((1n << BigInt(w)) - 1n);
}

/** corner values of a w-bit pattern: 0, 1, all ones, the sign bit, the largest positive */
function corners(w: number): bigint[] {
  const all = (1n << BigInt(w)) - 1n;
  const sign = 1n << BigInt(w - 1);
  return [0n, 1n & all, all, sign, sign - 1n];
}

// ---- random expression trees ----------------------------------------------------------------------------------

const MAXW = 40;

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

function checkSame(before: IRModule, after: IRModule, r: () => number, vectors: number): void {
  const ins = before.ports.filter((p) => p.dir === 'input');
  const sets: Array<Record<string, bigint>> = [];
  for (let k = 0; k < 5; k++) sets.push(Object.fromEntries(ins.map((p) => [p.name, corners(p.width)[k]!])));
  for (let k = 0; k < vectors; k++) sets.push(Object.fromEntries(ins.map((p) => [p.name, randBits(r, p.width)])));
  for (const v of sets) expect(evaluate(after, v), JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))).toEqual(evaluate(before, v));
}

describe('constFold and deadCode keep the meaning of random designs', () => {
  const SEEDS = 300;
  it(`${SEEDS} random expression designs, each on 25 input vectors`, () => {
    let folded = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(seed * 7919);
      const types = [randomType(r), randomType(r), randomType(r)];
      const D = defineModule(`rand${seed}`, { a: In(types[0]!), b: In(types[1]!), c: In(types[2]!), y: Out(UInt(MAXW + 1)), z: Out(Bool) }, (m, io) => {
        const leaves = [io.a, io.b, io.c];
        const e = randomExpr(m, r, leaves, 4);
        io.y.set(e.asUInt());
        io.z.set(randomExpr(m, r, leaves, 3).xorR());
      });
      const ir = elaborate(D, undefined).modules[0]!;
      const opt = deadCode(constFold(ir));
      if (opt.nodes.length < ir.nodes.length) folded++;
      try {
        checkSame(ir, opt, r, 20);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
    expect(folded).toBeGreaterThan(SEEDS / 2);
  });
});

describe('constFold and deadCode on hand-written designs', () => {
  it('constant subexpressions fold away, the rest keeps its meaning', () => {
    const D = defineModule('folds', { a: In(SInt(6)), b: In(UInt(5)), s: In(Bool), y: Out(SInt(12)), u: Out(UInt(5)), c: Out(Bool) }, (m, io) => {
      const k = m.const(-5, SInt(4)).mul(m.const(3, SInt(3))); // -15, folds
      const x = io.a.ext(9).ext(11).add(k.ext(11)); // ext of ext
      io.y.set(x);
      const sl = io.b.ext(9).slice(6, 0).slice(4, 1); // slice of slice of ext
      io.u.set(mux(m.const(1, Bool), sl.ext(5), io.b)); // constant select
      io.c.set(io.b.lt(0).or(io.a.le(31)).xor(io.s.not().not())); // comparisons at the ends of the range
    });
    const ir = elaborate(D, undefined).modules[0]!;
    const opt = deadCode(constFold(ir));
    expect(opt.nodes.filter((n) => n.op === 'mul')).toEqual([]);
    expect(opt.nodes.length).toBeLessThan(ir.nodes.length);
    checkSame(ir, opt, rng(5), 200);
  });

  it('lowered when/elsewhen/otherwise and switch chains keep their meaning', () => {
    const D = defineModule('chains', { op: In(UInt(2)), a: In(SInt(5)), b: In(SInt(5)), c: In(Bool), d: In(Bool), y: Out(SInt(6)), f: Out(UInt(3)) }, (m, io) => {
      const y = m.wire('yw', SInt(6), { default: -1 });
      when(io.c, () => {
        when(io.d, () => y.set(io.a.add(io.b))).otherwise(() => y.set(io.a.sub(io.b).trunc(6)));
      })
        .elsewhen(io.d, () => y.set(io.b))
        .otherwise(() => {
          when(io.a.lt(0), () => y.set(io.a.neg().trunc(6)));
        });
      io.y.set(y);
      const f = m.wire('fw', UInt(3));
      f.set(7);
      switch_(io.op)
        .is(0, () => f.set(1))
        .is([1, 3], () => {
          f.set(2);
          when(io.c, () => f.set(io.b.slice(2, 0)));
        })
        .default(() => f.set(io.a.asUInt().trunc(3)));
      io.f.set(f);
    });
    const ir = elaborate(D, undefined).modules[0]!;
    checkSame(ir, deadCode(constFold(ir)), rng(9), 300);
  });

  it('folded comparisons with different results stay different (no merging of unequal constants)', () => {
    // minimal form of a regression: lt/le rewritten to constants in place, then merged as common subexpressions
    // without regard to their values, turned `b < 0 | a <= 31` (= 1) into 0.
    const D = defineModule('cmpends', { a: In(SInt(6)), b: In(UInt(5)), y: Out(Bool) }, (_m, io) => {
      io.y.set(io.b.lt(0).or(io.a.le(31)));
    });
    const ir = elaborate(D, undefined).modules[0]!;
    const opt = deadCode(constFold(ir));
    expect(evaluate(ir, { a: 0n, b: 0n })).toEqual({ y: 1n });
    expect(evaluate(opt, { a: 0n, b: 0n })).toEqual({ y: 1n });
  });

  it('deadCode removes what reaches no output, keeps every port', () => {
    const D = defineModule('dead', { a: In(UInt(8)), b: In(UInt(8)), y: Out(UInt(8)) }, (m, io) => {
      m.named('unused', io.a.mul(io.b));
      io.y.set(io.a.xor(io.b));
    });
    const ir = elaborate(D, undefined).modules[0]!;
    const opt = deadCode(constFold(ir));
    expect(opt.nodes.some((n) => n.op === 'mul' || n.name === 'unused')).toBe(false);
    expect(opt.ports.map((p) => p.name)).toEqual(['a', 'b', 'y']);
    checkSame(ir, opt, rng(3), 50);
  });
});
