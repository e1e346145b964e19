/**
 * `hwgen ppa`: a configuration's design through the ASIC flow (area, timing), optionally the FPGA flow, and the energy
 * model over its workload layers. Synthesis and timing results are kept in `<out>/<design>/` and reused while the
 * Verilog and the flow options are unchanged (the LINAC core's mapping takes minutes).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../dsl/index.js';
import type { LoadedConfig } from '../generators/registry.js';
import { asicArea, type AsicReport } from './asic.ts';
import { staticTiming, type TimingReport } from './sta.ts';
import { fpgaFlow, type FpgaReport, type Ice40Device, type PortSpec } from './fpga.ts';
import { layerActions, ACTION_FAMILIES } from './actions/index.ts';
import { energyOf, topsPerWatt, type EnergyBreakdown } from './energy/model.ts';
import { readEnergyTable, type EnergyTable } from './energy/table.ts';
import { REFERENCE_TABLE } from './energy/reference.ts';
import { libertyPath } from './tools.ts';
import { manifestOf } from '../cli/commands/rtl.js';

export interface PpaOptions {
  /** output folder (default ppa-out): `<out>/<design>/` holds the RTL, netlist, logs and ppa.json */
  out?: string;
  fpga?: Ice40Device;
  /** energy table file (default: the reference table) */
  energy?: string;
  abc?: 'full' | 'fast';
  periodNs?: number;
  /** skip the energy model (no workload layers loaded) */
  noEnergy?: boolean;
  /** recompute even when a cached result matches */
  force?: boolean;
  log?: (line: string) => void;
}

export interface LayerEnergy {
  layer: string;
  macs: number;
  cycles: number;
  energy: EnergyBreakdown;
  /** pJ per useful MAC */
  pjPerMac: number;
  topsPerWatt: number;
  /** µs at the ASIC Fmax */
  timeUs: number;
}

export interface PpaResult {
  design: string;
  family: string;
  top: string;
  asic: Omit<AsicReport, 'netlist' | 'macroLib'>;
  timing: TimingReport;
  fpga?: FpgaReport;
  energyTable: string;
  layers: LayerEnergy[];
  /** why there is no energy (a family without an action-count emitter) */
  energyNote?: string;
  outDir: string;
}

function hashOf(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Write the design's Verilog into `dir/rtl/` (deterministic bytes), returning the files in filelist order and the top's ports. */
function writeRtl(loaded: LoadedConfig, dir: string): { files: string[]; top: string; ports: PortSpec[]; text: string } {
  const { def, params } = loaded.family.build(loaded.config);
  const compiled = compile(def, params);
  const rtl = path.join(dir, 'rtl');
  mkdirSync(rtl, { recursive: true });
  const files: string[] = [];
  let text = '';
  for (const [name, src] of compiled.verilog.files) {
    const f = path.join(rtl, name);
    writeFileSync(f, src);
    files.push(f);
    text += src;
  }
  const ports = manifestOf({ name: loaded.config.name, description: '', params }, compiled).ports.map((p) => ({ name: p.name, dir: p.dir, width: p.width }));
  return { files, top: compiled.verilog.top, ports, text };
}

/**
 * The configuration ports (`cfg_*`): the host drivers set them before `start` and hold them for the whole run, so a
 * path from them is not a single-cycle path and is not timed (OpenSTA false paths; an assumption the report states).
 * The synchronous reset likewise: it is held for several cycles, and the unbuffered netlist has no reset tree (its
 * fanout of every flip-flop would otherwise be the critical path).
 */
export function staticConfigPorts(ports: readonly PortSpec[]): string[] {
  return ports.filter((p) => p.dir === 'input' && (p.name.startsWith('cfg_') || p.name === 'rst')).map((p) => p.name);
}

export function loadTable(file: string | undefined): { table: EnergyTable; name: string } {
  return file ? { table: readEnergyTable(file), name: file } : { table: REFERENCE_TABLE, name: 'reference table (ppa/tables/reference.yaml)' };
}

/** Run the PPA flows on one loaded configuration. */
export async function runPpa(loaded: LoadedConfig, opts: PpaOptions = {}): Promise<PpaResult> {
  const log = opts.log ?? (() => {});
  const name: string = loaded.config.name;
  const dir = path.resolve(opts.out ?? 'ppa-out', name);
  mkdirSync(dir, { recursive: true });
  const { table, name: tableName } = loadTable(opts.energy);
  const rtl = writeRtl(loaded, dir);
  const liberty = libertyPath();
  const abc = opts.abc ?? 'full';
  const periodNs = opts.periodNs ?? 10;
  const key = hashOf([rtl.text, readFileSync(liberty, 'utf8'), abc, String(periodNs), 'asic-v3']);
  const cacheFile = path.join(dir, 'asic.json');
  const cached = !opts.force && existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; asic: AsicReport }) : undefined;
  let a: AsicReport;
  if (cached && cached.key === key && existsSync(cached.asic.netlist)) {
    log(`${name}: standard-cell mapping from ${path.relative(process.cwd(), cacheFile)} (same Verilog, library and options)`);
    a = cached.asic;
  } else {
    log(`${name}: mapping to ${path.basename(liberty)} (abc ${abc}) ...`);
    a = await asicArea(rtl.files, rtl.top, { workDir: path.join(dir, 'asic'), liberty, abc, periodNs });
    writeFileSync(cacheFile, `${JSON.stringify({ key, asic: a }, null, 1)}\n`);
  }
  log(`${name}: ${a.cells} cells, ${(a.logicArea / 1e6).toFixed(3)} mm² (mapping took ${(a.ms / 1000).toFixed(0)} s); OpenSTA ...`);
  const timing = await staticTiming(a.netlist, rtl.top, { liberty, macroLib: a.macroLib, periodNs, workDir: path.join(dir, 'asic'), staticInputs: staticConfigPorts(rtl.ports) });
  const { netlist: _n, macroLib: _m, ...asic } = a;
  let fpga: FpgaReport | undefined;
  if (opts.fpga) {
    log(`${name}: synth_ice40 + nextpnr-ice40 (${opts.fpga}) ...`);
    fpga = await fpgaFlow(rtl.files, rtl.top, rtl.ports, { device: opts.fpga, workDir: path.join(dir, `fpga-${opts.fpga}`) });
  }
  const layers: LayerEnergy[] = [];
  const noEmitter = !ACTION_FAMILIES.includes(loaded.family.name);
  if (!opts.noEnergy && !noEmitter)
    for (const w of loaded.family.workload(loaded.config)) {
      const l = w.load();
      const a = layerActions(loaded.family.name, loaded.config, l);
      const e = energyOf(a.counts, table, tableName);
      layers.push({ layer: w.name, macs: a.macs, cycles: a.cycles, energy: e, pjPerMac: e.total / a.macs, topsPerWatt: topsPerWatt(a.macs, e.total), timeUs: a.cycles / timing.fmaxMHz });
    }
  const result: PpaResult = {
    design: name,
    family: loaded.family.name,
    top: rtl.top,
    asic,
    timing,
    ...(fpga ? { fpga } : {}),
    energyTable: tableName,
    layers,
    ...(noEmitter ? { energyNote: `no action-count emitter for generator '${loaded.family.name}' yet (have: ${ACTION_FAMILIES.join(', ')}): add one in ppa/actions/` } : {}),
    outDir: dir,
  };
  writeFileSync(path.join(dir, 'ppa.json'), `${JSON.stringify(result, null, 1)}\n`);
  return result;
}
