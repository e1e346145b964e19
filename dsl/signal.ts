/**
 * Signal: a hardware value inside one module, with the operators as methods. Every width rule of the language is here;
 * each rule lowers to the exact IR primitives of ir.ts.
 *
 * Width rules (wa, wb: operand widths; operands of + - * compare must have the same signedness):
 * | method            | result                                   |
 * |-------------------|------------------------------------------|
 * | add(b)            | max(wa,wb)+1, exact                      |
 * | sub(b)            | SInt(max(wa,wb)+1), exact (also for UInt)|
 * | addw(b), subw(b)  | max(wa,wb), wraps                        |
 * | mul(b)            | wa+wb, exact                             |
 * | neg()             | SInt(wa+1), exact                        |
 * | and/or/xor(b)     | same type as both operands (must match)  |
 * | not()             | same type                                |
 * | eq ne lt le gt ge | Bool                                     |
 * | shl(n) static     | wa+n, exact                              |
 * | shr(n) static     | max(wa-n,1), floor (arithmetic if SInt)  |
 * | shlDyn(k), shrDyn(k) | wa, bits shifted out are lost         |
 * | bit(i)            | Bool;  slice(hi,lo): UInt(hi-lo+1)       |
 * | cat(...), rep(n)  | UInt, sum of widths / wa*n               |
 * | andR orR xorR     | Bool                                     |
 * | ext(w)            | w >= wa, by own signedness               |
 * | trunc(w)          | w <= wa, keeps signedness                |
 * | asUInt asSInt     | same bits reinterpreted                  |
 * | toSInt()          | SInt(wa+1), exact                        |
 * | lit(v, t?)        | the constant v of type t (default: this  |
 * |                   | signal's type), in this signal's module  |
 * Numbers and bigints are accepted as operands. For the exact forms (add, sub, mul, comparisons) a constant takes the
 * signal's signedness and the width it needs (at least the signal's width; mul: just the width it needs). For the
 * wrapping and bitwise forms it takes the signal's type, and must fit in it.
 */
import type { IRNode, Op } from './ir.js';
import { HwError } from './errors.js';
import { type HwType, typeName, sameType, UInt, SInt, Bool } from './types.js';
import { fitsIn, toBits, hex, minWidth } from './bits.js';
import { userLoc } from './loc.js';

/** What a Signal needs from the module it lives in (implemented by ModuleBuilder). */
export interface NodeSink {
  readonly name: string;
  addNode(n: IRNode): number;
  nodeAt(id: number): IRNode;
  /** Record a conditional or unconditional connection to a sink node. */
  connect(target: Signal, value: Signal, loc: string | undefined): void;
  /** Record that a node was used as an operand (for unused-input warnings). */
  markRead(id: number): void;
}

export type Operand = Signal | number | bigint | boolean;

export class Signal {
  /** @internal */ readonly mod: NodeSink;
  /** @internal */ readonly id: number;
  readonly type: HwType;
  /** Output ports are write-only inside their module. */
  /** @internal */ readonly readable: boolean;

  /** @internal */
  constructor(mod: NodeSink, id: number, type: HwType, readable = true) {
    this.mod = mod;
    this.id = id;
    this.type = type;
    this.readable = readable;
  }

  get width(): number {
    return this.type.width;
  }
  get signed(): boolean {
    return this.type.signed;
  }
  /** The designer's name of this signal, if it has one. */
  get name(): string | undefined {
    return this.mod.nodeAt(this.id).name;
  }

  toString(): string {
    return `${this.describe()}: ${typeName(this.type)}`;
  }

  /** @internal a short description for error messages */
  describe(): string {
    const n = this.mod.nodeAt(this.id);
    if (n.name) return `'${n.name}'`;
    if (n.op === 'const') return `constant`;
    return `(${n.op} result)`;
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /** @internal check that this signal may be read and return its id */
  rd(loc?: string): number {
    if (!this.readable) {
      throw new HwError(
        `cannot read output port ${this.describe()} of module '${this.mod.name}': outputs are write-only; ` +
          `compute the value into a wire (m.wire) or register, read that, and drive the output from it`,
        loc ?? userLoc(),
      );
    }
    this.mod.markRead(this.id);
    return this.id;
  }

  /** @internal */
  make(op: Op, type: HwType, args: number[], extra?: Partial<IRNode>): Signal {
    const n: IRNode = { op, width: type.width, signed: type.signed, args, ...extra };
    return new Signal(this.mod, this.mod.addNode(n), type);
  }

  /**
   * @internal an operand for an exact (growing) operator: a number becomes a constant of this signal's signedness and
   * the larger of this signal's width and the width the value needs (mul: just the width the value needs).
   */
  liftExact(x: Operand, what: string, minimal = false): Signal {
    if (x instanceof Signal) return this.lift(x, this.type, what);
    const v = typeof x === 'boolean' ? (x ? 1n : 0n) : BigInt(x);
    if (!this.signed && v < 0n)
      throw new HwError(`${what}: negative constant ${v} with ${typeName(this.type)} ${this.describe()}; convert the signal with .toSInt()`, userLoc());
    const need = minWidth(v, this.signed);
    return constant(this.mod, v, { width: minimal ? need : Math.max(need, this.width), signed: this.signed });
  }

  /** @internal turn an operand into a signal of this module, constants taking type `like` */
  lift(x: Operand, like: HwType, what: string): Signal {
    if (x instanceof Signal) {
      if (x.mod !== this.mod)
        throw new HwError(
          `${what}: ${x.describe()} belongs to module '${x.mod.name}', not '${this.mod.name}'; ` +
            `pass values between modules through ports`,
          userLoc(),
        );
      return x;
    }
    return constant(this.mod, x, like);
  }

  private sameSign(b: Signal, op: string): void {
    if (this.signed !== b.signed)
      throw new HwError(
        `${op}: cannot mix ${typeName(this.type)} ${this.describe()} with ${typeName(b.type)} ${b.describe()}; ` +
          `convert one explicitly (.toSInt() for an exact signed value, .asSInt()/.asUInt() to reinterpret bits)`,
        userLoc(),
      );
  }

  private sameTypeAs(b: Signal, op: string): void {
    this.sameSign(b, op);
    if (this.width !== b.width)
      throw new HwError(
        `${op}: operand widths differ: ${typeName(this.type)} ${this.describe()} and ${typeName(b.type)} ${b.describe()}; ` +
          `widen one with .ext(${Math.max(this.width, b.width)}) or narrow one with .trunc(${Math.min(this.width, b.width)})`,
        userLoc(),
      );
  }

  /** Both operands extended to width w, as ids. */
  private extPair(b: Signal, w: number): [number, number] {
    return [this.extTo(w).rd(), b.extTo(w).rd()];
  }

  /** @internal extend to w (no-op when already w) */
  extTo(w: number): Signal {
    if (w === this.width) return this;
    return this.make('ext', { width: w, signed: this.signed }, [this.rd()]);
  }

  /**
   * The constant v of type t (default: this signal's type) in this signal's module: for code that is handed signals
   * but not the module builder (`m.const(v, t)` is the same thing). An error if v does not fit in t.
   */
  lit(v: number | bigint | boolean, t: HwType = this.type): Signal {
    return constant(this.mod, v, t);
  }

  // ---- arithmetic ---------------------------------------------------------------------------------------

  /** Exact sum: width max(wa, wb) + 1. */
  add(other: Operand): Signal {
    const b = this.liftExact(other, 'add');
    this.sameSign(b, 'add');
    const w = Math.max(this.width, b.width) + 1;
    return this.make('add', { width: w, signed: this.signed }, this.extPair(b, w));
  }

  /** Wrapping sum: width max(wa, wb). */
  addw(other: Operand): Signal {
    const b = this.lift(other, this.type, 'addw');
    this.sameSign(b, 'addw');
    const w = Math.max(this.width, b.width);
    return this.make('add', { width: w, signed: this.signed }, this.extPair(b, w));
  }

  /** Exact difference: SInt(max(wa, wb) + 1), for unsigned operands too. */
  sub(other: Operand): Signal {
    const b = this.liftExact(other, 'sub');
    this.sameSign(b, 'sub');
    const w = Math.max(this.width, b.width) + 1;
    const t = SInt(w);
    return this.make('sub', t, [this.extTo(w).rd(), b.extTo(w).rd()]);
  }

  /** Wrapping difference: width max(wa, wb), same signedness as the operands. */
  subw(other: Operand): Signal {
    const b = this.lift(other, this.type, 'subw');
    this.sameSign(b, 'subw');
    const w = Math.max(this.width, b.width);
    return this.make('sub', { width: w, signed: this.signed }, this.extPair(b, w));
  }

  /** Exact product: width wa + wb. */
  mul(other: Operand): Signal {
    const b = this.liftExact(other, 'mul', true);
    this.sameSign(b, 'mul');
    return this.make('mul', { width: this.width + b.width, signed: this.signed }, [this.rd(), b.rd()]);
  }

  /** Exact negation: SInt(wa + 1). */
  neg(): Signal {
    const w = this.width + 1;
    const zero = constant(this.mod, 0n, SInt(w));
    const x = this.signed ? this.extTo(w) : this.toSInt();
    return this.make('sub', SInt(w), [zero.rd(), x.rd()]);
  }

  // ---- bitwise -------------------------------------------------------------------------------------------

  and(other: Operand): Signal {
    const b = this.lift(other, this.type, 'and');
    this.sameTypeAs(b, 'and');
    return this.make('and', this.type, [this.rd(), b.rd()]);
  }
  or(other: Operand): Signal {
    const b = this.lift(other, this.type, 'or');
    this.sameTypeAs(b, 'or');
    return this.make('or', this.type, [this.rd(), b.rd()]);
  }
  xor(other: Operand): Signal {
    const b = this.lift(other, this.type, 'xor');
    this.sameTypeAs(b, 'xor');
    return this.make('xor', this.type, [this.rd(), b.rd()]);
  }
  not(): Signal {
    return this.make('not', this.type, [this.rd()]);
  }

  // ---- comparison ----------------------------------------------------------------------------------------

  private cmp(op: 'eq' | 'ne' | 'lt' | 'le', other: Operand, swap: boolean, label: string): Signal {
    const b = this.liftExact(other, label);
    this.sameSign(b, label);
    const w = Math.max(this.width, b.width);
    const [x, y] = this.extPair(b, w);
    return this.make(op, Bool, swap ? [y, x] : [x, y]);
  }
  eq(b: Operand): Signal {
    return this.cmp('eq', b, false, 'eq');
  }
  ne(b: Operand): Signal {
    return this.cmp('ne', b, false, 'ne');
  }
  lt(b: Operand): Signal {
    return this.cmp('lt', b, false, 'lt');
  }
  le(b: Operand): Signal {
    return this.cmp('le', b, false, 'le');
  }
  gt(b: Operand): Signal {
    return this.cmp('lt', b, true, 'gt');
  }
  ge(b: Operand): Signal {
    return this.cmp('le', b, true, 'ge');
  }

  // ---- shifts --------------------------------------------------------------------------------------------

  /** Static left shift, exact: width wa + n. */
  shl(n: number): Signal {
    checkCount(n, 'shl');
    if (n === 0) return this;
    const z = constant(this.mod, 0n, UInt(n));
    return this.make('concat', { width: this.width + n, signed: this.signed }, [this.rd(), z.rd()]);
  }

  /** Static right shift (floor; arithmetic for SInt): width max(wa - n, 1). */
  shr(n: number): Signal {
    checkCount(n, 'shr');
    if (n === 0) return this;
    if (n >= this.width) {
      if (!this.signed) return constant(this.mod, 0n, UInt(1));
      return this.bit(this.width - 1).asSInt();
    }
    const s = this.slice(this.width - 1, n);
    return this.signed ? s.asSInt() : s;
  }

  /** Dynamic left shift by an unsigned amount; keeps width wa (bits shifted out are lost). */
  shlDyn(amount: Signal): Signal {
    this.checkAmount(amount, 'shlDyn');
    return this.make('shl', this.type, [this.rd(), amount.rd()]);
  }

  /** Dynamic right shift by an unsigned amount (arithmetic for SInt); keeps width wa. */
  shrDyn(amount: Signal): Signal {
    this.checkAmount(amount, 'shrDyn');
    return this.make(this.signed ? 'sra' : 'shr', this.type, [this.rd(), amount.rd()]);
  }

  private checkAmount(a: Signal, op: string): void {
    this.lift(a, UInt(1), op);
    if (a.signed) throw new HwError(`${op}: the shift amount ${a.describe()} must be unsigned; use .asUInt()`, userLoc());
  }

  // ---- bits ----------------------------------------------------------------------------------------------

  /** Bit i, as Bool. */
  bit(i: number): Signal {
    return this.slice(i, i);
  }

  /** Bits hi..lo, as UInt(hi - lo + 1). */
  slice(hi: number, lo: number): Signal {
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width)
      throw new HwError(
        `slice(${hi}, ${lo}) is out of range for ${typeName(this.type)} ${this.describe()}: need ${this.width - 1} >= hi >= lo >= 0`,
        userLoc(),
      );
    if (lo === 0 && hi === this.width - 1 && !this.signed) return this;
    return this.make('slice', UInt(hi - lo + 1), [this.rd()], { hi, lo });
  }

  /** Concatenate, this signal most significant: UInt of the summed width. */
  cat(...rest: Signal[]): Signal {
    return cat(this, ...rest);
  }

  /** This signal repeated n times: UInt(wa * n). */
  rep(n: number): Signal {
    if (!Number.isInteger(n) || n < 1) throw new HwError(`rep(${n}): the count must be a positive integer`, userLoc());
    if (n === 1) return this.asUInt();
    return cat(...Array.from({ length: n }, () => this as Signal));
  }

  andR(): Signal {
    return this.make('redand', Bool, [this.rd()]);
  }
  orR(): Signal {
    return this.make('redor', Bool, [this.rd()]);
  }
  xorR(): Signal {
    return this.make('redxor', Bool, [this.rd()]);
  }

  // ---- width and sign conversions -------------------------------------------------------------------------

  /** Widen to w bits by this signal's signedness (sign- or zero-extension). */
  ext(w: number): Signal {
    if (!Number.isInteger(w) || w < this.width)
      throw new HwError(
        `ext(${w}): cannot extend ${typeName(this.type)} ${this.describe()} to fewer bits; use .trunc(${w}) to drop bits`,
        userLoc(),
      );
    return this.extTo(w);
  }

  /** Keep the low w bits; signedness unchanged. */
  trunc(w: number): Signal {
    if (!Number.isInteger(w) || w < 1 || w > this.width)
      throw new HwError(
        `trunc(${w}): cannot truncate ${typeName(this.type)} ${this.describe()} to ${w} bits; use .ext(${w}) to widen`,
        userLoc(),
      );
    if (w === this.width) return this;
    const s = this.slice(w - 1, 0);
    return this.signed ? s.asSInt() : s;
  }

  /** Extend or truncate to w bits, whichever is needed (an explicit, visible width change). */
  resize(w: number): Signal {
    return w >= this.width ? this.ext(w) : this.trunc(w);
  }

  /** The same bits read as unsigned. */
  asUInt(): Signal {
    if (!this.signed) return this;
    return this.make('ext', UInt(this.width), [this.rd()]);
  }

  /** The same bits read as signed. */
  asSInt(): Signal {
    if (this.signed) return this;
    return this.make('ext', SInt(this.width), [this.rd()]);
  }

  /** Exact signed value: UInt(w) becomes SInt(w + 1); SInt is unchanged. */
  toSInt(): Signal {
    if (this.signed) return this;
    return this.extTo(this.width + 1).asSInt();
  }

  /** Bool check: this signal must be one bit. */
  /** @internal */ asBool(what: string): Signal {
    if (this.width !== 1)
      throw new HwError(`${what} must be a Bool (1 bit), got ${typeName(this.type)} ${this.describe()}; use .orR() or .ne(0)`, userLoc());
    return this;
  }
}

function checkCount(n: number, op: string): void {
  if (!Number.isInteger(n) || n < 0) throw new HwError(`${op}(${n}): the shift count must be a non-negative integer`, userLoc());
}

/** A constant of type t in module mod; an error if the value does not fit. */
export function constant(mod: NodeSink, v: number | bigint | boolean, t: HwType): Signal {
  let bv: bigint;
  if (typeof v === 'boolean') bv = v ? 1n : 0n;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new HwError(`constant ${v} is not an integer`, userLoc());
    bv = BigInt(v);
  } else bv = v;
  if (!fitsIn(bv, t.width, t.signed))
    throw new HwError(`constant ${bv} does not fit in ${typeName(t)}; widen the type or use a smaller value`, userLoc());
  const id = mod.addNode({ op: 'const', width: t.width, signed: t.signed, args: [], value: hex(toBits(bv, t.width)) });
  return new Signal(mod, id, t);
}

/** Concatenate, first argument most significant: UInt of the summed width. */
export function cat(...parts: Signal[]): Signal {
  if (parts.length === 0) throw new HwError('cat() needs at least one signal', userLoc());
  const first = parts[0]!;
  if (parts.length === 1) return first.asUInt();
  const ids = parts.map((p) => first.lift(p, UInt(1), 'cat').rd());
  const w = parts.reduce((s, p) => s + p.width, 0);
  return first.make('concat', UInt(w), ids);
}

/** sel ? whenTrue : whenFalse. Both values must have the same type (numbers take the other value's type). */
export function mux(sel: Signal, whenTrue: Operand, whenFalse: Operand): Signal {
  sel.asBool('mux select');
  let t: Signal;
  let f: Signal;
  if (whenTrue instanceof Signal) {
    t = sel.lift(whenTrue, whenTrue.type, 'mux');
    f = sel.lift(whenFalse, t.type, 'mux');
  } else if (whenFalse instanceof Signal) {
    f = sel.lift(whenFalse, whenFalse.type, 'mux');
    t = sel.lift(whenTrue, f.type, 'mux');
  } else throw new HwError('mux: at least one of the two values must be a signal, to give the type', userLoc());
  if (!sameType(t.type, f.type))
    throw new HwError(
      `mux: the two values differ in type: ${typeName(t.type)} ${t.describe()} and ${typeName(f.type)} ${f.describe()}; ` +
        `make them equal with .ext(), .trunc() or a sign conversion`,
      userLoc(),
    );
  return sel.make('mux', t.type, [sel.rd(), t.rd(), f.rd()]);
}
