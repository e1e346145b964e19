/**
 * The optimizing passes keep meaning: for random combinational designs (random expression trees over every operator,
 * with constants mixed in so that folding and the slice/ext/mux/compare rewrites fire) and a few hand-written ones,
 * the outputs computed from the IR with evalOp are the same before and after constFold + deadCode, on random and
 * corner-case inputs. Each design is also checked to be constant-folded where it must be.
 */
import { describe, expect, it } from 'vitest';
import { constFold, deadCode, defineModule, elaborate, evalOp, In, Out, UInt, SInt, Bool, mux, when, switch_, type IRModule } from '../../dsl/index.js';
import { corners, randBits, randomDesign, rng } from '../helpers/random-design.ts';

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
      const D = randomDesign(seed);
      const ir = elaborate(D, undefined).modules[0]!;
      const opt = deadCode(constFold(ir));
      if (opt.nodes.length < ir.nodes.length) folded++;
      try {
        checkSame(ir, opt, rng(seed), 20);
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

  it('additive and shift identities fold: x+0, 0+x, x-0, x^0, 0<<k, 0>>k, x<<0 leave no operator behind', () => {
    const D = defineModule('idents', { a: In(UInt(7)), s: In(SInt(5)), k: In(UInt(3)), y: Out(UInt(7)), z: Out(SInt(5)), w: Out(UInt(7)) }, (m, io) => {
      const zero = m.const(0, UInt(7));
      io.y.set(io.a.addw(zero).subw(zero).xor(zero));
      io.z.set(m.const(0, SInt(5)).addw(io.s).shlDyn(m.const(0, UInt(2))));
      io.w.set(zero.shlDyn(io.k).or(zero.shrDyn(io.k)).addw(io.a));
    });
    const ir = elaborate(D, undefined).modules[0]!;
    const opt = deadCode(constFold(ir));
    expect(opt.nodes.filter((n) => ['add', 'sub', 'xor', 'shl', 'shr', 'sra', 'or'].includes(n.op)).map((n) => n.op)).toEqual([]);
    checkSame(ir, opt, rng(11), 200);
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
