/**
 * Test helpers for the per-channel requantisation table: a table in which every channel has its own scale (channel m's
 * multiplier is (2M − m)/(2M) of channel 0's, down to about half of it, one shift for all: no two channels share an
 * entry, so a design reading the entry of another channel (a wrong bank or word) gives other outputs), and the check
 * that a hardware output really used each channel's entry: it must differ from the golden output computed with
 * channel 0's entry for every channel (a design that ignored the table, or read one entry for all channels, would give
 * that output instead); the verify itself catches any other wrong entry.
 */
import { expect } from 'vitest';
import type { ConvLayer } from '../../../generators/common/shape.js';
import type { Verdict } from '../../../generators/common/verdict.js';
import type { SimName } from '../../../sim/simulate.js';
import { referenceConv } from '../../../generators/common/reference.js';
import { uniformRq, type RqTable } from '../../../generators/common/rq.js';

/** A table of distinct scales for `l`, channel 0's mapping its largest ReLU'd sum to about 255. */
export function distinctScaleTable(l: ConvLayer, w: { multBits: number; shiftBits: number }): RqTable {
  const { rq: _drop, ...raw } = l;
  let mx = 1;
  for (const v of referenceConv({ ...raw, relu: true })) mx = Math.max(mx, v);
  const mult = 2 ** Math.min(w.multBits - 1, 12);
  const shift = Math.min(2 ** w.shiftBits - 1, Math.max(1, Math.ceil(Math.log2((mx * mult) / 200))));
  const M = l.shape.M;
  return { mult: Array.from({ length: M }, (_, m) => Math.floor((mult * (2 * M - m)) / (2 * M))), shift: new Array<number>(M).fill(shift) };
}

/** `l` with channel 0's entry for every channel. */
export function channel0Layer<L extends ConvLayer>(l: L): L {
  if (!l.rq) throw new Error('channel0Layer: the layer has no requantisation table');
  return { ...l, rq: uniformRq(l.rq.mult[0]!, l.rq.shift[0]!, l.shape.M) };
}

/** The RTL's outputs are not those of channel 0's entry applied to every channel (checked words only). */
export function expectTableUsed(rtl: ArrayLike<bigint | number>, checked: ArrayLike<number> | undefined, ignoring: ArrayLike<number>): void {
  let differ = 0;
  for (let i = 0; i < ignoring.length; i++) if ((!checked || checked[i]) && Number(rtl[i]) !== ignoring[i]) differ++;
  expect(differ, 'outputs that differ from channel 0\u2019s entry applied to every channel').toBeGreaterThan(0);
}

/** A random table: channel m's mult in mult[0]..mult[1], shift in shift[0]..shift[1], drawn with `int(lo, hi)`. */
export function randomRqTable(M: number, int: (lo: number, hi: number) => number, mult: readonly [number, number], shift: readonly [number, number]): RqTable {
  return { mult: Array.from({ length: M }, () => int(mult[0], mult[1])), shift: Array.from({ length: M }, () => int(shift[0], shift[1])) };
}

/**
 * Verify `l` (a layer with a table of distinct scales) in the built-in simulator, Verilator and Icarus: outputs and cycles equal
 * the models, and the outputs are not channel 0's entry applied to every channel (`ignoring`: that golden output).
 */
export async function expectTwoScales(run: (sim: SimName) => Promise<Verdict>, ignoring: ArrayLike<number>): Promise<void> {
  for (const sim of ['builtin', 'verilator', 'icarus'] as const) {
    const v = await run(sim);
    expect(v.pass, `${v.layer} in ${sim}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`).toBe(true);
    expect(v.rtlCycles).toBe(v.modelCycles);
    expectTableUsed(v.rtl, v.outputs.y?.checked, ignoring);
  }
}
