/**
 * The IR: the one data structure every pass and backend reads. Plain, serialisable data (JSON round-trips it);
 * nothing here points back into builder objects.
 *
 * A module is a flat array of nodes; a node refers to its operands by index into that array. Width rules are
 * already resolved by the builder, so each primitive has one exact meaning (see OP_SEMANTICS below).
 */

/** Every primitive operator of the IR. */
export type Op =
  | 'const' | 'input' | 'wire' | 'reg' | 'memread' | 'instout'
  | 'add' | 'sub' | 'mul'
  | 'and' | 'or' | 'xor' | 'not'
  | 'eq' | 'ne' | 'lt' | 'le'
  | 'shl' | 'shr' | 'sra'
  | 'redand' | 'redor' | 'redxor'
  | 'mux' | 'concat' | 'slice' | 'ext';

/**
 * Exact semantics, on two's-complement bit patterns of `width` bits (`signed` says how the node's own value is read):
 * - const: the bit pattern `value` (hex, no prefix).
 * - input: a module input port. wire: a named signal, args = [driver].
 * - reg: args = [next]; updates on the rising clock edge when `en` (if any) is 1; `reset` gives the reset kind and `init` its value.
 * - memread: a synchronous read port of `mem`: args = [addr, en]; on a rising edge with en = 1 it loads mem[addr] (the
 *   value before any write of the same edge: read-first); an address >= depth reads 0.
 * - instout: output `port` of instance `inst`.
 * - add, sub, and, or, xor: operands and result have the same width; add/sub wrap modulo 2^width.
 * - mul: operands of any widths, both read by their own signedness; the result is the exact product modulo 2^width.
 * - not: bitwise complement, same width.
 * - eq, ne, lt, le: operands of the same width, lt/le compare by the operands' signedness; result is 1 bit.
 * - shl, shr, sra: args = [value, amount]; amount unsigned; result has the value's width; shifting by >= width gives 0
 *   (sra: the sign bit replicated).
 * - redand, redor, redxor: 1-bit reductions.
 * - mux: args = [sel (1 bit), whenTrue, whenFalse]; both data operands have the result's width.
 * - concat: args most significant first; width is the sum.
 * - slice: bits hi..lo of args[0].
 * - ext: args[0] widened to `width`, sign-extended when args[0] is signed, zero-extended otherwise.
 */
export interface IRNode {
  op: Op;
  width: number;
  signed: boolean;
  args: number[];
  /** Designer's name (ports, wires, regs, read ports) or, for temporaries, absent. */
  name?: string;
  /** `file:line` of the designer's code that created it. */
  loc?: string;
  /** const: hex bit pattern. reg: reset value as a hex bit pattern. */
  value?: string;
  hi?: number;
  lo?: number;
  /** reg only */
  reset?: ResetKind;
  en?: number;
  /** memread: index into IRModule.mems. instout: index into IRModule.instances. */
  mem?: number;
  inst?: number;
  /** instout: the child's output port name */
  port?: string;
}

export type ResetKind = 'sync' | 'async' | 'none';

export interface IRPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
  /** input: its 'input' node. output: the 'wire' node named after the port, whose args[0] drives it. */
  node: number;
  loc?: string;
}

export interface IRMemWrite { addr: number; data: number; en: number; loc?: string }

export interface IRMem {
  name: string;
  width: number;
  /** how words are read (read ports carry this signedness) */
  signed: boolean;
  depth: number;
  /** Initial contents (hex bit patterns), for ROMs and preloaded RAMs. */
  init?: string[];
  writes: IRMemWrite[];
  loc?: string;
}

export interface IRInstance {
  name: string;
  /** Name of the child IRModule */
  module: string;
  /** The child's input ports, in the child's port order, with the parent node driving each. */
  inputs: Array<{ port: string; node: number }>;
  loc?: string;
}

export interface IRModule {
  name: string;
  /** The designer's name for the definition this module was elaborated from, and its parameters. */
  source: string;
  params: Record<string, unknown>;
  /** Implicit ports: `clk` (rising edge) when anything inside is clocked, `rst` (active high) when anything is reset. */
  clock: boolean;
  reset: boolean;
  ports: IRPort[];
  nodes: IRNode[];
  mems: IRMem[];
  instances: IRInstance[];
  /** For each output port, the input ports it depends on combinationally (used for loop checks across hierarchy). */
  combDeps: Record<string, string[]>;
  /** Assertions, assumptions and covers written in this module (absent or empty: none). */
  props?: IRProperty[];
}

/** The kinds of property: an assertion must hold, an assumption constrains a formal proof, a cover counts hits. */
export type PropKind = 'assert' | 'assume' | 'cover';

/**
 * A clocked property, checked at every rising edge of `clk` on the values settled just before it (the values of the
 * harness cycle that edge ends): it applies when `en` (if any) is 1 and, when `resetAware`, `rst` is 0. An assert or
 * assume whose `cond` is then 0 fails; a cover whose `cond` is then 1 is hit.
 */
export interface IRProperty {
  kind: PropKind;
  /** 1-bit node */
  cond: number;
  /** 1-bit node: the property applies only when it is 1 */
  en?: number;
  /** the designer's message (printable ASCII) */
  message: string;
  /** disabled while the implicit `rst` is high */
  resetAware: boolean;
  loc?: string;
}

export interface IRDesign {
  top: string;
  /** Children before parents; names unique. */
  modules: IRModule[];
  warnings: string[];
}
