/**
 * The post-processing stage every family instantiates after its accumulation: ReLU, then requantisation
 * rq(v) = clamp((v·mult + 2^(sh−1)) >> sh, 0, 255) (sh = 0: no rounding term), or the ReLU'd sum itself when rq_en is 0.
 * The bias is added by the family before `sum`; mult and sh are the entry of the value's output channel in the
 * per-channel table (common/rqtable.ts), read by the family where it reads the bias and given with `sum`.
 *
 * One register stage: the ReLU'd sum, its product with mult and the shift are registered when `en` is 1 (tie it to 1
 * for a free-running pipeline); `out` is the rounded, shifted and clamped value of the registered triple
 * (combinational), so `out` belongs to the cycle after `sum`. Exact: the product has sumBits + multBits + 1 bits, the
 * rounding add grows.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, when, type ModuleBuilder, type Signal } from '../../dsl/index.js';
import { postModePorts } from './host.js';
import type { RqEntry } from './rqtable.js';

export interface PostParams {
  /** width of the incoming sum (signed) */
  sumBits: number;
  /** width of the output (signed; the read port's width) */
  accBits: number;
  multBits: number;
  shiftBits: number;
}

/**
 * clamp((scaled + 2^(sh−1)) >> sh, 0, 255) at accBits bits (sh = 0: no rounding term): the rounding, shift and clamp
 * of rq, on a product scaled = v·mult already formed. Wires are named `<prefix>_round`, `<prefix>_shifted`.
 */
export function roundShiftClamp(m: ModuleBuilder, prefix: string, scaled: Signal, sh: Signal, accBits: number): Signal {
  const sw = scaled.width;
  const rnd = m.named(`${prefix}_round`, mux(sh.eq(0), m.const(0, UInt(sw)), m.const(1, UInt(sw)).shlDyn(sh.subw(1))).toSInt());
  const q = m.named(`${prefix}_shifted`, scaled.add(rnd).shrDyn(sh));
  return mux(q.lt(0), 0, mux(q.gt(255), 255, q)).trunc(accBits);
}

export const PostProc = defineModule(
  'post_proc',
  (p: PostParams) => ({
    sum: In(SInt(p.sumBits)),
    en: In(Bool),
    ...postModePorts(),
    /** the value's channel entry of the requantisation table, with `sum` */
    rq_mult: In(UInt(p.multBits)),
    rq_shift: In(UInt(p.shiftBits)),
    out: Out(SInt(p.accBits)),
  }),
  (m, io, p) => {
    const relu = m.named('relu_v', mux(io.relu.and(io.sum.lt(0)), 0, io.sum));
    const scaled = m.named('scaled_v', relu.mul(io.rq_mult.toSInt()));
    const reluQ = m.reg('relu_q', SInt(p.sumBits));
    const scaledQ = m.reg('scaled_q', scaled.type);
    const shiftQ = m.reg('shift_q', UInt(p.shiftBits));
    when(io.en, () => {
      reluQ.set(relu);
      scaledQ.set(scaled);
      shiftQ.set(io.rq_shift);
    });
    io.out.set(mux(io.rq_en, roundShiftClamp(m, 'rq', scaledQ, shiftQ, p.accBits), reluQ.trunc(p.accBits)));
  },
);

/** The post-processing mode inputs of a family's cfg bundle (postModePorts, seen inside the module). */
export interface PostCfg {
  relu: Signal;
  rq_en: Signal;
}

/**
 * Instantiate PostProc as `name` on `sum` with its channel's table entry `rq` (registered when `en`, default every
 * cycle); returns its output.
 */
export function postStage(m: ModuleBuilder, name: string, sum: Signal, cfg: PostCfg, rq: RqEntry, p: { accBits: number; multBits: number; shiftBits: number }, en?: Signal): Signal {
  const u = m.instance(name, PostProc, { sumBits: sum.width, accBits: p.accBits, multBits: p.multBits, shiftBits: p.shiftBits });
  u.sum.set(sum);
  u.en.set(en ?? m.const(1, Bool));
  u.relu.set(cfg.relu);
  u.rq_en.set(cfg.rq_en);
  u.rq_mult.set(rq.mult);
  u.rq_shift.set(rq.shift);
  return u.out;
}
