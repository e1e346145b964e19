/**
 * `hwgen demo`: generate every example and every configuration of configs/, lint them all, verify the default dense
 * configuration on its face-net layers in Icarus and Verilator, and print the tables. Composes library calls only.
 */
import type { Example } from '../../examples/index.js';
import type { SimName } from '../../sim/simulate.js';
import { familyByName, loadConfig } from '../../generators/registry.js';
import { generateRtl, type GeneratedDesign } from './rtl.js';
import { generateConfigs, findConfigs } from './generate.js';
import { lintFolders, formatLintTable, formatLintProblems, type LintResult } from './lint.js';
import { verifyConfig, formatVerifyReport, type VerifyReport } from './verify.js';
import { Progress, formatDuration } from '../progress.js';

export interface DemoOptions {
  out: string;
  designs: readonly Example[];
  /** folder of configurations to generate (default configs) */
  configs?: string;
  /** configuration to verify (default: the dense family's default); null: skip verification */
  verify?: string | null;
  sims?: readonly SimName[];
  log?: (line: string) => void;
}

export interface DemoResult {
  generated: GeneratedDesign[];
  lint: LintResult[];
  verify?: VerifyReport;
  ok: boolean;
}

export async function demo(opts: DemoOptions): Promise<DemoResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const tStart = performance.now();
  log(`== rtl: generating ${opts.designs.length} example designs into ${opts.out}`);
  let t = performance.now();
  const generated = generateRtl(opts.designs, opts.out);
  for (const g of generated) log(`  ${g.name}: ${g.manifest.modules.length} module(s), top ${g.top}`);
  log(`  (${Math.round(performance.now() - t)} ms)`);

  const configFiles = findConfigs(opts.configs ?? 'configs');
  log(`== generate: ${configFiles.length} configuration(s) from ${opts.configs ?? 'configs'}`);
  t = performance.now();
  const loaded = configFiles.map(loadConfig);
  for (const c of loaded)
    if (generated.some((g) => g.name === c.config.name)) throw new Error(`${c.file}: design name '${c.config.name}' is also an example design`);
  const fromConfigs = generateConfigs(loaded, opts.out);
  for (const g of fromConfigs) log(`  ${g.name}: ${g.manifest.modules.length} module(s), top ${g.top}, ${g.manifest.memories.length} memories`);
  log(`  (${Math.round(performance.now() - t)} ms)`);

  const all = [...generated, ...fromConfigs];
  // lint and verification side by side: both mostly wait on tool processes; their output is printed in order
  log('== lint: verilator --lint-only -Wall, yosys check');
  t = performance.now();
  const lintRun = lintFolders(all.map((g) => g.dir));
  const target = opts.verify === undefined ? familyByName('dense')!.defaultConfig : opts.verify;
  const sims = opts.sims ?? ['icarus', 'verilator'];
  const notes: string[] = [];
  const verifyRun =
    target === null
      ? Promise.resolve(undefined)
      : Promise.resolve().then(() => verifyConfig(loadConfig(target), { sims, progress: new Progress(0, process.stderr, false), log: (l) => notes.push(l) }));
  verifyRun.catch(() => {}); // awaited below; keeps a failure while lint runs from being reported as unhandled
  const mine = await lintRun;
  log(formatLintTable(mine));
  for (const p of formatLintProblems(mine)) log(p);
  log(`  (${formatDuration(performance.now() - t)})`);
  const lintOk = mine.every((r) => r.ok);

  let verify: VerifyReport | undefined;
  if (target !== null) {
    log(`== verify: ${target} in ${sims.join(' and ')} against the golden model and the cycle model (run beside the lint)`);
    verify = await verifyRun;
    for (const n of notes) log(n);
    log(formatVerifyReport(verify!));
    log(`  (${formatDuration(verify!.ms)})`);
  }

  const ok = lintOk && (verify?.ok ?? true);
  const cells = mine.reduce((s, r) => s + (r.cells ?? 0), 0);
  const lines = mine.reduce((s, r) => s + r.verilogLines, 0);
  log('== summary');
  log(
    `  ${mine.length} designs, ${all.reduce((s, g) => s + g.manifest.modules.length, 0)} modules, ${lines} Verilog lines, ` +
      `${cells} yosys cells: ${lintOk ? 'all lint-clean, no latches, no undriven nets' : `${mine.filter((r) => !r.ok).length} design(s) FAILED lint`}`,
  );
  if (verify) log(`  verify ${verify.design}: ${verify.ok ? `${verify.rows.length} run(s) PASS` : `${verify.rows.filter((r) => !r.verdict.pass).length} run(s) FAILED`}`);
  log(`  total ${formatDuration(performance.now() - tStart)}`);
  return { generated: all, lint: mine, ...(verify ? { verify } : {}), ok };
}
