/**
 * A valid/ready pipeline from the standard library: a Queue buffering `depth` words, then a RegSlice that cuts the
 * combinational paths at the output; the three views are joined with connect() and the consumer's side is flip()ped.
 */
import { defineModule, Out, UInt, Stream, flip, connect, Queue, RegSlice } from '../dsl/index.js';
import { bitsFor } from './util.js';

export interface StreamPipeParams {
  width: number;
  depth: number;
}

export const StreamPipe = defineModule(
  'stream_pipe',
  (p: StreamPipeParams) => ({ enq: flip(Stream(UInt(p.width))), deq: Stream(UInt(p.width)), queued: Out(UInt(bitsFor(p.depth + 1))) }),
  (m, io, p) => {
    const q = m.instance('buf', Queue, { width: p.width, depth: p.depth });
    const s = m.instance('slice', RegSlice, { width: p.width });
    connect(io.enq, q.enq);
    connect(q.deq, s.enq);
    connect(s.deq, io.deq);
    io.queued.set(q.count);
  },
);
