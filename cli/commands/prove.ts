/**
 * `hwgen prove <config.json | example>`: compile the design, prove its assertions with Yosys (sim/formal.ts) and, on
 * a counterexample, write it as VCD and replay it in the built-in simulator, which must stop on an assertion.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../dsl/index.js';
import { materialize } from '../../sim/simulate.ts';
import { proveVerilog, replayCounterexample, type ProveResult } from '../../sim/formal.ts';
import type { AssertionFailure } from '../../sim/assertions.ts';
import { examples } from '../../examples/index.js';
import { loadConfig } from '../../generators/registry.js';
import type { AnyModuleDef } from '../../dsl/index.js';

export interface ProveReport {
  name: string;
  result: ProveResult;
  /** failed: where the counterexample VCD was written */
  vcd?: string;
  /** failed: the assertion the built-in simulator stopped on when replaying it */
  replay?: AssertionFailure;
}

function target(what: string): { name: string; def: AnyModuleDef; params: unknown } {
  if (what.endsWith('.json')) {
    const l = loadConfig(what);
    return { name: (l.config as { name: string }).name, ...l.family.build(l.config) };
  }
  const ex = examples.find((e) => e.name === what);
  if (!ex) throw new Error(`prove: '${what}' is neither a configuration file (.json) nor an example (${examples.map((e) => e.name).join(', ')})`);
  return ex;
}

/** Prove one design's assertions to `depth` steps; the counterexample (if any) goes to `<out>/<name>.cex.vcd`. */
export async function prove(what: string, opts: { depth: number; out: string }): Promise<ProveReport> {
  const t = target(what);
  const c = compile(t.def, t.params);
  if (!c.optimized.modules.some((m) => m.props?.some((p) => p.kind !== 'cover')))
    throw new Error(`prove: design '${t.name}' has no assertions; add m.assert(...) to its modules`);
  const files = materialize(c.verilog);
  const result = await proveVerilog(files, c.verilog.top, c.optimized.modules.some((m) => m.reset), { depth: opts.depth });
  const report: ProveReport = { name: t.name, result };
  if (result.status === 'failed') {
    mkdirSync(opts.out, { recursive: true });
    report.vcd = path.join(opts.out, `${t.name}.cex.vcd`);
    writeFileSync(report.vcd, result.vcdText!);
    const f = replayCounterexample(c.optimized, result.cycles!);
    if (f) report.replay = f;
  }
  return report;
}

export function formatProve(r: ProveReport): string {
  const x = r.result;
  const head = `${r.name}: ${x.asserts} assertion(s), ${x.assumes} assumption(s)`;
  if (x.status === 'proven') return `${head}: PROVEN by induction (length ${x.depth}) in ${(x.ms / 1000).toFixed(1)} s`;
  if (x.status === 'unknown') return `${head}: UNKNOWN: no counterexample within ${x.depth} steps, induction not reached (try a larger --depth)`;
  const lines = [`${head}: FAILED: counterexample of ${x.depth} cycles written to ${r.vcd}`];
  lines.push(r.replay ? `  replayed in the built-in simulator: ${r.replay.message}` : '  replayed in the built-in simulator: NO assertion fired (a disagreement between Yosys and the simulator)');
  return lines.join('\n');
}
