/**
 * One top module that instantiates every block of the standard library (dsl/lib) side by side with its own ports, so
 * one Icarus build and one Verilator build test them all; and the parameters each block is tested with.
 */
import {
  defineModule, In, Out, Vec, UInt, Bool, Stream, flip, connect, Queue, RegSlice, StreamArbiter, counter, shiftRegister, priorityEncoder,
} from '../../../dsl/index.js';

export const W = 8;
export const Q_DEPTH = 3;
export const QP_DEPTH = 2;
export const CHAIN_DEPTH = 2;
export const ARB_N = 3;
export const CTR_LAST = 5;
export const SHIFT_N = 3;
export const PRIO_N = 5;

export const LibTop = defineModule(
  'lib_top',
  {
    q: { enq: flip(Stream(UInt(W))), deq: Stream(UInt(W)), count: Out(UInt(2)) },
    qp: { enq: flip(Stream(UInt(W))), deq: Stream(UInt(W)), count: Out(UInt(2)) },
    rs: { enq: flip(Stream(UInt(W))), deq: Stream(UInt(W)), occupancy: Out(UInt(2)) },
    // a queue feeding a register slice, joined with connect()
    ch: { enq: flip(Stream(UInt(W))), deq: Stream(UInt(W)) },
    fx: { req: Vec(ARB_N, flip(Stream(UInt(W)))), out: Stream(UInt(W)), grant: Out(UInt(2)) },
    rr: { req: Vec(ARB_N, flip(Stream(UInt(W)))), out: Stream(UInt(W)), grant: Out(UInt(2)) },
    ctr: { en: In(Bool), clear: In(Bool), value: Out(UInt(3)), wrap: Out(Bool) },
    sh: { en: In(Bool), din: In(UInt(W)), taps: Vec(SHIFT_N, Out(UInt(W))) },
    pr: { reqs: In(UInt(PRIO_N)), valid: Out(Bool), index: Out(UInt(3)), grant: Out(UInt(PRIO_N)) },
  },
  (m, io) => {
    const q = m.instance('u_q', Queue, { width: W, depth: Q_DEPTH });
    connect(io.q.enq, q.enq);
    connect(q.deq, io.q.deq);
    io.q.count.set(q.count);
    const qp = m.instance('u_qp', Queue, { width: W, depth: QP_DEPTH, pipe: true });
    connect(io.qp.enq, qp.enq);
    connect(qp.deq, io.qp.deq);
    io.qp.count.set(qp.count);
    const rs = m.instance('u_rs', RegSlice, { width: W });
    connect(io.rs.enq, rs.enq);
    connect(rs.deq, io.rs.deq);
    io.rs.occupancy.set(rs.occupancy);
    const cq = m.instance('u_ch_q', Queue, { width: W, depth: CHAIN_DEPTH });
    const cs = m.instance('u_ch_s', RegSlice, { width: W });
    connect(io.ch.enq, cq.enq);
    connect(cq.deq, cs.enq);
    connect(cs.deq, io.ch.deq);
    for (const [name, policy] of [['fx', 'fixed'], ['rr', 'round-robin']] as const) {
      const a = m.instance(`u_${name}`, StreamArbiter, { n: ARB_N, width: W, policy });
      connect(io[name].req, a.req);
      connect(a.out, io[name].out);
      io[name].grant.set(a.grant);
    }
    const c = counter(m, 'cnt', CTR_LAST, { enable: io.ctr.en, clear: io.ctr.clear });
    io.ctr.value.set(c.value);
    io.ctr.wrap.set(c.wrap);
    shiftRegister(m, 'sh', io.sh.din, SHIFT_N, { enable: io.sh.en }).forEach((t, i) => io.sh.taps[i]!.set(t));
    const p = priorityEncoder(m, 'penc', io.pr.reqs);
    io.pr.valid.set(p.valid);
    io.pr.index.set(p.index);
    io.pr.grant.set(p.oneHot.reduceRight((acc, g) => acc.cat(g)).asUInt());
  },
);
