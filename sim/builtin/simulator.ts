/**
 * The built-in simulator: two-state, cycle-based, exact at every width. The design is flattened, compiled to
 * straight-line JavaScript (see codegen.ts) and run in-process.
 *
 * Semantics (matching the Verilog backend for stimuli that change inputs between clock edges):
 * - Initial state: registers and read ports start at 0 (not at their reset value); memories start at their `init`
 *   words (missing words 0) or at 0. Inputs start at 0.
 * - `step()`: one rising edge of `clk`. Registers with reset 'sync' or 'async' take their init value when `rst` is 1,
 *   otherwise their next value when their enable (if any) is 1. Read ports load mem[addr] (0 when addr >= depth) when
 *   enabled, from the contents before this edge's writes (read-first). Writes to addr >= depth are ignored; several
 *   writes to one address on one edge: the last declared wins.
 * - Async reset: whenever logic is settled (eval) with `rst` = 1, async registers are forced to their init value,
 *   as `always @(posedge clk or posedge rst)` does once rst has risen; on an edge with rst = 1 they keep it.
 */
import type { IRDesign } from '../../dsl/ir.ts';
import { flatten, type FlatDesign, type FlatScope } from './flatten.ts';
import { BODY_PARAMS, generate, type Generated, type Slot } from './codegen.ts';
import { canonical, par32, parb, repOf } from './ops.ts';
import { VcdWriter, type VcdScope } from './vcd.ts';
import { AssertionFailure, type CoverCounts } from '../assertions.ts';

interface Compiled {
  ev(): void;
  edge(): void;
}

interface SignalInfo {
  /** flattened node index */
  node: number;
  slot: Slot;
  width: number;
  signed: boolean;
}

type Factory = (...a: unknown[]) => Compiled;

/**
 * The compiled step code of a generated body, one function per distinct body: every Simulator of one design calls
 * the same factory, so the closures it returns share V8's feedback and optimised code (a second tile of a layer
 * starts at full speed instead of warming up again). The last few bodies are kept.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 16;

function factoryOf(body: string): Factory {
  let f = factories.get(body);
  if (f !== undefined) {
    factories.delete(body); // most recently used last
    factories.set(body, f);
    return f;
  }
  f = new Function(...BODY_PARAMS, body) as Factory;
  factories.set(body, f);
  if (factories.size > MAX_FACTORIES) factories.delete(factories.keys().next().value!);
  return f;
}

/** Options of {@link Simulator}. */
export interface SimulatorOptions {
  /** Write a VCD of every named signal to this file (time unit 1ns: cycle c settles at 2c, its rising edge is at 2c+1). */
  vcd?: string;
}

/** A compiled, running instance of a design. */
export class Simulator {
  private readonly N: Int32Array;
  private readonly F: Float64Array;
  private readonly B: bigint[];
  private readonly TN: Int32Array;
  private readonly TF: Float64Array;
  private readonly TB: bigint[];
  private readonly mems: Array<Int32Array | Float64Array | bigint[]>;
  private readonly memIndex = new Map<string, number>();
  private readonly fd: FlatDesign;
  private code: Compiled;
  /** per flattened node: 1 when the running code keeps its settled value in its slot */
  private kept: Uint8Array;
  private observingAll: boolean;
  private readonly sigs = new Map<string, SignalInfo>();
  private readonly inputs = new Map<string, SignalInfo>();
  private dirty = true;
  private cycle = 0;
  private vcd: VcdWriter | undefined;
  private vcdRead: ((code: number) => bigint) | undefined;
  private clk = 0n;
  /** per property: where its condition, enable and the reset are read, and its cover count */
  private readonly props: Array<{ cond: number; en: number; rst: number; hits: number }>;

  /**
   * Compile a design (from `elaborate` or `optimize`) for simulation.
   * @throws Error on a combinational loop or an inconsistent design.
   */
  constructor(design: IRDesign, opts: SimulatorOptions = {}) {
    const fd = flatten(design);
    this.fd = fd;
    // a VCD shows every named signal from the start; otherwise they are kept only once one is read (observeAll)
    this.observingAll = opts.vcd !== undefined;
    const g = generate(fd, { observeAll: this.observingAll });
    this.N = new Int32Array(g.size.n);
    this.F = new Float64Array(g.size.f);
    this.B = new Array<bigint>(g.size.b).fill(0n);
    this.TN = new Int32Array(g.state.n);
    this.TF = new Float64Array(g.state.f);
    this.TB = new Array<bigint>(g.state.b).fill(0n);
    for (const c of g.consts) this.store(c.slot, c.bits, c.width);
    this.mems = fd.mems.map((m, i) => {
      this.memIndex.set(m.path, i);
      const init = (m.init ?? []).map((h) => BigInt(`0x${h}`));
      const r = repOf(m.width);
      if (r === 'b') return Array.from({ length: m.depth }, (_, a) => (a < init.length ? init[a]! : 0n));
      const arr = r === 'f' ? new Float64Array(m.depth) : new Int32Array(m.depth);
      init.forEach((v, a) => (arr[a] = canonical(v, m.width) as number));
      return arr;
    });
    this.kept = g.kept;
    this.code = this.instantiate(g);
    fd.nodes.forEach((x, i) => {
      if (x.path === undefined) return;
      let name = x.path;
      for (let k = 1; this.sigs.has(name); k++) name = `${x.path}~${k}`;
      this.sigs.set(name, { node: i, slot: g.slots[i]!, width: x.width, signed: x.signed });
    });
    for (const p of fd.ports) if (p.dir === 'input') this.inputs.set(p.name, this.sigs.get(p.name)!);
    if (fd.rst !== undefined) this.inputs.set('rst', this.sigs.get('rst')!);
    if (opts.vcd !== undefined) this.openVcd(opts.vcd, design.top, g.slots);
    // properties are 1-bit: their slots are narrow
    this.props = fd.props.map((p) => ({
      cond: g.slots[p.cond]!.index,
      en: p.en === undefined ? -1 : g.slots[p.en]!.index,
      rst: p.resetAware && fd.rst !== undefined ? g.slots[fd.rst]!.index : -1,
      hits: 0,
    }));
  }

  private instantiate(g: Generated): Compiled {
    return factoryOf(g.body)(this.N, this.F, this.B, this.TN, this.TF, this.TB, this.mems, { par32, parb });
  }

  /**
   * Make a signal readable: when the running code does not keep its settled value, switch (once) to the code that
   * keeps every named signal. The slots are the same, so the state carries over; the next read settles again.
   */
  private observe(s: SignalInfo): void {
    if (this.kept[s.node] || this.observingAll) return;
    const g = generate(this.fd, { observeAll: true });
    this.code = this.instantiate(g);
    this.kept = g.kept;
    this.observingAll = true;
    this.dirty = true;
  }

  /** Check every property on the settled values of the current cycle (just before its rising edge). */
  private checkProps(): void {
    const N = this.N;
    for (let i = 0; i < this.props.length; i++) {
      const p = this.props[i]!;
      if ((p.en >= 0 && N[p.en] === 0) || (p.rst >= 0 && N[p.rst] !== 0)) continue;
      const fp = this.fd.props[i]!;
      if (fp.kind === 'cover') {
        if (N[p.cond] !== 0) p.hits++;
      } else if (N[p.cond] === 0) {
        throw new AssertionFailure('builtin', { kind: fp.kind, message: fp.message, loc: fp.loc ?? '?', cycle: this.cycle }, this.coverCounts());
      }
    }
  }

  /** Hits of each cover so far, keyed `<message> at <file:line>` (covers written in several instances add up). */
  coverCounts(): CoverCounts {
    const c: CoverCounts = {};
    this.fd.props.forEach((fp, i) => {
      if (fp.kind !== 'cover') return;
      const k = `${fp.message} at ${fp.loc ?? '?'}`;
      c[k] = (c[k] ?? 0) + this.props[i]!.hits;
    });
    return c;
  }

  private store(s: Slot, bits: bigint, width: number): void {
    if (s.rep === 'b') this.B[s.index] = BigInt.asUintN(width, bits);
    else if (s.rep === 'f') this.F[s.index] = canonical(bits, width) as number;
    else this.N[s.index] = canonical(bits, width) as number;
  }

  private load(s: Slot, width: number): bigint {
    if (s.rep === 'b') return this.B[s.index]!;
    if (s.rep === 'f') return BigInt(this.F[s.index]!);
    return BigInt.asUintN(width, BigInt(this.N[s.index]!));
  }

  /** Set a top-level input (`rst` included) to a value; negative values are taken as two's complement. */
  poke(port: string, v: bigint | number): void {
    this.poker(port)(v);
  }

  /** The value of any named signal by hierarchical name (e.g. `pe_0_1.acc_q`); signed signals read as negative. */
  peek(name: string): bigint {
    return this.peeker(name)();
  }

  /** A fast setter of one top-level input (what {@link poke} does, without the name lookup). */
  poker(port: string): (v: bigint | number) => void {
    const s = this.inputs.get(port);
    if (!s) throw new Error(`builtin sim: '${port}' is not an input of the top module (inputs: ${[...this.inputs.keys()].join(', ')})`);
    const { width } = s;
    const { index, rep } = s.slot;
    const N = this.N;
    if (rep === 'b')
      return (v) => {
        this.B[index] = BigInt.asUintN(width, BigInt(v));
        this.dirty = true;
      };
    if (rep === 'f') {
      const F = this.F;
      return (v) => {
        F[index] = Number(BigInt.asUintN(width, BigInt(v)));
        this.dirty = true;
      };
    }
    const m = width === 32 ? -1 : 2 ** width - 1;
    return (v) => {
      // ToInt32 is exact modulo 2^32 for safe integers
      if (typeof v === 'number' && Number.isSafeInteger(v)) N[index] = v & m;
      else N[index] = Number(BigInt.asIntN(32, BigInt(v))) & m;
      this.dirty = true;
    };
  }

  /**
   * @internal A raw reader for runTrace: for a narrow signal, a function returning its canonical int32 form and the
   * conversion of that form to the peeked value; for a wide one, the peeker.
   */
  rawPeeker(name: string): { narrow: () => number; toBig: (x: number) => bigint } | { mid: () => number; toBig: (x: number) => bigint } | { wide: () => bigint } {
    const s = this.sigs.get(name);
    if (!s) throw new Error(`builtin sim: no signal '${name}'`);
    if (s.slot.rep === 'b') return { wide: this.peeker(name) };
    this.observe(s);
    const { width, signed } = s;
    const { index } = s.slot;
    if (s.slot.rep === 'f') {
      const F = this.F;
      const h = 2 ** (width - 1);
      const p = 2 ** width;
      return { mid: () => (this.dirty && this.eval(), F[index]!), toBig: signed ? (x) => BigInt(x >= h ? x - p : x) : (x) => BigInt(x) };
    }
    const N = this.N;
    const sh = 32 - width;
    const toBig = signed ? (x: number) => BigInt((x << sh) >> sh) : width === 32 ? (x: number) => BigInt(x >>> 0) : (x: number) => BigInt(x);
    return { narrow: () => (this.dirty && this.eval(), N[index]!), toBig };
  }

  /** A fast getter of one named signal (what {@link peek} does, without the name lookup). */
  peeker(name: string): () => bigint {
    const s = this.sigs.get(name);
    if (!s) throw new Error(`builtin sim: no signal '${name}'`);
    this.observe(s);
    const { width, signed } = s;
    const { index, rep } = s.slot;
    const N = this.N;
    if (rep === 'b') return () => (this.dirty && this.eval(), signed ? BigInt.asIntN(width, this.B[index]!) : this.B[index]!);
    if (rep === 'f') {
      const F = this.F;
      const h = 2 ** (width - 1);
      const p = 2 ** width;
      if (signed) return () => (this.dirty && this.eval(), BigInt(F[index]! >= h ? F[index]! - p : F[index]!));
      return () => (this.dirty && this.eval(), BigInt(F[index]!));
    }
    const sh = 32 - width;
    if (signed) return () => (this.dirty && this.eval(), BigInt((N[index]! << sh) >> sh));
    if (width === 32) return () => (this.dirty && this.eval(), BigInt(N[index]! >>> 0));
    return () => (this.dirty && this.eval(), BigInt(N[index]!));
  }

  /** Settle combinational logic (and compute the next state). Called automatically by peek and step when needed. */
  eval(): void {
    this.code.ev();
    this.dirty = false;
  }

  /** `n` rising clock edges. */
  step(n = 1): void {
    for (let i = 0; i < n; i++) {
      if (this.dirty) this.eval();
      if (this.vcd) this.dump(2 * this.cycle);
      if (this.props.length) this.checkProps();
      this.code.edge();
      this.dirty = true;
      if (this.vcd) {
        this.eval();
        this.dump(2 * this.cycle + 1);
      }
      this.cycle++;
    }
  }

  /** All readable signal names, in flattening order. */
  signals(): string[] {
    return [...this.sigs.keys()];
  }

  private mem(path: string, addr: number): { m: Int32Array | Float64Array | bigint[]; width: number; index: number } {
    const i = this.memIndex.get(path);
    if (i === undefined) throw new Error(`builtin sim: no memory '${path}' (memories: ${[...this.memIndex.keys()].join(', ')})`);
    const fm = this.fd.mems[i]!;
    if (!Number.isInteger(addr) || addr < 0 || addr >= fm.depth) throw new Error(`builtin sim: address ${addr} outside memory '${path}' of depth ${fm.depth}`);
    return { m: this.mems[i]!, width: fm.width, index: i };
  }

  /** The word width and depth of a memory. `path` is hierarchical, e.g. `u_buf.mem`. */
  memShape(path: string): { width: number; depth: number } {
    const fm = this.fd.mems[this.mem(path, 0).index]!;
    return { width: fm.width, depth: fm.depth };
  }

  /** A memory word's bit pattern (unsigned). `path` is hierarchical, e.g. `u_buf.mem`. */
  readMem(path: string, addr: number): bigint {
    const { m, width } = this.mem(path, addr);
    const v = m[addr]!;
    return typeof v === 'bigint' ? v : BigInt.asUintN(width, BigInt(v));
  }

  /** Overwrite a memory word (preload); negative values are taken as two's complement. */
  writeMem(path: string, addr: number, v: bigint): void {
    const { m, width } = this.mem(path, addr);
    if (repOf(width) === 'b') (m as bigint[])[addr] = BigInt.asUintN(width, v);
    else (m as Int32Array | Float64Array)[addr] = canonical(v, width) as number;
    this.dirty = true;
  }

  /** Finish the VCD file (if any). The simulator stays usable without VCD. */
  close(): void {
    if (!this.vcd) return;
    if (this.dirty) this.eval();
    this.dump(2 * this.cycle);
    this.vcd.close();
    this.vcd = undefined;
  }

  private openVcd(file: string, top: string, slots: Slot[]): void {
    const codeOf = new Map<string, number>();
    const sources: Array<{ slot: Slot; width: number }> = [];
    const code = (slot: Slot, width: number): number => {
      const key = `${slot.rep}${slot.index}`;
      let c = codeOf.get(key);
      if (c === undefined) {
        c = sources.length;
        codeOf.set(key, c);
        sources.push({ slot, width });
      }
      return c;
    };
    const clkCode = this.fd.clock ? sources.push({ slot: { rep: 'n', index: -1 }, width: 1 }) - 1 : -1;
    const build = (s: FlatScope, name: string): VcdScope => ({
      name,
      vars: [
        ...(s === this.fd.scope && clkCode >= 0 ? [{ name: 'clk', width: 1, code: clkCode }] : []),
        ...s.nodes.map((i) => {
          const x = this.fd.nodes[i]!;
          return { name: x.path!.slice(x.path!.lastIndexOf('.') + 1), width: x.width, code: code(slots[i]!, x.width) };
        }),
      ],
      children: s.children.map((c) => build(c, c.name)),
    });
    const scope = build(this.fd.scope, top);
    this.vcdRead = (c) => (c === clkCode ? this.clk : this.load(sources[c]!.slot, sources[c]!.width));
    this.vcd = new VcdWriter(file, scope, sources.length);
  }

  /** Dump at time t: even times are settled values with clk low, odd times just after a rising edge. */
  private dump(t: number): void {
    this.clk = t % 2 === 1 ? 1n : 0n;
    this.vcd!.dump(t, this.vcdRead!);
  }
}
