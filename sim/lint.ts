/**
 * Yosys structural checks: latch inference, undriven nets and other `check` problems,
 * and post-synthesis cell counts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from './exec.ts';

/** What Yosys found in a design. */
export interface YosysReport {
  /** Cell counts after `synth -flatten`, by cell type (e.g. `$_DFF_P_`, `$_AND_`). */
  cells: Record<string, number>;
  /** Total number of cells after synthesis. */
  totalCells: number;
  /** Signals for which `proc` inferred a latch, as `module.signal`. */
  latches: string[];
  /** Problems reported by `check` on the RTL netlist (undriven nets, multiple drivers, loops). */
  problems: string[];
  /** Every distinct warning line of the whole run (problems included). */
  warnings: string[];
}

/** Options of a Yosys run. */
export interface YosysOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Map memories to flip-flops (`synth` as is). Default false: memories stay `$mem_v2` cells, as SRAM macros would
   * in an ASIC flow, and synthesis of designs with large SRAMs stays fast.
   */
  mapMemories?: boolean;
  /** Timeout (default 5 minutes). */
  timeoutMs?: number;
}

/** The design has latches or `check` problems; `report` holds the details. */
export class DesignCheckError extends Error {
  readonly report: YosysReport;
  constructor(top: string, report: YosysReport) {
    const lines = [
      ...report.latches.map((l) => `latch inferred for ${l}`),
      ...report.problems,
    ];
    super(`yosys check of ${top} failed:\n${lines.map((l) => `  | ${l}`).join('\n')}`);
    this.name = 'DesignCheckError';
    this.report = report;
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function unescape(name: string): string {
  return name.replace(/^\\/, '').replace(/\.\\/g, '.');
}

/**
 * Runs Yosys on a design: `hierarchy -check`, `proc` (latch inference is logged),
 * `check` on the RTL netlist, then `synth -flatten` and `stat`. Does not judge the result.
 * @throws ToolMissingError when yosys is absent; SimulatorError quoting Yosys when it fails (syntax error, missing module, ...).
 */
export async function yosysStat(files: readonly string[], top: string, opts: YosysOptions = {}): Promise<YosysReport> {
  if (!IDENT.test(top)) throw new Error(`yosys: bad top module name '${top}'`);
  for (const f of files) if (/[\s"]/.test(f)) throw new Error(`yosys: file path with whitespace or quotes is not supported: '${f}'`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hwgen-yosys-'));
  try {
    const log = path.join(dir, 'yosys.log');
    const checkLog = path.join(dir, 'check.log');
    const statJson = path.join(dir, 'stat.json');
    const script = [
      ...files.map((f) => `read_verilog ${path.resolve(f)}`),
      `hierarchy -check -top ${top}`,
      'proc',
      `tee -q -o ${checkLog} check`,
      ...(opts.mapMemories
        ? [`synth -flatten -top ${top}`]
        : // memories stay $mem cells (SRAM macros): synth up to the fine stage, then map everything else to gates
          [`synth -flatten -top ${top} -run begin:fine`, 'opt -fast -full', 'techmap', 'opt -fast', 'abc -fast', 'opt -fast']),
      `tee -q -o ${statJson} stat -json`,
    ].join('\n');
    const ys = path.join(dir, 'check.ys');
    await writeFile(ys, `${script}\n`);
    await runTool('yosys', ['-q', '-l', log, '-s', ys], { cwd: dir, env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 5 * 60 * 1000 });
    const logText = await readFile(log, 'utf8');
    const latches = [...logText.matchAll(/^Latch inferred for signal `([^']+)'/gm)].map((m) => unescape(m[1]!));
    const problems = (await readFile(checkLog, 'utf8')).split('\n').filter((l) => l.startsWith('Warning:')).map((l) => l.slice(8).trim());
    const warnings = [...new Set(logText.split('\n').filter((l) => l.startsWith('Warning:')).map((l) => l.slice(8).trim()))];
    const stat = JSON.parse(await readFile(statJson, 'utf8')) as { design?: { num_cells?: number; num_cells_by_type?: Record<string, number> } };
    return {
      cells: { ...(stat.design?.num_cells_by_type ?? {}) },
      totalCells: stat.design?.num_cells ?? 0,
      latches: [...new Set(latches)],
      problems,
      warnings,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Like {@link yosysStat}, but fails on any inferred latch or `check` problem (no waivers).
 * @returns the report of a clean design.
 * @throws DesignCheckError listing the latches and problems; SimulatorError when Yosys itself fails.
 */
export async function yosysCheck(files: readonly string[], top: string, opts: YosysOptions = {}): Promise<YosysReport> {
  const report = await yosysStat(files, top, opts);
  if (report.latches.length > 0 || report.problems.length > 0) throw new DesignCheckError(top, report);
  return report;
}

