/**
 * Flattening for the built-in simulator: the hierarchy of an {@link IRDesign} is inlined from the top into one
 * global node array. Instance boundaries disappear: a child's input node becomes a wire driven by the parent's
 * connection, an `instout` node becomes a wire driven by the child's output-port wire. Names are prefixed by the
 * instance path (`pe_0_1.acc_q`); top-level names stay plain.
 */
import type { IRDesign, IRModule, IRNode, IRPort, PropKind } from '../../dsl/ir.ts';

/** A node of the flattened design: an IR node whose operand indices (args, en) are global. */
export interface FlatNode extends IRNode {
  /** Hierarchical name (absent for temporaries). For memread nodes, `mem` indexes {@link FlatDesign.mems}. */
  path?: string;
}

/** A memory of the flattened design. */
export interface FlatMem {
  /** Hierarchical path, e.g. `u_buf.mem`. */
  path: string;
  width: number;
  depth: number;
  init?: string[];
  /** Write ports with global node indices, in declaration order (a later write to the same address wins). */
  writes: Array<{ addr: number; data: number; en: number }>;
}

/** A property of the flattened design (see IRProperty), with global node indices. */
export interface FlatProp {
  kind: PropKind;
  cond: number;
  en?: number;
  message: string;
  resetAware: boolean;
  loc?: string;
  /** instance path of the module it was written in ('' for the top) */
  scope: string;
}

/** One instance scope, for the VCD writer. */
export interface FlatScope {
  /** Instance name ('' for the top). */
  name: string;
  /** Module name. */
  module: string;
  children: FlatScope[];
  /** Global node indices of the named nodes declared directly in this scope. */
  nodes: number[];
}

/** The whole design as one graph. */
export interface FlatDesign {
  nodes: FlatNode[];
  mems: FlatMem[];
  /** Top-level ports (clk, rst excluded) with global node indices. */
  ports: IRPort[];
  /** Global node index of the implicit `rst` input, when the design has a reset. */
  rst?: number;
  clock: boolean;
  scope: FlatScope;
  /** every property of every instance, in flattening order */
  props: FlatProp[];
}

/**
 * Inline the design's hierarchy from its top module.
 * @throws Error when a module referenced by an instance is missing.
 */
export function flatten(design: IRDesign): FlatDesign {
  const byName = new Map<string, IRModule>(design.modules.map((m) => [m.name, m]));
  const top = byName.get(design.top);
  if (!top) throw new Error(`builtin sim: top module '${design.top}' not found in the design`);
  const nodes: FlatNode[] = [];
  const mems: FlatMem[] = [];
  const props: FlatProp[] = [];
  let rst: number | undefined;
  if (top.reset) {
    rst = nodes.length;
    nodes.push({ op: 'input', width: 1, signed: false, args: [], name: 'rst', path: 'rst' });
  }

  /** Inline module m; `inputs` maps the module's input port names to global drivers (absent for the top). */
  const inline = (m: IRModule, prefix: string, inputs: Map<string, number> | undefined, scope: FlatScope): Map<string, number> => {
    const base = nodes.length;
    const g = (i: number): number => base + i;
    // Reserve the global indices of this module's nodes first, so that args can be mapped directly.
    for (const n of m.nodes) {
      const c: FlatNode = { ...n, args: n.args.map(g) };
      if (n.en !== undefined) c.en = g(n.en);
      if (n.name !== undefined) {
        c.path = prefix + n.name;
        scope.nodes.push(nodes.length);
      }
      nodes.push(c);
    }
    for (const p of m.props ?? []) {
      const fp: FlatProp = { kind: p.kind, cond: g(p.cond), message: p.message, resetAware: p.resetAware, scope: prefix.replace(/\.$/, '') };
      if (p.en !== undefined) fp.en = g(p.en);
      if (p.loc !== undefined) fp.loc = p.loc;
      props.push(fp);
    }
    const memBase = mems.length;
    for (const mem of m.mems) {
      const fm: FlatMem = { path: prefix + mem.name, width: mem.width, depth: mem.depth, writes: mem.writes.map((w) => ({ addr: g(w.addr), data: g(w.data), en: g(w.en) })) };
      if (mem.init) fm.init = mem.init;
      mems.push(fm);
    }
    for (let i = 0; i < m.nodes.length; i++) {
      const c = nodes[base + i]!;
      if (c.op === 'memread') c.mem = memBase + c.mem!;
    }
    if (inputs) {
      for (const p of m.ports) {
        if (p.dir !== 'input') continue;
        const drv = inputs.get(p.name);
        if (drv === undefined) throw new Error(`builtin sim: input '${p.name}' of '${prefix}' is not connected`);
        const c = nodes[g(p.node)]!;
        c.op = 'wire';
        c.args = [drv];
      }
    }
    // Child instances: inline each, then turn instout nodes into wires of the child's outputs.
    const outs = m.instances.map((inst) => {
      const child = byName.get(inst.module);
      if (!child) throw new Error(`builtin sim: module '${inst.module}' of instance '${prefix}${inst.name}' not found`);
      const sc: FlatScope = { name: inst.name, module: child.name, children: [], nodes: [] };
      scope.children.push(sc);
      const map = new Map(inst.inputs.map((x) => [x.port, g(x.node)]));
      return inline(child, `${prefix}${inst.name}.`, map, sc);
    });
    for (let i = 0; i < m.nodes.length; i++) {
      const c = nodes[base + i]!;
      if (c.op !== 'instout') continue;
      const drv = outs[c.inst!]!.get(c.port!);
      if (drv === undefined) throw new Error(`builtin sim: instance output '${c.port}' of '${prefix}${m.instances[c.inst!]!.name}' not found`);
      c.op = 'wire';
      c.args = [drv];
      delete c.inst;
      delete c.port;
    }
    const result = new Map<string, number>();
    for (const p of m.ports) if (p.dir === 'output') result.set(p.name, g(p.node));
    return result;
  };

  const scope: FlatScope = { name: '', module: top.name, children: [], nodes: [] };
  if (rst !== undefined) scope.nodes.push(rst);
  const base = nodes.length;
  inline(top, '', undefined, scope);
  const ports = top.ports.map((p) => ({ ...p, node: base + p.node }));
  const out: FlatDesign = { nodes, mems, ports, clock: top.clock, scope, props };
  if (rst !== undefined) out.rst = rst;
  return out;
}
