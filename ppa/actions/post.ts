/**
 * The counts of the post-processing stage and the output write, alike in every family that has them: per output
 * processed, the bias add and (when requantised) the requantisation multiply; per output written, one output-SRAM
 * write of its accumulator width.
 */
import type { ActionCount } from '../energy/model.ts';
import { sramOf } from './sram.ts';

/** `n` outputs post-processed; `add` is the bias adder's class, `of` says which outputs (appended to the notes). */
export function postCounts(n: number, rq: boolean, o: { add?: string; of?: string } = {}): ActionCount[] {
  const of = o.of ?? '';
  return [
    { component: o.add ?? 'add32', action: 'add', count: n, note: `bias adds${of}` },
    { component: 'mult32', action: 'mult', count: rq ? n : 0, note: `requantisation multiplies${of}` },
  ];
}

/** `outputs` words of `bits` bits written into an output SRAM of `words` words. */
export function outputWrites(outputs: number, words: number, bits: number): ActionCount {
  return { component: sramOf(words, bits), action: 'write_bit', count: outputs * bits, note: 'output SRAM writes' };
}
