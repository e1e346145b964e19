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

export const KNOWN_BUGS: KnownBug[] = [
  {
    // dsl/verilog/emit.ts msb(): the extension of a same-width signed reinterpretation (asSInt, and the slice+asSInt
    // of SInt shr/trunc) of an unsigned node is emitted as a zero-extension. Icarus and Verilator agree with each
    // other, the built-in simulator (exact IR semantics) differs.
    id: 'emit-assint-ext',
    matches(ir, m) {
      // builtin against both Verilog simulators, or (two-simulator runs) against one of them
      const two = Object.keys(m.values).length === 2 && 'builtin' in m.values;
      if (m.odd !== 'builtin' && !(m.odd === 'all' && two)) return false;
      return ir.modules.some((mod) =>
        mod.nodes.some((n) => {
          const uses = n.op === 'ext' || n.op === 'mul' ? n.args : [];
          return uses.some((a) => {
            const r = mod.nodes[a]!;
            const src = r.op === 'ext' ? mod.nodes[r.args[0]!] : undefined;
            return r.op === 'ext' && r.signed && src !== undefined && !src.signed && src.width === r.width && (n.op === 'mul' || n.width > r.width);
          });
        }),
      );
    },
  },
];

/** The id of the known bug explaining a mismatch, if any. */
export function explain(optimized: IRDesign, m: Mismatch): string | undefined {
  return KNOWN_BUGS.find((b) => b.matches(optimized, m))?.id;
}
