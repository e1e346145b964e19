/**
 * Elaboration checks: each error or warning names the designer's own `file:line` (this file, the line of the offending
 * call). Expected locators are computed with here() on the offending line itself (or here(1) on the line before), and
 * the test also checks that the locator's source line really holds the offending call.
 */
import { describe, expect, it } from 'vitest';
import { compile, defineModule, HwError, In, Out, Vec, UInt, SInt, Bool, when, mux, type ModuleDef, type PortSpec } from '../../dsl/index.js';
import { here, sourceLine } from '../helpers/loc.ts';

/** Elaborate a parameterless definition and return the HwError it throws. */
function errorOf<S extends PortSpec>(def: ModuleDef<void, S>): HwError {
  try {
    compile(def, undefined);
  } catch (e) {
    if (e instanceof HwError) return e;
    throw e;
  }
  throw new Error(`expected ${def.name} to fail elaboration`);
}

/** The message starts with `loc: ` and the locator points at a line containing `token`. */
function expectAt(e: HwError, loc: string, token: string): void {
  expect(e.loc).toBe(loc);
  expect(e.message.startsWith(`${loc}: `)).toBe(true);
  expect(sourceLine(loc)).toContain(token);
}

const file = here().replace(/:\d+$/, '');

describe('elaboration errors', () => {
  it('combinational loop: prints the path with each signal and its line', () => {
    let lx = '', ly = '';
    const D = defineModule('loop', { a: In(UInt(4)), o: Out(UInt(4)) }, (m, io) => {
      lx = here(); const x = m.wire('x', UInt(4));
      ly = here(); const y = m.wire('y', UInt(4));
      x.set(y.addw(1));
      y.set(x.xor(io.a));
      io.o.set(y);
    });
    const e = errorOf(D);
    // the module as the designer named it (regressions.test.ts, 4)
    expect(e.detail).toMatch(/^combinational loop in module 'loop': /);
    // the path is a closed cycle through both wires, each shown with its declaration line
    const path = e.detail.slice(e.detail.indexOf(': ') + 2, e.detail.indexOf(';'));
    const hops = path.split(' -> ');
    expect(hops[0]).toBe(hops[hops.length - 1]);
    expect(hops).toContain(`'x' at ${lx}`);
    expect(hops).toContain(`'y' at ${ly}`);
    expect(e.detail).toContain('break it with a register');
    expect([lx, ly]).toContain(e.loc);
    expect(e.loc!.startsWith(file)).toBe(true);
  });

  it('undriven output: points at the definition that declares the port', () => {
    const L = here(1);
    const D = defineModule('undriven_out', { a: In(UInt(4)), y: Out(UInt(4)), z: Out(UInt(4)) }, (_m, io) => {
      io.y.set(io.a);
    });
    const e = errorOf(D);
    expectAt(e, L, 'defineModule');
    expect(e.detail).toBe(`output 'z' is never driven; connect it with .set(...)`);
  });

  it('undriven wire', () => {
    let L = '';
    const D = defineModule('undriven_wire', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      L = here(); const w = m.wire('w', UInt(4));
      io.y.set(io.a.xor(w));
    });
    const e = errorOf(D);
    expectAt(e, L, "m.wire('w'");
    expect(e.detail).toBe(`wire 'w' is never driven; connect it with .set(...)`);
  });

  it('wire driven only under a condition, without default: latch', () => {
    let L = '', S = '';
    const D = defineModule('latchy', { en: In(Bool), a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      L = here(); const w = m.wire('w', UInt(4));
      when(io.en, () => {
        S = here(); w.set(io.a);
      });
      io.y.set(w);
    });
    const e = errorOf(D);
    expectAt(e, L, "m.wire('w'");
    expect(e.detail).toBe(
      `wire 'w' is driven only under a condition (at ${S}), so it would need a latch; ` +
        `give it a default: connect it before the when(), or declare it with { default: ... }`,
    );
  });

  it('conflicting drivers: two unconditional connections name both lines', () => {
    let L1 = '', L2 = '';
    const D = defineModule('conflict', { a: In(UInt(4)), b: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => {
      L1 = here(); io.y.set(io.a);
      L2 = here(); io.y.set(io.b);
    });
    const e = errorOf(D);
    expectAt(e, L2, 'io.y.set(io.b)');
    expect(e.detail).toBe(
      `conflicting drivers: output 'y' is driven unconditionally twice, at ${L1} and at ${L2}; keep one, or put the override inside when()`,
    );
  });

  it('width mismatch: a wider value into a narrower sink', () => {
    let L = '';
    const D = defineModule('too_wide', { a: In(UInt(8)), y: Out(UInt(4)) }, (_m, io) => {
      L = here(); io.y.set(io.a);
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.y.set(io.a)');
    expect(e.detail).toBe(`cannot connect UInt(8) 'a' to UInt(4) 'y': 8 bits into 4; truncate explicitly with .trunc(4) or widen 'y'`);
  });

  it('signedness mismatch in add', () => {
    let L = '';
    const D = defineModule('mixed_add', { a: In(SInt(4)), b: In(UInt(4)), y: Out(SInt(5)) }, (_m, io) => {
      L = here(); io.y.set(io.a.add(io.b));
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.a.add(io.b)');
    expect(e.detail).toBe(
      `add: cannot mix SInt(4) 'a' with UInt(4) 'b'; convert one explicitly (.toSInt() for an exact signed value, .asSInt()/.asUInt() to reinterpret bits)`,
    );
  });

  it('signedness mismatch in set', () => {
    let L = '';
    const D = defineModule('mixed_set', { a: In(UInt(4)), y: Out(SInt(8)) }, (_m, io) => {
      L = here(); io.y.set(io.a);
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.y.set(io.a)');
    expect(e.detail).toBe(`cannot connect UInt(4) 'a' to SInt(8) 'y': signedness differs; convert explicitly with .toSInt(), .asSInt() or .asUInt()`);
  });

  it('reading an output port', () => {
    let L = '';
    const D = defineModule('read_out', { a: In(UInt(4)), y: Out(UInt(4)), z: Out(UInt(5)) }, (_m, io) => {
      io.y.set(io.a);
      L = here(); io.z.set(io.y.add(1));
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.y.add(1)');
    expect(e.detail).toMatch(/^cannot read output port 'y' of module 'read_out': outputs are write-only; /);
  });

  it('port name clash (a Vec flattening onto a declared name)', () => {
    const L = here(1);
    const D = defineModule('clash', { x_0: In(Bool), x: Vec(2, In(Bool)), y: Out(Bool) }, (_m, io) => {
      io.y.set(io.x_0.xor(io.x[0]!).xor(io.x[1]!));
    });
    const e = errorOf(D);
    expectAt(e, L, 'defineModule');
    expect(e.detail).toBe(`name clash in module 'clash': port 'x_0' is already declared at ${L}`);
  });

  it('port name that is a Verilog keyword', () => {
    const L = here(1);
    const D = defineModule('kw_port', { reg: In(Bool), y: Out(Bool) }, (_m, io) => {
      io.y.set(io.reg);
    });
    const e = errorOf(D);
    expectAt(e, L, 'defineModule');
    expect(e.detail).toBe(`port name 'reg' is a Verilog keyword; choose another name (for example 'reg_i')`);
  });

  it('constant that does not fit (wrapping and bitwise operators, explicit constants)', () => {
    let L = '';
    const D = defineModule('big_const', { a: In(UInt(8)), y: Out(UInt(8)) }, (_m, io) => {
      L = here(); io.y.set(io.a.addw(300));
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.a.addw(300)');
    expect(e.detail).toBe('constant 300 does not fit in UInt(8); widen the type or use a smaller value');
    let L2 = '';
    const D2 = defineModule('big_const2', { y: Out(SInt(4)) }, (m, io) => {
      L2 = here(); io.y.set(m.const(8, SInt(4)));
    });
    const e2 = errorOf(D2);
    expectAt(e2, L2, 'm.const(8, SInt(4))');
    expect(e2.detail).toBe('constant 8 does not fit in SInt(4); widen the type or use a smaller value');
    let L3 = '';
    const D3 = defineModule('big_lit', { a: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => {
      L3 = here(); io.y.set(io.a.xor(io.a.lit(16)));
    });
    const e3 = errorOf(D3);
    expectAt(e3, L3, 'io.a.lit(16)');
    expect(e3.detail).toBe('constant 16 does not fit in UInt(4); widen the type or use a smaller value');
  });

  it('negative constant with an unsigned signal in an exact operator', () => {
    let L = '';
    const D = defineModule('neg_const', { a: In(UInt(8)), y: Out(UInt(10)) }, (_m, io) => {
      L = here(); io.y.set(io.a.add(-1).asUInt());
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.a.add(-1)');
    expect(e.detail).toBe(`add: negative constant -1 with UInt(8) 'a'; convert the signal with .toSInt()`);
  });

  it('slice out of range', () => {
    let L = '';
    const D = defineModule('bad_slice', { a: In(UInt(8)), y: Out(UInt(9)) }, (_m, io) => {
      L = here(); io.y.set(io.a.slice(8, 0));
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.a.slice(8, 0)');
    expect(e.detail).toBe(`slice(8, 0) is out of range for UInt(8) 'a': need 7 >= hi >= lo >= 0`);
  });

  it('memory address of the wrong width', () => {
    let L = '';
    const D = defineModule('bad_addr', { addr: In(UInt(3)), y: Out(UInt(8)) }, (m, io) => {
      const mem = m.mem('buf', UInt(8), 10);
      L = here(); io.y.set(mem.read(io.addr));
    });
    const e = errorOf(D);
    expectAt(e, L, 'mem.read(io.addr)');
    // messages name the memory as the designer did ('buf' is a Verilog primitive: only the Verilog text calls it
    // 'buf_', test/dsl/namemap.test.ts)
    expect(e.detail).toBe(`read address of memory 'buf' (depth 10) needs a UInt(4) address, got UInt(3) 'addr'; use .ext(4) or .trunc(4)`);
  });
});

describe('more elaboration errors', () => {
  const Child = defineModule('chk_child', { x: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => io.y.set(io.x.not()));

  it('instance input never driven', () => {
    let L = '';
    const D = defineModule('inst_undriven', { y: Out(UInt(4)) }, (m, io) => {
      L = here(); const c = m.instance('c0', Child, undefined);
      io.y.set(c.y);
    });
    const e = errorOf(D);
    expectAt(e, L, "m.instance('c0'");
    expect(e.detail).toBe(`input 'x' of instance 'c0' is never driven; connect it with .set(...)`);
  });

  it('bitwise operands of different widths', () => {
    let L = '';
    const D = defineModule('and_widths', { a: In(UInt(4)), b: In(UInt(6)), y: Out(UInt(4)) }, (_m, io) => {
      L = here(); io.y.set(io.a.and(io.b));
    });
    const e = errorOf(D);
    expectAt(e, L, 'io.a.and(io.b)');
    expect(e.detail).toBe(`and: operand widths differ: UInt(4) 'a' and UInt(6) 'b'; widen one with .ext(6) or narrow one with .trunc(4)`);
  });

  it('mux values of different types', () => {
    let L = '';
    const D = defineModule('mux_types', { s: In(Bool), a: In(UInt(4)), b: In(SInt(4)), y: Out(UInt(4)) }, (_m, io) => {
      L = here(); io.y.set(mux(io.s, io.a, io.b));
    });
    const e = errorOf(D);
    expectAt(e, L, 'mux(io.s, io.a, io.b)');
    expect(e.detail).toMatch(/^mux: the two values differ in type: UInt\(4\) 'a' and SInt\(4\) 'b'; /);
  });

  it('a when() condition wider than one bit', () => {
    let L = '';
    const D = defineModule('wide_cond', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      const w = m.wire('w', UInt(4), { default: 0 });
      L = here(); when(io.a, () => w.set(io.a));
      io.y.set(w);
    });
    const e = errorOf(D);
    expectAt(e, L, 'when(io.a');
    expect(e.detail).toBe(`when condition must be a Bool (1 bit), got UInt(4) 'a'; use .orR() or .ne(0)`);
  });

  it('register reset value that does not fit', () => {
    let L = '';
    const D = defineModule('bad_init', { y: Out(UInt(4)) }, (m, io) => {
      L = here(); const r = m.reg('r', UInt(4), { init: 16 });
      r.set(r.addw(1));
      io.y.set(r);
    });
    const e = errorOf(D);
    expectAt(e, L, "m.reg('r'");
    expect(e.detail).toBe(`register 'r': reset value 16 does not fit in UInt(4)`);
  });

  it('writing a ROM, and a ROM word that does not fit', () => {
    let L = '';
    const D = defineModule('rom_write', { a: In(UInt(2)), y: Out(UInt(4)) }, (m, io) => {
      const r = m.rom('tbl', UInt(4), [1, 2, 3, 4]);
      L = here(); r.write(io.a, 5);
      io.y.set(r.read(io.a));
    });
    const e = errorOf(D);
    expectAt(e, L, 'r.write(io.a, 5)');
    expect(e.detail).toBe(`memory 'tbl' is a ROM: it has no write port`);
    let L2 = '';
    const D2 = defineModule('rom_word', { a: In(UInt(2)), y: Out(SInt(4)) }, (m, io) => {
      L2 = here(); const r = m.rom('tbl', SInt(4), [1, -9, 3]);
      io.y.set(r.read(io.a).asSInt());
    });
    const e2 = errorOf(D2);
    expectAt(e2, L2, "m.rom('tbl'");
    expect(e2.detail).toBe(`memory 'tbl': initial word 1 = -9 does not fit in SInt(4)`);
  });

  it('a signal of another module used without a port', () => {
    let outer: import('../../dsl/index.js').Signal | undefined;
    let L = '';
    const Inner = defineModule('chk_inner', { y: Out(UInt(4)) }, (_m, io) => {
      L = here(); io.y.set(outer!.not());
    });
    const D = defineModule('chk_outer', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      outer = io.a;
      io.y.set(m.instance('i', Inner, undefined).y);
    });
    const e = errorOf(D);
    expect(e.loc).toBe(L);
    expect(e.detail).toMatch(/belongs to module 'chk_outer', not 'chk_inner'; pass values between modules through ports$/);
  });

  it('sync and async reset mixed in one design names both registers and their lines', () => {
    let LA = '', LB = '';
    const D = defineModule('mixrst', { d: In(UInt(4)), y: Out(UInt(4)), z: Out(UInt(4)) }, (m, io) => {
      LA = here(); const a = m.reg('a', UInt(4));
      LB = here(); const b = m.reg('b', UInt(4), { reset: 'async' });
      a.set(io.d);
      b.set(io.d);
      io.y.set(a);
      io.z.set(b);
    });
    const e = errorOf(D);
    expect(e.detail).toBe(
      `the design mixes synchronous and asynchronous reset on the one implicit 'rst' (register 'a' at ${LA} is sync, ` +
        `register 'b' at ${LB} is async); use one reset style per design`,
    );
  });

  it('two different definitions with one name', () => {
    const A = defineModule('twin', { y: Out(UInt(1)) }, (_m, io) => io.y.set(0));
    const B = defineModule('twin', { y: Out(UInt(1)) }, (_m, io) => io.y.set(1));
    let L = '';
    const D = defineModule('twins', { y: Out(UInt(1)), z: Out(UInt(1)) }, (m, io) => {
      io.y.set(m.instance('a', A, undefined).y);
      L = here(); io.z.set(m.instance('b', B, undefined).y);
    });
    const e = errorOf(D);
    expectAt(e, L, "m.instance('b'");
    expect(e.detail).toBe(`two different module definitions are both named 'twin'; give each definition its own name`);
  });
});

describe('elaboration warnings and renames', () => {
  it('internal name clash: renamed deterministically, with a warning naming both lines', () => {
    let L1 = '', L2 = '', L3 = '';
    const LD = here(1);
    const D = defineModule('renames', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      L1 = here(); const t = m.named('t', io.a.not());
      L2 = here(); const t2 = m.named('t', t.xor(io.a));
      L3 = here(); const a2 = m.named('a', t2.and(t));
      io.y.set(a2);
    });
    const c = compile(D, undefined);
    expect(c.ir.warnings).toEqual([
      `${L2}: wire 't' in module 'renames' renamed 't_1': the name is already used at ${L1}`,
      `${L3}: wire 'a' in module 'renames' renamed 'a_1': the name is already used at ${LD}`,
    ]);
    expect(sourceLine(LD)).toContain('defineModule');
    const v = c.verilog.files.get('renames.v')!;
    expect(v).toContain(`wire [3:0] t = ~a;  // ${L1}`);
    expect(v).toContain(`wire [3:0] t_1 = t ^ a;  // ${L2}`);
    expect(v).toContain(`wire [3:0] a_1 = t_1 & t;  // ${L3}`);
    // the same design elaborates to the same names every time
    expect(compile(D, undefined).verilog.files.get('renames.v')).toBe(v);
  });

  it('internal name that is a Verilog keyword is escaped in the Verilog', () => {
    let L = '';
    const D = defineModule('kw_wire', { a: In(UInt(4)), y: Out(UInt(4)) }, (m, io) => {
      L = here(); const w = m.named('begin', io.a.not());
      const r = m.reg('reg', UInt(4));
      r.set(w);
      io.y.set(r);
    });
    const v = compile(D, undefined).verilog.files.get('kw_wire.v')!;
    expect(v).toContain(`wire [3:0] begin_ = ~a;  // ${L}`);
    expect(v).toMatch(/reg \[3:0\] reg_;/);
    expect(v).not.toMatch(/\b(begin|reg) =/);
  });

  it('unused input gives a warning naming the port and its definition', () => {
    const L = here(1);
    const D = defineModule('unused_in', { a: In(UInt(4)), b: In(UInt(4)), y: Out(UInt(4)) }, (_m, io) => {
      io.y.set(io.a);
    });
    const c = compile(D, undefined);
    expect(c.ir.warnings).toEqual([`${L}: input 'b' of module 'unused_in' is never used`]);
    expect(sourceLine(L)).toContain('defineModule');
  });
});
