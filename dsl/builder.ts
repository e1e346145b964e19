/**
 * ModuleBuilder: what a module body receives as `m`. It declares ports, wires, registers, memories and instances,
 * records connections (with their when() conditions), and at the end lowers everything to one IRModule.
 */
import type { IRModule, IRNode, IRPort, IRMem, IRInstance, IRProperty, PropKind, ResetKind } from './ir.js';
import { Signal, constant, mux, type NodeSink, type Operand } from './signal.js';
import { Wire, Reg, OutPort } from './sinks.js';
import { Memory } from './memory.js';
import { type PortSpec, type Inside, type Outside, type InSpec, type OutSpec, mapSpec } from './ports.js';
import { type HwType, typeName, Bool } from './types.js';
import { HwError } from './errors.js';
import { userLoc } from './loc.js';
import { fitsIn, hex, toBits } from './bits.js';
import { combDependencies } from './checks/comb-loop.js';
import { isKeyword, isVerilogKeyword } from './reserved.js';
import type { ModuleDef } from './module.js';

interface Assign {
  guard: number | null;
  value: number;
  loc: string | undefined;
}

interface DriveSlot {
  what: string;
  list: Assign[];
  /** reg: holds its value when nothing connects it */
  holds: boolean;
  defaultValue?: number;
  declLoc: string | undefined;
  /** the statement's locator is the first connection rather than the declaration (outputs, instance inputs) */
  connectLoc?: boolean;
}

/** What a builder needs from the elaboration it is part of. */
export interface ElabContext {
  child(def: ModuleDef<any, any>, params: unknown): { ir: IRModule; spec: PortSpec };
  /** For each output of an already elaborated module, the inputs it depends on combinationally. */
  combDepsOf(module: string): Record<string, string[]>;
  warn(msg: string): void;
}

/** Options of {@link ModuleBuilder.assert}, assume and cover. */
export interface PropOptions {
  /** the property applies only when this 1-bit signal is 1 (and the enclosing when() conditions hold) */
  enable?: Signal;
  /** disabled while `rst` is high (default true; the module gets the implicit reset) */
  resetAware?: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_PORTS = new Set(['clk', 'rst']);

export class ModuleBuilder implements NodeSink {
  /** @internal */ readonly nodes: IRNode[] = [];
  private readonly ports: IRPort[] = [];
  private readonly portLocs = new Map<string, string | undefined>();
  private readonly names = new Map<string, string | undefined>();
  private readonly mems: IRMem[] = [];
  private readonly memReads: number[][] = [];
  private readonly instances: IRInstance[] = [];
  private readonly slots = new Map<number, DriveSlot>();
  private readonly guards: number[] = [];
  private readonly reads = new Set<number>();
  private readonly consts = new Map<string, number>();
  private readonly props: IRProperty[] = [];
  private clock = false;
  private reset = false;

  /** @internal */
  constructor(
    /** The definition's name, for messages. */
    readonly name: string,
    private readonly ctx: ElabContext,
    /** where the definition was written: the locator of ports declared from its spec */
    private readonly defLoc?: string,
  ) {}

  // ---- NodeSink -----------------------------------------------------------------------------------------

  /** @internal */
  addNode(n: IRNode): number {
    if (n.op === 'const') {
      const key = `${n.width}${n.signed ? 's' : 'u'}${n.value}`;
      const hit = this.consts.get(key);
      if (hit !== undefined) return hit;
      this.consts.set(key, this.nodes.length);
    } else if (n.loc === undefined) {
      const loc = userLoc();
      if (loc !== undefined) n.loc = loc;
    }
    this.nodes.push(n);
    return this.nodes.length - 1;
  }
  /** @internal */
  nodeAt(id: number): IRNode {
    return this.nodes[id]!;
  }
  /** @internal */
  markRead(id: number): void {
    this.reads.add(id);
  }

  /** @internal */
  connect(target: Signal, value: Signal, loc: string | undefined): void {
    const slot = this.slots.get(target.id);
    if (!slot)
      throw new HwError(`${target.describe()} cannot be driven here: it is not a wire, register or output of module '${this.name}'`, loc);
    const guard = this.guards.length ? this.guards[this.guards.length - 1]! : null;
    if (guard === null) {
      const prev = slot.list.find((a) => a.guard === null);
      if (prev)
        throw new HwError(
          `conflicting drivers: ${slot.what} is driven unconditionally twice, at ${prev.loc ?? '?'} and at ${loc ?? '?'}; ` +
            `keep one, or put the override inside when()`,
          loc,
        );
    }
    slot.list.push({ guard, value: value.rd(loc), loc });
  }

  /** @internal run body with cond ANDed into the current condition */
  withGuard(cond: Signal, body: () => void): void {
    const outer = this.guards[this.guards.length - 1];
    const g = outer === undefined ? cond.rd() : new Signal(this, outer, Bool).and(cond).rd();
    this.guards.push(g);
    try {
      body();
    } finally {
      this.guards.pop();
    }
  }

  // ---- declarations ---------------------------------------------------------------------------------------

  private checkIdent(name: string, what: string, loc: string | undefined): void {
    if (!IDENT.test(name))
      throw new HwError(`${what} name '${name}' is not a legal identifier: use letters, digits and _, not starting with a digit`, loc);
  }

  /** A unique internal name: a clash is renamed deterministically (name_1, name_2, ...) with a warning. */
  private claim(name: string, what: string, loc: string | undefined): string {
    this.checkIdent(name, what, loc);
    let n = name;
    for (let k = 1; this.names.has(n) || this.portLocs.has(n); k++) n = `${name}_${k}`;
    if (n !== name)
      this.ctx.warn(`${loc ?? '?'}: ${what} '${name}' in module '${this.name}' renamed '${n}': the name is already used at ${this.names.get(name) ?? this.portLocs.get(name) ?? '?'}`);
    this.names.set(n, loc);
    return n;
  }

  private port(name: string, dir: 'input' | 'output', type: HwType, at?: string): Signal {
    const loc = at ?? userLoc();
    this.checkIdent(name, 'port', loc);
    if (isKeyword(name))
      throw new HwError(`port name '${name}' is a ${isVerilogKeyword(name) ? 'Verilog keyword' : 'C++ word Verilator reserves'}; choose another name (for example '${name}_i')`, loc);
    if (RESERVED_PORTS.has(name))
      throw new HwError(`port name '${name}' is reserved for the implicit ${name === 'clk' ? 'clock' : 'reset'}; choose another name`, loc);
    if (this.portLocs.has(name) || this.names.has(name))
      throw new HwError(
        `name clash in module '${this.name}': port '${name}' is already declared at ${this.portLocs.get(name) ?? this.names.get(name) ?? '?'}`,
        loc,
      );
    this.portLocs.set(name, loc);
    const base = { width: type.width, signed: type.signed, name, loc } as const;
    if (dir === 'input') {
      const id = this.addNode({ op: 'input', args: [], ...base });
      this.ports.push({ name, dir, width: type.width, signed: type.signed, node: id, ...(loc ? { loc } : {}) });
      return new Signal(this, id, type);
    }
    const id = this.addNode({ op: 'wire', args: [], ...base });
    this.ports.push({ name, dir, width: type.width, signed: type.signed, node: id, ...(loc ? { loc } : {}) });
    this.slots.set(id, { what: `output '${name}'`, list: [], holds: false, declLoc: loc, connectLoc: true });
    return new OutPort(this, id, type, false);
  }

  input(name: string, type: HwType): Signal {
    return this.port(name, 'input', type);
  }
  output(name: string, type: HwType): OutPort {
    return this.port(name, 'output', type) as OutPort;
  }

  /** Declare the ports of a spec (In/Out/Vec/bundles) at once. */
  io<S extends PortSpec>(spec: S): Inside<S> {
    const loc = userLoc();
    return mapSpec(spec, '', (n, s) => this.port(n, s.dir, s.type, loc)) as Inside<S>;
  }

  /** @internal the definition's own port spec: its ports carry the line of the defineModule call */
  specIo<S extends PortSpec>(spec: S): Inside<S> {
    const loc = this.defLoc ?? userLoc();
    return mapSpec(spec, '', (n, s) => this.port(n, s.dir, s.type, loc)) as Inside<S>;
  }

  /** A constant of the given type (an error if the value does not fit). */
  const(v: number | bigint | boolean, type: HwType): Signal {
    return constant(this, v, type);
  }

  /** A named combinational signal. With `default`, it takes that value wherever no connection applies. */
  wire(name: string, type: HwType, opts: { default?: Operand } = {}): Wire {
    const loc = userLoc();
    const n = this.claim(name, 'wire', loc);
    const id = this.addNode({ op: 'wire', width: type.width, signed: type.signed, args: [], name: n, ...(loc ? { loc } : {}) });
    const w = new Wire(this, id, type);
    const slot: DriveSlot = { what: `wire '${n}'`, list: [], holds: false, declLoc: loc };
    if (opts.default !== undefined) slot.defaultValue = w.lift(opts.default, type, `default of wire '${n}'`).extTo(type.width).rd();
    this.slots.set(id, slot);
    return w;
  }

  /** Give a value a name in the Verilog: a wire driven by v. */
  named(name: string, v: Signal): Wire {
    const w = this.wire(name, v.type);
    w.set(v);
    return w;
  }

  /**
   * A register clocked by the implicit `clk`. reset: 'sync' (default), 'async' or 'none'; init: the reset value
   * (default 0); enable: updates only when it is 1. With no connection in a cycle the register keeps its value.
   */
  reg(name: string, type: HwType, opts: { init?: number | bigint; reset?: ResetKind; enable?: Signal } = {}): Reg {
    const loc = userLoc();
    const n = this.claim(name, 'register', loc);
    const reset = opts.reset ?? 'sync';
    const init = BigInt(opts.init ?? 0);
    if (!fitsIn(init, type.width, type.signed))
      throw new HwError(`register '${n}': reset value ${init} does not fit in ${typeName(type)}`, loc);
    const node: IRNode = { op: 'reg', width: type.width, signed: type.signed, args: [], name: n, reset, value: hex(toBits(init, type.width)) };
    if (loc) node.loc = loc;
    if (opts.enable) node.en = opts.enable.asBool(`enable of register '${n}'`).rd();
    const id = this.addNode(node);
    this.clock = true;
    if (reset !== 'none') this.reset = true;
    this.slots.set(id, { what: `register '${n}'`, list: [], holds: true, declLoc: loc });
    return new Reg(this, id, type);
  }

  /** A register that takes v every cycle (a one-cycle delay). */
  regNext(name: string, v: Signal, opts: { init?: number | bigint; reset?: ResetKind; enable?: Signal } = {}): Reg {
    const r = this.reg(name, v.type, opts);
    r.set(v);
    return r;
  }

  /** A RAM of `depth` words, optionally preloaded with `init`. */
  mem(name: string, type: HwType, depth: number, opts: { init?: ReadonlyArray<number | bigint> } = {}): Memory {
    return this.makeMem(name, type, depth, opts.init, false);
  }

  /** A ROM initialised from data (synchronous read). */
  rom(name: string, type: HwType, data: ReadonlyArray<number | bigint>): Memory {
    return this.makeMem(name, type, data.length, data, true);
  }

  private makeMem(name: string, type: HwType, depth: number, init: ReadonlyArray<number | bigint> | undefined, rom: boolean): Memory {
    const loc = userLoc();
    if (!Number.isInteger(depth) || depth < 1) throw new HwError(`memory '${name}': depth must be a positive integer, got ${depth}`, loc);
    const n = this.claim(name, 'memory', loc);
    const mem: IRMem = { name: n, width: type.width, signed: type.signed, depth, writes: [] };
    if (loc) mem.loc = loc;
    if (init) {
      if (init.length > depth) throw new HwError(`memory '${n}': ${init.length} initial words for depth ${depth}`, loc);
      mem.init = init.map((v, i) => {
        const b = BigInt(v);
        if (!fitsIn(b, type.width, type.signed))
          throw new HwError(`memory '${n}': initial word ${i} = ${b} does not fit in ${typeName(type)}`, loc);
        return hex(toBits(b, type.width));
      });
    }
    this.mems.push(mem);
    this.memReads.push([]);
    this.clock = true;
    return new Memory(this, this.mems.length - 1, n, type, depth, rom);
  }

  /** @internal */
  memWrite(index: number, addr: Signal, data: Signal, en: Signal | undefined): void {
    const loc = userLoc();
    let e = en ? en.asBool('write enable') : constant(this, 1, Bool);
    const g = this.guards[this.guards.length - 1];
    if (g !== undefined) e = new Signal(this, g, Bool).and(e);
    const w = { addr: addr.rd(), data: data.rd(), en: e.rd(), ...(loc ? { loc } : {}) };
    this.mems[index]!.writes.push(w);
  }

  /** @internal */
  memRead(index: number, addr: Signal, en: Signal | undefined, name: string | undefined): Signal {
    const mem = this.mems[index]!;
    let e = en ? en.asBool('read enable') : constant(this, 1, Bool);
    const g = this.guards[this.guards.length - 1];
    if (g !== undefined) e = new Signal(this, g, Bool).and(e);
    const loc = userLoc();
    const n = this.claim(name ?? `${mem.name}_rd${this.memReads[index]!.length}`, 'read port', loc);
    const id = this.addNode({ op: 'memread', width: mem.width, signed: mem.signed, args: [addr.rd(), e.rd()], mem: index, name: n });
    this.memReads[index]!.push(id);
    return new Signal(this, id, { width: mem.width, signed: this.nodes[id]!.signed });
  }

  /** Instantiate a module definition with parameters. Inputs of the instance are wires to drive; outputs are signals. */
  instance<P, S extends PortSpec>(name: string, def: ModuleDef<P, S>, params: P): Outside<S> {
    const loc = userLoc();
    const n = this.claim(name, 'instance', loc);
    const { ir, spec } = this.ctx.child(def, params);
    if (ir.clock) this.clock = true;
    if (ir.reset) this.reset = true;
    const inst: IRInstance = { name: n, module: ir.name, inputs: [] };
    if (loc) inst.loc = loc;
    const index = this.instances.length;
    this.instances.push(inst);
    return mapSpec(spec, '', (pn: string, s: InSpec | OutSpec) => {
      const wn = this.claim(`${n}_${pn}`, 'instance port', loc);
      if (s.dir === 'input') {
        const id = this.addNode({ op: 'wire', width: s.type.width, signed: s.type.signed, args: [], name: wn, ...(loc ? { loc } : {}) });
        this.slots.set(id, { what: `input '${pn}' of instance '${n}'`, list: [], holds: false, declLoc: loc, connectLoc: true });
        inst.inputs.push({ port: pn, node: id });
        return new Wire(this, id, s.type);
      }
      const id = this.addNode({ op: 'instout', width: s.type.width, signed: s.type.signed, args: [], name: wn, inst: index, port: pn, ...(loc ? { loc } : {}) });
      return new Signal(this, id, s.type);
    }) as Outside<S>;
  }

  // ---- properties -----------------------------------------------------------------------------------------

  /**
   * An assertion: at every rising clock edge where it applies, `cond` must be 1, or the simulation stops with
   * "ASSERTION FAILED: <message> at <file:line> (cycle N)". It applies under the enclosing when() conditions and
   * `enable`; unless `resetAware: false`, not while `rst` is high.
   */
  assert(cond: Signal, message: string, opts: PropOptions = {}): void {
    this.property('assert', cond, message, opts);
  }

  /** An assumption: checked in simulation like an assertion; in a formal proof, a constraint on the inputs. */
  assume(cond: Signal, message = 'assumption', opts: PropOptions = {}): void {
    this.property('assume', cond, message, opts);
  }

  /** A cover: counts the clock edges at which it applies and `cond` is 1 (reported by every simulator). */
  cover(cond: Signal, message = 'cover', opts: PropOptions = {}): void {
    this.property('cover', cond, message, opts);
  }

  private property(kind: PropKind, cond: Signal, message: string, opts: PropOptions): void {
    const loc = userLoc();
    if (!/^[\x20-\x7e]*$/.test(message)) throw new HwError(`${kind} message ${JSON.stringify(message)} must be printable ASCII (it is printed by Verilog $display)`, loc);
    const c = cond.asBool(`${kind} condition`).rd(loc);
    let en: Signal | undefined = opts.enable?.asBool(`${kind} enable`);
    const g = this.guards[this.guards.length - 1];
    if (g !== undefined) en = en ? new Signal(this, g, Bool).and(en) : new Signal(this, g, Bool);
    const resetAware = opts.resetAware ?? true;
    const p: IRProperty = { kind, cond: c, message, resetAware };
    if (en) p.en = en.rd(loc);
    if (loc) p.loc = loc;
    this.props.push(p);
    this.clock = true;
    if (resetAware) this.reset = true;
  }

  // ---- lowering -------------------------------------------------------------------------------------------

  /** @internal lower connections to drivers, run the module-level checks, and return the IR. */
  finish(moduleName: string, source: string, params: Record<string, unknown>): IRModule {
    for (const [id, slot] of this.slots) {
      const node = this.nodes[id]!;
      let v: number | undefined = slot.holds ? id : slot.defaultValue;
      for (const a of slot.list) {
        if (a.guard === null) v = a.value;
        else if (v === undefined)
          throw new HwError(
            `${slot.what} is driven only under a condition (at ${a.loc ?? '?'}), so it would need a latch; ` +
              `give it a default: connect it before the when(), or declare it with { default: ... }`,
            slot.declLoc,
          );
        else {
          v = mux(new Signal(this, a.guard, Bool), new Signal(this, a.value, this.typeOf(a.value)), new Signal(this, v, this.typeOf(v))).id;
          const mn = this.nodes[v]!;
          if (a.loc) mn.loc = a.loc;
          else delete mn.loc;
        }
      }
      if (v === undefined) throw new HwError(`${slot.what} is never driven; connect it with .set(...)`, slot.declLoc);
      node.args = [v];
      if (slot.connectLoc && slot.list[0]?.loc) node.loc = slot.list[0].loc;
    }
    const ir: IRModule = {
      name: moduleName,
      source,
      params,
      clock: this.clock,
      reset: this.reset,
      ports: this.ports,
      nodes: this.nodes,
      mems: this.mems,
      instances: this.instances,
      combDeps: {},
      ...(this.props.length ? { props: this.props } : {}),
    };
    ir.combDeps = combDependencies(ir, (m) => this.ctx.combDepsOf(m));
    for (const p of this.ports)
      if (p.dir === 'input' && !this.reads.has(p.node))
        this.ctx.warn(`${p.loc ?? '?'}: input '${p.name}' of module '${this.name}' is never used`);
    return ir;
  }

  private typeOf(id: number): HwType {
    const n = this.nodes[id]!;
    return { width: n.width, signed: n.signed };
  }
}

