/**
 * The Verilog-2005 backend: one text per module. Each module is first legalised (legalize.ts: the rewrites Verilator
 * needs), then every operator is emitted at its exact width (operands explicitly extended), so the text is lint-clean
 * under `verilator -Wall` and means exactly what the IR means.
 *
 * Declared names: ports, the designer's wires/registers/read ports/memories/instances (a reserved word gets a
 * trailing `_`, a clash a numeric suffix), and temporaries named after what they compute (`_add_a_b`). Constants,
 * bit slices of names and extensions of names are written inline. Which IR node, memory and instance got which name
 * is returned as the name map (namemap.ts).
 */
import type { IRDesign, IRModule, IRNode } from '../ir.js';
import { parseHex } from '../bits.js';
import { Namespace } from './names.js';
import { BitUse } from './bituse.js';
import { legalizeModule, valueRange } from './legalize.js';
import type { ModuleNames, NameMap } from './namemap.js';
import { propertyLines } from './props.js';

const BINOP: Record<string, string> = { add: '+', sub: '-', and: '&', or: '|', xor: '^', eq: '==', ne: '!=', shl: '<<', shr: '>>' };
/** Operators written as `always @*` processes (see emit()). */
const PROCEDURAL = new Set(['add', 'sub', 'mul']);
const UNOP: Record<string, string> = { not: '~', redand: '&', redor: '|', redxor: '^' };

function range(w: number): string {
  return w === 1 ? '' : `[${w - 1}:0] `;
}

function lit(width: number, bits: bigint): string {
  return `${width}'h${bits.toString(16)}`;
}

function comment(loc: string | undefined): string {
  return loc ? `  // ${loc}` : '';
}

class ModuleEmitter {
  private readonly ns = new Namespace();
  /** declared name of each node, or undefined when it is written inline */
  private readonly declName: (string | undefined)[];
  private readonly uses: Uint32Array;
  private readonly inlineInto = new Set<number>();
  private readonly instName: string[] = [];
  private readonly memName: string[] = [];
  private readonly bits: BitUse;

  constructor(
    private readonly m: IRModule,
    private readonly modules: ReadonlyMap<string, IRModule>,
  ) {
    this.declName = new Array(m.nodes.length);
    this.uses = new Uint32Array(m.nodes.length);
    this.bits = new BitUse(m.nodes.length);
  }

  // ---- naming -------------------------------------------------------------------------------------------

  private isLeafOp(n: IRNode): boolean {
    if (n.op === 'const') return true;
    if (n.op === 'slice' || n.op === 'ext') return this.declName[n.args[0]!] !== undefined;
    return false;
  }

  private assignNames(): void {
    const m = this.m;
    if (m.clock) this.ns.reserve('clk');
    if (m.reset) this.ns.reserve('rst');
    for (const p of m.ports) {
      this.ns.reserve(p.name);
      this.declName[p.node] = p.name;
    }
    for (const n of m.nodes) for (const a of n.args) this.uses[a]!++;
    for (const n of m.nodes) if (n.en !== undefined) this.uses[n.en]!++;
    for (const mm of m.mems) for (const w of mm.writes) (this.uses[w.addr]!++, this.uses[w.data]!++, this.uses[w.en]!++);
    for (const i of m.instances) for (const x of i.inputs) this.uses[x.node]!++;
    for (const p of m.props ?? []) (this.uses[p.cond]!++, p.en !== undefined && this.uses[p.en]!++);
    for (const i of m.instances) this.instName.push(this.ns.fresh(i.name));
    m.nodes.forEach((n, id) => {
      if (this.declName[id] !== undefined) return;
      if (n.name) this.declName[id] = this.ns.fresh(n.name);
    });
    // An op used once by a wire or a register's next value is written in that statement instead of a temporary.
    m.nodes.forEach((n) => {
      if ((n.op === 'wire' || n.op === 'reg') && n.args.length) {
        const d = n.args[0]!;
        const dn = m.nodes[d]!;
        if (this.uses[d] === 1 && !dn.name && dn.op !== 'const' && dn.op !== 'slice' && dn.op !== 'ext') this.inlineInto.add(d);
      }
    });
    m.nodes.forEach((n, id) => {
      if (this.declName[id] !== undefined || this.inlineInto.has(id)) return;
      if (this.isLeafOp(n) && !this.needsMsb(id)) return;
      this.declName[id] = this.ns.fresh(this.tempName(n));
    });
    // An instance input wire that only carries a name or an inline leaf is written in the port connection itself.
    for (const i of m.instances)
      for (const x of i.inputs) {
        const d = m.nodes[x.node]!.args[0]!;
        if (this.uses[x.node] === 1 && !this.inlineInto.has(d) && (this.declName[d] !== undefined || this.isLeafOp(m.nodes[d]!)))
          this.declName[x.node] = undefined;
      }
  }

  /** true when some user needs a bit-select of this node (which an inline expression cannot give) */
  private needsMsb(id: number): boolean {
    const n = this.m.nodes[id]!;
    if (this.users(id).some((u) => u.op === 'slice')) return true;
    // wide dynamic shift amounts are sliced by the emitter
    if (n.width > 31 && this.users(id).some((u) => (u.op === 'shl' || u.op === 'shr' || u.op === 'sra') && u.args[1] === id)) return true;
    return n.op === 'ext' && n.width > this.m.nodes[n.args[0]!]!.width && this.users(id).some((u) => u.op === 'ext' || u.op === 'mul' || u.op === 'sra');
  }

  private usersCache?: IRNode[][];
  private users(id: number): IRNode[] {
    if (!this.usersCache) {
      const u: IRNode[][] = this.m.nodes.map(() => []);
      for (const n of this.m.nodes) for (const a of n.args) u[a]!.push(n);
      this.usersCache = u;
    }
    return this.usersCache[id]!;
  }

  private tempName(n: IRNode): string {
    const parts = n.args.map((a) => this.m.nodes[a]!.name).filter((x): x is string => !!x);
    let s = `_${n.op}`;
    for (const p of parts) {
      if (s.length + p.length > 40) break;
      s += `_${p}`;
    }
    return s;
  }

  // ---- expressions --------------------------------------------------------------------------------------

  /** The expression for node id as an operand (a name or an inline leaf). */
  private ref(id: number): string {
    const d = this.declName[id];
    if (d !== undefined) {
      this.bits.useAll(id, this.m.nodes[id]!.width);
      return d;
    }
    const n = this.m.nodes[id]!;
    if (n.op === 'const') return lit(n.width, parseHex(n.value!));
    if (n.op === 'wire') return this.ref(n.args[0]!);
    if (n.op === 'slice') return this.sliceOf(n.args[0]!, n.hi!, n.lo!);
    if (n.op === 'ext') return this.extend(n.args[0]!, n.width);
    return this.expr(id);
  }

  private sliceOf(id: number, hi: number, lo: number): string {
    const d = this.declName[id]!;
    const w = this.m.nodes[id]!.width;
    this.bits.use(id, hi, lo, w);
    // a 1-bit name has no bit-select; a `signed` one must still read as the unsigned bit a slice is
    if (w === 1) return this.m.nodes[id]!.signed ? `$unsigned(${d})` : d;
    return hi === lo ? `${d}[${hi}]` : `${d}[${hi}:${lo}]`;
  }

  /** node id widened to w by its signedness, as an expression */
  private extend(id: number, w: number): string {
    const n = this.m.nodes[id]!;
    if (n.width === w) return this.ref(id);
    if (n.op === 'const') {
      const v = parseHex(n.value!);
      const neg = n.signed && (v >> BigInt(n.width - 1)) & 1n;
      return lit(w, neg ? v | (((1n << BigInt(w - n.width)) - 1n) << BigInt(n.width)) : v);
    }
    const k = w - n.width;
    const inner = this.ref(id);
    if (!n.signed) return `{${k}'b0, ${inner}}`;
    const msb = this.msb(id);
    return k === 1 ? `{${msb}, ${inner}}` : `{{${k}{${msb}}}, ${inner}}`;
  }

  private msb(id: number): string {
    const d = this.declName[id];
    const n = this.m.nodes[id]!;
    if (d !== undefined) return this.sliceOf(id, n.width - 1, n.width - 1);
    if (n.op === 'slice') return this.sliceOf(n.args[0]!, n.hi!, n.hi!);
    if (n.op === 'ext') {
      // a same-width ext (asSInt/asUInt) keeps the top bit; a widening one repeats it (signed) or adds a 0
      const a = this.m.nodes[n.args[0]!]!;
      return a.width === n.width || a.signed ? this.msb(n.args[0]!) : "1'b0";
    }
    if (n.op === 'const') return (parseHex(n.value!) >> BigInt(n.width - 1)) & 1n ? "1'b1" : "1'b0";
    throw new Error(`internal: no msb for ${n.op}`);
  }

  /**
   * The expression for node id read as unsigned: a name declared `signed` (an SInt the IR reinterprets with asUInt)
   * is wrapped in $unsigned where Verilog would otherwise read it as signed (comparisons, memory indices).
   */
  private uref(id: number): string {
    const e = this.ref(id);
    return this.readsSigned(id) ? `$unsigned(${e})` : e;
  }

  /** Whether Verilog reads the expression ref(id) as signed: a `signed` name, possibly through inline casts. */
  private readsSigned(id: number): boolean {
    const n = this.m.nodes[id]!;
    if (this.declName[id] !== undefined) return n.signed;
    if (n.op === 'wire') return this.readsSigned(n.args[0]!);
    if (n.op === 'ext' && n.width === this.m.nodes[n.args[0]!]!.width) return this.readsSigned(n.args[0]!);
    return false;
  }

  /** A constant shift amount as a plain number (or undefined when the amount is not constant). */
  private constAmount(id: number): bigint | undefined {
    const n = this.m.nodes[id]!;
    return n.op === 'const' ? parseHex(n.value!) : undefined;
  }

  /**
   * A multiply. Both operands signed and the result at least as wide as either: `$signed(a) * $signed(b)` at the
   * operands' own widths (Verilog sign-extends both to the statement's width, which is the result's, so the meaning is
   * the IR's; synthesis sees a signed multiply of the real operand widths, which it maps to a smaller array than an
   * unsigned multiply of sign-extended operands, where the copies of the sign bits cannot be narrowed away). Otherwise
   * both operands are extended to the result's width by their signedness and multiplied unsigned.
   */
  private mulExpr(n: IRNode): string {
    const [x, y] = [n.args[0]!, n.args[1]!];
    const [xn, yn] = [this.m.nodes[x]!, this.m.nodes[y]!];
    if (xn.signed && yn.signed && n.width >= Math.max(xn.width, yn.width)) return `$signed(${this.ref(x)}) * $signed(${this.ref(y)})`;
    return `${this.extend(x, n.width)} * ${this.extend(y, n.width)}`;
  }

  /** The defining expression of an operator node. */
  private expr(id: number): string {
    const n = this.m.nodes[id]!;
    const a = n.args;
    const r = (i: number): string => this.ref(a[i]!);
    if (n.op === 'shl' || n.op === 'shr' || n.op === 'sra') {
      // a constant amount is written as a small number; an amount of the whole width or more gives 0 (or the sign)
      const k = this.constAmount(a[1]!);
      if (k !== undefined && k >= BigInt(n.width)) return n.op === 'sra' ? `{${n.width}{${this.msb(a[0]!)}}}` : lit(n.width, 0n);
      const aw = this.m.nodes[a[1]!]!.width;
      const shift = (amt: string): string => (n.op === 'sra' ? `$signed(${r(0)}) >>> ${amt}` : `${r(0)} ${BINOP[n.op]} ${amt}`);
      if (k !== undefined) return shift(String(k));
      if (aw <= 31) return shift(r(1));
      // Verilator shifts by at most 32-bit amounts: any of the high bits set means the whole width is shifted out
      // (both arms of the ?: must be signed for sra: an unsigned arm would make `>>>` a logical shift in Verilog)
      const fill = n.op === 'sra' ? `$signed({${n.width}{${this.msb(a[0]!)}}})` : lit(n.width, 0n);
      return `(|${this.sliceOf(a[1]!, aw - 1, 31)}) ? ${fill} : (${shift(this.sliceOf(a[1]!, 30, 0))})`;
    }
    if (n.op in BINOP) return `${r(0)} ${BINOP[n.op]} ${r(1)}`;
    if (n.op in UNOP) return `${UNOP[n.op]}${r(0)}`;
    switch (n.op) {
      case 'mul':
        return this.mulExpr(n);
      case 'lt':
      case 'le': {
        const op = n.op === 'lt' ? '<' : '<=';
        const s = this.m.nodes[a[0]!]!.signed;
        if (!s) return `${this.uref(a[0]!)} ${op} ${this.uref(a[1]!)}`;
        // signed order as unsigned order of offset-binary values (sign bits flipped): the same meaning, and it avoids
        // a Verilator 5.006 constant-folding bug in $signed(x) <= $signed(y) (test/sim/fuzz/regressions.test.ts)
        const flip = lit(this.m.nodes[a[0]!]!.width, 1n << BigInt(this.m.nodes[a[0]!]!.width - 1));
        return `(${this.uref(a[0]!)} ^ ${flip}) ${op} (${this.uref(a[1]!)} ^ ${flip})`;
      }
      case 'mux':
        return `${r(0)} ? ${r(1)} : ${r(2)}`;
      case 'concat':
        return `{${a.map((x) => this.ref(x)).join(', ')}}`;
      case 'slice':
        return this.sliceOf(a[0]!, n.hi!, n.lo!);
      case 'ext':
        return this.extend(a[0]!, n.width);
      case 'const':
        return lit(n.width, parseHex(n.value!));
      default:
        throw new Error(`internal: no expression for '${n.op}'`);
    }
  }

  // ---- statements ---------------------------------------------------------------------------------------

  emit(): string {
    const m = this.m;
    this.assignNames();
    const body: string[] = [];
    const decl = (kind: string, id: number): string => {
      const n = m.nodes[id]!;
      return `  ${kind} ${n.signed ? 'signed ' : ''}${range(n.width)}${this.declName[id]}`;
    };
    // a combinational process for `id` (see PROCEDURAL): the declaration, then the one statement
    const procedural = (id: number, text: string): string[] => [`${decl('reg', id)};${comment(m.nodes[id]!.loc)}`, `  always @* ${this.declName[id]} = ${text};${comment(m.nodes[id]!.loc)}`];
    // declarations and continuous assignments, in node order; an assignment whose driver comes later is placed after it
    const later = new Map<number, string[]>();
    const at = (pos: number, line: string): void => {
      if (!later.has(pos)) later.set(pos, []);
      later.get(pos)!.push(line);
    };
    const outputNodes = new Set(m.ports.filter((p) => p.dir === 'output').map((p) => p.node));
    m.nodes.forEach((n, id) => {
      const name = this.declName[id];
      if (name !== undefined && n.op !== 'input') {
        switch (n.op) {
          case 'wire': {
            const d = n.args[0]!;
            const pos = Math.max(id, d);
            const isPort = outputNodes.has(id);
            if (pos !== id && !isPort) body.push(`${decl('wire', id)};${comment(n.loc)}`);
            const render = (): string => (this.inlineInto.has(d) ? this.expr(d) : this.ref(d));
            if (pos === id && !isPort && this.inlineInto.has(d) && PROCEDURAL.has(m.nodes[d]!.op)) body.push(...procedural(id, render()));
            else if (pos === id) body.push(isPort ? `  assign ${name} = ${render()};${comment(n.loc)}` : `${decl('wire', id)} = ${render()};${comment(n.loc)}`);
            else at(pos, `  assign ${name} = ${render()};${comment(n.loc)}`);
            break;
          }
          case 'reg':
          case 'memread':
            body.push(`${decl('reg', id)};${comment(n.loc)}`);
            break;
          case 'instout':
            body.push(`${decl('wire', id)};${comment(n.loc)}`);
            break;
          default:
            // arithmetic as a combinational process: the same meaning (the statement's width and signedness rules are
            // those of the continuous assignment), and Icarus runs it as word-wide opcodes instead of a bit-serial net
            if (PROCEDURAL.has(n.op)) body.push(...procedural(id, this.expr(id)));
            else body.push(`${decl('wire', id)} = ${this.expr(id)};${comment(n.loc)}`);
        }
      }
      const pending = later.get(id);
      if (pending) {
        body.push(...pending);
        later.delete(id);
      }
    });
    // register processes
    m.nodes.forEach((n, id) => {
      if (n.op !== 'reg') return;
      const name = this.declName[id]!;
      const d = n.args[0]!;
      if (d === id && n.reset === 'none') return;
      const next = this.inlineInto.has(d) ? this.expr(d) : this.ref(d);
      const init = lit(n.width, parseHex(n.value!));
      const sens = n.reset === 'async' ? 'posedge clk or posedge rst' : 'posedge clk';
      const upd = d === id ? undefined : n.en !== undefined ? `if (${this.ref(n.en)}) ${name} <= ${next};` : `${name} <= ${next};`;
      body.push(`  always @(${sens}) begin${comment(n.loc)}`);
      if (n.reset === 'none') body.push(`    ${upd}`);
      else if (upd === undefined) body.push(`    if (rst) ${name} <= ${init};`);
      else body.push(`    if (rst) ${name} <= ${init};`, `    else ${upd}`);
      body.push('  end');
    });
    // memories
    m.mems.forEach((mem, mi) => {
      const mname = this.ns.fresh(mem.name);
      this.memName.push(mname);
      body.push(`  reg ${range(mem.width)}${mname} [0:${mem.depth - 1}];${comment(mem.loc)}`);
      if (mem.init) {
        body.push('  initial begin');
        for (let i = 0; i < mem.depth; i++) body.push(`    ${mname}[${i}] = ${lit(mem.width, i < mem.init.length ? parseHex(mem.init[i]!) : 0n)};`);
        body.push('  end');
      }
      if (mem.writes.length) {
        body.push('  always @(posedge clk) begin');
        for (const w of mem.writes) {
          // a write at a constant address past the end does nothing (and Verilator would refuse the index)
          const k = this.constAmount(w.addr);
          if (k !== undefined && k >= BigInt(mem.depth)) continue;
          body.push(`    if (${this.ref(w.en)}) ${mname}[${this.uref(w.addr)}] <= ${this.ref(w.data)};${comment(w.loc)}`);
        }
        body.push('  end');
      }
      m.nodes.forEach((n, id) => {
        if (n.op !== 'memread' || n.mem !== mi) return;
        const addr = (): string => this.uref(n.args[0]!);
        const k = this.constAmount(n.args[0]!);
        // no guard when the address can never reach past the end (Verilator would call the guard constant)
        const [alo, ahi] = valueRange(m.nodes, n.args[0]!, false);
        // (a power-of-two depth is in range by construction, except depth 1, whose address is still 1 bit wide)
        const inRange = ahi < BigInt(mem.depth);
        const word =
          (k !== undefined && k >= BigInt(mem.depth)) || alo >= BigInt(mem.depth)
            ? lit(mem.width, 0n)
            : inRange || k !== undefined
              ? `${mname}[${addr()}]`
              : `(${addr()} < ${lit(m.nodes[n.args[0]!]!.width, BigInt(mem.depth))}) ? ${mname}[${addr()}] : ${lit(mem.width, 0n)}`;
        body.push(`  always @(posedge clk) begin${comment(n.loc)}`, `    if (${this.ref(n.args[1]!)}) ${this.declName[id]} <= ${word};`, '  end');
      });
    });
    // instances
    const outsOf = new Map<string, Map<string, number>>();
    m.nodes.forEach((n, id) => {
      if (n.op !== 'instout') return;
      const key = String(n.inst);
      if (!outsOf.has(key)) outsOf.set(key, new Map());
      outsOf.get(key)!.set(n.port!, id);
    });
    const unusedOuts: string[] = [];
    m.instances.forEach((inst, ii) => {
      const child = this.modules.get(inst.module)!;
      const conns: string[] = [];
      if (child.clock) conns.push('.clk(clk)');
      if (child.reset) conns.push('.rst(rst)');
      const outs = outsOf.get(String(ii)) ?? new Map<string, number>();
      for (const p of child.ports) {
        if (p.dir === 'input') {
          const x = inst.inputs.find((i) => i.port === p.name)!;
          conns.push(`.${p.name}(${this.ref(x.node)})`);
        } else {
          const o = outs.get(p.name);
          if (o !== undefined) conns.push(`.${p.name}(${this.ref(o)})`);
          else {
            const w = this.ns.fresh(`${inst.name}_${p.name}`);
            body.push(`  wire ${range(p.width)}${w};`);
            unusedOuts.push(w);
            conns.push(`.${p.name}(${w})`);
          }
        }
      }
      body.push(`  ${inst.module} ${this.instName[ii]} (${comment(inst.loc)}`);
      body.push(conns.map((c) => `    ${c}`).join(',\n'));
      body.push('  );');
    });
    body.push(...propertyLines(m, (id) => this.ref(id), (b) => this.ns.fresh(b)));
    // inputs never read and bits never read: acknowledged in one sink (Verilator's documented unused idiom)
    const unused: string[] = [...unusedOuts];
    m.ports.forEach((p) => {
      if (p.dir === 'input' && this.uses[p.node] === 0) unused.push(p.name);
    });
    m.nodes.forEach((n, id) => {
      const d = this.declName[id];
      if (d === undefined || n.op === 'input' && this.uses[id] === 0) return;
      if (n.op === 'wire' && outputNodes.has(id)) return;
      // a signal the IR still reads but the text does not (e.g. an address that is known to be out of range)
      if (n.op !== 'input' && this.bits.untouched(id) && this.uses[id]! > 0) {
        unused.push(d);
        return;
      }
      for (const [hi, lo] of this.bits.unusedRanges(id, n.width)) unused.push(n.width === 1 ? d : hi === lo ? `${d}[${hi}]` : `${d}[${hi}:${lo}]`);
    });
    if (unused.length) body.push(`  wire ${this.ns.fresh('_unused_ok')} = &{1'b0, ${unused.join(', ')}, 1'b0};`);

    const header = [
      `// Generated by hwgen from '${m.source}'${Object.keys(m.params).length ? ` with ${JSON.stringify(m.params)}` : ''}. Do not edit.`,
      `module ${m.name} (`,
    ];
    const ports: string[] = [];
    if (m.clock) ports.push('  input clk');
    if (m.reset) ports.push('  input rst');
    for (const p of m.ports) ports.push(`  ${p.dir} ${p.signed ? 'signed ' : ''}${range(p.width)}${p.name}`);
    const portText = ports.map((p, i) => `${p}${i < ports.length - 1 ? ',' : ''}`);
    m.ports.forEach((p, i) => {
      const k = ports.length - m.ports.length + i;
      portText[k] = `${portText[k]}${comment(p.loc)}`;
    });
    return [...header, ...portText, ');', ...body, 'endmodule', ''].join('\n');
  }

  /** The names given, by node, memory and instance of the module emitted (after emit()). */
  names(): { nodes: Array<string | undefined>; mems: string[]; instances: string[] } {
    return { nodes: [...this.declName], mems: [...this.memName], instances: [...this.instName] };
  }
}

export interface VerilogOutput {
  top: string;
  /** file name -> text, in filelist order (children first) */
  files: Map<string, string>;
  /** the filelist: one file per line */
  filelist: string;
  /** where each module's nodes, memories and instances (of the design given to emitVerilog) are in the text */
  names: NameMap;
}

/**
 * @internal The text of one module exactly as given, without legalisation: only for tests that show what
 * legalisation is for (Verilator refuses some of these texts).
 */
export function emitModuleUnlegalized(m: IRModule, modules: ReadonlyMap<string, IRModule>): string {
  return new ModuleEmitter(m, modules).emit();
}

/** Emit Verilog text for an (optimized) design. */
export function emitVerilog(design: IRDesign): VerilogOutput {
  const files = new Map<string, string>();
  const names = new Map<string, ModuleNames>();
  const legal = design.modules.map((m) => ({ m, l: legalizeModule(m) }));
  const byName = new Map(legal.map(({ l }) => [l.module.name, l.module]));
  for (const { m, l } of legal) {
    const e = new ModuleEmitter(l.module, byName);
    files.set(`${m.name}.v`, e.emit());
    const got = e.names();
    names.set(m.name, {
      nodes: Array.from(l.node, (j) => (j < 0 ? undefined : got.nodes[j])),
      mems: Array.from(l.mem, (j) => (j < 0 ? undefined : got.mems[j])),
      instances: got.instances,
    });
  }
  return { top: design.top, files, filelist: [...files.keys()].join('\n') + '\n', names };
}
