/**
 * One output-stationary PE: activation (unsigned) × weight (signed) accumulated in place. Operands and the `first`
 * flag pass on to the right (activation, flag) and down (weight) one cycle later. When `first` arrives, the
 * finished sum moves to `res` and the accumulator restarts with the new product.
 */
import { defineModule, In, Out, UInt, SInt, Bool, when } from '../../dsl/index.js';

export interface PeParams {
  actBits: number;
  wBits: number;
  accBits: number;
}

export const DensePe = defineModule(
  'dense_pe',
  (p: PeParams) => ({
    a_in: In(UInt(p.actBits)),
    w_in: In(SInt(p.wBits)),
    first_in: In(Bool),
    a_out: Out(UInt(p.actBits)),
    w_out: Out(SInt(p.wBits)),
    first_out: Out(Bool),
    res: Out(SInt(p.accBits)),
  }),
  (m, io, p) => {
    const prod = m.named('prod', io.a_in.toSInt().mul(io.w_in));
    const acc = m.reg('acc', SInt(p.accBits));
    const res = m.reg('res_q', SInt(p.accBits));
    when(io.first_in, () => {
      res.set(acc);
      acc.set(prod.ext(p.accBits));
    }).otherwise(() => acc.set(acc.addw(prod)));
    io.a_out.set(m.regNext('a_q', io.a_in));
    io.w_out.set(m.regNext('w_q', io.w_in));
    io.first_out.set(m.regNext('first_q', io.first_in));
    io.res.set(res);
  },
);
