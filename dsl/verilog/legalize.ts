/**
 * Legalisation for the Verilog backend: rewrites the emitter applies to a design just before printing it, because
 * the text is also read by Verilator, which refuses some forms that are correct Verilog and mean what the IR means.
 * Verilator's constant folding and range analysis prove certain comparisons constant and turn that proof into a
 * fatal warning in a build (UNSIGNED: "comparison is constant due to unsigned arithmetic"; CMPCONST: "comparison is
 * constant due to limited range"); the fuzzer met each rule below as such a refused file
 * (test/sim/fuzz/regressions.test.ts, test/dsl/legalize.test.ts). Every rule is exact on the IR's meaning, so the
 * built-in simulator (which runs the IR without them) and the simulators of the text still agree.
 *
 * The IR optimizer (dsl/passes/optimize.ts) knows none of this: it folds on meaning alone. Here the same sweep runs
 * with the rules below, following what they change through with the optimizer's own folds (and nothing else), then
 * dead code left behind is removed. A module no rule applies to is printed exactly as given.
 */
import type { IRDesign, IRModule, IRNode } from '../ir.js';
import { foldWith, deadCodeMapped, type Rewrite } from '../passes/optimize.js';
import { fromBits, hex, parseHex } from '../bits.js';

/**
 * The values node id can take when read with signedness S (a sound over-approximation), looking through wires,
 * extensions and low slices the way Verilator's range analysis does, so that comparisons it would prove constant
 * (and refuse as CMPCONST/UNSIGNED) are folded, and memory reads that cannot leave the memory are left unguarded.
 */
export function valueRange(nodes: readonly IRNode[], id: number, S: boolean, depth = 0): [bigint, bigint] {
  const n = nodes[id]!;
  const full = (w: number, s: boolean): [bigint, bigint] => (s ? [-(1n << BigInt(w - 1)), (1n << BigInt(w - 1)) - 1n] : [0n, (1n << BigInt(w)) - 1n]);
  if (depth > 24) return full(n.width, S);
  if (n.op === 'const') {
    const v = fromBits(parseHex(n.value!), n.width, S);
    return [v, v];
  }
  if (n.op === 'wire' && n.args.length === 1 && nodes[n.args[0]!]!.width === n.width) return valueRange(nodes, n.args[0]!, S, depth + 1);
  if (n.op === 'ext' && n.width > nodes[n.args[0]!]!.width) {
    const x = nodes[n.args[0]!]!;
    // zero-extension: the unsigned range of x whatever the reading; sign-extension read signed: the signed range of x
    if (!x.signed) return valueRange(nodes, n.args[0]!, false, depth + 1);
    if (S) return valueRange(nodes, n.args[0]!, true, depth + 1);
  }
  if (n.op === 'slice') {
    // a slice of a value known exactly is known exactly
    const [lo, hi] = valueRange(nodes, n.args[0]!, nodes[n.args[0]!]!.signed, depth + 1);
    if (lo === hi) {
      const v = fromBits((lo >> BigInt(n.lo!)) & ((1n << BigInt(n.width)) - 1n), n.width, S);
      return [v, v];
    }
  }
  if (n.op === 'slice' && n.lo === 0 && !S) {
    // the low bits of a value that never needs more bits than the slice keeps: the value itself
    const [lo, hi] = valueRange(nodes, n.args[0]!, false, depth + 1);
    if (lo >= 0n && hi < 1n << BigInt(n.width)) return [lo, hi];
  }
  return full(n.width, S);
}

/** n becomes the constant v (its width and signedness stay). */
function toConst(n: IRNode, v: bigint): undefined {
  Object.assign(n, { op: 'const', args: [], value: hex(v) });
  return undefined;
}

const isZero = (x: IRNode): boolean => x.op === 'const' && parseHex(x.value!) === 0n;

/**
 * x - x = x ^ x = 0, x & x = x | x = x, x * 0 = 0: Verilator proves such operands constant and then refuses
 * comparisons of them as UNSIGNED (found by the fuzzer).
 */
const selfOperands: Rewrite = (n, nodes) => {
  if ((n.op === 'sub' || n.op === 'xor') && n.args[0] === n.args[1]) return toConst(n, 0n);
  if ((n.op === 'and' || n.op === 'or') && n.args[0] === n.args[1]) return n.args[0];
  if (n.op === 'mul' && n.args.some((a) => isZero(nodes[a]!))) return toConst(n, 0n);
  return undefined;
};

/**
 * A shift by a constant of the whole width or more gives 0 (the emitter writes constant amounts as small numbers
 * and would otherwise print an amount too wide for Verilator's 32-bit shift counts).
 */
const shiftedOut: Rewrite = (n, nodes) => {
  if ((n.op === 'shl' || n.op === 'shr') && nodes[n.args[1]!]!.op === 'const' && parseHex(nodes[n.args[1]!]!.value!) >= BigInt(n.width)) return toConst(n, 0n);
  return undefined;
};

/** x < x = 0, x <= x = 1, x == x = 1, x != x = 0 (Verilator: UNSIGNED). */
const selfComparison: Rewrite = (n) => {
  if ((n.op === 'lt' || n.op === 'le' || n.op === 'eq' || n.op === 'ne') && n.args[0] === n.args[1]) return toConst(n, n.op === 'le' || n.op === 'eq' ? 1n : 0n);
  return undefined;
};

/**
 * A comparison whose operands' value ranges decide it (x zero-extended against a constant it can never reach, or
 * against the end of its type's range, `u < 0`, `s <= 7` for SInt(4)): Verilator would prove it constant and refuse
 * the file (UNSIGNED/CMPCONST).
 */
const rangeDecided: Rewrite = (n, nodes) => {
  if (n.op !== 'eq' && n.op !== 'ne' && n.op !== 'lt' && n.op !== 'le') return undefined;
  const S = nodes[n.args[0]!]!.signed;
  const r0 = valueRange(nodes, n.args[0]!, S);
  const r1 = valueRange(nodes, n.args[1]!, S);
  const apart = r0[1] < r1[0] || r1[1] < r0[0];
  let v: bigint | undefined;
  if (n.op === 'eq' && apart) v = 0n;
  if (n.op === 'ne' && apart) v = 1n;
  if (n.op === 'lt') v = r0[1] < r1[0] ? 1n : r0[0] >= r1[1] ? 0n : undefined;
  if (n.op === 'le') v = r0[1] <= r1[0] ? 1n : r0[0] > r1[1] ? 0n : undefined;
  return v === undefined ? undefined : toConst(n, v);
};

/** The rules, by name (the order they are tried in). */
export const LEGALIZE_RULES: Readonly<Record<string, Rewrite>> = { selfOperands, shiftedOut, selfComparison, rangeDecided };

/** A legalised module and where each of the input module's nodes and memories went (-1: gone). */
export interface Legalized {
  module: IRModule;
  node: Int32Array;
  mem: Int32Array;
}

/** Legalise one module for the Verilog text. */
export function legalizeModule(m: IRModule): Legalized {
  const f = foldWith(m, Object.values(LEGALIZE_RULES), { scope: 'after-extra' });
  if (!f.changed) return { module: m, node: Int32Array.from(m.nodes, (_, i) => i), mem: Int32Array.from(m.mems, (_, i) => i) };
  const d = deadCodeMapped(f.module);
  return { module: d.module, node: f.alias.map((a) => d.node[a]!), mem: d.mem };
}

/** Legalise every module of a design (what emitVerilog prints). */
export function legalize(design: IRDesign): IRDesign {
  return { ...design, modules: design.modules.map((m) => legalizeModule(m).module) };
}
