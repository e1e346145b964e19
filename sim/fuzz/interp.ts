/**
 * The fourth reference: an interpreter of the fuzzer's design data (spec.ts) with the INTENDED meaning of every
 * construct, written from the DSL's documentation rather than from its implementation. It shares no code with the
 * DSL (its last-connect lowering, the optimizer, the Verilog emitter) or with the built-in simulator: values are
 * plain mathematical integers (a signal's value as its type reads it), operators are evaluated on those values (an
 * exact `add` is a + b, `mul` is a * b, comparisons compare numbers), and the few bit-level operators (slices,
 * concatenation, reductions, reinterpretation) use this file's own two's-complement helpers. Statements run in
 * program order as a designer reads them: the first when/elsewhen arm whose condition holds runs, otherwise
 * `otherwise`; the first switch case matching the selector runs, otherwise `default`; a later connection overrides
 * an earlier one. Since the three simulators all consume the same lowered IR, a lowering bug that they would agree on
 * is still a disagreement with this interpreter.
 *
 * Clocking follows the harness protocol (sim/harness.ts): per cycle apply inputs (an input absent from a cycle keeps
 * its value), settle, sample the outputs, rising edge. Registers and read ports start at 0 (the 2-state convention of
 * the built-in simulator and of Verilator with --x-initial 0). On an edge, a reset register takes its reset value
 * when rst is 1, otherwise (when its enable, if any, is 1) its next value; an asynchronously reset register also shows
 * its reset value in every cycle in which rst is 1. A read port loads mem[addr] (0 past the end) when enabled, from
 * the contents before the edge's writes (read-first); a write past the end is ignored, and of several writes to one
 * word on one edge the last in program order wins.
 *
 * Beside each value the interpreter tracks what a 4-state or differently scheduled simulator may legitimately make
 * of it (a taint mask, propagated conservatively: an operator's result carries its operands' taints, a mux with an
 * untainted select only the taken arm's, a connection the taints of every condition of its when/switch):
 * - X_TAINT: the value may be X in Icarus (registers and read ports before they are first loaded from defined
 *   values, memory words written with X data, and everything computed from them);
 * - RACE_TAINT: the value may differ in Verilator because of the time-0 reset race (an asynchronously reset register
 *   in cycle 0, see RunOptions.compareAsyncCycle0 in run.ts).
 * An output sample without taint must be defined and equal in every simulator: Icarus printing X there is a failure.
 */
import { type DesignSpec, type Stmt, type Ty, inferTypes, addrWidth, walkStmts } from './spec.ts';
import { evalOp, convert, truthy, wrap, pattern } from './interp-ops.ts';

// ---- one instance of a design -----------------------------------------------------------------------------

export const X_TAINT = 1;
export const RACE_TAINT = 2;

type MemW = Extract<Stmt, { k: 'memw' }>;
interface Effects {
  set(r: number, v: number, m: number): void;
  memw(s: MemW, m: number): void;
  /** a statement under a tainted condition may or may not have run: its targets take the taint */
  taint(s: Stmt, m: number): void;
}

class Instance {
  readonly types: { nodes: Ty[]; outs: Ty[] };
  regs: bigint[];
  regX: number[];
  /** read ports' registered values (and taints), by node index */
  rd = new Map<number, bigint>();
  rdX = new Map<number, number>();
  mems: bigint[][];
  memX: number[][];
  children: Instance[];
  vals: bigint[] = [];
  xs: number[] = [];
  private childDone: boolean[] = [];

  constructor(readonly d: DesignSpec) {
    this.types = inferTypes(d);
    this.regs = d.regs.map(() => 0n);
    this.regX = d.regs.map(() => X_TAINT);
    d.nodes.forEach((n, i) => {
      if (n.k === 'rd') (this.rd.set(i, 0n), this.rdX.set(i, X_TAINT));
    });
    // a RAM's data is its preload, an initialised RAM's or a ROM's its contents; words past the data are 0
    this.mems = d.mems.map((m) => Array.from({ length: m.depth }, (_, a) => (a < m.data.length ? wrap(BigInt(m.data[a]!), m.t) : 0n)));
    this.memX = d.mems.map((m) => Array.from({ length: m.depth }, () => 0));
    this.children = d.insts.map((x) => new Instance(d.children[x.child]!));
  }

  /** Settle: every node's value (and taint) from the inputs (converted to the input types), rst and the state. */
  settle(inputs: bigint[], inX: number[], rst: boolean, cycle: number): void {
    const d = this.d;
    if (rst)
      d.regs.forEach((r, i) => {
        if (r.reset !== 'async') return;
        this.regs[i] = wrap(BigInt(r.init), r.t);
        this.regX[i] = cycle === 0 ? RACE_TAINT : 0;
      });
    const v: bigint[] = [];
    const x: number[] = [];
    this.vals = v;
    this.xs = x;
    this.childDone = d.insts.map(() => false);
    const T = this.types.nodes;
    const or = (refs: number[]): number => refs.reduce((m, r) => m | x[r]!, 0);
    d.nodes.forEach((n, i) => {
      switch (n.k) {
        case 'in':
          v.push(inputs[n.i]!);
          x.push(inX[n.i]!);
          break;
        case 'const':
          v.push(wrap(BigInt(n.v), n.t));
          x.push(0);
          break;
        case 'reg':
          v.push(this.regs[n.r]!);
          x.push(this.regX[n.r]!);
          break;
        case 'rd':
          v.push(this.rd.get(i)!);
          x.push(this.rdX.get(i)!);
          break;
        case 'io': {
          this.settleChild(n.inst, rst, cycle);
          const c = this.children[n.inst]!;
          v.push(c.vals[c.d.outs[n.port]!]!);
          x.push(c.xs[c.d.outs[n.port]!]!);
          break;
        }
        case 'cw': {
          let w = convert(v[n.def]!, T[n.def]!, n.t);
          let wx = x[n.def]!;
          this.run(n.body, 0, {
            set: (_r, ref, m) => ((w = convert(v[ref]!, T[ref]!, n.t)), (wx = m)),
            memw: () => {
              throw new Error('interp: a conditional wire body writes a memory');
            },
            taint: (st, m) => st.k === 'set' && (wx |= m),
          });
          v.push(w);
          x.push(wx);
          break;
        }
        case 'op':
          v.push(evalOp(n, n.a.map((r) => v[r]!), n.a.map((r) => T[r]!), T[i]!));
          x.push(n.op === 'mux' && x[n.a[0]!] === 0 ? x[truthy(v[n.a[0]!]!) ? n.a[1]! : n.a[2]!]! : or(n.a));
          break;
      }
    });
    d.insts.forEach((_, k) => this.settleChild(k, rst, cycle));
  }

  private settleChild(k: number, rst: boolean, cycle: number): void {
    if (this.childDone[k]) return;
    this.childDone[k] = true;
    const inst = this.d.insts[k]!;
    const c = this.children[k]!;
    const T = this.types.nodes;
    c.settle(inst.ins.map((ref, j) => convert(this.vals[ref]!, T[ref]!, c.d.ins[j]!)), inst.ins.map((ref) => this.xs[ref]!), rst, cycle);
  }

  outputs(): Array<[bigint, number]> {
    return this.d.outs.map((o) => [this.vals[o]!, this.xs[o]!]);
  }

  /**
   * Run statements in program order: the first arm that holds, the first case that matches. `ctx` is the taint of
   * the enclosing conditions; a when/switch whose own conditions are tainted also taints every target in it.
   */
  private run(ss: Stmt[], ctx: number, on: Effects): void {
    const v = this.vals;
    const x = this.xs;
    for (const s of ss) {
      if (s.k === 'set') on.set(s.r, s.v, ctx | x[s.v]!);
      else if (s.k === 'memw') on.memw(s, ctx);
      else {
        let body: Stmt[] | undefined;
        let cm: number;
        if (s.k === 'when') {
          cm = s.arms.reduce((m, a) => m | x[a.c]!, 0);
          body = s.arms.find((a) => truthy(v[a.c]!))?.body ?? s.other;
        } else {
          cm = x[s.sel]!;
          const st = this.types.nodes[s.sel]!;
          const sel = v[s.sel]!;
          body = s.cases.find((c) => c.vals.some((val) => wrap(BigInt(val), st) === sel))?.body ?? s.dflt;
        }
        if (body) this.run(body, ctx | cm, on);
        if (cm) walkStmts([s], (t) => on.taint(t, ctx | cm));
      }
    }
  }

  /** The rising edge: next state (and taints) from the settled values. */
  edge(rst: boolean): void {
    const d = this.d;
    const v = this.vals;
    const x = this.xs;
    const T = this.types.nodes;
    const next = d.regs.map((r, i) => (r.next !== undefined ? convert(v[r.next]!, T[r.next]!, r.t) : this.regs[i]!));
    const nextX = d.regs.map((r, i) => (r.next !== undefined ? x[r.next]! : this.regX[i]!));
    const writes: Array<{ mem: number; addr: bigint; data: bigint; happens: boolean; unc: number; dm: number; am: number }> = [];
    // an address is read as unsigned (its own bits), then resized to the memory's address width
    const addr = (mem: number, ref: number): bigint => pattern(pattern(v[ref]!, T[ref]!.w), addrWidth(d.mems[mem]!.depth));
    // `happens`: the write takes place (in 2-state); `unc`: the taint of its enable and conditions (whether it does)
    const write = (s: MemW, ctx: number, happens: boolean): void => {
      const unc = ctx | (s.en !== undefined ? x[s.en]! : 0);
      if (!happens && unc === 0) return;
      writes.push({ mem: s.mem, addr: addr(s.mem, s.addr), data: convert(v[s.data]!, T[s.data]!, d.mems[s.mem]!.t), happens, unc, dm: x[s.data]!, am: x[s.addr]! });
    };
    this.run(d.stmts, 0, {
      set: (r, ref, m) => ((next[r] = convert(v[ref]!, T[ref]!, d.regs[r]!.t)), (nextX[r] = m)),
      memw: (s, m) => write(s, m, s.en === undefined || truthy(v[s.en]!)),
      taint: (s, m) => {
        if (s.k === 'set') nextX[s.r] = nextX[s.r]! | m;
        else if (s.k === 'memw') write(s, m, false);
      },
    });
    // read ports first: they see the contents before this edge's writes
    d.nodes.forEach((n, i) => {
      if (n.k !== 'rd') return;
      const em = n.en !== undefined ? x[n.en]! : 0;
      const load = n.en === undefined || truthy(v[n.en]!);
      if (!load && em === 0) return;
      const a = addr(n.mem, n.addr);
      const words = this.mems[n.mem]!;
      const inRange = a < BigInt(words.length);
      const am = x[n.addr]!;
      const wordX = am ? this.memX[n.mem]!.reduce((p, q) => p | q, 0) : inRange ? this.memX[n.mem]![Number(a)]! : 0;
      if (load) this.rd.set(i, inRange ? words[Number(a)]! : 0n);
      this.rdX.set(i, am | wordX | em | (em ? this.rdX.get(i)! : 0));
    });
    for (const w of writes) {
      const words = this.mems[w.mem]!;
      const wx = this.memX[w.mem]!;
      const inRange = w.addr < BigInt(words.length);
      if (w.happens && inRange) words[Number(w.addr)] = w.data;
      if (w.am) {
        // which word changes is uncertain: every word may
        for (let k = 0; k < wx.length; k++) wx[k] = wx[k]! | w.am | w.unc | w.dm;
      } else if (inRange) {
        const k = Number(w.addr);
        wx[k] = w.happens && w.unc === 0 ? w.dm : wx[k]! | w.unc | w.dm;
      }
    }
    d.regs.forEach((r, i) => {
      if (r.reset !== 'none' && rst) {
        this.regs[i] = wrap(BigInt(r.init), r.t);
        this.regX[i] = 0;
        return;
      }
      const em = r.en !== undefined ? x[r.en]! : 0;
      const load = r.en === undefined || truthy(v[r.en]!);
      const old = this.regX[i]!;
      if (load) this.regs[i] = next[i]!;
      this.regX[i] = em ? old | em | nextX[i]! : load ? nextX[i]! : old;
    });
    for (const c of this.children) c.edge(rst);
  }
}

/** An interpreted trace: each output's values per cycle (keyed `o<k>`), and their taints (X_TAINT, RACE_TAINT). */
export interface Interpreted {
  trace: Record<string, bigint[]>;
  taint: Record<string, number[]>;
}

/**
 * Interpret a design over a stimulus (keys `i<k>` and `rst`; a key absent from a cycle keeps its previous value, 0
 * before the first).
 */
export function interpret(d: DesignSpec, cycles: ReadonlyArray<Record<string, bigint>>): Interpreted {
  const top = new Instance(d);
  const inputs = d.ins.map(() => 0n);
  const inX = d.ins.map(() => 0);
  let rst = 0n;
  const trace: Record<string, bigint[]> = Object.fromEntries(d.outs.map((_, k) => [`o${k}`, [] as bigint[]]));
  const taint: Record<string, number[]> = Object.fromEntries(d.outs.map((_, k) => [`o${k}`, [] as number[]]));
  cycles.forEach((cyc, c) => {
    d.ins.forEach((t, k) => {
      const x = cyc[`i${k}`];
      if (x !== undefined) inputs[k] = wrap(x, t);
    });
    if (cyc.rst !== undefined) rst = cyc.rst;
    top.settle(inputs, inX, rst !== 0n, c);
    top.outputs().forEach(([x, m], k) => (trace[`o${k}`]!.push(x), taint[`o${k}`]!.push(m)));
    top.edge(rst !== 0n);
  });
  return { trace, taint };
}
