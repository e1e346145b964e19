/**
 * IR passes on meaning alone: constant folding with exact algebraic simplifications, common subexpressions, then
 * dead-code removal. Each takes and returns plain IR; the design's meaning at its ports is unchanged. Nothing here
 * knows about any backend: rewrites a backend needs before it can print a design (dsl/verilog/legalize.ts) are passed
 * to the same sweep as extra {@link Rewrite}s.
 */
import type { IRDesign, IRModule, IRNode, IRMem, IRMemWrite } from '../ir.js';
import { evalOp } from '../semantics.js';
import { hex, parseHex, mask } from '../bits.js';

/**
 * A local rewrite of a combinational node whose operands are already folded: it returns the node this one equals
 * (an alias), or rewrites `n` in place (for instance into a constant) and returns undefined, or leaves it alone.
 */
export type Rewrite = (n: IRNode, nodes: readonly IRNode[]) => number | undefined;

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
    if (n.op === 'add' || n.op === 'sub' || n.op === 'xor') {
      // x + 0 = 0 + x = x − 0 = x ^ 0 = 0 ^ x = x (same width; the result is read by its own signedness)
      for (const [k, other] of [[1, 0], [0, 1]] as const) {
        if (k === 0 && n.op === 'sub') continue;
        const c = nodes[n.args[k]!]!;
        if (c.op === 'const' && parseHex(c.value!) === 0n && nodes[n.args[other]!]!.signed === n.signed) return n.args[other];
      }
      return undefined;
    }
    if (n.op === 'shl' || n.op === 'shr' || n.op === 'sra') {
      // 0 shifted by anything is 0; x shifted by a constant 0 is x
      if (a0.op === 'const' && parseHex(a0.value!) === 0n && a0.signed === n.signed) return n.args[0];
      const amt = nodes[n.args[1]!]!;
      if (amt.op === 'const' && parseHex(amt.value!) === 0n && a0.signed === n.signed) return n.args[0];
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

const shapeOf = (n: IRNode): string => `${n.op}|${n.args.join(',')}|${n.hi ?? ''}|${n.lo ?? ''}|${n.value ?? ''}`;

/** Fold constant operations and simplify slice/ext chains; aliases are resolved in place. */
export function constFold(m: IRModule): IRModule {
  return foldWith(m, []).module;
}

/**
 * The folding sweep: operations on constants are evaluated, then the built-in simplifications and common
 * subexpressions, then the extra rewrites. With `scope: 'after-extra'` only the extra rewrites apply everywhere;
 * evaluation and the built-ins apply only downstream of what they changed (so a backend's rewrites are followed
 * through without simplifying anything else). Returns the folded module (same node indices; folded nodes stay in
 * place, their users point at what they equal), per node the node it became, and whether anything changed.
 */
export function foldWith(
  m: IRModule,
  extra: readonly Rewrite[],
  opts: { scope?: 'all' | 'after-extra' } = {},
): { module: IRModule; alias: Int32Array; changed: boolean } {
  const all = (opts.scope ?? 'all') === 'all';
  const nodes: IRNode[] = m.nodes.map((n) => ({ ...n, args: [...n.args] }));
  const alias = new Int32Array(nodes.length).map((_, i) => i);
  const res = (i: number): number => {
    while (alias[i] !== i) i = alias[i]!;
    return i;
  };
  // 'after-extra': nodes an extra rewrite changed, and everything computed from them
  const touched = new Uint8Array(nodes.length);
  const on = (i: number): boolean => all || touched[i] === 1;
  let changed = false;
  const seen = new Map<string, number>();
  // Ops only refer to earlier nodes, so one forward sweep sees folded operands.
  for (let id = 0; id < nodes.length; id++) {
    const n = nodes[id]!;
    if (!COMB.has(n.op)) continue;
    const before = n.args.join(',');
    // a named wire driven by a constant is read as that constant (the wire stays for its own readers)
    n.args = n.args.map(res).map((a) => {
      const w = nodes[a]!;
      return w.op === 'wire' && w.args.length === 1 && nodes[w.args[0]!]!.op === 'const' && on(w.args[0]!) ? w.args[0]! : a;
    });
    if (!all && (n.args.join(',') !== before || n.args.some((a) => touched[a]))) touched[id] = 1;
    if (n.args.join(',') !== before) changed = true;
    const an = n.args.map((a) => nodes[a]!);
    if (on(id) && an.every((x) => x.op === 'const')) {
      const v = evalOp(n, an.map((x) => parseHex(x.value!)), an);
      nodes[id] = { op: 'const', width: n.width, signed: n.signed, args: [], value: hex(v) };
      changed = true;
      continue;
    }
    const shape = all ? '' : shapeOf(n);
    if (on(id) && n.op === 'mux') simplifyMux(n, nodes);
    let target = on(id) ? simplify(n, nodes) : undefined;
    for (let k = 0; target === undefined && k < extra.length && COMB.has(n.op); k++) {
      target = extra[k]!(n, nodes);
      if (target !== undefined || !COMB.has(n.op)) touched[id] = 1;
    }
    if (on(id) && target === undefined) {
      // common subexpressions: one node per distinct (op, type, operands)
      const key = `${n.op}|${n.width}|${n.signed ? 1 : 0}|${n.args.join(',')}|${n.hi ?? ''}|${n.lo ?? ''}|${n.value ?? ''}`;
      const hit = seen.get(key);
      if (hit !== undefined) target = hit;
      else seen.set(key, id);
    }
    if (target !== undefined) alias[id] = target;
    if (target !== undefined || (!all && shapeOf(n) !== shape)) changed = true;
  }
  for (const n of nodes) if (!COMB.has(n.op)) n.args = n.args.map(res);
  for (const n of nodes) if (n.en !== undefined) n.en = res(n.en);
  const module: IRModule = {
    ...m,
    nodes,
    ports: m.ports.map((p) => ({ ...p, node: res(p.node) })),
    mems: m.mems.map((mm) => ({ ...mm, writes: mm.writes.map((w) => ({ ...w, addr: res(w.addr), data: res(w.data), en: res(w.en) })) })),
    instances: m.instances.map((i) => ({ ...i, inputs: i.inputs.map((x) => ({ ...x, node: res(x.node) })) })),
    ...mapProps(m, res),
  };
  return { module, alias: alias.map((_, i) => res(i)), changed };
}

/** The module's properties with their nodes renumbered (nothing when it has none). */
function mapProps(m: IRModule, r: (i: number) => number): Pick<IRModule, 'props'> {
  if (!m.props) return {};
  return { props: m.props.map((p) => ({ ...p, cond: r(p.cond), ...(p.en !== undefined ? { en: r(p.en) } : {}) })) };
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
  return deadCodeMapped(m).module;
}

/**
 * deadCode, also returning where each node and memory went: `node[i]` is node i's new index (-1: removed), `mem[j]`
 * memory j's (-1: removed).
 */
export function deadCodeMapped(m: IRModule): { module: IRModule; node: Int32Array; mem: Int32Array } {
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
  for (const p of m.props ?? []) (mark(p.cond), p.en !== undefined && mark(p.en));
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
  const module: IRModule = {
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
    ...mapProps(m, r),
  };
  return { module, node: index, mem: Int32Array.from(memIndex) };
}

/** The standard pipeline: fold, then remove dead code. */
export function optimize(d: IRDesign): IRDesign {
  return { ...d, modules: d.modules.map((m) => deadCode(constFold(m))) };
}
