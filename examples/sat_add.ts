/**
 * A signed saturating adder (combinational): y = clamp(a + b) to SInt(outWidth), `sat` = 1 when clamped. Operands
 * may differ in width; widths change only through explicit ext / resize / trunc.
 */
import { defineModule, In, Out, SInt, Bool, mux } from '../dsl/index.js';

export interface SatAddParams {
  aWidth: number;
  bWidth: number;
  outWidth: number;
}

export const SatAdd = defineModule(
  'sat_add',
  (p: SatAddParams) => ({
    a: In(SInt(p.aWidth)),
    b: In(SInt(p.bWidth)),
    y: Out(SInt(p.outWidth)),
    sat: Out(Bool),
  }),
  (m, io, p) => {
    const w = Math.max(p.aWidth, p.bWidth);
    const sum = m.named('sum', io.a.ext(w).add(io.b.ext(w))); // exact: SInt(w + 1)
    const wc = Math.max(w + 1, p.outWidth);
    const s = sum.resize(wc);
    const hi = 2 ** (p.outWidth - 1) - 1;
    const lo = -(2 ** (p.outWidth - 1));
    const over = m.named('over', s.gt(hi));
    const under = m.named('under', s.lt(lo));
    io.y.set(mux(over, hi, mux(under, lo, s.trunc(p.outWidth))));
    io.sat.set(over.or(under));
  },
);
