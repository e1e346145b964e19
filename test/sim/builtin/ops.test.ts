/** Every combinational operator of the built-in simulator against evalOp, on random values at many widths. */
import { describe, expect, it } from 'vitest';
import { evalOp } from '../../../dsl/semantics.ts';
import type { IRNode } from '../../../dsl/ir.ts';
import { Simulator } from '../../../sim/builtin/index.ts';
import { IRBuilder, interesting, rng } from './ir.ts';

const WIDTHS = [1, 2, 7, 16, 31, 32, 33, 40, 51, 52, 53, 54, 64, 65, 130];

interface Check {
  out: string;
  node: IRNode;
  args: number[];
}

/** One module with every operator on inputs a, b (width w, signedness s) and friends. */
function opsDesign(w: number, s: boolean) {
  const b = new IRBuilder();
  const checks: Check[] = [];
  const A = b.input('a', w, s);
  const B = b.input('b', w, s);
  const U = b.input('u', w, !s); // same width, other signedness
  const sel = b.input('sel', 1, false);
  const k8 = b.input('k8', 8, false); // shift amounts
  const kw = b.input('kw', 40, false); // a wide shift amount
  const n2 = b.input('n2', 13, s); // a narrow operand of another width for mul
  const wide = b.input('wide', 70, !s);
  const add = (name: string, op: IRNode['op'], width: number, signed: boolean, args: number[], extra: Partial<IRNode> = {}): void => {
    const id = b.op(op, width, signed, args, extra);
    b.output(name, id);
    checks.push({ out: name, node: b.nodes[id]!, args });
  };
  for (const op of ['add', 'sub', 'and', 'or', 'xor'] as const) add(op, op, w, s, [A, B]);
  add('not', 'not', w, s, [A]);
  for (const op of ['eq', 'ne', 'lt', 'le'] as const) {
    add(op, op, 1, false, [A, B]);
    add(`${op}_mixed`, op, 1, false, [A, U]);
  }
  for (const op of ['shl', 'shr', 'sra'] as const) {
    add(`${op}_k8`, op, w, s, [A, k8]);
    add(`${op}_kw`, op, w, s, [A, kw]);
  }
  for (const op of ['redand', 'redor', 'redxor'] as const) add(op, op, 1, false, [A]);
  add('mux', 'mux', w, s, [sel, A, B]);
  add('concat', 'concat', 2 * w + 1, false, [A, sel, B]);
  add('concat1', 'concat', w, false, [A]);
  for (const [hi, lo] of [[w - 1, 0], [w - 1, w - 1], [Math.floor(w / 2), Math.floor(w / 3)], [w - 1, Math.floor(w / 2)]] as const)
    add(`slice_${hi}_${lo}`, 'slice', hi - lo + 1, false, [A], { hi, lo });
  for (const [i, we] of [w, w + 1, 32, 33, 53, 64, 100].filter((x) => x >= w).entries()) {
    add(`ext${i}`, 'ext', we, s, [A]);
    add(`extu${i}`, 'ext', we, !s, [U]);
  }
  add('ext_same_other_sign', 'ext', w, !s, [A]);
  for (const [i, wm] of [2 * w, w, 1, 16, 32, 33, 53, 64, 90].entries()) {
    add(`mul${i}`, 'mul', wm, s, [A, B]);
    add(`mulm${i}`, 'mul', wm, s, [A, U]);
    add(`muln${i}`, 'mul', wm, s, [n2, A]);
    add(`mulw${i}`, 'mul', wm, s, [wide, A]);
  }
  return { design: b.design(`ops_${w}_${s ? 's' : 'u'}`), checks, nodes: b.nodes };
}

describe('operators against evalOp', () => {
  for (const w of WIDTHS)
    for (const s of [false, true])
      it(`width ${w} ${s ? 'signed' : 'unsigned'}`, () => {
        const { design, checks, nodes } = opsDesign(w, s);
        const sim = new Simulator(design);
        const r = rng(BigInt(w * 2 + (s ? 1 : 0) + 1));
        const inputs = design.modules[0]!.ports.filter((p) => p.dir === 'input');
        for (let trial = 0; trial < 300; trial++) {
          const vals = new Map<number, bigint>();
          for (const p of inputs) {
            let v = interesting(r, p.width);
            if (p.name === 'k8' && trial % 2 === 0) v = BigInt(Number(r(8)) % (w + 2));
            if (p.name === 'kw' && trial % 3 !== 0) v = BigInt(Number(r(8)) % (w + 2));
            vals.set(p.node, v);
            // poke half of the values as signed numbers/bigints to exercise the conversions
            const signedV = p.signed ? BigInt.asIntN(p.width, v) : v;
            sim.poke(p.name, trial % 4 === 1 && p.width <= 32 ? Number(signedV) : signedV);
          }
          for (const c of checks) {
            const expected = evalOp(c.node, c.args.map((a) => vals.get(a)!), c.args.map((a) => nodes[a]!));
            const want = c.node.signed ? BigInt.asIntN(c.node.width, expected) : expected;
            const got = sim.peek(c.out);
            if (got !== want) expect({ op: c.out, inputs: c.args.map((a) => vals.get(a)), got }).toEqual({ op: c.out, inputs: c.args.map((a) => vals.get(a)), got: want });
          }
        }
      });
});
