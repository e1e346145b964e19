/**
 * A fixed-priority stream arbiter with Vec and bundle ports: `n` requesters, each a {valid, data, ready} bundle, share
 * one output stream; the lowest-numbered valid requester wins. `grant` names it (held in `last_grant` for observation).
 */
import { defineModule, In, Out, Vec, UInt, Bool, when } from '../dsl/index.js';
import { bitsFor } from './util.js';

export interface ArbiterParams {
  n: number;
  width: number;
}

export const Arbiter = defineModule(
  'stream_arbiter',
  (p: ArbiterParams) => ({
    req: Vec(p.n, { valid: In(Bool), data: In(UInt(p.width)), ready: Out(Bool) }),
    out: { valid: Out(Bool), data: Out(UInt(p.width)), ready: In(Bool) },
    grant: Out(UInt(bitsFor(p.n))),
    last_grant: Out(UInt(bitsFor(p.n))),
  }),
  (m, io, p) => {
    const gw = bitsFor(p.n);
    const grant = m.wire('grant_idx', UInt(gw), { default: 0 });
    const data = m.wire('grant_data', UInt(p.width), { default: 0 });
    const any = m.wire('any_valid', Bool, { default: 0 });
    // lowest index last: the last connection wins
    for (let i = p.n - 1; i >= 0; i--)
      when(io.req[i]!.valid, () => {
        grant.set(i);
        data.set(io.req[i]!.data);
        any.set(1);
      });
    for (let i = 0; i < p.n; i++) io.req[i]!.ready.set(io.out.ready.and(any).and(grant.eq(i)));
    io.out.valid.set(any);
    io.out.data.set(data);
    io.grant.set(grant);
    const last = m.reg('last_q', UInt(gw));
    when(any.and(io.out.ready), () => last.set(grant));
    io.last_grant.set(last);
  },
);
