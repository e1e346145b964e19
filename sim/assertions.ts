/**
 * What every simulator reports about the design's properties (m.assert / m.assume / m.cover): one line format,
 * printed by the Verilog the backend emits (Icarus, Verilator) and produced by the built-in simulator, and the typed
 * error raised when an assertion or assumption fails.
 *
 *   ASSERTION FAILED: <message> at <file:line> (cycle N)
 *   ASSUMPTION FAILED: <message> at <file:line> (cycle N)
 *   COVER HIT: <message> at <file:line> (cycle N)
 *
 * N is the harness cycle whose settled values broke the property (the rising edge that ends cycle N).
 */
import type { PropKind } from '../dsl/ir.ts';
import type { SimName } from './types.ts';

const HEAD: Record<PropKind, string> = { assert: 'ASSERTION FAILED', assume: 'ASSUMPTION FAILED', cover: 'COVER HIT' };

/** The report line of a property event, without the cycle (the Verilog appends it with %0d). */
export function propertyText(kind: PropKind, message: string, loc: string | undefined): string {
  return `${HEAD[kind]}: ${message} at ${loc ?? '?'}`;
}

/** The full report line of a property event. */
export function propertyLine(kind: PropKind, message: string, loc: string | undefined, cycle: number): string {
  return `${propertyText(kind, message, loc)} (cycle ${cycle})`;
}

/** One property event: a failure or a cover hit. */
export interface PropertyEvent {
  kind: PropKind;
  message: string;
  loc: string;
  cycle: number;
}

const LINE = /^(ASSERTION FAILED|ASSUMPTION FAILED|COVER HIT): (.*) at (\S+) \(cycle (\d+)\)$/;
const KIND: Record<string, PropKind> = { 'ASSERTION FAILED': 'assert', 'ASSUMPTION FAILED': 'assume', 'COVER HIT': 'cover' };

/** The property events in a simulator's output, in order. */
export function parsePropertyEvents(output: string): PropertyEvent[] {
  const out: PropertyEvent[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = LINE.exec(raw.trim());
    if (m) out.push({ kind: KIND[m[1]!]!, message: m[2]!, loc: m[3]!, cycle: Number(m[4]) });
  }
  return out;
}

/** Cover hits per cover, keyed `<message> at <file:line>`. */
export type CoverCounts = Record<string, number>;

/** Count the cover hits among events. */
export function coverCounts(events: readonly PropertyEvent[]): CoverCounts {
  const c: CoverCounts = {};
  for (const e of events) if (e.kind === 'cover') c[`${e.message} at ${e.loc}`] = (c[`${e.message} at ${e.loc}`] ?? 0) + 1;
  return c;
}

/** An assertion or assumption failed in a simulation: which one, where it was written, in which simulator, at which cycle. */
export class AssertionFailure extends Error {
  readonly simulator: SimName;
  readonly kind: 'assert' | 'assume';
  readonly assertion: string;
  readonly loc: string;
  readonly cycle: number;
  /** cover hits up to the failure */
  readonly covers: CoverCounts;
  constructor(simulator: SimName, e: PropertyEvent, covers: CoverCounts = {}) {
    super(`${simulator}: ${propertyLine(e.kind, e.message, e.loc, e.cycle)}`);
    this.name = 'AssertionFailure';
    this.simulator = simulator;
    this.kind = e.kind === 'assume' ? 'assume' : 'assert';
    this.assertion = e.message;
    this.loc = e.loc;
    this.cycle = e.cycle;
    this.covers = covers;
  }
}
