/**
 * Building a {@link DesignSpec} with the DSL, converting operands as a designer would: mixed signedness through
 * .toSInt() of the unsigned operand, differing widths through .ext(), conditions through .orR() (or .asUInt() for an
 * SInt(1)), connections through a sign conversion and .resize(). Every node's DSL type is checked against
 * {@link inferTypes}: a difference means the DSL does not follow its documented width rules.
 */
import { defineModule, In, Out, UInt, SInt, mux, cat, when, switch_, type ModuleDef, type Signal, type HwType, type Memory, type Reg } from '../../dsl/index.ts';
import type { ModuleBuilder } from '../../dsl/builder.ts';
import { type DesignSpec, type Ty, type Stmt, type Node, type BinaryOp, inferTypes, clampParams, wrapTo, addrWidth, litOperand } from './spec.ts';

const hw = (t: Ty): HwType => (t.s ? SInt(t.w) : UInt(t.w));

function sameSign(a: Signal, b: Signal): [Signal, Signal] {
  if (a.signed === b.signed) return [a, b];
  return a.signed ? [a, b.toSInt()] : [a.toSInt(), b];
}

function sameType(a: Signal, b: Signal): [Signal, Signal] {
  const [x, y] = sameSign(a, b);
  const w = Math.max(x.width, y.width);
  return [x.ext(w), y.ext(w)];
}

/** A designer's Bool from any signal. */
export function toBool(x: Signal): Signal {
  if (x.width === 1) return x.signed ? x.asUInt() : x;
  return x.orR();
}

/** A value converted to type t: sign first, then resize. */
export function fit(x: Signal, t: Ty): Signal {
  let v = x;
  if (t.s && !v.signed) v = v.toSInt();
  if (!t.s && v.signed) v = v.asUInt();
  return v.resize(t.w);
}

function binary(op: BinaryOp, a: Signal, b: Signal | bigint): Signal {
  let x = a;
  let y: Signal | bigint = b;
  if (typeof y !== 'bigint') {
    if (op === 'and' || op === 'or' || op === 'xor') [x, y] = sameType(x, y);
    else [x, y] = sameSign(x, y);
  }
  switch (op) {
    case 'add':
      return x.add(y);
    case 'addw':
      return x.addw(y);
    case 'sub':
      return x.sub(y);
    case 'subw':
      return x.subw(y);
    case 'mul':
      return x.mul(y);
    case 'and':
      return x.and(y);
    case 'or':
      return x.or(y);
    case 'xor':
      return x.xor(y);
    case 'eq':
      return x.eq(y);
    case 'ne':
      return x.ne(y);
    case 'lt':
      return x.lt(y);
    case 'le':
      return x.le(y);
    case 'gt':
      return x.gt(y);
    case 'ge':
      return x.ge(y);
  }
}

function buildOp(m: ModuleBuilder, n: Extract<Node, { k: 'op' }>, sig: Signal[], idx: number): Signal {
  const a = sig[n.a[0]!]!;
  const p = clampParams(n.op, a.type.width ? { w: a.width, s: a.signed } : { w: 1, s: false }, n.p);
  switch (n.op) {
    case 'add':
    case 'addw':
    case 'sub':
    case 'subw':
    case 'mul':
    case 'and':
    case 'or':
    case 'xor':
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return binary(n.op, a, n.lit !== undefined ? litOperand(n.op, { w: a.width, s: a.signed }, n.lit).v : sig[n.a[1]!]!);
    case 'neg':
      return a.neg();
    case 'not':
      return a.not();
    case 'andR':
      return a.andR();
    case 'orR':
      return a.orR();
    case 'xorR':
      return a.xorR();
    case 'asUInt':
      return a.asUInt();
    case 'asSInt':
      return a.asSInt();
    case 'toSInt':
      return a.toSInt();
    case 'named':
      return m.named(`n${idx}`, a);
    case 'shl':
      return a.shl(p[0]!);
    case 'shr':
      return a.shr(p[0]!);
    case 'bit':
      return a.bit(p[0]!);
    case 'slice':
      return a.slice(p[0]!, p[1]!);
    case 'rep':
      return a.rep(p[0]!);
    case 'ext':
      return a.ext(p[0]!);
    case 'trunc':
      return a.trunc(p[0]!);
    case 'resize':
      return a.resize(p[0]!);
    case 'shlDyn':
    case 'shrDyn': {
      const b = sig[n.a[1]!]!;
      const amt = b.signed ? b.asUInt() : b;
      return n.op === 'shlDyn' ? a.shlDyn(amt) : a.shrDyn(amt);
    }
    case 'cat': {
      const parts = n.a.map((i) => sig[i]!);
      return parts.length === 1 ? parts[0]!.cat() : cat(...parts);
    }
    case 'mux': {
      const [t, f] = sameType(sig[n.a[1]!]!, sig[n.a[2]!]!);
      return mux(toBool(a), t, f);
    }
  }
}

const sameTy = (s: Signal, t: Ty): boolean => s.width === t.w && s.signed === t.s;

/** Words of a memory spec as bigints of its type. */
export function memWords(data: string[], t: Ty): bigint[] {
  return data.map((v) => wrapTo(BigInt(v), t));
}

/**
 * The DSL definition of a design. `defs` caches definitions by module name (children are defined once).
 * Port names: inputs i0.., outputs o0..; registers r<i>, memories mem<i>, instances u<i>.
 */
export function defineDesign(d: DesignSpec, defs: Map<string, ModuleDef<void, any>> = new Map()): ModuleDef<void, any> {
  const hit = defs.get(d.name);
  if (hit) return hit;
  const children = d.children.map((c) => defineDesign(c, defs));
  const types = inferTypes(d);
  const ports: Record<string, ReturnType<typeof In> | ReturnType<typeof Out>> = {};
  d.ins.forEach((t, i) => (ports[`i${i}`] = In(hw(t))));
  types.outs.forEach((t, i) => (ports[`o${i}`] = Out(hw(t))));
  const def = defineModule(d.name, ports, (m, io: any) => {
    const sig: Signal[] = [];
    const regs: Reg[] = [];
    const regEn: Array<Signal | undefined> = [];
    d.regs.forEach((r, i) => {
      const en = r.en !== undefined ? m.wire(`re${i}`, UInt(1)) : undefined;
      regEn.push(en);
      regs.push(m.reg(`r${i}`, hw(r.t), { reset: r.reset, init: wrapTo(BigInt(r.init), r.t), ...(en ? { enable: en } : {}) }));
    });
    const mems: Memory[] = d.mems.map((mm, i) => {
      const words = memWords(mm.data, mm.t);
      if (mm.kind === 'rom') return m.rom(`mem${i}`, hw(mm.t), words);
      if (mm.kind === 'init') return m.mem(`mem${i}`, hw(mm.t), mm.depth, { init: words });
      return m.mem(`mem${i}`, hw(mm.t), mm.depth);
    });
    const insts: any[] = d.insts.map((x, i) => m.instance(`u${i}`, children[x.child]!, undefined));
    const addrOf = (mi: number, x: Signal): Signal => {
      const aw = addrWidth(d.mems[mi]!.depth);
      return (x.signed ? x.asUInt() : x).resize(aw);
    };
    const runStmts = (ss: Stmt[], self: any): void => {
      for (const s of ss) {
        switch (s.k) {
          case 'set': {
            const target = s.r === -1 ? self : regs[s.r]!;
            target.set(fit(sig[s.v]!, { w: target.width, s: target.signed }));
            break;
          }
          case 'memw': {
            const mt = d.mems[s.mem]!.t;
            mems[s.mem]!.write(addrOf(s.mem, sig[s.addr]!), fit(sig[s.data]!, mt), s.en !== undefined ? toBool(sig[s.en]!) : undefined);
            break;
          }
          case 'when': {
            let chain = when(toBool(sig[s.arms[0]!.c]!), () => runStmts(s.arms[0]!.body, self));
            for (const arm of s.arms.slice(1)) chain = chain.elsewhen(toBool(sig[arm.c]!), () => runStmts(arm.body, self));
            if (s.other) chain.otherwise(() => runStmts(s.other!, self));
            break;
          }
          case 'switch': {
            const sel = sig[s.sel]!;
            const st = { w: sel.width, s: sel.signed };
            let sw = switch_(sel);
            for (const c of s.cases) sw = sw.is(c.vals.map((v) => wrapTo(BigInt(v), st)), () => runStmts(c.body, self));
            if (s.dflt) sw.default(() => runStmts(s.dflt!, self));
            break;
          }
        }
      }
    };
    d.nodes.forEach((n, i) => {
      let s: Signal;
      switch (n.k) {
        case 'in':
          s = io[`i${n.i}`];
          break;
        case 'const':
          s = m.const(wrapTo(BigInt(n.v), n.t), hw(n.t));
          break;
        case 'reg':
          s = regs[n.r]!;
          break;
        case 'rd':
          s = mems[n.mem]!.read(addrOf(n.mem, sig[n.addr]!), { name: `rd${i}`, ...(n.en !== undefined ? { en: toBool(sig[n.en]!) } : {}) });
          break;
        case 'cw': {
          const w = m.wire(`w${i}`, hw(n.t), { default: fit(sig[n.def]!, n.t) });
          runStmts(n.body, w);
          s = w;
          break;
        }
        case 'io':
          s = insts[n.inst][`o${n.port}`];
          break;
        case 'op':
          s = buildOp(m, n, sig, i);
          break;
      }
      if (!sameTy(s, types.nodes[i]!))
        throw new Error(
          `fuzz: type inference mismatch at node ${i} (${JSON.stringify(n)}): DSL gives ${s.signed ? 'SInt' : 'UInt'}(${s.width}), ` +
            `expected ${types.nodes[i]!.s ? 'SInt' : 'UInt'}(${types.nodes[i]!.w})`,
        );
      sig.push(s);
    });
    d.regs.forEach((r, i) => {
      if (r.next !== undefined) regs[i]!.set(fit(sig[r.next]!, r.t));
      if (r.en !== undefined) (regEn[i] as any).set(toBool(sig[r.en]!));
    });
    runStmts(d.stmts, undefined);
    d.insts.forEach((x, i) => {
      const child = d.children[x.child]!;
      x.ins.forEach((ref, k) => insts[i][`i${k}`].set(fit(sig[ref]!, child.ins[k]!)));
    });
    d.outs.forEach((o, k) => io[`o${k}`].set(sig[o]!));
  });
  defs.set(d.name, def);
  return def;
}

/** Memory preloads of a design ('ram' memories), as hierarchical paths below `prefix` (e.g. "d3."). */
export function preloadsOf(d: DesignSpec, prefix = ''): Array<{ path: string; words: bigint[]; width: number }> {
  const out: Array<{ path: string; words: bigint[]; width: number }> = [];
  d.mems.forEach((mm, i) => {
    if (mm.kind !== 'ram') return;
    // the harness writes two's complement hex of `width` bits; pass unsigned patterns
    out.push({ path: `${prefix}mem${i}`, words: mm.data.map((v) => BigInt.asUintN(mm.t.w, BigInt(v))), width: mm.t.w });
  });
  d.insts.forEach((x, i) => out.push(...preloadsOf(d.children[x.child]!, `${prefix}u${i}.`)));
  return out;
}
