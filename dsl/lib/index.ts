/**
 * The standard library: small blocks made only of DSL primitives, each with its own invariants written as assertions.
 * Functions build logic inside the caller's module; the `defineModule` ones are modules to instantiate.
 */
export { select } from './select.js';
export { delay, shiftRegister, type ShiftOptions } from './shift.js';
export { counter, type Counter, type CounterOptions } from './counter.js';
export { priorityEncoder, lowestOneHot, oneHotIndex, type Priority } from './priority.js';
export { flip, connect, type Flipped } from './bundle.js';
export { Stream, fire } from './stream.js';
export { RegSlice, type SliceParams } from './regslice.js';
export { Queue, type QueueParams } from './queue.js';
export { StreamArbiter, type ArbiterParams } from './arbiter.js';
