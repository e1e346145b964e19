/**
 * Known bugs (each with a regression test in test/sim/fuzz/regressions.test.ts): a mismatch whose isolated design
 * shows a known bug's signature is reported as "explained" rather than new, so long runs keep looking for new bugs.
 * Remove an entry when its bug is fixed.
 */
import type { IRDesign } from '../../dsl/index.ts';
import type { Mismatch } from './run.ts';

export interface KnownBug {
  id: string;
  /** does this failing design (its optimized IR, the one the Verilog comes from) show the bug's signature? */
  matches(optimized: IRDesign, m: Mismatch): boolean;
}

/**
 * Currently none: 'emit-assint-ext' (asSInt().ext() emitted as a zero-extension; builtin odd one out) was fixed in
 * 2c7c10f. The build-time bugs (Verilator rejecting some emitted Verilog) need no entry: those designs are dropped and
 * reported as build errors by kind (run.ts).
 */
export const KNOWN_BUGS: KnownBug[] = [];

/**
 * Refusal kinds: a design a simulator refuses to build is a failure, unless its kind (BuildError.kind, e.g.
 * 'verilator:SELRANGE') is listed here with the reason the refusal is not a wrong design. Each is counted in the
 * summary line. The refusals the fuzzer used to drop silently (SELRANGE on constant out-of-range memory addresses,
 * CMPCONST on comparisons constant by range, wide constant shift amounts) are fixed in the DSL; a new kind fails the
 * run until it is fixed or listed with its reason. None is listed: 'verilator:UNSIGNED' (`0 << x`, `x + 0` left unfolded,
 * then a comparison constant in value) was fixed in the optimizer (dsl/passes/optimize.ts), regression BUG 11.
 */
export const REFUSALS: ReadonlyArray<{ kind: string; reason: string }> = [];

/** The reason a refusal of this kind is accepted, if it is listed. */
export function refusalReason(kind: string): string | undefined {
  return REFUSALS.find((r) => r.kind === kind)?.reason;
}

/** The id of the known bug explaining a mismatch, if any. */
export function explain(optimized: IRDesign, m: Mismatch): string | undefined {
  return KNOWN_BUGS.find((b) => b.matches(optimized, m))?.id;
}
