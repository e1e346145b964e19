/**
 * A stream arbiter: `n` valid/ready requesters share one output stream. Fixed priority (the lowest-numbered valid
 * requester wins) or round-robin (the search for a winner starts just after the last requester served, so a
 * requester that keeps asking is served within n words). The winner's data goes out combinationally; only the winner
 * sees ready. `grant` is the winner's index (0 when none asks).
 */
import { defineModule } from '../module.js';
import { Out, Vec } from '../ports.js';
import { UInt, SInt } from '../types.js';
import { mux, type Signal } from '../signal.js';
import { when } from '../when.js';
import { HwError } from '../errors.js';
import { addrWidth } from '../bits.js';
import { Stream } from './stream.js';
import { flip } from './bundle.js';
import { priorityEncoder } from './priority.js';
import { select } from './select.js';

export interface ArbiterParams {
  n: number;
  width: number;
  signed?: boolean;
  policy?: 'fixed' | 'round-robin';
}

const dataType = (p: ArbiterParams) => (p.signed ? SInt(p.width) : UInt(p.width));

export const StreamArbiter = defineModule(
  'stream_arbiter',
  (p: ArbiterParams) => ({
    req: Vec(p.n, flip(Stream(dataType(p)))),
    out: Stream(dataType(p)),
    grant: Out(UInt(addrWidth(p.n))),
  }),
  (m, io, p) => {
    if (!Number.isInteger(p.n) || p.n < 1) throw new HwError(`StreamArbiter: n must be a positive integer, got ${p.n}`);
    const valids = io.req.map((r) => r.valid);
    let winner = priorityEncoder(m, 'fixed', valids);
    if ((p.policy ?? 'fixed') === 'round-robin' && p.n > 1) {
      // requesters after the last one served first; if none of them asks, the plain priority order
      const last = m.reg('last_grant', UInt(addrWidth(p.n)));
      const after = valids.map((v, i) => m.named(`after_last_${i}`, v.and(last.lt(i))));
      const masked = priorityEncoder(m, 'masked', after);
      const pick = (a: Signal, b: Signal) => mux(masked.valid, a, b);
      winner = {
        valid: winner.valid,
        index: m.named('rr_index', pick(masked.index, winner.index)),
        oneHot: winner.oneHot.map((g, i) => m.named(`rr_grant_${i}`, pick(masked.oneHot[i]!, g))),
      };
      when(winner.valid.and(io.out.ready), () => last.set(winner.index));
    }
    io.out.valid.set(winner.valid);
    io.out.data.set(select(winner.index, io.req.map((r) => r.data)));
    io.req.forEach((r, i) => r.ready.set(io.out.ready.and(winner.oneHot[i]!)));
    io.grant.set(winner.index);
    const cw = addrWidth(p.n + 1);
    let granted: Signal = m.const(0, UInt(cw));
    for (const g of winner.oneHot) granted = granted.addw(g.ext(cw));
    m.assert(m.named('grants', granted).le(1), 'stream_arbiter: at most one requester is granted');
  },
);
