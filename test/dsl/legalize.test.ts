/**
 * The Verilog backend's legalisation (dsl/verilog/legalize.ts): for each rule, a design that needs it. The IR
 * optimizer leaves the form alone (it folds on meaning only); the legalised module and the emitted text no longer
 * have it; legalisation keeps the meaning (all inputs, in the built-in simulator); the emitted texts are lint-clean
 * under `verilator -Wall`, while the same modules printed without legalisation are refused with the warning the
 * rule exists for (one Verilator run for each set).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, defineModule, elaborate, legalize, optimize, In, Out, UInt, SInt, Bool, type IRModule, type IRNode, type ModuleBuilder, type Signal } from '../../dsl/index.js';
import { emitModuleUnlegalized } from '../../dsl/verilog/emit.js';
import { LEGALIZE_RULES } from '../../dsl/verilog/legalize.js';
import { runTrace } from '../../sim/builtin/index.ts';
import { parallel } from '../../sim/exec.ts';
import { lintVerilator, type LintWarning } from '../../sim/verilator.ts';
import { scratchDir } from '../helpers/tmp.ts';
import { wrapperTop } from '../helpers/wrapper.ts';

type Io = { a: Signal; b: Signal; s: Signal };

interface Case {
  name: string;
  rule: keyof typeof LEGALIZE_RULES;
  /** y as a function of a, b: UInt(4) and s: SInt(4) */
  y: (m: ModuleBuilder, io: Io) => Signal;
  /** the form the rule removes, as an IR node predicate */
  form: (n: IRNode, nodes: readonly IRNode[]) => boolean;
  /** the same form in the text (must not appear after legalisation) */
  text: RegExp;
  /** the Verilator warning the unlegalised text gets (undefined: none in isolation) */
  refused?: string;
}

const same = (n: IRNode): boolean => n.args.length === 2 && n.args[0] === n.args[1];
const isOp = (...ops: string[]) => (n: IRNode): boolean => ops.includes(n.op);
const constArg = (n: IRNode, nodes: readonly IRNode[]): boolean => nodes[n.args[1]!]!.op === 'const';

// (sub_self and mul_zero have no `refused`: add, sub and mul are written as `always @*` statements, where Verilator
// -Wall does not flag the constant result; the rule still folds them, which the `form`/`text` checks show)
const CASES: Case[] = [
  { name: 'sub_self', rule: 'selfOperands', y: (_m, io) => io.a.subw(io.a).le(io.b), form: (n) => n.op === 'sub' && same(n), text: /\ba - a\b/ },
  { name: 'xor_self', rule: 'selfOperands', y: (_m, io) => io.a.xor(io.a).le(io.b), form: (n) => n.op === 'xor' && same(n), text: /\ba \^ a\b/, refused: 'UNSIGNED' },
  { name: 'and_self', rule: 'selfOperands', y: (_m, io) => io.a.and(io.a).xor(io.a).le(io.b), form: (n) => n.op === 'and' && same(n), text: /\ba & a\b/ },
  { name: 'or_self', rule: 'selfOperands', y: (_m, io) => io.a.or(io.a).subw(io.a).le(io.b), form: (n) => n.op === 'or' && same(n), text: /\ba \| a\b/ },
  { name: 'mul_zero', rule: 'selfOperands', y: (m, io) => io.a.mul(m.const(0, UInt(4))).le(io.b.ext(8)), form: isOp('mul'), text: /\*/ },
  { name: 'shl_out', rule: 'shiftedOut', y: (m, io) => io.a.shlDyn(m.const(9, UInt(4))).le(io.b), form: (n, ns) => n.op === 'shl' && constArg(n, ns), text: /<</, refused: 'UNSIGNED' },
  { name: 'shr_out', rule: 'shiftedOut', y: (m, io) => io.a.shrDyn(m.const(9, UInt(4))).le(io.b), form: (n, ns) => n.op === 'shr' && constArg(n, ns), text: />>/, refused: 'UNSIGNED' },
  { name: 'lt_self', rule: 'selfComparison', y: (_m, io) => io.a.lt(io.a).ext(4).le(io.a), form: (n) => n.op === 'lt' && same(n), text: /\ba < a\b/, refused: 'UNSIGNED' },
  { name: 'le_self', rule: 'selfComparison', y: (_m, io) => io.a.le(io.a).not().ext(4).le(io.a), form: (n) => n.op === 'le' && same(n), text: /\ba <= a\b/, refused: 'UNSIGNED' },
  { name: 'eq_self', rule: 'selfComparison', y: (_m, io) => io.a.eq(io.a).not().ext(4).le(io.a), form: (n) => n.op === 'eq' && same(n), text: /\ba == a\b/, refused: 'UNSIGNED' },
  { name: 'ne_self', rule: 'selfComparison', y: (_m, io) => io.a.ne(io.a).ext(4).le(io.a), form: (n) => n.op === 'ne' && same(n), text: /\ba != a\b/, refused: 'UNSIGNED' },
  { name: 'lt_range', rule: 'rangeDecided', y: (_m, io) => io.a.ext(8).lt(200).not().ext(4).le(io.a), form: (n) => n.op === 'lt' && n.args.length === 2, text: /8'hc8/, refused: 'UNSIGNED' },
  { name: 'eq_range', rule: 'rangeDecided', y: (_m, io) => io.a.ext(8).eq(200).ext(4).le(io.b), form: isOp('eq'), text: /==/, refused: 'UNSIGNED' },
  { name: 'lt_end', rule: 'rangeDecided', y: (_m, io) => io.a.lt(0), form: isOp('lt'), text: /</, refused: 'UNSIGNED' },
  { name: 'le_end', rule: 'rangeDecided', y: (_m, io) => io.s.le(7), form: isOp('le'), text: /<=/, refused: 'CMPCONST' },
];

const defOf = (c: Case) =>
  defineModule(`lg_${c.name}`, { a: In(UInt(4)), b: In(UInt(4)), s: In(SInt(4)), y: Out(Bool) }, (m, io) => io.y.set(c.y(m, io)));

const legal: LintWarning[] = [];
const unlegal = new Map<string, string[]>();

beforeAll(async () => {
  const dir = await scratchDir('hwgen-legalize-');
  const legalFiles: string[] = [];
  const rawFiles: string[] = [];
  const mods: IRModule[] = [];
  await Promise.all(['legal', 'raw'].map((d) => mkdir(path.join(dir, d), { recursive: true })));
  for (const c of CASES) {
    const opt = optimize(elaborate(defOf(c), undefined));
    const m = opt.modules[0]!;
    mods.push(m);
    const lf = path.join(dir, 'legal', `${m.name}.v`);
    const rf = path.join(dir, 'raw', `${m.name}.v`);
    legalFiles.push(lf);
    rawFiles.push(rf);
    await writeFile(lf, compile(defOf(c), undefined).verilog.files.get(`${m.name}.v`)!);
    await writeFile(rf, emitModuleUnlegalized(m, new Map()));
  }
  const top = (sub: string): string => path.join(dir, sub, 'lg_top.v');
  await writeFile(top('legal'), wrapperTop('lg_top', mods));
  await writeFile(top('raw'), wrapperTop('lg_top', mods));
  const [l, r] = await parallel<LintWarning[]>([() => lintVerilator([top('legal'), ...legalFiles], 'lg_top'), () => lintVerilator([top('raw'), ...rawFiles], 'lg_top')], 2);
  legal.push(...l!);
  for (const w of r!) {
    const k = path.basename(w.file, '.v');
    unlegal.set(k, [...(unlegal.get(k) ?? []), w.code]);
  }
}, 120_000);

describe.each(CASES)('$rule: $name', (c) => {
  const ir = elaborate(defOf(c), undefined);
  const opt = optimize(ir);
  const m = opt.modules[0]!;
  const l = legalize(opt).modules[0]!;
  const text = compile(defOf(c), undefined).verilog.files.get(`lg_${c.name}.v`)!;

  it('the IR optimizer leaves the form in the IR', () => {
    expect(m.nodes.some((n) => c.form(n, m.nodes))).toBe(true);
  });

  it('the legalised module and the emitted text no longer have it', () => {
    expect(l.nodes.some((n) => c.form(n, l.nodes))).toBe(false);
    const body = text.split('\n').filter((s) => !s.startsWith('//') && !/^\s*(input|output)\b/.test(s)).map((s) => s.replace(/\s*\/\/.*$/, ''));
    expect(body.filter((s) => c.text.test(s))).toEqual([]);
  });

  it('the rule is the one that applies', () => {
    const rule = LEGALIZE_RULES[c.rule]!;
    const nodes = m.nodes.map((n) => ({ ...n, args: [...n.args] }));
    expect(nodes.some((n, i) => c.form(n, nodes) && (rule(n, nodes) !== undefined || nodes[i]!.op === 'const'))).toBe(true);
  });

  it('legalisation keeps the meaning (all 4096 inputs, built-in simulator)', () => {
    const cycles: Array<Record<string, bigint>> = [];
    for (let a = 0n; a < 16n; a++) for (let b = 0n; b < 16n; b++) for (let s = -8n; s < 8n; s++) cycles.push({ a, b, s });
    const before = runTrace(opt, cycles).y!;
    expect(runTrace({ ...opt, modules: [l] }, cycles).y).toEqual(before);
    // and the elaborated design agrees (the optimizer kept the meaning too)
    expect(runTrace(ir, cycles).y).toEqual(before);
  });

  it(c.refused ? `without legalisation Verilator -Wall reports ${c.refused}` : 'without legalisation the text is printed as the IR has it', () => {
    if (c.refused) expect(unlegal.get(`lg_${c.name}`) ?? []).toContain(c.refused);
    else expect(emitModuleUnlegalized(m, new Map()).split('\n').some((s) => c.text.test(s.replace(/\s*\/\/.*$/, '')))).toBe(true);
  });
});

it('every legalised text is lint-clean under verilator -Wall', () => {
  expect(legal.map((w) => `${w.code} ${w.file}:${w.line} ${w.message}`)).toEqual([]);
});

it('a module no rule applies to is printed exactly as the optimizer left it', () => {
  const D = defineModule('lg_plain', { a: In(UInt(4)), b: In(UInt(4)), y: Out(UInt(5)) }, (_m, io) => io.y.set(io.a.add(io.b)));
  const opt = optimize(elaborate(D, undefined));
  expect(legalize(opt)).toEqual(opt);
  expect(compile(D, undefined).verilog.files.get('lg_plain.v')).toBe(emitModuleUnlegalized(opt.modules[0]!, new Map()));
});
