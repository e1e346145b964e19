/**
 * The post-processing stage every family instantiates after its accumulation: ReLU, then requantisation
 * rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255) (sh = 0: no rounding term), or the ReLU'd sum itself when rq_en is 0.
 * The bias is added by the family before `sum` (where its bias memory is read differs from family to family).
 *
 * One register stage: the ReLU'd sum and its product with mult are registered when `en` is 1 (tie it to 1 for a
 * free-running pipeline); `out` is the rounded, shifted and clamped value of the registered pair (combinational), so
 * `out` belongs to the cycle after `sum`. Exact: the product has sumBits + multBits + 1 bits, the rounding add grows.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, when, type ModuleBuilder, type Signal } from '../../dsl/index.js';
import { postCfgPorts } from './host.js';

export interface PostParams {
  /** width of the incoming sum (signed) */
  sumBits: number;
  /** width of the output (signed; the read port's width) */
  accBits: number;
  multBits: number;
  shiftBits: number;
}

export const PostProc = defineModule(
  'post_proc',
  (p: PostParams) => ({
    sum: In(SInt(p.sumBits)),
    en: In(Bool),
    ...postCfgPorts(p),
    out: Out(SInt(p.accBits)),
  }),
  (m, io, p) => {
    const relu = m.named('relu_v', mux(io.relu.and(io.sum.lt(0)), 0, io.sum));
    const scaled = m.named('scaled_v', relu.mul(io.rq_mult.toSInt()));
    const reluQ = m.reg('relu_q', SInt(p.sumBits));
    const scaledQ = m.reg('scaled_q', scaled.type);
    when(io.en, () => {
      reluQ.set(relu);
      scaledQ.set(scaled);
    });
    const sw = scaled.width;
    const sh = io.rq_shift;
    const rnd = m.named('round', mux(sh.eq(0), m.const(0, UInt(sw)), m.const(1, UInt(sw)).shlDyn(sh.subw(1))).toSInt());
    const q = m.named('shifted', scaledQ.add(rnd).shrDyn(sh));
    const clamped = mux(q.lt(0), 0, mux(q.gt(255), 255, q)).trunc(p.accBits);
    io.out.set(mux(io.rq_en, clamped, reluQ.trunc(p.accBits)));
  },
);

/** The post-processing configuration inputs of a family's cfg bundle (postCfgPorts, seen inside the module). */
export interface PostCfg {
  relu: Signal;
  rq_en: Signal;
  rq_mult: Signal;
  rq_shift: Signal;
}

/** Instantiate PostProc as `name` on `sum` (registered when `en`, default every cycle); returns its output. */
export function postStage(m: ModuleBuilder, name: string, sum: Signal, cfg: PostCfg, p: { accBits: number; multBits: number; shiftBits: number }, en?: Signal): Signal {
  const u = m.instance(name, PostProc, { sumBits: sum.width, accBits: p.accBits, multBits: p.multBits, shiftBits: p.shiftBits });
  u.sum.set(sum);
  u.en.set(en ?? m.const(1, Bool));
  u.relu.set(cfg.relu);
  u.rq_en.set(cfg.rq_en);
  u.rq_mult.set(cfg.rq_mult);
  u.rq_shift.set(cfg.rq_shift);
  return u.out;
}
