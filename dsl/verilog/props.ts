/**
 * The Verilog of a module's properties (m.assert / m.assume / m.cover), in two guarded blocks that synthesis never
 * sees (Yosys defines SYNTHESIS when it reads Verilog, FORMAL instead with `read_verilog -formal`):
 *
 * - neither FORMAL nor SYNTHESIS: for simulators. At each rising edge a failed assert/assume prints
 *   `ASSERTION FAILED: <message> at <file:line> (cycle N)` (ASSUMPTION FAILED for an assume) and calls $finish; a hit
 *   cover prints `COVER HIT: ...`. N counts rising edges from 0, so it is the harness cycle the edge ends, the same
 *   number the built-in simulator reports.
 * - `ifdef FORMAL` (Yosys `read_verilog -formal`): the same properties as immediate assert/assume/cover statements
 *   in a clocked process, for `hwgen prove`.
 */
import type { IRModule, IRProperty } from '../ir.js';

const HEAD = { assert: 'ASSERTION FAILED', assume: 'ASSUMPTION FAILED', cover: 'COVER HIT' } as const;

/** A Verilog string literal's body for `$display` (no format directives besides the ones we add). */
function quote(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
}

/**
 * The lines of a module's property blocks (none when it has no properties).
 * @param ref the expression of a 1-bit node as an operand
 * @param fresh a new name in the module's namespace
 */
export function propertyLines(m: IRModule, ref: (id: number) => string, fresh: (base: string) => string): string[] {
  const props = m.props ?? [];
  if (!props.length) return [];
  const guard = (p: IRProperty): string[] => [
    ...(p.resetAware && m.reset ? ['!rst'] : []),
    ...(p.en !== undefined ? [`(${ref(p.en)})`] : []),
  ];
  const cycle = fresh('_hwgen_cycle');
  // With asynchronous reset, `rst` is read only in processes sensitive to its edge (Verilator: SYNCASYNCNET); a
  // posedge-rst event finds rst high, so such a process checks nothing then.
  const asyncRst = m.reset && m.nodes.some((n) => n.op === 'reg' && n.reset === 'async');
  const sim: string[] = ['`else', '`ifndef SYNTHESIS', `  integer ${cycle} = 0;`, '  always @(posedge clk) begin', `    ${cycle} <= ${cycle} + 1;`];
  const late: string[] = [];
  const formal: string[] = ['`ifdef FORMAL', '  always @(posedge clk) begin'];
  for (const p of props) {
    const g = guard(p);
    const c = `(${ref(p.cond)})`;
    const text = quote(`${HEAD[p.kind]}: ${p.message} at ${p.loc ?? '?'}`);
    const show = `$display("${text} (cycle %0d)", ${cycle});`;
    const hit = p.kind === 'cover' ? c : `!${c}`;
    const cond = [...g, hit].join(' && ');
    (asyncRst && p.resetAware ? late : sim).push(p.kind === 'cover' ? `    if (${cond}) ${show}` : `    if (${cond}) begin ${show} $finish; end`);
    const stmt = `${p.kind}${c};`;
    formal.push(g.length ? `    if (${g.join(' && ')}) ${stmt}` : `    ${stmt}`);
  }
  sim.push('  end');
  if (late.length) sim.push('  always @(posedge clk or posedge rst) begin', ...late, '  end');
  sim.push('`endif', '`endif');
  formal.push('  end');
  return [...formal, ...sim];
}
