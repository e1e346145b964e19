/** Designs for the determinism tests (also compiled in a child process by test/helpers/verilog-digest.ts). */
import { defineModule, In, Out, UInt, SInt, Bool, Vec, type ModuleDef } from '../../dsl/index.js';
import { Mesh } from '../../examples/mesh.js';
import { Control, Hier, Memories } from './designs.ts';

/** Memories, when/switch and instances with two parameterisations, all in one hierarchy. */
export const Everything = defineModule(
  'everything',
  {
    we: In(Bool), waddr: In(UInt(4)), wdata: In(UInt(8)), raddr: In(UInt(4)), ren: In(Bool), sel: In(UInt(3)),
    op: In(UInt(2)), a: In(SInt(8)), b: In(SInt(8)), c: In(Bool), d: In(Bool),
    x: Vec(3, In(UInt(4))), wide: Vec(2, In(UInt(8))),
    q: Out(UInt(8)), y: Out(SInt(9)), out: Vec(3, Out(UInt(10))),
  },
  (m, io) => {
    const mem = m.instance('mem', Memories, undefined);
    mem.we.set(io.we);
    mem.waddr.set(io.waddr);
    mem.wdata.set(io.wdata);
    mem.raddr.set(io.raddr);
    mem.ren.set(io.ren);
    mem.sel.set(io.sel);
    io.q.set(mem.q0.xor(mem.q1).xor(mem.rom_q.asUInt().ext(8)).xor(mem.pre_q.ext(8)));
    const ctl = m.instance('ctl', Control, undefined);
    ctl.op.set(io.op);
    ctl.a.set(io.a);
    ctl.b.set(io.b);
    ctl.c.set(io.c);
    ctl.d.set(io.d);
    io.y.set(ctl.y);
    const h = m.instance('h', Hier, undefined);
    io.x.forEach((x, i) => h.x[i]!.set(x));
    io.wide.forEach((x, i) => h.wide[i]!.set(x));
    h.ctl.neg.set(ctl.flag);
    h.ctl.shift.set(ctl.z.trunc(2));
    io.out.forEach((o, i) => o.set(h.out[i]!));
  },
);

export const DETERMINISM_DESIGNS: Record<string, { def: ModuleDef<any, any>; params: unknown }> = {
  mesh4: { def: Mesh, params: { n: 4, aw: 8, accw: 32 } },
  everything: { def: Everything, params: undefined },
};
