/** An output-stationary N×N mesh of int8×int8→int32 MAC PEs: operands flow right (a) and down (b); `clear` resets accumulators. */
import { defineModule, In, Out, Vec, SInt, Bool, mux } from '../dsl/index.js';

export interface PeParams {
  aw: number;
  accw: number;
}

export const MacPe = defineModule(
  'mac_pe',
  (p: PeParams) => ({
    a_in: In(SInt(p.aw)),
    b_in: In(SInt(p.aw)),
    clear: In(Bool),
    a_out: Out(SInt(p.aw)),
    b_out: Out(SInt(p.aw)),
    acc: Out(SInt(p.accw)),
  }),
  (m, io, p) => {
    const a = m.regNext('a_q', io.a_in);
    const b = m.regNext('b_q', io.b_in);
    const acc = m.reg('acc_q', SInt(p.accw));
    const prod = m.named('prod', io.a_in.mul(io.b_in));
    acc.set(mux(io.clear, prod.ext(p.accw), acc.addw(prod)));
    io.a_out.set(a);
    io.b_out.set(b);
    io.acc.set(acc);
  },
);

export interface MeshParams extends PeParams {
  n: number;
}

export const Mesh = defineModule(
  'mac_mesh',
  (p: MeshParams) => ({
    a: Vec(p.n, In(SInt(p.aw))),
    b: Vec(p.n, In(SInt(p.aw))),
    clear: In(Bool),
    acc: Vec(p.n, Vec(p.n, Out(SInt(p.accw)))),
  }),
  (m, io, p) => {
    const pe = { aw: p.aw, accw: p.accw };
    const grid = Array.from({ length: p.n }, (_, r) => Array.from({ length: p.n }, (_, c) => m.instance(`pe_${r}_${c}`, MacPe, pe)));
    for (let r = 0; r < p.n; r++)
      for (let c = 0; c < p.n; c++) {
        const u = grid[r]![c]!;
        u.a_in.set(c === 0 ? io.a[r]! : grid[r]![c - 1]!.a_out);
        u.b_in.set(r === 0 ? io.b[c]! : grid[r - 1]![c]!.b_out);
        u.clear.set(io.clear);
        io.acc[r]![c]!.set(u.acc);
      }
  },
);
