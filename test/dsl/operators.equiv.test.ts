/**
 * Every primitive operator of the DSL, at several widths and both signednesses, proven equivalent by Yosys to a
 * hand-written Verilog expression of the intended meaning (the width-rules table at the top of dsl/signal.ts).
 *
 * Each case is one DSL module `gate_<i>` (inputs a, b, amt, sel as needed, output y) compiled with compile(), and one
 * reference module `gold_<i>` written here: inputs are plain unsigned vectors and every signed reading is spelled
 * out with $signed(), so the reference states the semantics without relying on the DSL's own extension scheme.
 * All cases go through two Yosys runs (one per core), in beforeAll; each case is then its own test.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, defineModule, In, Out, UInt, SInt, Bool, mux, cat, typeName, type HwType, type Signal } from '../../dsl/index.js';
import { parallel } from '../../sim/exec.ts';
import { lintVerilator, type LintWarning } from '../../sim/verilator.ts';
import { proveEquivalent, type EquivVerdict } from '../helpers/equiv.ts';
import { scratchDir } from '../helpers/tmp.ts';

type Ins = Record<string, HwType>;
type Io = Record<string, Signal>;

interface Case {
  name: string;
  ins: Ins;
  /** the result type the width rules promise */
  out: HwType;
  dsl: (io: Io) => Signal;
  /** the reference: right-hand side of `assign y = ...;` */
  gold: string;
  /** a deliberately wrong reference: the harness must report it unproven */
  expectFail?: boolean;
}

const U = UInt;
const S = SInt;
/** how the reference reads an input: $signed(x) for SInt, x for UInt */
const v = (n: string, t: HwType): string => (t.signed ? `$signed(${n})` : n);
const max = Math.max;

const cases: Case[] = [];
const add = (c: Case): void => void cases.push(c);

// ---- arithmetic -------------------------------------------------------------------------------------------
const pairs: Array<[HwType, HwType]> = [
  [U(1), U(1)], [U(5), U(3)], [U(3), U(5)], [U(8), U(8)],
  [S(1), S(1)], [S(5), S(3)], [S(3), S(6)], [S(7), S(7)],
];
for (const [ta, tb] of pairs) {
  const sg = ta.signed;
  const T = (w: number): HwType => ({ width: w, signed: sg });
  const e = (op: string): string => `${v('a', ta)} ${op} ${v('b', tb)}`;
  const ins = { a: ta, b: tb };
  const tag = `${typeName(ta)},${typeName(tb)}`;
  add({ name: `add ${tag}`, ins, out: T(max(ta.width, tb.width) + 1), dsl: (io) => io.a!.add(io.b!), gold: e('+') });
  add({ name: `addw ${tag}`, ins, out: T(max(ta.width, tb.width)), dsl: (io) => io.a!.addw(io.b!), gold: e('+') });
  add({ name: `sub ${tag}`, ins, out: S(max(ta.width, tb.width) + 1), dsl: (io) => io.a!.sub(io.b!), gold: e('-') });
  add({ name: `subw ${tag}`, ins, out: T(max(ta.width, tb.width)), dsl: (io) => io.a!.subw(io.b!), gold: e('-') });
  add({ name: `mul ${tag}`, ins, out: T(ta.width + tb.width), dsl: (io) => io.a!.mul(io.b!), gold: e('*') });
  for (const [m, op] of [['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>=']] as const)
    add({ name: `${m} ${tag}`, ins, out: Bool, dsl: (io) => io.a![m](io.b!), gold: e(op) });
}
// wide and constant operands
add({ name: 'add UInt(70),UInt(70)', ins: { a: U(70), b: U(70) }, out: U(71), dsl: (io) => io.a!.add(io.b!), gold: 'a + b' });
add({ name: 'add SInt(130),SInt(67)', ins: { a: S(130), b: S(67) }, out: S(131), dsl: (io) => io.a!.add(io.b!), gold: '$signed(a) + $signed(b)' });
add({ name: 'sub UInt(70),UInt(69)', ins: { a: U(70), b: U(69) }, out: S(71), dsl: (io) => io.a!.sub(io.b!), gold: 'a - b' });
add({ name: 'subw SInt(130),SInt(130)', ins: { a: S(130), b: S(130) }, out: S(130), dsl: (io) => io.a!.subw(io.b!), gold: '$signed(a) - $signed(b)' });
add({ name: 'mul SInt(16),SInt(12)', ins: { a: S(16), b: S(12) }, out: S(28), dsl: (io) => io.a!.mul(io.b!), gold: '$signed(a) * $signed(b)' });
add({ name: 'mul UInt(70),UInt(3)', ins: { a: U(70), b: U(3) }, out: U(73), dsl: (io) => io.a!.mul(io.b!), gold: 'a * b' });
add({ name: 'lt SInt(70),SInt(65)', ins: { a: S(70), b: S(65) }, out: Bool, dsl: (io) => io.a!.lt(io.b!), gold: '$signed(a) < $signed(b)' });
add({ name: 'ge UInt(130),UInt(130)', ins: { a: U(130), b: U(130) }, out: Bool, dsl: (io) => io.a!.ge(io.b!), gold: 'a >= b' });
add({ name: 'add UInt(4) + 9', ins: { a: U(4) }, out: U(5), dsl: (io) => io.a!.add(9), gold: 'a + 9' });
add({ name: 'add SInt(4) + -3', ins: { a: S(4) }, out: S(5), dsl: (io) => io.a!.add(-3), gold: '$signed(a) + (-3)' });
add({ name: 'subw UInt(6) - 1n', ins: { a: U(6) }, out: U(6), dsl: (io) => io.a!.subw(1n), gold: 'a - 1' });
// constants in exact operators take the operand's signedness and the width they need (mul: only that width)
add({ name: 'mul SInt(5) * -7', ins: { a: S(5) }, out: S(9), dsl: (io) => io.a!.mul(-7), gold: '$signed(a) * (-7)' });
add({ name: 'mul UInt(4) * 5', ins: { a: U(4) }, out: U(7), dsl: (io) => io.a!.mul(5), gold: 'a * 5' });
add({ name: 'add UInt(8) + 300', ins: { a: U(8) }, out: U(10), dsl: (io) => io.a!.add(300), gold: 'a + 300' });
add({ name: 'sub SInt(3) - 100', ins: { a: S(3) }, out: S(9), dsl: (io) => io.a!.sub(100), gold: '$signed(a) - 100' });
add({ name: 'lt UInt(4) < 20', ins: { a: U(4) }, out: Bool, dsl: (io) => io.a!.lt(20), gold: 'a < 20' });
add({ name: 'eq SInt(4) == -100', ins: { a: S(4) }, out: Bool, dsl: (io) => io.a!.eq(-100), gold: '$signed(a) == -100' });
add({ name: 'ge SInt(4) >= 7n', ins: { a: S(4) }, out: Bool, dsl: (io) => io.a!.ge(7n), gold: '$signed(a) >= 7' });
add({ name: 'eq UInt(4) == 11', ins: { a: U(4) }, out: Bool, dsl: (io) => io.a!.eq(11), gold: 'a == 11' });
add({ name: 'lt SInt(4) < -2', ins: { a: S(4) }, out: Bool, dsl: (io) => io.a!.lt(-2), gold: '$signed(a) < -2' });

for (const t of [U(1), U(4), S(1), S(4), S(9), U(70)])
  add({ name: `neg ${typeName(t)}`, ins: { a: t }, out: S(t.width + 1), dsl: (io) => io.a!.neg(), gold: t.signed ? '-$signed(a)' : `-{1'b0, a}` });

// ---- bitwise and reductions -------------------------------------------------------------------------------
for (const t of [U(1), U(7), S(1), S(5), U(130)]) {
  const ins = { a: t, b: t };
  for (const [m, op] of [['and', '&'], ['or', '|'], ['xor', '^']] as const)
    add({ name: `${m} ${typeName(t)}`, ins, out: t, dsl: (io) => io.a![m](io.b!), gold: `a ${op} b` });
  add({ name: `not ${typeName(t)}`, ins: { a: t }, out: t, dsl: (io) => io.a!.not(), gold: '~a' });
  for (const [m, op] of [['andR', '&'], ['orR', '|'], ['xorR', '^']] as const)
    add({ name: `${m} ${typeName(t)}`, ins: { a: t }, out: Bool, dsl: (io) => io.a![m](), gold: `${op}a` });
}
add({ name: 'and UInt(6) & 0x2d', ins: { a: U(6) }, out: U(6), dsl: (io) => io.a!.and(0x2d), gold: "a & 6'h2d" });
add({ name: 'xor SInt(6) ^ -1', ins: { a: S(6) }, out: S(6), dsl: (io) => io.a!.xor(-1), gold: '~a' });

// ---- typed constants ---------------------------------------------------------------------------------------
add({ name: 'lit 0x2d (of the signal type UInt(6))', ins: { a: U(6) }, out: U(6), dsl: (io) => io.a!.lit(0x2d), gold: "6'h2d" });
add({ name: 'lit -5 as SInt(9) (from a UInt(3))', ins: { a: U(3) }, out: S(9), dsl: (io) => io.a!.lit(-5, S(9)), gold: "-9'sd5" });
add({ name: 'lit 0 as UInt(1), or-ed in', ins: { a: S(4) }, out: U(1), dsl: (io) => io.a!.bit(2).or(io.a!.lit(0, Bool)), gold: 'a[2]' });
add({ name: 'lit true as Bool, and-ed in', ins: { a: U(4) }, out: Bool, dsl: (io) => io.a!.bit(3).and(io.a!.lit(true, Bool)), gold: 'a[3]' });

// ---- shifts ----------------------------------------------------------------------------------------------
const shl = (t: HwType, n: number): void =>
  add({ name: `shl ${typeName(t)} << ${n}`, ins: { a: t }, out: { width: t.width + n, signed: t.signed }, dsl: (io) => io.a!.shl(n), gold: t.signed ? `$signed(a) <<< ${n}` : `a << ${n}` });
const shr = (t: HwType, n: number): void =>
  add({ name: `shr ${typeName(t)} >> ${n}`, ins: { a: t }, out: { width: max(t.width - n, 1), signed: t.signed }, dsl: (io) => io.a!.shr(n), gold: t.signed ? `$signed(a) >>> ${n}` : `a >> ${n}` });
for (const [t, n] of [[U(1), 1], [U(5), 3], [U(5), 0], [S(1), 2], [S(5), 2], [S(70), 60]] as const) shl(t, n);
for (const [t, n] of [[U(1), 1], [U(7), 2], [U(5), 5], [U(5), 9], [U(5), 0], [S(7), 2], [S(5), 4], [S(5), 5], [S(5), 7], [S(1), 1], [S(130), 100]] as const) shr(t, n);
for (const [t, ta] of [[U(8), U(3)], [U(5), U(2)], [U(5), U(4)], [U(1), U(1)], [S(6), U(4)], [S(1), U(2)], [S(8), U(3)], [U(130), U(8)]] as const) {
  const ins = { a: t, amt: ta };
  add({ name: `shlDyn ${typeName(t)} by ${typeName(ta)}`, ins, out: t, dsl: (io) => io.a!.shlDyn(io.amt!), gold: 'a << amt' });
  add({ name: `shrDyn ${typeName(t)} by ${typeName(ta)}`, ins, out: t, dsl: (io) => io.a!.shrDyn(io.amt!), gold: t.signed ? '$signed(a) >>> amt' : 'a >> amt' });
}

// ---- bits ------------------------------------------------------------------------------------------------
for (const [t, i] of [[U(1), 0], [U(5), 3], [S(5), 4], [S(5), 0], [U(130), 129]] as const)
  add({ name: `bit ${typeName(t)} [${i}]`, ins: { a: t }, out: Bool, dsl: (io) => io.a!.bit(i), gold: `a[${i}]` });
for (const [t, hi, lo] of [[U(9), 6, 2], [S(8), 7, 3], [S(8), 7, 0], [U(8), 7, 0], [S(3), 1, 1], [U(130), 129, 64], [U(1), 0, 0]] as const)
  add({ name: `slice ${typeName(t)} [${hi}:${lo}]`, ins: { a: t }, out: U(hi - lo + 1), dsl: (io) => io.a!.slice(hi, lo), gold: `a[${hi}:${lo}]` });
for (const [ta, tb] of [[U(3), U(5)], [S(3), S(2)], [U(1), S(1)], [U(70), U(70)]] as const)
  add({ name: `cat ${typeName(ta)},${typeName(tb)}`, ins: { a: ta, b: tb }, out: U(ta.width + tb.width), dsl: (io) => io.a!.cat(io.b!), gold: '{a, b}' });
add({ name: 'cat(a, b, a) UInt(2),SInt(3)', ins: { a: U(2), b: S(3) }, out: U(7), dsl: (io) => cat(io.a!, io.b!, io.a!), gold: '{a, b, a}' });
add({ name: 'cat(a) SInt(4)', ins: { a: S(4) }, out: U(4), dsl: (io) => cat(io.a!), gold: 'a' });
for (const [t, n] of [[U(3), 3], [S(2), 2], [U(1), 5], [S(4), 1], [U(70), 2]] as const)
  add({ name: `rep ${typeName(t)} x${n}`, ins: { a: t }, out: U(t.width * n), dsl: (io) => io.a!.rep(n), gold: `{${n}{a}}` });

// ---- mux -------------------------------------------------------------------------------------------------
for (const t of [U(1), U(5), S(3), S(1), U(130)])
  add({ name: `mux ${typeName(t)}`, ins: { sel: Bool, a: t, b: t }, out: t, dsl: (io) => mux(io.sel!, io.a!, io.b!), gold: 'sel ? a : b' });
add({ name: 'mux SInt(4) const false value', ins: { sel: Bool, a: S(4) }, out: S(4), dsl: (io) => mux(io.sel!, io.a!, -5), gold: "sel ? a : 4'b1011" });
add({ name: 'mux UInt(4) const true value', ins: { sel: Bool, b: U(4) }, out: U(4), dsl: (io) => mux(io.sel!, 6, io.b!), gold: "sel ? 4'd6 : b" });

// ---- width and sign conversions --------------------------------------------------------------------------
for (const [t, w] of [[U(3), 7], [S(3), 7], [S(1), 4], [U(1), 3], [S(5), 5], [S(67), 130]] as const)
  add({ name: `ext ${typeName(t)} to ${w}`, ins: { a: t }, out: { width: w, signed: t.signed }, dsl: (io) => io.a!.ext(w), gold: v('a', t) });
for (const [t, w] of [[U(7), 3], [S(7), 3], [S(7), 1], [U(5), 5], [S(130), 70]] as const)
  add({ name: `trunc ${typeName(t)} to ${w}`, ins: { a: t }, out: { width: w, signed: t.signed }, dsl: (io) => io.a!.trunc(w), gold: `a[${w - 1}:0]` });
for (const [t, w] of [[U(5), 8], [S(5), 8], [U(8), 5], [S(8), 5], [S(4), 4]] as const)
  add({ name: `resize ${typeName(t)} to ${w}`, ins: { a: t }, out: { width: w, signed: t.signed }, dsl: (io) => io.a!.resize(w), gold: w >= t.width ? v('a', t) : `a[${w - 1}:0]` });
for (const t of [S(5), U(5), S(1), U(70)]) {
  add({ name: `asUInt ${typeName(t)}`, ins: { a: t }, out: U(t.width), dsl: (io) => io.a!.asUInt(), gold: 'a' });
  add({ name: `asSInt ${typeName(t)}`, ins: { a: t }, out: S(t.width), dsl: (io) => io.a!.asSInt(), gold: 'a' });
  add({ name: `toSInt ${typeName(t)}`, ins: { a: t }, out: S(t.signed ? t.width : t.width + 1), dsl: (io) => io.a!.toSInt(), gold: t.signed ? 'a' : `{1'b0, a}` });
}
// a composed expression: sign conversions feeding exact arithmetic
add({
  name: 'composed: (a.toSInt() - b).mul(c).shr(1) UInt(4),SInt(3),SInt(2)',
  ins: { a: U(4), b: S(3), c: S(2) },
  out: S(7),
  dsl: (io) => io.a!.toSInt().sub(io.b!).mul(io.c!).shr(1),
  gold: `(($signed({1'b0, a}) - $signed(b)) * $signed(c)) >>> 1`,
});

// sign reinterpretation followed by extension: the extension must follow the NEW signedness
for (const w of [1, 4]) {
  add({ name: `UInt(${w}).asSInt().ext(${w + 4})`, ins: { a: U(w) }, out: S(w + 4), dsl: (io) => io.a!.asSInt().ext(w + 4), gold: '$signed(a)' });
  add({ name: `SInt(${w}).asUInt().ext(${w + 4})`, ins: { a: S(w) }, out: U(w + 4), dsl: (io) => io.a!.asUInt().ext(w + 4), gold: 'a' });
  add({ name: `UInt(${w}).asSInt().resize(${w + 3}).add(SInt(2))`, ins: { a: U(w), b: S(2) }, out: S(w + 4), dsl: (io) => io.a!.asSInt().resize(w + 3).add(io.b!), gold: '$signed(a) + $signed(b)' });
}

// ---- harness controls: a wrong reference must be caught ----------------------------------------------------
add({ name: 'control: addw against a - b', ins: { a: U(4), b: U(4) }, out: U(4), dsl: (io) => io.a!.addw(io.b!), gold: 'a - b', expectFail: true });
add({ name: 'control: ext SInt against zero-extension', ins: { a: S(3) }, out: S(6), dsl: (io) => io.a!.ext(6), gold: 'a', expectFail: true });

// ---- the run ---------------------------------------------------------------------------------------------

function goldModule(i: number, c: Case): string {
  const ports = Object.entries(c.ins).map(([n, t]) => `  input [${t.width - 1}:0] ${n},`);
  return [`module gold_${i} (`, ...ports, `  output ${c.out.signed ? 'signed ' : ''}[${c.out.width - 1}:0] y`, ');', `  assign y = ${c.gold};`, 'endmodule', ''].join('\n');
}

interface Prepared {
  /** the DSL result type, or the error compiling the case */
  type?: HwType;
  error?: unknown;
  file?: string;
}

const prepared: Prepared[] = [];
const verdicts: Array<EquivVerdict | undefined> = [];
let lintWarnings: LintWarning[] | undefined;

/** A lint-clean wrapper instantiating every gate module, so one Verilator run lints them all. */
function lintTop(idx: number[]): string {
  const ports: string[] = [];
  const insts: string[] = [];
  for (const i of idx) {
    const c = cases[i]!;
    const conns: string[] = [];
    for (const [n, t] of [...Object.entries(c.ins), ['y', c.out] as const]) {
      const dir = n === 'y' ? 'output' : 'input';
      ports.push(`  ${dir} ${t.signed ? 'signed ' : ''}${t.width > 1 ? `[${t.width - 1}:0] ` : ''}c${i}_${n}`);
      conns.push(`.${n}(c${i}_${n})`);
    }
    insts.push(`  gate_${i} u${i} (${conns.join(', ')});`);
  }
  return ['module ops_top (', ports.join(',\n'), ');', ...insts, 'endmodule', ''].join('\n');
}

beforeAll(async () => {
  const dir = await scratchDir('hwgen-equiv-');
  const golds: string[] = [];
  for (const [i, c] of cases.entries()) {
    golds.push(goldModule(i, c));
    const p: Prepared = {};
    prepared.push(p);
    try {
      const spec = { ...Object.fromEntries(Object.entries(c.ins).map(([n, t]) => [n, In(t)])), y: Out(c.out) };
      const def = defineModule(`gate_${i}`, spec, (_m, io) => {
        const r = c.dsl(io as unknown as Io);
        p.type = r.type;
        // only a result of exactly the promised type is connected (set() would silently extend a narrower one)
        if (r.width === c.out.width && r.signed === c.out.signed) (io as unknown as { y: { set(v: Signal): void } }).y.set(r);
        else throw new Error(`result type ${typeName(r.type)}, expected ${typeName(c.out)}`);
      });
      const out = compile(def, undefined);
      p.file = path.join(dir, `gate_${i}.v`);
      await writeFile(p.file, out.verilog.files.get(`gate_${i}.v`)!);
    } catch (e) {
      p.error = e;
    }
  }
  const goldFile = path.join(dir, 'gold.v');
  await writeFile(goldFile, golds.join('\n'));
  // two batches, one per core
  const ok = cases.map((_, i) => i).filter((i) => prepared[i]!.file);
  const half = [ok.filter((_, k) => k % 2 === 0), ok.filter((_, k) => k % 2 === 1)];
  const lintable = ok.filter((i) => !cases[i]!.expectFail);
  const topFile = path.join(dir, 'ops_top.v');
  await writeFile(topFile, lintTop(lintable));
  const [lint, ...results] = await parallel<EquivVerdict[] | LintWarning[]>(
    [
      () => lintVerilator([topFile, ...lintable.map((i) => prepared[i]!.file!)], 'ops_top'),
      ...half.map((idx, b) => () =>
        proveEquivalent(dir, [goldFile, ...idx.map((i) => prepared[i]!.file!)], idx.map((i) => ({ gold: `gold_${i}`, gate: `gate_${i}` })), `b${b}`),
      ),
    ],
    2,
  );
  lintWarnings = lint as LintWarning[];
  half.forEach((idx, b) => idx.forEach((i, k) => (verdicts[i] = (results[b] as EquivVerdict[])[k])));
}, 120_000);

describe('every operator equals its hand-written Verilog reference (Yosys equiv)', () => {
  cases.forEach((c, i) => it(c.name, () => {
    const p = prepared[i]!;
    if (p.error) throw p.error;
    expect(typeName(p.type!)).toBe(typeName(c.out));
    const verdict = verdicts[i]!;
    expect(verdict, `no verdict for case ${i}`).toBeDefined();
    if (c.expectFail) expect(verdict.proven, verdict.detail).toBe(false);
    else expect(verdict.proven, verdict.detail).toBe(true);
  }));
});

it('every operator module is lint-clean under verilator -Wall (one run over all of them)', () => {
  expect(lintWarnings).toEqual([]);
});
