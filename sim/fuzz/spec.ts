/**
 * A random design as plain data (JSON-serialisable): a flat list of nodes where each node refers to earlier nodes by
 * index, plus registers, memories, child instances, conditional statements and outputs. build.ts turns it into a DSL
 * module; shrink.ts edits it. Operand conversions (sign, width, Bool) are not part of the data: build.ts applies them
 * the way a designer would, from the operand types, so any edit that keeps references valid gives a legal design.
 *
 * Ordering invariant: a node refers only to nodes with a smaller index; an instance's inputs refer only to nodes
 * before its first output node. Registers, top-level statements, memory writes and outputs may refer to any node.
 * This keeps every design free of combinational loops, and shrinking edits preserve it (they only replace a
 * reference by a smaller one or by a new constant).
 */

export interface Ty {
  w: number;
  s: boolean;
}

export const BINARY_OPS = ['add', 'addw', 'sub', 'subw', 'mul', 'and', 'or', 'xor', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export const UNARY_OPS = ['neg', 'not', 'andR', 'orR', 'xorR', 'asUInt', 'asSInt', 'toSInt', 'named'] as const;
export const PARAM_OPS = ['shl', 'shr', 'bit', 'slice', 'rep', 'ext', 'trunc', 'resize'] as const;
export const OTHER_OPS = ['shlDyn', 'shrDyn', 'cat', 'mux'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];
export type OpName = BinaryOp | (typeof UNARY_OPS)[number] | (typeof PARAM_OPS)[number] | (typeof OTHER_OPS)[number];
export const ALL_OPS: readonly OpName[] = [...BINARY_OPS, ...UNARY_OPS, ...PARAM_OPS, ...OTHER_OPS];

export type Node =
  /** input port i */
  | { k: 'in'; i: number }
  /** m.const(v, t); v is a decimal bigint string that fits t */
  | { k: 'const'; t: Ty; v: string }
  /** an operator; `lit` (decimal) replaces the second operand of a binary op by a number literal */
  | { k: 'op'; op: OpName; a: number[]; p?: number[]; lit?: string }
  /** the current value of register r */
  | { k: 'reg'; r: number }
  /** a synchronous read port of memory `mem` */
  | { k: 'rd'; mem: number; addr: number; en?: number }
  /** a wire with a default value, overridden by the statements of body (targets: r = -1, the wire itself) */
  | { k: 'cw'; t: Ty; def: number; body: Stmt[] }
  /** output `port` of child instance `inst` */
  | { k: 'io'; inst: number; port: number };

export type Stmt =
  /** connect value v to register r (r = -1: the enclosing conditional wire) */
  | { k: 'set'; r: number; v: number }
  | { k: 'memw'; mem: number; addr: number; data: number; en?: number }
  | { k: 'when'; arms: Array<{ c: number; body: Stmt[] }>; other?: Stmt[] }
  | { k: 'switch'; sel: number; cases: Array<{ vals: string[]; body: Stmt[] }>; dflt?: Stmt[] };

export type ResetKind = 'sync' | 'async' | 'none';

export interface RegSpec {
  t: Ty;
  reset: ResetKind;
  /** reset value, decimal */
  init: string;
  en?: number;
  next?: number;
}

export interface MemSpec {
  t: Ty;
  depth: number;
  /** ram: contents preloaded through the simulators; init: m.mem(..., {init}); rom: m.rom(...) (no writes) */
  kind: 'ram' | 'init' | 'rom';
  /** decimal words (ram: the preload; init/rom: the initial contents) */
  data: string[];
}

export interface InstSpec {
  child: number;
  ins: number[];
}

export interface DesignSpec {
  name: string;
  ins: Ty[];
  nodes: Node[];
  regs: RegSpec[];
  mems: MemSpec[];
  insts: InstSpec[];
  stmts: Stmt[];
  outs: number[];
  children: DesignSpec[];
}

export const clone = <T>(x: T): T => structuredClone(x);

// ---- typing: the DSL width rules (signal.ts) plus the fuzzer's conversions (build.ts) -------------------------

/** Both operands converted to one signedness: the unsigned one through toSInt() (exact). */
export function unifySign(a: Ty, b: Ty): [Ty, Ty] {
  if (a.s === b.s) return [a, b];
  return a.s ? [a, { w: b.w + 1, s: true }] : [{ w: a.w + 1, s: true }, b];
}

/** Parameters clamped to legal values for an operand of type a (build.ts uses the same clamps). */
export function clampParams(op: OpName, a: Ty, p: number[] = []): number[] {
  const w = a.w;
  switch (op) {
    case 'shl':
    case 'shr':
      return [Math.max(0, p[0] ?? 0)];
    case 'bit':
      return [Math.abs(p[0] ?? 0) % w];
    case 'slice': {
      const hi = Math.min(Math.abs(p[0] ?? 0), w - 1);
      const lo = Math.min(Math.abs(p[1] ?? 0), hi);
      return [hi, lo];
    }
    case 'rep':
      return [Math.max(1, Math.min(p[0] ?? 1, Math.floor(256 / w)))];
    case 'ext':
      return [Math.max(w, p[0] ?? w)];
    case 'trunc':
      return [Math.max(1, Math.min(w, p[0] ?? w))];
    case 'resize':
      return [Math.max(1, p[0] ?? w)];
    default:
      return [];
  }
}

export const BOOL: Ty = { w: 1, s: false };

/** Ops whose number operand takes the width it needs (dsl/signal.ts liftExact); the others wrap it to the signal's type. */
export const EXACT_LIT_OPS: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** The literal operand of a binary op as the DSL gets it, and the type the DSL gives it. */
export function litOperand(op: OpName, a: Ty, lit: string): { v: bigint; t: Ty } {
  if (!EXACT_LIT_OPS.has(op)) {
    const v = wrapTo(BigInt(lit), a);
    return { v, t: a };
  }
  let v = BigInt(lit);
  if (!a.s && v < 0n) v = -v;
  const need = minWidth(v, a.s);
  return { v, t: { w: op === 'mul' ? need : Math.max(need, a.w), s: a.s } };
}

/** Result type of an operator node given its operand types (`lit`: the second operand is a number literal). */
export function opType(op: OpName, args: Ty[], p: number[] | undefined, lit?: string): Ty {
  const a = args[0]!;
  const b = lit !== undefined ? litOperand(op, a, lit).t : args[1]!;
  const [ua, ub] = b ? unifySign(a, b) : [a, a];
  const max = Math.max(ua.w, ub.w);
  const cp = clampParams(op, a, p);
  switch (op) {
    case 'add':
      return { w: max + 1, s: ua.s };
    case 'addw':
      return { w: max, s: ua.s };
    case 'sub':
      return { w: max + 1, s: true };
    case 'subw':
      return { w: max, s: ua.s };
    case 'mul':
      return { w: ua.w + ub.w, s: ua.s };
    case 'and':
    case 'or':
    case 'xor':
      return { w: max, s: ua.s };
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return BOOL;
    case 'neg':
      return { w: a.w + 1, s: true };
    case 'not':
    case 'named':
    case 'shlDyn':
    case 'shrDyn':
      return a;
    case 'andR':
    case 'orR':
    case 'xorR':
      return BOOL;
    case 'asUInt':
      return { w: a.w, s: false };
    case 'asSInt':
      return { w: a.w, s: true };
    case 'toSInt':
      return a.s ? a : { w: a.w + 1, s: true };
    case 'shl':
      return { w: a.w + cp[0]!, s: a.s };
    case 'shr': {
      const n = cp[0]!;
      if (n === 0) return a;
      if (n >= a.w) return { w: 1, s: a.s };
      return { w: a.w - n, s: a.s };
    }
    case 'bit':
      return BOOL;
    case 'slice':
      return { w: cp[0]! - cp[1]! + 1, s: false };
    case 'rep':
      return { w: a.w * cp[0]!, s: false };
    case 'ext':
    case 'trunc':
    case 'resize':
      return { w: cp[0]!, s: a.s };
    case 'cat':
      return { w: args.reduce((s, t) => s + t.w, 0), s: false };
    case 'mux': {
      const [t, f] = unifySign(args[1]!, args[2]!);
      return { w: Math.max(t.w, f.w), s: t.s };
    }
  }
}

/** The type of every node and every output of a design (children typed recursively). */
export function inferTypes(d: DesignSpec): { nodes: Ty[]; outs: Ty[] } {
  const childOuts = d.children.map((c) => inferTypes(c).outs);
  const nodes: Ty[] = [];
  for (const n of d.nodes) nodes.push(nodeType(d, n, nodes, childOuts));
  return { nodes, outs: d.outs.map((o) => nodes[o]!) };
}

function nodeType(d: DesignSpec, n: Node, prev: Ty[], childOuts: Ty[][]): Ty {
  switch (n.k) {
    case 'in':
      return d.ins[n.i]!;
    case 'const':
      return n.t;
    case 'reg':
      return d.regs[n.r]!.t;
    case 'rd':
      return d.mems[n.mem]!.t; // read ports of an SInt memory are SInt (dsl/builder.ts)
    case 'cw':
      return n.t;
    case 'io':
      return childOuts[d.insts[n.inst]!.child]![n.port]!;
    case 'op':
      return opType(n.op, n.a.map((i) => prev[i]!), n.p, n.lit);
  }
}

/** Address width of a memory: ceil(log2(depth)), at least 1 (as dsl/memory.ts). */
export function addrWidth(depth: number): number {
  let w = 0;
  while (1 << w < depth) w++;
  return Math.max(1, w);
}

/** Smallest width that holds v (at least 1), as dsl/bits.ts. */
export function minWidth(v: bigint, signed: boolean): number {
  let w = 1;
  while (signed ? v < -(1n << BigInt(w - 1)) || v >= 1n << BigInt(w - 1) : v >= 1n << BigInt(w)) w++;
  return w;
}

/** Wrap a value into the range of a type (two's complement). */
export function wrapTo(v: bigint, t: Ty): bigint {
  return t.s ? BigInt.asIntN(t.w, v) : BigInt.asUintN(t.w, v);
}

// ---- walking statements --------------------------------------------------------------------------------------

/** Visit every statement, with the node refs of the conditions enclosing it. */
export function walkStmts(stmts: Stmt[], f: (s: Stmt, guards: number[]) => void, guards: number[] = []): void {
  for (const s of stmts) {
    f(s, guards);
    if (s.k === 'when') {
      const taken: number[] = [];
      for (const arm of s.arms) {
        taken.push(arm.c);
        walkStmts(arm.body, f, [...guards, ...taken]);
      }
      if (s.other) walkStmts(s.other, f, [...guards, ...taken]);
    } else if (s.k === 'switch') {
      for (const c of s.cases) walkStmts(c.body, f, [...guards, s.sel]);
      if (s.dflt) walkStmts(s.dflt, f, [...guards, s.sel]);
    }
  }
}

/** Every node reference of a statement itself (not of nested statements). */
export function stmtRefs(s: Stmt): number[] {
  switch (s.k) {
    case 'set':
      return [s.v];
    case 'memw':
      return s.en === undefined ? [s.addr, s.data] : [s.addr, s.data, s.en];
    case 'when':
      return s.arms.map((a) => a.c);
    case 'switch':
      return [s.sel];
  }
}

/** Every node reference held by a node. */
export function nodeRefs(n: Node): number[] {
  switch (n.k) {
    case 'op':
      return n.a;
    case 'rd':
      return n.en === undefined ? [n.addr] : [n.addr, n.en];
    case 'cw': {
      const r = [n.def];
      walkStmts(n.body, (s) => r.push(...stmtRefs(s)));
      return r;
    }
    default:
      return [];
  }
}

// ---- X-safety ----------------------------------------------------------------------------------------------------

/**
 * Icarus is 4-state: registers, read ports and 'none'-reset registers are X until written. X is harmless where it
 * only flows through expressions (Icarus marks the sample X and the harness skips it), but an X reaching an `if`
 * (a register enable, a memory write enable or address, a read enable) makes Icarus hold where the 2-state
 * simulators (X = 0) may update: a difference that is no bug. So for every node we compute the first cycle from which
 * its value is defined in every simulator (a least fixpoint; INF = maybe never), and require:
 * - register enables and read enables: defined from cycle 1 (edge 0 has rst = 1, which dominates enables of reset
 *   registers; an X read enable at edge 0 leaves the port X, which stays harmless);
 * - memory write enables, addresses and the conditions enclosing a write: defined from cycle 0 (writes are not reset).
 * 'none' registers have no enable (the generator never gives them one).
 */
export const INF = 1_000_000;
const CAP = 64;

/**
 * rst is high in the first RESET_LEAD cycles of every stimulus (generateResets), so a reset register is defined from
 * cycle 1 whatever it reads until then, and a loop through a register and a read port (the port reads X in cycle 1,
 * from the register's X address in cycle 0) is cleared by the second reset edge.
 */
export const RESET_LEAD = 3;

export interface Settle {
  nodes: number[];
  regs: number[];
  outs: number[];
}

export interface XViolation {
  what: 'regEn' | 'rdEn' | 'memwEn' | 'memwAddr' | 'memwGuard' | 'noneEn';
  /** register, node or statement index */
  at: number;
  ref: number;
}

function capC(c: number): number {
  return c > CAP ? INF : c;
}

/** Settle cycles of a design whose inputs settle at inC. */
export function settle(d: DesignSpec, inC: number[]): Settle {
  const nodes = d.nodes.map(() => 0);
  const regs = d.regs.map(() => 0);
  const mems = d.mems.map(() => 0);
  // which statements drive each register, with their guards
  const regDeps: number[][] = d.regs.map((r) => [...(r.next !== undefined ? [r.next] : []), ...(r.en !== undefined ? [r.en] : [])]);
  const memW: Array<{ mem: number; data: number }> = [];
  walkStmts(d.stmts, (s, g) => {
    if (s.k === 'set' && s.r >= 0) regDeps[s.r]!.push(s.v, ...g);
    if (s.k === 'memw') memW.push({ mem: s.mem, data: s.data });
  });
  let childOut: number[][] = d.insts.map(() => []);
  for (let iter = 0; iter < 200; iter++) {
    let changed = false;
    const upd = (arr: number[], i: number, v: number): void => {
      const c = capC(v);
      if (c > arr[i]!) {
        arr[i] = c;
        changed = true;
      }
    };
    d.nodes.forEach((n, i) => {
      let c = 0;
      switch (n.k) {
        case 'in':
          c = inC[n.i] ?? 0;
          break;
        case 'const':
          c = 0;
          break;
        case 'reg':
          c = regs[n.r]!;
          break;
        case 'rd':
          c = n.en !== undefined ? INF : Math.max(1 + nodes[n.addr]!, mems[n.mem]!);
          break;
        case 'io':
          c = childOut[n.inst]![n.port] ?? INF;
          break;
        default:
          c = Math.max(0, ...nodeRefs(n).map((r) => nodes[r]!));
      }
      upd(nodes, i, c);
    });
    d.regs.forEach((r, i) => {
      const nt = Math.max(0, ...regDeps[i]!.map((x) => nodes[x]!));
      upd(regs, i, r.reset === 'none' ? 1 + nt : nt <= RESET_LEAD ? 1 : 1 + nt);
    });
    for (const w of memW) if (nodes[w.data]! > 0) upd(mems, w.mem, INF);
    const nextChild = d.insts.map((inst) => settle(d.children[inst.child]!, inst.ins.map((x) => nodes[x]!)).outs);
    if (JSON.stringify(nextChild) !== JSON.stringify(childOut)) {
      childOut = nextChild;
      changed = true;
    }
    if (!changed) break;
  }
  return { nodes, regs, outs: d.outs.map((o) => nodes[o]!) };
}

/** The X-safety violations of a design (and of its children, with the inputs they get from it). */
export function xViolations(d: DesignSpec, inC: number[] = d.ins.map(() => 0)): XViolation[] {
  const st = settle(d, inC);
  const c = st.nodes;
  const out: XViolation[] = [];
  d.regs.forEach((r, i) => {
    if (r.en !== undefined && r.reset === 'none') out.push({ what: 'noneEn', at: i, ref: r.en });
    else if (r.en !== undefined && c[r.en]! > 1) out.push({ what: 'regEn', at: i, ref: r.en });
  });
  d.nodes.forEach((n, i) => {
    if (n.k === 'rd' && n.en !== undefined && c[n.en]! > 1) out.push({ what: 'rdEn', at: i, ref: n.en });
  });
  let si = 0;
  walkStmts(d.stmts, (s, g) => {
    if (s.k === 'memw') {
      if (s.en !== undefined && c[s.en]! > 0) out.push({ what: 'memwEn', at: si, ref: s.en });
      if (c[s.addr]! > 0) out.push({ what: 'memwAddr', at: si, ref: s.addr });
      for (const x of g) if (c[x]! > 0) out.push({ what: 'memwGuard', at: si, ref: x });
    }
    si++;
  });
  d.insts.forEach((inst) => {
    for (const v of xViolations(d.children[inst.child]!, inst.ins.map((x) => c[x]!))) out.push({ ...v, at: -1 });
  });
  return out;
}

// ---- structural checks and compaction ----------------------------------------------------------------------------

/** Check the ordering invariant and reference ranges; returns a problem description or undefined. */
export function checkSpec(d: DesignSpec): string | undefined {
  const nN = d.nodes.length;
  const okRef = (r: number, below = nN): boolean => Number.isInteger(r) && r >= 0 && r < below;
  const firstOut = d.insts.map(() => nN);
  d.nodes.forEach((n, i) => {
    if (n.k === 'io') firstOut[n.inst] = Math.min(firstOut[n.inst]!, i);
  });
  for (let i = 0; i < nN; i++) {
    const n = d.nodes[i]!;
    for (const r of nodeRefs(n)) if (!okRef(r, i)) return `node ${i} refers to ${r}`;
    if (n.k === 'in' && !(n.i >= 0 && n.i < d.ins.length)) return `node ${i}: bad input`;
    if (n.k === 'reg' && !(n.r >= 0 && n.r < d.regs.length)) return `node ${i}: bad reg`;
    if (n.k === 'rd' && !(n.mem >= 0 && n.mem < d.mems.length)) return `node ${i}: bad mem`;
    if (n.k === 'io' && !(n.inst >= 0 && n.inst < d.insts.length)) return `node ${i}: bad inst`;
    if (n.k === 'cw') {
      let bad: string | undefined;
      walkStmts(n.body, (s) => {
        if (s.k === 'memw' || (s.k === 'set' && s.r !== -1)) bad = `node ${i}: conditional wire body drives something else`;
      });
      if (bad) return bad;
    }
  }
  for (const [i, inst] of d.insts.entries()) for (const r of inst.ins) if (!okRef(r, firstOut[i])) return `instance ${i} input ${r}`;
  for (const r of d.regs) for (const x of [r.en, r.next]) if (x !== undefined && !okRef(x)) return `reg ref ${x}`;
  let bad: string | undefined;
  walkStmts(d.stmts, (s) => {
    for (const r of stmtRefs(s)) if (!okRef(r)) bad = `statement ref ${r}`;
    if (s.k === 'set' && !(s.r >= 0 && s.r < d.regs.length)) bad = `statement drives reg ${s.r}`;
    if (s.k === 'memw' && (!(s.mem >= 0 && s.mem < d.mems.length) || d.mems[s.mem]!.kind === 'rom')) bad = `bad memory write`;
  });
  if (bad) return bad;
  // at most one unconditional connection per register (and none besides a `next`), per conditional wire
  const uncond = (ss: Stmt[], what: string): string | undefined => {
    const seen = new Set<number>();
    for (const s of ss)
      if (s.k === 'set') {
        if (seen.has(s.r) || (s.r >= 0 && d.regs[s.r]?.next !== undefined)) return `${what}: two unconditional connections`;
        seen.add(s.r);
      }
    return undefined;
  };
  const u = uncond(d.stmts, 'statements') ?? d.nodes.map((n, i) => (n.k === 'cw' ? uncond(n.body, `node ${i}`) : undefined)).find((x) => x);
  if (u) return u;
  for (const o of d.outs) if (!okRef(o)) return `output ref ${o}`;
  if (d.outs.length === 0) return 'no outputs';
  for (const c of d.children) {
    const e = checkSpec(c);
    if (e) return `child ${c.name}: ${e}`;
  }
  return undefined;
}

/** Count of operator-like nodes (the size measure shrinking minimises), children included. */
export function specSize(d: DesignSpec): number {
  let n = 0;
  for (const x of d.nodes) if (x.k !== 'in' && x.k !== 'const') n++;
  walkStmts(d.stmts, () => n++);
  n += d.regs.length + d.mems.length + d.insts.length + d.outs.length;
  for (const c of d.children) n += specSize(c);
  return n;
}

/** The operator names used by a design (children included). */
export function opsUsed(d: DesignSpec): string[] {
  const s = new Set<string>();
  for (const n of d.nodes) {
    if (n.k === 'op') s.add(n.op);
    else if (n.k !== 'in' && n.k !== 'const' && n.k !== 'io') s.add(n.k === 'rd' ? 'memread' : n.k === 'cw' ? 'when-wire' : 'reg');
  }
  walkStmts(d.stmts, (st) => s.add(st.k === 'set' ? 'reg' : st.k));
  if (d.mems.length) s.add('memory');
  for (const c of d.children) for (const x of opsUsed(c)) s.add(x);
  return [...s].sort();
}

/**
 * Remove nodes, registers, memories, instances and children nothing observable uses, and renumber. Observable:
 * outputs, and through them everything they read (registers through their next values and statements).
 */
export function compact(d0: DesignSpec): DesignSpec {
  const d = clone(d0);
  const liveN = new Set<number>();
  const liveR = new Set<number>();
  const liveM = new Set<number>();
  const liveI = new Set<number>();
  const work: number[] = [...d.outs];
  const regStmts: Map<number, number[]> = new Map();
  const memStmts: Map<number, number[]> = new Map();
  walkStmts(d.stmts, (s, g) => {
    if (s.k === 'set') regStmts.set(s.r, [...(regStmts.get(s.r) ?? []), s.v, ...g]);
    if (s.k === 'memw') memStmts.set(s.mem, [...(memStmts.get(s.mem) ?? []), ...stmtRefs(s), ...g]);
  });
  while (work.length) {
    const i = work.pop()!;
    if (liveN.has(i)) continue;
    liveN.add(i);
    const n = d.nodes[i]!;
    work.push(...nodeRefs(n));
    if (n.k === 'reg' && !liveR.has(n.r)) {
      liveR.add(n.r);
      const r = d.regs[n.r]!;
      if (r.en !== undefined) work.push(r.en);
      if (r.next !== undefined) work.push(r.next);
      work.push(...(regStmts.get(n.r) ?? []));
    }
    if (n.k === 'rd' && !liveM.has(n.mem)) {
      liveM.add(n.mem);
      work.push(...(memStmts.get(n.mem) ?? []));
    }
    if (n.k === 'io' && !liveI.has(n.inst)) {
      liveI.add(n.inst);
      work.push(...d.insts[n.inst]!.ins);
    }
  }
  const mapOf = (live: Set<number>, n: number): Map<number, number> => {
    const m = new Map<number, number>();
    for (let i = 0; i < n; i++) if (live.has(i)) m.set(i, m.size);
    return m;
  };
  const nm = mapOf(liveN, d.nodes.length);
  const rm = mapOf(liveR, d.regs.length);
  const mm = mapOf(liveM, d.mems.length);
  const im = mapOf(liveI, d.insts.length);
  const liveC = new Set([...liveI].map((i) => d.insts[i]!.child));
  const cm = mapOf(liveC, d.children.length);
  const N = (x: number): number => nm.get(x)!;
  const mapStmts = (ss: Stmt[]): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of ss) {
      if (s.k === 'set') {
        if (s.r === -1) out.push({ k: 'set', r: -1, v: N(s.v) });
        else if (rm.has(s.r)) out.push({ k: 'set', r: rm.get(s.r)!, v: N(s.v) });
      } else if (s.k === 'memw') {
        if (mm.has(s.mem)) out.push({ k: 'memw', mem: mm.get(s.mem)!, addr: N(s.addr), data: N(s.data), ...(s.en !== undefined ? { en: N(s.en) } : {}) });
      } else if (s.k === 'when') {
        const arms = s.arms.map((a) => ({ c: a.c, body: mapStmts(a.body) }));
        const other = s.other ? mapStmts(s.other) : undefined;
        if (arms.every((a) => a.body.length === 0) && (!other || other.length === 0)) continue;
        out.push({ k: 'when', arms: arms.map((a) => ({ c: N(a.c), body: a.body })), ...(other && other.length ? { other } : {}) });
      } else {
        const cases = s.cases.map((c) => ({ vals: c.vals, body: mapStmts(c.body) }));
        const dflt = s.dflt ? mapStmts(s.dflt) : undefined;
        if (cases.every((c) => c.body.length === 0) && (!dflt || dflt.length === 0)) continue;
        out.push({ k: 'switch', sel: N(s.sel), cases, ...(dflt && dflt.length ? { dflt } : {}) });
      }
    }
    return out;
  };
  const nodes: Node[] = [];
  d.nodes.forEach((n, i) => {
    if (!liveN.has(i)) return;
    switch (n.k) {
      case 'op':
        nodes.push({ ...n, a: n.a.map(N) });
        break;
      case 'reg':
        nodes.push({ k: 'reg', r: rm.get(n.r)! });
        break;
      case 'rd':
        nodes.push({ k: 'rd', mem: mm.get(n.mem)!, addr: N(n.addr), ...(n.en !== undefined ? { en: N(n.en) } : {}) });
        break;
      case 'cw':
        nodes.push({ k: 'cw', t: n.t, def: N(n.def), body: mapStmts(n.body) });
        break;
      case 'io':
        nodes.push({ k: 'io', inst: im.get(n.inst)!, port: n.port });
        break;
      default:
        nodes.push(n);
    }
  });
  return {
    name: d.name,
    ins: d.ins,
    nodes,
    regs: d.regs
      .filter((_, i) => liveR.has(i))
      .map((r) => ({ ...r, ...(r.en !== undefined ? { en: N(r.en) } : {}), ...(r.next !== undefined ? { next: N(r.next) } : {}) })),
    mems: d.mems.filter((_, i) => liveM.has(i)),
    insts: d.insts.filter((_, i) => liveI.has(i)).map((x) => ({ child: cm.get(x.child)!, ins: x.ins.map(N) })),
    stmts: mapStmts(d.stmts),
    outs: d.outs.map(N),
    children: d.children.filter((_, i) => liveC.has(i)).map(compact),
  };
}
