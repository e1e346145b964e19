/**
 * Regressions: DSL bugs found while the test suite was written, all fixed in dsl/. Each test states the behaviour
 * that was missing, so the bug cannot come back unnoticed.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, defineModule, HwError, In, Out, UInt, SInt, type ModuleDef, type PortSpec } from '../../dsl/index.js';
import { proveEquivalent } from '../helpers/equiv.ts';
import { here } from '../helpers/loc.ts';
import { scratchDir } from '../helpers/tmp.ts';

/** Compile; a HwError (rejecting the design with a message) is an acceptable behaviour, so it yields undefined. */
function verilogOrRejected<S extends PortSpec>(def: ModuleDef<void, S>): Map<string, string> | undefined {
  try {
    return compile(def, undefined).verilog.files;
  } catch (e) {
    if (e instanceof HwError) return undefined;
    throw e;
  }
}

const Child = defineModule('kb_child', { x: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => io.y.set(io.x.not()));

describe('DSL regressions', () => {
  // 1: m.instance('begin', ...) was emitted as `kb_child begin (`, which is not legal Verilog, while wires, registers
  // and memories named with keywords were escaped (`begin_`). Instance names are escaped like the others now.
  it('an instance named with a Verilog keyword is escaped', () => {
    const P = defineModule('kb_parent', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      const i = m.instance('begin', Child, undefined);
      i.x.set(io.a);
      io.y.set(i.y);
    });
    const files = verilogOrRejected(P);
    expect(files).toBeDefined();
    expect(files!.get('kb_parent.v')).not.toMatch(/^\s*kb_child begin \(/m);
    expect(files!.get('kb_parent.v')).toMatch(/^\s*kb_child begin_ \(/m);
  });

  // 2: defineModule('wire', ...) was accepted and emitted as `module wire (`: module names were not checked against
  // the Verilog keywords (port names were).
  it('a module named with a Verilog keyword is rejected', () => {
    let L = '';
    let err: unknown;
    try {
      L = here(); defineModule('wire', { a: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => io.y.set(io.a));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HwError);
    expect((err as HwError).message).toBe(`${L}: module name 'wire' is a reserved word in Verilog or for Verilator; choose another name`);
  });

  // 3: the emitter's lint sink was always called `_unused_ok`, outside the module's namespace: a designer's wire or
  // port of that name gave two declarations of `_unused_ok` (illegal Verilog). The sink takes a fresh name now.
  it('a designer name `_unused_ok` does not collide with the unused-bits sink', () => {
    const A = defineModule('kb_uok', { a: In(UInt(4)), b: In(UInt(4)), y: Out(UInt(2)) }, (m, io) => {
      const w = m.named('_unused_ok', io.a.xor(io.b));
      io.y.set(w.slice(1, 0));
    });
    const files = verilogOrRejected(A);
    expect(files).toBeDefined();
    expect(files!.get('kb_uok.v')!.match(/\b_unused_ok\s*=/g)?.length ?? 0).toBe(1);
  });

  // 4: the combinational-loop message named the module by its internal elaboration name ('kb_loop#0') rather than
  // the module's name ('kb_loop').
  it("the combinational-loop message names the module as the designer wrote it", () => {
    const L = defineModule('kb_loop', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      const c = m.instance('c0', Child, undefined);
      c.x.set(c.y.xor(io.a));
      io.y.set(c.y);
    });
    expect(() => compile(L, undefined)).toThrow(/combinational loop in module 'kb_loop': /);
  });

  // 5: a port declared in the body with m.input()/m.output() got the locator of the defineModule call, not of the
  // m.input() line, so its `// file:line` and the unused-input warning pointed at the wrong line.
  it('a port declared with m.input() carries the line of that call', () => {
    let L = '';
    const I = defineModule('kb_inbody', { y: Out(UInt(4)) }, (m, io) => {
      L = here(); m.input('z', UInt(4));
      io.y.set(0);
    });
    const c = compile(I, undefined);
    expect(c.ir.warnings).toEqual([`${L}: input 'z' of module 'kb_inbody' is never used`]);
  });

  // 6 (wrong Verilog): x.asSInt().ext(w) for a UInt x was emitted as a ZERO-extension, `{{4{1'b0}}, a}`, where the
  // IR (and evalOp) sign-extends: msb() of an inline `ext` node in dsl/verilog/emit.ts returned 1'b0 whenever the
  // ext's operand was unsigned, but a same-width ext (asSInt) keeps the operand's top bit as its msb. The IR was
  // right, only the Verilog was wrong, so simulating the Verilog differed from the model.
  it('UInt(4).asSInt().ext(8) sign-extends in the Verilog', async () => {
    const D = defineModule('kb_sx', { a: In(UInt(4)), y: Out(SInt(8)) }, (_m, io) => io.y.set(io.a.asSInt().ext(8)));
    const dir = await scratchDir('hwgen-kb-');
    const gate = path.join(dir, 'kb_sx.v');
    const gold = path.join(dir, 'gold.v');
    await writeFile(gate, compile(D, undefined).verilog.files.get('kb_sx.v')!);
    await writeFile(gold, 'module kb_sx_gold (input [3:0] a, output signed [7:0] y);\n  assign y = $signed(a);\nendmodule\n');
    const [v] = await proveEquivalent(dir, [gold, gate], [{ gold: 'kb_sx_gold', gate: 'kb_sx' }], 'kb');
    expect(v!.proven, v!.detail).toBe(true);
  });

  // 7 (minor): the mixed sync/async reset error had no locator of its own (HwError.loc was undefined), so unlike
  // every other elaboration error its message did not start with the designer's file:line (errors.ts promises it).
  it('the mixed-reset error starts with a file:line', () => {
    let LB = '';
    const D = defineModule('kb_mixrst', { d: In(UInt(4)), y: Out(UInt(4)), z: Out(UInt(4)) }, (m, io) => {
      const a = m.reg('a', UInt(4));
      LB = here(); const b = m.reg('b', UInt(4), { reset: 'async' });
      a.set(io.d);
      b.set(io.d);
      io.y.set(a);
      io.z.set(b);
    });
    let err: unknown;
    try {
      compile(D, undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HwError);
    expect((err as HwError).loc).toBe(LB);
  });
});
