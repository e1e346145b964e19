/**
 * Example designs that together use every DSL feature, shared by the lint and determinism tests. Each entry is a
 * definition with its parameters; the designs are small so that Verilator and Yosys stay fast.
 */
import { defineModule, In, Out, Vec, UInt, SInt, Bool, when, switch_, mux, cat, type ModuleDef } from '../../dsl/index.js';
import { Mesh } from '../../examples/mesh.js';
import { PropDemo, PropAsync } from './props.designs.ts';

/** Registers with synchronous reset (init values), no reset, enables, regNext; a counter. */
export const RegsSync = defineModule(
  'regs_sync',
  { d: In(SInt(6)), en: In(Bool), q: Out(SInt(6)), q_nr: Out(SInt(6)), count: Out(UInt(5)), q2: Out(SInt(6)) },
  (m, io) => {
    const r = m.reg('r', SInt(6), { init: -3, enable: io.en });
    r.set(io.d);
    const nr = m.reg('nr', SInt(6), { reset: 'none' });
    nr.set(io.d.subw(r));
    const cnt = m.reg('cnt', UInt(5), { init: 17 });
    when(io.en, () => cnt.set(cnt.addw(1)));
    const d2 = m.regNext('d2', io.d, { enable: io.en });
    io.q.set(r);
    io.q_nr.set(nr);
    io.count.set(cnt);
    io.q2.set(d2);
  },
);

/** Registers with asynchronous reset, with and without enable, and a register that is never connected (holds). */
export const RegsAsync = defineModule(
  'regs_async',
  { d: In(UInt(8)), en: In(Bool), q: Out(UInt(8)), acc: Out(UInt(10)) },
  (m, io) => {
    const r = m.reg('r', UInt(8), { reset: 'async', init: 0xa5, enable: io.en });
    r.set(io.d);
    const acc = m.reg('acc', UInt(10), { reset: 'async' });
    acc.set(acc.addw(io.d.ext(10)));
    io.q.set(r);
    io.acc.set(acc);
  },
);

/** A RAM (non-power-of-two depth) with a conditional write port and two read ports, a preloaded RAM and a ROM. */
export const Memories = defineModule(
  'memories',
  {
    we: In(Bool),
    waddr: In(UInt(4)),
    wdata: In(UInt(8)),
    raddr: In(UInt(4)),
    ren: In(Bool),
    sel: In(UInt(3)),
    q0: Out(UInt(8)),
    q1: Out(UInt(8)),
    rom_q: Out(SInt(5)),
    pre_q: Out(UInt(3)),
  },
  (m, io) => {
    const ram = m.mem('ram', UInt(8), 10);
    when(io.we, () => ram.write(io.waddr, io.wdata));
    io.q0.set(ram.read(io.raddr));
    io.q1.set(ram.read(io.raddr.not(), { en: io.ren, name: 'q1_word' }));
    const rom = m.rom('coeffs', SInt(5), [3, -4, 15, -16, 0]);
    io.rom_q.set(rom.read(io.sel).asSInt());
    const pre = m.mem('pre', UInt(3), 4, { init: [1, 2, 3] });
    pre.write(io.waddr.trunc(2), io.wdata.trunc(3), io.we.and(io.ren));
    io.pre_q.set(pre.read(io.sel.trunc(2)));
  },
);

/** Nested when/elsewhen/otherwise, switch/is/default, a wire with a default, last-connect-wins overrides. */
export const Control = defineModule(
  'control',
  { op: In(UInt(2)), a: In(SInt(8)), b: In(SInt(8)), c: In(Bool), d: In(Bool), y: Out(SInt(9)), flag: Out(Bool), z: Out(UInt(4)) },
  (m, io) => {
    const y = m.wire('y_w', SInt(9), { default: 0 });
    when(io.c, () => {
      when(io.d, () => y.set(io.a.add(io.b)))
        .elsewhen(io.a.lt(io.b), () => y.set(io.a.sub(io.b).trunc(9)))
        .otherwise(() => y.set(io.b.neg()));
    }).otherwise(() => y.set(io.a));
    io.y.set(y);
    const flag = m.wire('flag_w', Bool);
    flag.set(false);
    switch_(io.op)
      .is(0, () => flag.set(io.c))
      .is([1, 2], () => flag.set(io.a.eq(io.b)))
      .default(() => flag.set(io.d.not()));
    io.flag.set(flag);
    const z = m.wire('z_w', UInt(4));
    z.set(io.op.ext(4));
    when(io.c.and(io.d), () => z.set(15));
    io.z.set(z);
  },
);

/** A parameterised child with bundle and Vec ports. */
export const Lane = defineModule(
  'lane',
  (p: { w: number; n: number }) => ({
    x: Vec(p.n, In(UInt(p.w))),
    ctl: { neg: In(Bool), shift: In(UInt(2)) },
    out: { sum: Out(UInt(p.w + p.n)), msb: Out(Bool) },
  }),
  (m, io, p) => {
    let s = io.x[0]!.ext(p.w + p.n);
    for (const x of io.x.slice(1)) s = s.addw(x.ext(p.w + p.n));
    const sh = m.named('sh', s.shlDyn(io.ctl.shift));
    io.out.sum.set(mux(io.ctl.neg, sh.not(), sh));
    io.out.msb.set(sh.bit(p.w + p.n - 1));
  },
);

/** Two parameterisations of Lane (one used twice), Vec and bundle ports at the top, an unused instance output. */
export const Hier = defineModule(
  'hier',
  { x: Vec(3, In(UInt(4))), wide: Vec(2, In(UInt(8))), ctl: { neg: In(Bool), shift: In(UInt(2)) }, out: Vec(3, Out(UInt(10))) },
  (m, io) => {
    const l0 = m.instance('l0', Lane, { w: 4, n: 3 });
    const l1 = m.instance('l1', Lane, { w: 4, n: 3 });
    const l2 = m.instance('l2', Lane, { w: 8, n: 2 });
    io.x.forEach((x, i) => {
      l0.x[i]!.set(x);
      l1.x[i]!.set(x.not());
    });
    io.wide.forEach((x, i) => l2.x[i]!.set(x));
    for (const l of [l0, l1, l2]) {
      l.ctl.neg.set(io.ctl.neg);
      l.ctl.shift.set(io.ctl.shift);
    }
    io.out[0]!.set(l0.out.sum.ext(10).or(cat(l0.out.msb, m.const(0, UInt(9)))));
    io.out[1]!.set(l1.out.sum);
    io.out[2]!.set(l2.out.sum);
  },
);

/** Slices that leave bits of inputs and of named wires unread. */
export const Slices = defineModule(
  'slices',
  { a: In(UInt(16)), b: In(SInt(12)), y: Out(UInt(8)), z: Out(UInt(5)) },
  (m, io) => {
    const w = m.named('w', io.a.xor(io.b.asUInt().ext(16)));
    io.y.set(w.slice(11, 4));
    const t = m.named('t', io.b.add(io.b));
    io.z.set(cat(t.bit(12), t.slice(3, 1), io.a.bit(15)));
  },
);

/** 4096-bit arithmetic: exact add and sub, compare, wrapping ops, dynamic shift, reductions. */
export const Wide = defineModule(
  'wide',
  { a: In(UInt(4096)), b: In(UInt(4096)), s: In(SInt(4096)), k: In(UInt(12)), sum: Out(UInt(4097)), diff: Out(SInt(4097)), lt: Out(Bool), x: Out(UInt(4096)), sh: Out(SInt(4096)), par: Out(Bool) },
  (_m, io) => {
    io.sum.set(io.a.add(io.b));
    io.diff.set(io.a.sub(io.b));
    io.lt.set(io.a.lt(io.b));
    io.x.set(io.a.xor(io.b).addw(1));
    io.sh.set(io.s.shrDyn(io.k));
    io.par.set(io.a.xorR().xor(io.s.orR()));
  },
);

export interface Example {
  name: string;
  def: ModuleDef<any, any>;
  params: unknown;
  /** check with coarse-grain Yosys synthesis only (full synth of 4096-bit adders takes minutes) */
  coarse?: boolean;
}

export const EXAMPLES: Example[] = [
  { name: 'regs_sync', def: RegsSync, params: undefined },
  { name: 'regs_async', def: RegsAsync, params: undefined },
  { name: 'memories', def: Memories, params: undefined },
  { name: 'control', def: Control, params: undefined },
  { name: 'hier', def: Hier, params: undefined },
  { name: 'slices', def: Slices, params: undefined },
  { name: 'wide', def: Wide, params: undefined, coarse: true },
  { name: 'mesh', def: Mesh, params: { n: 2, aw: 8, accw: 20 } },
  { name: 'prop_demo', def: PropDemo, params: undefined },
  { name: 'prop_async', def: PropAsync, params: undefined },
];
