/** `hwgen demo`: generate every example, lint them all, and print a summary. Composes library calls only. */
import type { Example } from '../../examples/index.js';
import { generateRtl, type GeneratedDesign } from './rtl.js';
import { lintFolders, formatLintTable, formatLintProblems, type LintResult } from './lint.js';

export interface DemoOptions {
  out: string;
  designs: readonly Example[];
  log?: (line: string) => void;
}

export interface DemoResult {
  generated: GeneratedDesign[];
  lint: LintResult[];
  ok: boolean;
}

export async function demo(opts: DemoOptions): Promise<DemoResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  log(`== rtl: generating ${opts.designs.length} designs into ${opts.out}`);
  const t0 = performance.now();
  const generated = generateRtl(opts.designs, opts.out);
  for (const g of generated) log(`  ${g.name}: ${g.manifest.modules.length} module(s), top ${g.top}`);
  log(`  (${Math.round(performance.now() - t0)} ms)`);
  log('== lint: verilator --lint-only -Wall, yosys check');
  const t1 = performance.now();
  const mine = await lintFolders(generated.map((g) => g.dir));
  log(formatLintTable(mine));
  const problems = formatLintProblems(mine);
  for (const p of problems) log(p);
  log(`  (${Math.round(performance.now() - t1)} ms)`);
  const ok = mine.every((r) => r.ok);
  const cells = mine.reduce((s, r) => s + (r.cells ?? 0), 0);
  const lines = mine.reduce((s, r) => s + r.verilogLines, 0);
  log('== summary');
  log(
    `  ${mine.length} designs, ${generated.reduce((s, g) => s + g.manifest.modules.length, 0)} modules, ${lines} Verilog lines, ` +
      `${cells} yosys cells: ${ok ? 'all lint-clean, no latches, no undriven nets' : `${mine.filter((r) => !r.ok).length} design(s) FAILED`}`,
  );
  return { generated, lint: mine, ok };
}
