/**
 * A fixed-priority stream arbiter with Vec and bundle ports: `n` requesters, each a {valid, data, ready} stream, share
 * one output stream; the lowest-numbered valid requester wins. It is the standard library's StreamArbiter (dsl/lib).
 */
import { StreamArbiter, type ArbiterParams } from '../dsl/index.js';

export type { ArbiterParams };
export const Arbiter = StreamArbiter;
