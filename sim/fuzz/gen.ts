/**
 * The random design generator: a seeded {@link Rng} drives the construction of a {@link DesignSpec} (plain data,
 * built with the DSL by build.ts). Designs use every operator and conversion of the DSL, registers of every reset
 * kind with and without enable, when/elsewhen/otherwise and switch blocks, conditional wires, memories (preloaded
 * RAMs, initialised RAMs, ROMs) with read and write ports, and a child module instantiated one or more times.
 * After generation, X-unsafe control signals (see spec.ts, {@link xViolations}) are rewired to defined ones.
 */
import { Rng } from './rng.ts';
import {
  type DesignSpec, type Ty, type Node, type Stmt, type RegSpec, type MemSpec, type OpName,
  BINARY_OPS, RESET_LEAD, inferTypes, opType, xViolations, settle, walkStmts, checkSpec, nodeRefs,
} from './spec.ts';

export { Rng } from './rng.ts';

export interface GenOptions {
  /** operator nodes per design (range) */
  minOps?: number;
  maxOps?: number;
  /** probability that a design has a child module */
  childChance?: number;
  /** the reset kind of reset registers: the DSL allows one reset style per elaborated design (batch) */
  resetStyle?: 'sync' | 'async';
}

const MAX_W = 140;

function pickWidth(r: Rng): number {
  return r.weighted([
    [r.int(1, 8), 45],
    [r.int(9, 40), 25],
    [r.int(41, 70), 15],
    [r.int(71, 130), 15],
  ]);
}

function pickTy(r: Rng): Ty {
  return { w: pickWidth(r), s: r.chance(0.5) };
}

/** A random decimal value of type t. */
function randValue(r: Rng, t: Ty): string {
  const bits = r.value(t.w);
  return String(t.s ? BigInt.asIntN(t.w, bits) : bits);
}

const OP_WEIGHTS: ReadonlyArray<readonly [OpName, number]> = [
  ...BINARY_OPS.map((o) => [o, 3] as const),
  ['neg', 2], ['not', 2], ['andR', 1], ['orR', 1], ['xorR', 1], ['asUInt', 2], ['asSInt', 2], ['toSInt', 2], ['named', 1],
  ['shl', 2], ['shr', 3], ['bit', 2], ['slice', 3], ['rep', 1], ['ext', 2], ['trunc', 2], ['resize', 2],
  ['shlDyn', 3], ['shrDyn', 4], ['cat', 3], ['mux', 4],
];

class Gen {
  d: DesignSpec;
  types: Ty[] = [];
  constructor(
    private readonly r: Rng,
    name: string,
    private readonly level: number,
    private readonly opts: Required<GenOptions>,
  ) {
    this.d = { name, ins: [], nodes: [], regs: [], mems: [], insts: [], stmts: [], outs: [], children: [] };
  }

  private push(n: Node): number {
    this.d.nodes.push(n);
    // children must be typed: recompute the whole list only for 'io' nodes
    const t = inferTypes({ ...this.d, nodes: this.d.nodes }).nodes;
    this.types = t;
    return this.d.nodes.length - 1;
  }

  /** Push and keep widths bounded: a too-wide result is resized. */
  private pushBounded(n: Node): number {
    const i = this.push(n);
    const t = this.types[i]!;
    if (t.w > MAX_W) return this.push({ k: 'op', op: 'resize', a: [i], p: [this.r.int(1, 64)] });
    return i;
  }

  /** An existing node, biased to recent ones (deeper expressions). */
  private ref(limit = this.d.nodes.length): number {
    const r = this.r;
    if (r.chance(0.55)) return r.int(Math.max(0, limit - 6), limit - 1);
    return r.int(0, limit - 1);
  }

  private constNode(t?: Ty): number {
    const ty = t ?? pickTy(this.r);
    return this.push({ k: 'const', t: ty, v: randValue(this.r, ty) });
  }

  private genOp(): number {
    const r = this.r;
    const op = r.weighted(OP_WEIGHTS);
    const a = this.ref();
    const ta = this.types[a]!;
    const n: Node & { k: 'op' } = { k: 'op', op, a: [a] };
    if ((BINARY_OPS as readonly string[]).includes(op)) {
      if (r.chance(0.2)) n.lit = randValue(r, r.chance(0.7) ? ta : { w: r.int(1, 80), s: ta.s });
      else n.a.push(r.chance(0.2) ? this.constNode(r.chance(0.5) ? ta : undefined) : this.ref());
    }
    switch (op) {
      case 'shl':
        n.p = [r.chance(0.2) ? 0 : r.int(1, 12)];
        break;
      case 'shr':
        n.p = [r.int(0, ta.w + 2)];
        break;
      case 'bit':
        n.p = [r.int(0, ta.w - 1)];
        break;
      case 'slice': {
        const hi = r.int(0, ta.w - 1);
        n.p = [hi, r.int(0, hi)];
        break;
      }
      case 'rep':
        n.p = [r.int(1, 4)];
        break;
      case 'ext':
        n.p = [ta.w + r.int(0, 24)];
        break;
      case 'trunc':
        n.p = [r.int(1, ta.w)];
        break;
      case 'resize':
        n.p = [r.int(1, ta.w + 24)];
        break;
      case 'shlDyn':
      case 'shrDyn':
        // the amount: usually narrow (in range), sometimes any node (amounts >= width)
        n.a.push(r.chance(0.6) ? this.push({ k: 'op', op: 'trunc', a: [this.ref()], p: [r.int(1, 8)] }) : this.ref());
        break;
      case 'cat': {
        const k = r.int(1, 4);
        for (let i = 1; i < k; i++) n.a.push(this.ref());
        break;
      }
      case 'mux':
        n.a.push(this.ref(), this.ref());
        break;
      default:
    }
    return this.pushBounded(n);
  }

  private genStmts(depth: number, target: (r: Rng) => Stmt | undefined, limit?: number): Stmt[] {
    const r = this.r;
    const out: Stmt[] = [];
    const k = r.int(1, 2);
    for (let i = 0; i < k; i++) {
      const kind = depth >= 2 ? 'leaf' : r.weighted([['leaf', 3], ['when', 2], ['switch', 1]] as const);
      if (kind === 'leaf') {
        const s = target(r);
        // an unconditional connection at the top would conflict with a register's next value: guard it
        if (s && s.k === 'set' && depth === 0) out.push({ k: 'when', arms: [{ c: this.ref(limit), body: [s] }] });
        else if (s) out.push(s);
      } else if (kind === 'when') {
        const arms = Array.from({ length: r.int(1, 3) }, () => ({ c: this.ref(limit), body: this.genStmts(depth + 1, target, limit) }));
        out.push({ k: 'when', arms, ...(r.chance(0.5) ? { other: this.genStmts(depth + 1, target, limit) } : {}) });
      } else {
        const sel = r.chance(0.6) ? this.selNode(limit) : this.ref(limit);
        const st = this.types[sel]!;
        const cases = Array.from({ length: r.int(1, 4) }, () => ({
          vals: Array.from({ length: r.int(1, 2) }, () => (r.chance(0.7) && st.w <= 4 ? String(r.int(0, (1 << st.w) - 1) - (st.s ? 1 << (st.w - 1) : 0)) : randValue(r, st))),
          body: this.genStmts(depth + 1, target, limit),
        }));
        out.push({ k: 'switch', sel, cases, ...(r.chance(0.6) ? { dflt: this.genStmts(depth + 1, target, limit) } : {}) });
      }
    }
    return out;
  }

  /** A narrow node for a switch selector (an existing narrow node, or a slice of one). */
  private selNode(limit = this.d.nodes.length): number {
    for (let tries = 0; tries < 6; tries++) {
      const i = this.ref(limit);
      if (this.types[i]!.w <= 3) return i;
    }
    // the slice must come before its users: only possible when appending at the end
    if (limit !== this.d.nodes.length) return this.ref(limit);
    const a = this.ref();
    return this.push({ k: 'op', op: 'slice', a: [a], p: [this.r.int(0, 2), 0] });
  }

  generate(): DesignSpec {
    const r = this.r;
    const d = this.d;
    const o = this.opts;
    const nIn = r.int(1, 4);
    for (let i = 0; i < nIn; i++) {
      d.ins.push(pickTy(r));
      this.push({ k: 'in', i });
    }
    // registers (read as nodes now, driven at the end)
    const nRegs = r.weighted([[0, 2], [1, 3], [2, 3], [3, 2]] as const);
    for (let i = 0; i < nRegs; i++) {
      const t = r.chance(0.7) ? { w: r.int(1, 16), s: r.chance(0.5) } : pickTy(r);
      const reset = r.weighted([[o.resetStyle, 7], ['none', 3]] as const);
      d.regs.push({ t, reset, init: reset === 'none' ? '0' : r.chance(0.3) ? '0' : randValue(r, t) });
      this.push({ k: 'reg', r: i });
    }
    // memories
    if (r.chance(0.45)) {
      const nm = r.int(1, 2);
      for (let i = 0; i < nm; i++) {
        const t = r.chance(0.75) ? { w: r.int(1, 16), s: r.chance(0.3) } : pickTy(r);
        const depth = r.weighted([[r.int(1, 4), 2], [r.pick([2, 4, 8, 16]), 4], [r.int(5, 20), 3]] as const);
        const kind = r.weighted([['ram', 5], ['init', 2], ['rom', 2]] as const);
        const n = kind === 'init' ? r.int(1, depth) : depth; // a ROM's depth is its data length
        const mm: MemSpec = { t, depth, kind, data: Array.from({ length: n }, () => randValue(r, t)) };
        d.mems.push(mm);
      }
    }
    // a child module, instanced 1..3 times
    if (this.level === 0 && r.chance(o.childChance)) {
      const child = new Gen(r.fork('child'), `${d.name}_c`, 1, { ...o, minOps: 2, maxOps: Math.max(3, o.maxOps >> 1), childChance: 0 }).generate();
      d.children.push(child);
    }
    const nOps = r.int(o.minOps, o.maxOps);
    const nInst = d.children.length ? r.int(1, 3) : 0;
    const instAt = Array.from({ length: nInst }, () => r.int(0, nOps - 1)).sort((a, b) => a - b);
    for (let step = 0; step < nOps; step++) {
      while (instAt.length && instAt[0] === step) {
        instAt.shift();
        const child = d.children[0]!;
        const inst = d.insts.length;
        d.insts.push({ child: 0, ins: child.ins.map(() => this.ref()) });
        child.outs.forEach((_, port) => this.push({ k: 'io', inst, port }));
      }
      const kind = r.weighted([
        ['op', 20],
        ['const', 1],
        ['rd', d.mems.length ? 3 : 0],
        ['cw', 2],
      ] as const);
      if (kind === 'op') this.genOp();
      else if (kind === 'const') this.constNode();
      else if (kind === 'rd') {
        const mem = r.int(0, d.mems.length - 1);
        const here = d.nodes.length;
        this.push({ k: 'rd', mem, addr: this.ref(), ...(r.chance(0.3) ? { en: this.ref(here) } : {}) });
      } else {
        const t = r.chance(0.5) ? this.types[this.ref()]! : pickTy(r);
        const limit = d.nodes.length;
        const def = this.ref();
        const body = this.genStmts(0, () => ({ k: 'set', r: -1, v: this.ref(limit) }), limit);
        this.push({ k: 'cw', t, def, body });
      }
    }
    // register drivers: a next value and/or conditional statements
    const nodesN = d.nodes.length;
    d.regs.forEach((reg: RegSpec) => {
      if (reg.reset === 'none' || r.chance(0.7)) reg.next = this.ref();
      if (reg.reset !== 'none' && r.chance(0.35)) reg.en = this.ref();
    });
    const writable = d.mems.map((m, i) => (m.kind === 'rom' ? -1 : i)).filter((i) => i >= 0);
    if (d.regs.length || writable.length) {
      const target = (rr: Rng): Stmt | undefined => {
        const choices: Array<readonly ['reg' | 'mem', number]> = [];
        if (d.regs.length) choices.push(['reg', 3]);
        if (writable.length) choices.push(['mem', 2]);
        if (rr.weighted(choices) === 'reg') return { k: 'set', r: rr.int(0, d.regs.length - 1), v: this.ref(nodesN) };
        const mem = rr.pick(writable);
        return { k: 'memw', mem, addr: this.ref(nodesN), data: this.ref(nodesN), ...(rr.chance(0.4) ? { en: this.ref(nodesN) } : {}) };
      };
      const k = r.int(0, 2);
      for (let i = 0; i < k; i++) d.stmts.push(...this.genStmts(0, target, nodesN));
      for (const mem of writable) if (r.chance(0.5)) d.stmts.push({ k: 'memw', mem, addr: this.ref(nodesN), data: this.ref(nodesN) });
    }
    // outputs: recent nodes, every register, every read port, every instance output sometimes
    const outs = new Set<number>();
    const nOut = r.int(1, 3);
    for (let i = 0; i < nOut; i++) outs.add(r.chance(0.5) ? d.nodes.length - 1 - r.int(0, 2) : this.ref());
    d.nodes.forEach((n, i) => {
      if ((n.k === 'reg' || n.k === 'rd' || n.k === 'io') && r.chance(0.6)) outs.add(i);
    });
    d.outs = [...outs].filter((i) => i >= 0).slice(0, 8);
    if (d.outs.length === 0) d.outs = [d.nodes.length - 1];
    this.repair();
    const problem = checkSpec(d);
    if (problem) throw new Error(`fuzz generator produced an invalid design ${d.name}: ${problem}`);
    return d;
  }

  /** Break X loops through unreset registers, then rewire X-unsafe controls (see spec.ts). */
  private repair(): void {
    breakNoneLoops(this.d, this.r);
    repairDesign(this.d, this.r, this.d.ins.map(() => 0));
  }
}

/**
 * An unreset register whose next value depends on itself (through logic, read ports and other unreset registers, but
 * not through a reset register, which the reset lead defines) is X forever in a 4-state simulator, and so is all
 * it feeds: such a register gets a next value that depends on no unreset register and loses its conditional
 * connections. Children are treated the same way; an instance output is taken to depend on all the instance's inputs.
 */
export function breakNoneLoops(d: DesignSpec, r: Rng): void {
  for (const c of d.children) breakNoneLoops(c, r);
  for (let round = 0; round < d.regs.length + 1; round++) {
    const depN: Array<Set<number>> = d.nodes.map(() => new Set());
    const depR: Array<Set<number>> = d.regs.map(() => new Set());
    const regIn: number[][] = d.regs.map((x) => [...(x.next !== undefined ? [x.next] : []), ...(x.en !== undefined ? [x.en] : [])]);
    walkStmts(d.stmts, (st, g) => {
      if (st.k === 'set' && st.r >= 0) regIn[st.r]!.push(st.v, ...g);
    });
    for (let changed = true, it = 0; changed && it < 50; it++) {
      changed = false;
      const add = (to: Set<number>, from: Iterable<number>): void => {
        for (const k of from)
          if (!to.has(k)) {
            to.add(k);
            changed = true;
          }
      };
      d.nodes.forEach((n, i) => {
        const t = depN[i]!;
        if (n.k === 'reg') {
          if (d.regs[n.r]!.reset === 'none') add(t, [n.r, ...depR[n.r]!]);
        } else if (n.k === 'io') for (const x of d.insts[n.inst]!.ins) add(t, depN[x]!);
        else for (const x of nodeRefs(n)) add(t, depN[x]!);
      });
      d.regs.forEach((_, k) => {
        for (const x of regIn[k]!) add(depR[k]!, depN[x]!);
      });
    }
    const loop = d.regs.findIndex((x, k) => x.reset === 'none' && depR[k]!.has(k));
    if (loop < 0) return;
    const clean = d.nodes.map((_, i) => i).filter((i) => depN[i]!.size === 0);
    d.regs[loop]!.next = r.pick(clean);
    d.stmts = dropSets(d.stmts, loop);
  }
}

/** Statements without the connections to register k. */
function dropSets(ss: Stmt[], k: number): Stmt[] {
  const out: Stmt[] = [];
  for (const s of ss) {
    if (s.k === 'set' && s.r === k) continue;
    if (s.k === 'when') out.push({ ...s, arms: s.arms.map((a) => ({ c: a.c, body: dropSets(a.body, k) })), ...(s.other ? { other: dropSets(s.other, k) } : {}) });
    else if (s.k === 'switch') out.push({ ...s, cases: s.cases.map((c) => ({ vals: c.vals, body: dropSets(c.body, k) })), ...(s.dflt ? { dflt: dropSets(s.dflt, k) } : {}) });
    else out.push(s);
  }
  return out;
}

/**
 * Fix X-safety violations by rewiring each offending control to a node defined early enough, or removing it.
 * Children are repaired first, against the worst settle cycle of what drives each of their inputs.
 */
export function repairDesign(d: DesignSpec, r: Rng, inC: number[]): void {
  for (let round = 0; round < 100; round++) {
    const c = settle(d, inC).nodes;
    d.children.forEach((ch, ci) => {
      const worst = ch.ins.map((_, k) => Math.max(0, ...d.insts.filter((x) => x.child === ci).map((x) => c[x.ins[k]!]!)));
      repairDesign(ch, r, worst);
    });
    const v = xViolations(d, inC).filter((x) => x.at !== -1);
    if (v.length === 0) {
      if (xViolations(d, inC).length === 0) return;
      continue;
    }
    const c2 = settle(d, inC).nodes;
    const safe = (limit: number, maxC: number): number | undefined => {
      const ok = c2.map((x, i) => (x <= maxC && i < limit ? i : -1)).filter((i) => i >= 0);
      return ok.length ? r.pick(ok) : undefined;
    };
    const first = v[0]!;
    switch (first.what) {
      case 'noneEn':
      case 'regEn': {
        const reg = d.regs[first.at]!;
        const s = first.what === 'regEn' ? safe(d.nodes.length, 1) : undefined;
        if (s === undefined) delete reg.en;
        else reg.en = s;
        break;
      }
      case 'rdEn': {
        const n = d.nodes[first.at]! as Node & { k: 'rd' };
        const s = safe(first.at, 1);
        if (s === undefined) delete n.en;
        else n.en = s;
        break;
      }
      case 'memwEn':
      case 'memwAddr':
      case 'memwGuard': {
        let s = safe(d.nodes.length, 0);
        if (s === undefined) {
          d.nodes.push({ k: 'const', t: { w: 1, s: false }, v: String(r.int(0, 1)) });
          s = d.nodes.length - 1;
        }
        replaceControl(d.stmts, first.ref, s);
        break;
      }
    }
  }
  if (xViolations(d, inC).length) throw new Error(`fuzz: could not make design ${d.name} X-safe`);
}

/** Rewrite every use of `bad` as a memory-write control or as a condition enclosing a memory write. */
function replaceControl(ss: Stmt[], bad: number, s: number): void {
  for (const st of ss) {
    if (st.k === 'memw') {
      if (st.en === bad) st.en = s;
      if (st.addr === bad) st.addr = s;
    } else if (st.k === 'when') {
      const writes = st.arms.some((a) => containsMemw(a.body)) || (st.other !== undefined && containsMemw(st.other));
      for (const a of st.arms) {
        if (a.c === bad && writes) a.c = s;
        replaceControl(a.body, bad, s);
      }
      if (st.other) replaceControl(st.other, bad, s);
    } else if (st.k === 'switch') {
      if (st.sel === bad && (st.cases.some((cc) => containsMemw(cc.body)) || (st.dflt !== undefined && containsMemw(st.dflt)))) st.sel = s;
      for (const cc of st.cases) replaceControl(cc.body, bad, s);
      if (st.dflt) replaceControl(st.dflt, bad, s);
    }
  }
}

function containsMemw(ss: Stmt[]): boolean {
  let f = false;
  walkStmts(ss, (s) => {
    if (s.k === 'memw') f = true;
  });
  return f;
}

/** Generate one random design. `name` must be a legal module name, unique within a batch. */
export function generateDesign(r: Rng, name: string, opts: GenOptions = {}): DesignSpec {
  const o: Required<GenOptions> = {
    minOps: opts.minOps ?? 4,
    maxOps: opts.maxOps ?? 18,
    childChance: opts.childChance ?? 0.3,
    resetStyle: opts.resetStyle ?? 'sync',
  };
  return new Gen(r, name, 0, o).generate();
}

/**
 * The reset pattern of a batch (rst is shared by every design of a batch): high in the first RESET_LEAD cycles (see
 * spec.ts), and now and then later.
 */
export function generateResets(r: Rng, cycles: number): bigint[] {
  return Array.from({ length: cycles }, (_, c) => (c < RESET_LEAD || r.chance(0.03) ? 1n : 0n));
}

/** Random input values of a design for each cycle (keys i0, i1, ... and rst), with the given reset pattern. */
export function generateStimulus(r: Rng, d: DesignSpec, rst: bigint[]): Array<Record<string, bigint>> {
  const out: Array<Record<string, bigint>> = [];
  for (let c = 0; c < rst.length; c++) {
    const cyc: Record<string, bigint> = { rst: rst[c]! };
    d.ins.forEach((t, i) => {
      // inputs sometimes hold their value
      if (c > 0 && r.chance(0.2)) return;
      const bits = r.value(t.w);
      cyc[`i${i}`] = t.s ? BigInt.asIntN(t.w, bits) : bits;
    });
    out.push(cyc);
  }
  return out;
}

/** Is `op` a name of the generator's operator set (for reports). */
export function isOpName(s: string): s is OpName {
  return OP_WEIGHTS.some(([o]) => o === s);
}

export { opType };
