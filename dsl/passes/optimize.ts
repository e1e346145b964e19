/**
 * IR passes: constant folding with a few exact simplifications, then dead-code removal. Each takes and returns
 * plain IR; the design's meaning at its ports is unchanged.
 */
import type { IRDesign, IRModule, IRNode, IRMem, IRMemWrite } from '../ir.js';
import { evalOp } from '../semantics.js';
import { hex, parseHex, fromBits, mask } from '../bits.js';

const COMB = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor', 'not', 'eq', 'ne', 'lt', 'le', 'shl', 'shr', 'sra', 'redand', 'redor', 'redxor', 'mux', 'concat', 'slice', 'ext']);

/**
 * Exact mux rewrites that undo the shape of lowered when/otherwise chains:
 * mux(~s, a, b) -> mux(s, b, a); mux(s, mux(s, b, d), e) -> mux(s, b, e); mux(s, a, mux(s, b, d)) -> mux(s, a, d).
 */
function simplifyMux(n: IRNode, nodes: IRNode[]): void {
  const sel = nodes[n.args[0]!]!;
  if (sel.op === 'not') n.args = [sel.args[0]!, n.args[2]!, n.args[1]!];
  const s = n.args[0]!;
  const t = nodes[n.args[1]!]!;
  if (t.op === 'mux' && t.args[0] === s) n.args = [s, t.args[1]!, n.args[2]!];
  const f = nodes[n.args[2]!]!;
  if (f.op === 'mux' && f.args[0] === s) n.args = [s, n.args[1]!, f.args[2]!];
}

/**
 * The values node id can take when read with signedness S (a sound over-approximation), looking through wires,
 * extensions and low slices the way Verilator's range analysis does, so that comparisons it would prove constant
 * (and refuse as CMPCONST/UNSIGNED) are folded or left unguarded first.
 */
export function valueRange(nodes: readonly IRNode[], id: number, S: boolean, depth = 0): [bigint, bigint] {
  const n = nodes[id]!;
  const full = (w: number, s: boolean): [bigint, bigint] => (s ? [-(1n << BigInt(w - 1)), (1n << BigInt(w - 1)) - 1n] : [0n, (1n << BigInt(w)) - 1n]);
  if (depth > 24) return full(n.width, S);
  if (n.op === 'const') {
    const v = fromBits(parseHex(n.value!), n.width, S);
    return [v, v];
  }
  if (n.op === 'wire' && n.args.length === 1 && nodes[n.args[0]!]!.width === n.width) return valueRange(nodes, n.args[0]!, S, depth + 1);
  if (n.op === 'ext' && n.width > nodes[n.args[0]!]!.width) {
    const x = nodes[n.args[0]!]!;
    // zero-extension: the unsigned range of x whatever the reading; sign-extension read signed: the signed range of x
    if (!x.signed) return valueRange(nodes, n.args[0]!, false, depth + 1);
    if (S) return valueRange(nodes, n.args[0]!, true, depth + 1);
  }
  if (n.op === 'slice') {
    // a slice of a value known exactly is known exactly
    const [lo, hi] = valueRange(nodes, n.args[0]!, nodes[n.args[0]!]!.signed, depth + 1);
    if (lo === hi) {
      const v = fromBits((lo >> BigInt(n.lo!)) & ((1n << BigInt(n.width)) - 1n), n.width, S);
      return [v, v];
    }
  }
  if (n.op === 'slice' && n.lo === 0 && !S) {
    // the low bits of a value that never needs more bits than the slice keeps: the value itself
    const [lo, hi] = valueRange(nodes, n.args[0]!, false, depth + 1);
    if (lo >= 0n && hi < 1n << BigInt(n.width)) return [lo, hi];
  }
  return full(n.width, S);
}

/**
 * Exact local rewrites of slice/ext/mux chains, repeated until none applies. Returns the node this one is an alias
 * of, or undefined (the node itself may have been rewritten in place).
 */
function simplify(n: IRNode, nodes: IRNode[]): number | undefined {
  for (;;) {
    const a0 = nodes[n.args[0]!]!;
    if (n.op === 'mux') {
      if (n.args[1] === n.args[2]) return n.args[1];
      const t = nodes[n.args[1]!]!;
      const f = nodes[n.args[2]!]!;
      if (n.width === 1 && !n.signed && t.op === 'const' && f.op === 'const') {
        if (t.value === '1' && f.value === '0') return n.args[0];
        if (t.value === '0' && f.value === '1') {
          Object.assign(n, { op: 'not', args: [n.args[0]!] });
          return undefined;
        }
      }
      if (a0.op === 'const') {
        const t = parseHex(a0.value!) ? n.args[1]! : n.args[2]!;
        return nodes[t]!.signed === n.signed ? t : undefined;
      }
      return undefined;
    }
    if (n.op === 'slice') {
      if (a0.op === 'slice') {
        n.lo = a0.lo! + n.lo!;
        n.hi = a0.lo! + n.hi!;
        n.args = [a0.args[0]!];
        continue;
      }
      if (a0.op === 'ext' && n.hi! < nodes[a0.args[0]!]!.width) {
        n.args = [a0.args[0]!];
        continue;
      }
      if (n.lo === 0 && n.hi === a0.width - 1 && !a0.signed) return n.args[0];
      return undefined;
    }
    // x - x = x ^ x = 0, x & x = x | x = x, x * 0 = 0 (Verilator proves such operands constant and refuses
    // comparisons of them as UNSIGNED)
    if ((n.op === 'sub' || n.op === 'xor') && n.args[0] === n.args[1]) {
      Object.assign(n, { op: 'const', args: [], value: '0' });
      return undefined;
    }
    if ((n.op === 'and' || n.op === 'or') && n.args[0] === n.args[1]) return n.args[0];
    if (n.op === 'mul' && n.args.some((a) => nodes[a]!.op === 'const' && parseHex(nodes[a]!.value!) === 0n)) {
      Object.assign(n, { op: 'const', args: [], value: '0' });
      return undefined;
    }
    if (n.op === 'and' || n.op === 'or') {
      // x & 0 = 0, x & ~0 = x, x | 0 = x, x | ~0 = ~0
      const ones = mask(n.width);
      for (const [k, other] of [[0, 1], [1, 0]] as const) {
        const c = nodes[n.args[k]!]!;
        if (c.op !== 'const') continue;
        const v = parseHex(c.value!);
        if ((n.op === 'and' && v === ones) || (n.op === 'or' && v === 0n)) return n.args[other];
        if ((n.op === 'and' && v === 0n) || (n.op === 'or' && v === ones)) return n.args[k];
      }
      return undefined;
    }
    if ((n.op === 'shl' || n.op === 'shr') && nodes[n.args[1]!]!.op === 'const' && parseHex(nodes[n.args[1]!]!.value!) >= BigInt(n.width)) {
      // everything shifted out
      Object.assign(n, { op: 'const', args: [], value: '0' });
      return undefined;
    }
    if ((n.op === 'lt' || n.op === 'le' || n.op === 'eq' || n.op === 'ne') && n.args[0] === n.args[1]) {
      // x < x = 0, x <= x = 1, x == x = 1, x != x = 0
      Object.assign(n, { op: 'const', args: [], value: n.op === 'le' || n.op === 'eq' ? '1' : '0' });
      return undefined;
    }
    if (n.op === 'eq' || n.op === 'ne' || n.op === 'lt' || n.op === 'le') {
      // operands whose value ranges decide the comparison (x zero-extended against a constant it can never reach):
      // fold it, since Verilator would prove it constant and refuse the file (UNSIGNED/CMPCONST)
      const S = a0.signed;
      const r0 = valueRange(nodes, n.args[0]!, S);
      const r1 = valueRange(nodes, n.args[1]!, S);
      let v: bigint | undefined;
      if (n.op === 'eq' && (r0[1] < r1[0] || r1[1] < r0[0])) v = 0n;
      if (n.op === 'ne' && (r0[1] < r1[0] || r1[1] < r0[0])) v = 1n;
      if (n.op === 'lt') v = r0[1] < r1[0] ? 1n : r0[0] >= r1[1] ? 0n : undefined;
      if (n.op === 'le') v = r0[1] <= r1[0] ? 1n : r0[0] > r1[1] ? 0n : undefined;
      if (v !== undefined) {
        Object.assign(n, { op: 'const', args: [], value: hex(v) });
        return undefined;
      }
    }
    if (n.op === 'lt' || n.op === 'le') {
      // a comparison against the end of the operand's range has one answer (Verilator flags it as CMPCONST)
      const a1 = nodes[n.args[1]!]!;
      const w = a0.width;
      const lo = a0.signed ? -(1n << BigInt(w - 1)) : 0n;
      const hi = a0.signed ? (1n << BigInt(w - 1)) - 1n : (1n << BigInt(w)) - 1n;
      const cv = (x: IRNode): bigint | undefined => (x.op === 'const' ? fromBits(parseHex(x.value!), w, x.signed) : undefined);
      const c0 = cv(a0);
      const c1 = cv(a1);
      let v: bigint | undefined;
      if (n.op === 'lt' && (c1 === lo || c0 === hi)) v = 0n;
      if (n.op === 'le' && (c1 === hi || c0 === lo)) v = 1n;
      if (v !== undefined) {
        Object.assign(n, { op: 'const', args: [], value: hex(v) });
        return undefined;
      }
      return undefined;
    }
    if (n.op === 'ext') {
      if (n.width === a0.width && n.signed === a0.signed) return n.args[0];
      if (a0.op === 'ext') {
        const x = nodes[a0.args[0]!]!;
        // the inner extension's new bits equal what extending x directly by its own signedness gives
        if (a0.width === x.width ? a0.signed === x.signed : !x.signed || a0.signed) {
          n.args = [a0.args[0]!];
          continue;
        }
      }
      return undefined;
    }
    return undefined;
  }
}

/** Fold constant operations and simplify slice/ext chains; aliases are resolved in place. */
export function constFold(m: IRModule): IRModule {
  const nodes: IRNode[] = m.nodes.map((n) => ({ ...n, args: [...n.args] }));
  const alias = new Int32Array(nodes.length).map((_, i) => i);
  const res = (i: number): number => {
    while (alias[i] !== i) i = alias[i]!;
    return i;
  };
  const seen = new Map<string, number>();
  // Ops only refer to earlier nodes, so one forward sweep sees folded operands.
  for (let id = 0; id < nodes.length; id++) {
    const n = nodes[id]!;
    if (!COMB.has(n.op)) continue;
    // a named wire driven by a constant is read as that constant (the wire stays for its own readers)
    n.args = n.args.map(res).map((a) => {
      const w = nodes[a]!;
      return w.op === 'wire' && w.args.length === 1 && nodes[w.args[0]!]!.op === 'const' ? w.args[0]! : a;
    });
    const an = n.args.map((a) => nodes[a]!);
    if (an.every((x) => x.op === 'const')) {
      const v = evalOp(n, an.map((x) => parseHex(x.value!)), an);
      nodes[id] = { op: 'const', width: n.width, signed: n.signed, args: [], value: hex(v) };
      continue;
    }
    if (n.op === 'mux') simplifyMux(n, nodes);
    let target = simplify(n, nodes);
    if (target === undefined) {
      // common subexpressions: one node per distinct (op, type, operands)
      const key = `${n.op}|${n.width}|${n.signed ? 1 : 0}|${n.args.join(',')}|${n.hi ?? ''}|${n.lo ?? ''}|${n.value ?? ''}`;
      const hit = seen.get(key);
      if (hit !== undefined) target = hit;
      else seen.set(key, id);
    }
    if (target !== undefined) alias[id] = target;
  }
  for (const n of nodes) if (!COMB.has(n.op)) n.args = n.args.map(res);
  for (const n of nodes) if (n.en !== undefined) n.en = res(n.en);
  return {
    ...m,
    nodes,
    ports: m.ports.map((p) => ({ ...p, node: res(p.node) })),
    mems: m.mems.map((mm) => ({ ...mm, writes: mm.writes.map((w) => ({ ...w, addr: res(w.addr), data: res(w.data), en: res(w.en) })) })),
    instances: m.instances.map((i) => ({ ...i, inputs: i.inputs.map((x) => ({ ...x, node: res(x.node) })) })),
  };
}

/** A memory's writes that can do something: not disabled by a constant 0, not at a constant address past the end. */
function liveWritesOf(m: IRModule, mem: IRMem): IRMemWrite[] {
  return mem.writes.filter((w) => {
    const a = m.nodes[w.addr]!;
    const e = m.nodes[w.en]!;
    if (a.op === 'const' && parseHex(a.value!) >= BigInt(mem.depth)) return false;
    return !(e.op === 'const' && parseHex(e.value!) === 0n);
  });
}

/** Remove nodes that reach no output, register, memory or instance; memories never read are removed too. */
export function deadCode(m: IRModule): IRModule {
  const liveWrites = (mem: IRMem): IRMemWrite[] => liveWritesOf(m, mem);
  const live = new Uint8Array(m.nodes.length);
  const work: number[] = [];
  const mark = (i: number): void => {
    if (!live[i]) {
      live[i] = 1;
      work.push(i);
    }
  };
  const memRead = new Set<number>();
  for (const p of m.ports) mark(p.node);
  for (const i of m.instances) for (const x of i.inputs) mark(x.node);
  const drain = (): void => {
    while (work.length) {
      const n = m.nodes[work.pop()!]!;
      for (const a of n.args) mark(a);
      if (n.en !== undefined) mark(n.en);
      if (n.op === 'memread' && !memRead.has(n.mem!)) {
        memRead.add(n.mem!);
        for (const w of liveWrites(m.mems[n.mem!]!)) (mark(w.addr), mark(w.data), mark(w.en));
      }
    }
  };
  drain();
  const keepMem = m.mems.map((_, i) => memRead.has(i));
  const memIndex: number[] = [];
  let k = 0;
  for (let i = 0; i < m.mems.length; i++) memIndex.push(keepMem[i] ? k++ : -1);
  const index = new Int32Array(m.nodes.length).fill(-1);
  const nodes: IRNode[] = [];
  m.nodes.forEach((n, i) => {
    if (live[i]) {
      index[i] = nodes.length;
      nodes.push(n);
    }
  });
  const r = (i: number): number => index[i]!;
  return {
    ...m,
    nodes: nodes.map((n) => {
      const c: IRNode = { ...n, args: n.args.map(r) };
      if (n.en !== undefined) c.en = r(n.en);
      if (n.mem !== undefined) c.mem = memIndex[n.mem]!;
      return c;
    }),
    ports: m.ports.map((p) => ({ ...p, node: r(p.node) })),
    mems: m.mems.filter((_, i) => keepMem[i]).map((mm) => ({ ...mm, writes: liveWrites(mm).map((w) => ({ ...w, addr: r(w.addr), data: r(w.data), en: r(w.en) })) })),
    instances: m.instances.map((i) => ({ ...i, inputs: i.inputs.map((x) => ({ ...x, node: r(x.node) })) })),
  };
}

/** The standard pipeline: fold, then remove dead code. */
export function optimize(d: IRDesign): IRDesign {
  return { ...d, modules: d.modules.map((m) => deadCode(constFold(m))) };
}
