/**
 * Random circuits at the IR level (thousands of nodes, mixed widths, shared and chained subexpressions, registers),
 * simulated over several cycles and checked against a node-by-node interpretation with evalOp.
 */
import { describe, expect, it } from 'vitest';
import { evalOp } from '../../../dsl/semantics.ts';
import type { IRNode, Op } from '../../../dsl/ir.ts';
import { Simulator } from '../../../sim/builtin/index.ts';
import { IRBuilder, interesting, rng } from './ir.ts';

const WIDTHS = [1, 3, 8, 16, 31, 32, 33, 48, 53, 64, 65, 100, 130];

function randomDesign(seed: bigint, size: number) {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Number(r(16)) % xs.length]!;
  const b = new IRBuilder();
  const pool: number[] = [];
  for (let i = 0; i < 8; i++) pool.push(b.input(`in${i}`, pick(WIDTHS), r(1) === 1n));
  // registers: next values are connected at the end
  const regs: number[] = [];
  for (let i = 0; i < 12; i++) {
    const w = pick(WIDTHS);
    const id = b.node({ op: 'reg', width: w, signed: r(1) === 1n, args: [], name: `r${i}`, reset: 'none', value: '0' });
    regs.push(id);
    pool.push(id);
  }
  const recent = (): number => (r(2) === 0n ? pick(pool) : pool[Math.max(0, pool.length - 1 - Number(r(3)))]!);
  const ext = (x: number, w: number): number => {
    const n = b.nodes[x]!;
    return n.width === w ? x : b.op('ext', w, n.signed, [x]);
  };
  const same = (): [number, number, number] => {
    const x = recent();
    const y = recent();
    const w = Math.max(b.nodes[x]!.width, b.nodes[y]!.width);
    return [ext(x, w), ext(y, w), w];
  };
  const ops: Op[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'not', 'eq', 'ne', 'lt', 'le', 'shl', 'shr', 'sra', 'redand', 'redor', 'redxor', 'mux', 'concat', 'slice', 'ext'];
  while (b.nodes.length < size) {
    const op = pick(ops);
    const sg = r(1) === 1n;
    let id: number;
    switch (op) {
      case 'add': case 'sub': case 'and': case 'or': case 'xor': {
        const [x, y, w] = same();
        id = b.op(op, w, sg, [x, y]);
        break;
      }
      case 'eq': case 'ne': case 'lt': case 'le': {
        const [x, y] = same();
        id = b.op(op, 1, false, [x, y]);
        break;
      }
      case 'mul':
        id = b.op('mul', pick(WIDTHS), sg, [recent(), recent()]);
        break;
      case 'not': {
        const x = recent();
        id = b.op('not', b.nodes[x]!.width, sg, [x]);
        break;
      }
      case 'shl': case 'shr': case 'sra': {
        const x = recent();
        id = b.op(op, b.nodes[x]!.width, sg, [x, recent()]);
        break;
      }
      case 'redand': case 'redor': case 'redxor':
        id = b.op(op, 1, false, [recent()]);
        break;
      case 'mux': {
        const s = b.op('redxor', 1, false, [recent()]);
        const [x, y, w] = same();
        id = b.op('mux', w, sg, [s, x, y]);
        break;
      }
      case 'concat': {
        const parts = [recent(), recent(), recent()].slice(0, 2 + Number(r(1)));
        const w = parts.reduce((s, p) => s + b.nodes[p]!.width, 0);
        id = w > 200 ? parts[0]! : b.op('concat', w, false, parts);
        break;
      }
      case 'slice': {
        const x = recent();
        const w = b.nodes[x]!.width;
        const lo = Number(r(8)) % w;
        const hi = lo + (Number(r(8)) % (w - lo));
        id = b.op('slice', hi - lo + 1, false, [x], { hi, lo });
        break;
      }
      default: {
        const x = recent();
        id = ext(x, Math.min(200, b.nodes[x]!.width + Number(r(6))));
      }
    }
    if (r(4) === 0n) id = b.node({ op: 'wire', width: b.nodes[id]!.width, signed: b.nodes[id]!.signed, args: [id], name: `w${b.nodes.length}` });
    pool.push(id);
  }
  for (const reg of regs) b.nodes[reg]!.args = [ext(pick(pool.slice(-200)), b.nodes[reg]!.width)].map((x) => (b.nodes[x]!.width === b.nodes[reg]!.width ? x : reg));
  for (let i = 0; i < 60; i++) b.output(`o${i}`, i < 30 ? pool[pool.length - 1 - i]! : pick(pool));
  const d = b.design(`rnd${seed}`);
  d.modules[0]!.clock = true;
  return { d, nodes: b.nodes, r };
}

/** Node-by-node reference: combinational values from evalOp, registers from the previous cycle. */
function reference(nodes: IRNode[], inputs: Map<number, bigint>, regs: Map<number, bigint>): bigint[] {
  const v: bigint[] = [];
  const order = nodes.map((_, i) => i);
  // registers may feed nodes declared before their driver; all other operands come earlier
  for (const i of order) {
    const n = nodes[i]!;
    if (n.op === 'input') v[i] = inputs.get(i)!;
    else if (n.op === 'reg') v[i] = regs.get(i) ?? 0n;
    else v[i] = evalOp(n, n.args.map((a) => v[a]!), n.args.map((a) => nodes[a]!));
  }
  return v;
}

describe('random circuits', () => {
  for (const [seed, size] of [[1n, 300], [2n, 1500], [3n, 4000]] as const)
    it(`seed ${seed}, ${size} nodes`, () => {
      const { d, nodes, r } = randomDesign(seed, size);
      const sim = new Simulator(d);
      const ports = d.modules[0]!.ports;
      let regs = new Map<number, bigint>();
      for (let cycle = 0; cycle < 8; cycle++) {
        const inputs = new Map<number, bigint>();
        for (const p of ports.filter((q) => q.dir === 'input')) {
          const x = interesting(r, p.width);
          inputs.set(p.node, x);
          sim.poke(p.name, x);
        }
        const v = reference(nodes, inputs, regs);
        for (const p of ports.filter((q) => q.dir === 'output')) {
          const want = p.signed ? BigInt.asIntN(p.width, v[p.node]!) : v[p.node]!;
          expect(sim.peek(p.name), `${p.name} at cycle ${cycle}`).toBe(want);
        }
        nodes.forEach((n, i) => {
          if (n.name?.startsWith('w')) expect(sim.peek(n.name), n.name).toBe(n.signed ? BigInt.asIntN(n.width, v[i]!) : v[i]!);
        });
        regs = new Map(nodes.flatMap((n, i) => (n.op === 'reg' ? [[i, v[n.args[0]!]!] as [number, bigint]] : [])));
        sim.step();
      }
    });
});
