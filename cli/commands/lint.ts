/**
 * `hwgen lint`: Verilator `--lint-only -Wall` and Yosys `check` over every design folder of a directory. A design
 * folder holds Verilog files and either a `manifest.json` (top, filelist) or a `<folder>.f` filelist (top = folder
 * name); without a filelist every `.v` file is read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lintVerilator, type LintWarning } from '../../sim/verilator.ts';
import { yosysStat } from '../../sim/lint.ts';

/** Synthesis of the largest generated designs (the LINAC core: 192 SRAM banks) takes minutes on 2 busy cores. */
const YOSYS_TIMEOUT_MS = 30 * 60 * 1000;
import { parallel } from '../../sim/exec.ts';
import { ToolMissingError } from '../../sim/tools.ts';
import { formatTable } from '../table.js';

export interface DesignFolder {
  name: string;
  dir: string;
  top: string;
  files: string[];
  modules: number;
}

export interface LintResult extends DesignFolder {
  verilogLines: number;
  warnings: LintWarning[];
  cells: number | undefined;
  latches: string[];
  /** yosys `check` problems: undriven nets, multiple drivers, loops */
  problems: string[];
  /** a tool failed on the design (syntax error, missing module, ...) */
  error?: string;
  ok: boolean;
}

/** Read one design folder: its top and its Verilog files in filelist order. */
export function readDesignFolder(dir: string): DesignFolder {
  const name = path.basename(dir);
  let top = name;
  let filelist: string | undefined;
  let modules: number | undefined;
  const manifestPath = path.join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { top?: string; filelist?: string; modules?: unknown[] };
    if (typeof m.top === 'string') top = m.top;
    if (typeof m.filelist === 'string') filelist = path.join(dir, m.filelist);
    if (Array.isArray(m.modules)) modules = m.modules.length;
  }
  if (filelist === undefined) {
    const fs = readdirSync(dir).filter((f) => f.endsWith('.f')).sort();
    const own = fs.find((f) => f === `${name}.f`) ?? fs[0];
    if (own !== undefined) filelist = path.join(dir, own);
  }
  const files =
    filelist !== undefined
      ? readFileSync(filelist, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('//') && !l.startsWith('#')).map((f) => path.resolve(dir, f))
      : readdirSync(dir).filter((f) => f.endsWith('.v')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`${dir}: no Verilog files`);
  return { name, dir, top, files, modules: modules ?? files.length };
}

/** The design folders directly inside `dir` (those holding a manifest, a filelist or Verilog files), by name. */
export function findDesignFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such directory`);
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .map((f) => path.join(dir, f))
    .filter((d) => statSync(d).isDirectory() && readdirSync(d).some((f) => f === 'manifest.json' || f.endsWith('.f') || f.endsWith('.v')))
    .sort();
}

/** Lint one design with Verilator and Yosys (run side by side). A missing tool is thrown, any other tool failure recorded. */
export async function lintDesign(d: DesignFolder): Promise<LintResult> {
  const verilogLines = d.files.reduce((s, f) => s + readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length, 0);
  const [lint, ys] = await Promise.allSettled([lintVerilator(d.files, d.top), yosysStat(d.files, d.top, { timeoutMs: YOSYS_TIMEOUT_MS })]);
  for (const r of [lint, ys]) if (r.status === 'rejected' && r.reason instanceof ToolMissingError) throw r.reason;
  const errors = [lint, ys].filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason instanceof Error ? ((r as PromiseRejectedResult).reason as Error).message : (r as PromiseRejectedResult).reason));
  const warnings = lint.status === 'fulfilled' ? lint.value : [];
  const report = ys.status === 'fulfilled' ? ys.value : undefined;
  const latches = report?.latches ?? [];
  const problems = report?.problems ?? [];
  const res: LintResult = {
    ...d,
    verilogLines,
    warnings,
    cells: report?.totalCells,
    latches,
    problems,
    ok: errors.length === 0 && warnings.length === 0 && latches.length === 0 && problems.length === 0,
  };
  if (errors.length) res.error = errors.join('\n');
  return res;
}

/** Lint every design folder in `dir`, in parallel. */
export async function lintDir(dir: string): Promise<LintResult[]> {
  const folders = findDesignFolders(dir);
  if (folders.length === 0) throw new Error(`${dir}: no design folders (run \`hwgen rtl --out ${dir}\` first)`);
  return lintFolders(folders);
}

/** Lint the given design folders, in parallel. */
export async function lintFolders(folders: readonly string[]): Promise<LintResult[]> {
  const designs = folders.map(readDesignFolder);
  return parallel(designs.map((d) => () => lintDesign(d)));
}

export function statusOf(r: LintResult): string {
  if (r.error !== undefined) return 'ERROR';
  return r.ok ? 'ok' : 'FAIL';
}

export function formatLintTable(results: readonly LintResult[]): string {
  return formatTable(
    ['design', 'top', 'modules', 'verilog lines', 'lint warnings', 'yosys cells', 'latches', 'status'],
    results.map((r) => [r.name, r.top, r.modules, r.verilogLines, r.warnings.length, r.cells ?? '-', r.latches.length, statusOf(r)]),
  );
}

/** One line per problem, naming the design, the warning code and the place. */
export function formatLintProblems(results: readonly LintResult[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const w of r.warnings)
      out.push(`${r.name}: %Warning-${w.code}: ${w.file ? `${path.relative(cwd, w.file)}:${w.line}: ` : ''}${w.message}`);
    for (const l of r.latches) out.push(`${r.name}: latch inferred for ${l}`);
    for (const p of r.problems) out.push(`${r.name}: yosys check: ${p}`);
    if (r.error !== undefined) out.push(`${r.name}: ${r.error.split('\n').join(`\n${' '.repeat(r.name.length + 2)}`)}`);
  }
  return out;
}
