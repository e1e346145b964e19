/**
 * Static timing with OpenSTA on the mapped netlist: one clock on `clk`, inputs arriving and outputs required at the
 * clock edge (delay 0: the host interface is registered outside), ideal clock, no wire load (the netlist is not placed).
 * Memory macros are timed by the Liberty stand-in of macros.ts. Inputs named static (the configuration ports, which
 * the host holds while the design runs) start no timed path. Reports the worst path, its start and end points,
 * and the clock frequency it allows.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../sim/exec.ts';
import { ppaTool } from './tools.ts';

export interface TimingReport {
  /** the clock period constrained, ns */
  periodNs: number;
  /** worst slack, ns (negative: the constraint is violated) */
  slackNs: number;
  /** the critical path's delay including the endpoint's setup: period − slack, ns */
  criticalNs: number;
  /** 1000 / criticalNs */
  fmaxMHz: number;
  startpoint: string;
  endpoint: string;
  /** logic stages on the path (cell outputs) */
  stages: number;
  /** the path as OpenSTA prints it */
  report: string;
}

export interface StaOptions {
  liberty: string;
  macroLib: string;
  periodNs?: number;
  clock?: string;
  workDir: string;
  /** input ports held constant while the design runs (configuration): paths from them are false paths */
  staticInputs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Parse OpenSTA's `report_checks` text (the first path). */
export function parseReportChecks(text: string, periodNs: number): Omit<TimingReport, 'report'> {
  const start = /^Startpoint: (.+)$/m.exec(text);
  const end = /^Endpoint: (.+)$/m.exec(text);
  const slack = /^\s*(-?[0-9.]+)\s+slack \((?:MET|VIOLATED)\)/m.exec(text);
  if (!start || !end || !slack) throw new Error(`OpenSTA found no constrained path (is there a register clocked by the clock?):\n${text.slice(0, 2000)}`);
  const arrival = text.slice(0, text.indexOf('data arrival time'));
  const stages = [...arrival.matchAll(/^\s*[0-9.]+\s+[0-9.]+ [v^] \S+\/\S+ \((?!hwgen_sram)[A-Za-z0-9_]+\)$/gm)].length;
  const slackNs = Number(slack[1]);
  const criticalNs = periodNs - slackNs;
  return { periodNs, slackNs, criticalNs, fmaxMHz: 1000 / criticalNs, startpoint: start[1]!.trim(), endpoint: end[1]!.trim(), stages };
}

/**
 * A flip-flop's instance name (`_1353_`) says nothing after mapping: name it by the register bit on its Q pin
 * (`pe_0_0/acc[12] (flip-flop)`), a macro by its memory name. Ports are already named. Hierarchical instance paths
 * (`pe_0_0/_1763_`) are followed through the netlist's modules from `top`.
 */
export function namePoint(netlist: string, top: string, point: string): string {
  const m = /^(\S+) \((rising|falling) edge-triggered flip-flop/.exec(point);
  if (!m) return point.replace(/ clocked by \S+\)$/, ')');
  const modules = new Map<string, string>();
  for (const x of netlist.matchAll(/^module\s+\\?(\S+?)\s*\(([^]*?)^endmodule/gm)) modules.set(x[1]!, x[2]!);
  const inst = (body: string, name: string) => {
    const q = name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    return new RegExp(`^\\s+\\\\?(\\S+)\\s+\\\\?${q}\\s*\\(([^;]*?)\\);`, 'm').exec(body);
  };
  const parts = m[1]!.split('/');
  let body = modules.get(top);
  for (const p of parts.slice(0, -1)) {
    const c = body === undefined ? null : inst(body, p);
    body = c ? modules.get(c[1]!) : undefined;
  }
  const cell = body === undefined ? null : inst(body, parts[parts.length - 1]!);
  if (!cell) return point;
  const prefix = parts.slice(0, -1).map((p) => `${p}/`).join('');
  if (cell[1]!.startsWith('hwgen_sram_')) return `${m[1]} (memory macro ${cell[1]})`;
  const q = /\.Q\(\s*([^)]*?)\s*\)/.exec(cell[2]!);
  return q ? `${prefix}${q[1]!.replace(/^\\/, '').trim()} (flip-flop)` : point;
}

/** Run OpenSTA on a mapped netlist. @throws PpaToolMissingError without `sta` (Debian opensta). */
export async function staticTiming(netlist: string, top: string, opts: StaOptions): Promise<TimingReport> {
  const periodNs = opts.periodNs ?? 10;
  const clock = opts.clock ?? 'clk';
  const script = [
    `read_liberty ${path.resolve(opts.liberty)}`,
    `read_liberty ${path.resolve(opts.macroLib)}`,
    `read_verilog ${path.resolve(netlist)}`,
    `link_design ${top}`,
    `create_clock -name ${clock} -period ${periodNs} [get_ports ${clock}]`,
    `set_input_delay 0 -clock ${clock} [delete_from_list [all_inputs] [get_ports ${clock}]]`,
    `set_output_delay 0 -clock ${clock} [all_outputs]`,
    ...(opts.staticInputs?.length ? [`set_false_path -from [get_ports {${opts.staticInputs.map((p) => `${p}*`).join(' ')}}]`] : []),
    'report_checks -path_delay max -digits 3',
    'exit',
  ];
  const tcl = path.join(opts.workDir, 'sta.tcl');
  await writeFile(tcl, `${script.join('\n')}\n`);
  const r = await runTool(ppaTool('sta', opts.env), ['-no_splash', '-exit', tcl], { cwd: opts.workDir, env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 30 * 60 * 1000 });
  const text = r.stdout;
  const errors = text.split('\n').filter((l) => /^Error/.test(l));
  if (errors.length) throw new Error(`OpenSTA could not read the netlist of ${top}:\n${errors.join('\n')}`);
  await writeFile(path.join(opts.workDir, 'sta.txt'), text);
  const body = text.slice(text.indexOf('Startpoint:'));
  const p = parseReportChecks(text, periodNs);
  const net = await readFile(netlist, 'utf8');
  return { ...p, startpoint: namePoint(net, top, p.startpoint), endpoint: namePoint(net, top, p.endpoint), report: body.slice(0, body.indexOf('slack') + 40).trimEnd() };
}
