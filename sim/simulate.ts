/**
 * One entry point to simulate a compiled design in any of the three simulators with the harness protocol
 * (per cycle: apply inputs, settle, sample, rising edge). The Verilog goes to a content-addressed folder under the
 * build cache, so the same design is written and built once however often it is simulated.
 */
import { mkdirSync, writeFileSync, existsSync, renameSync, rmSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { verilogMemPath, type IRDesign, type VerilogOutput } from '../dsl/index.js';
import { runIcarus, runVerilator, type HarnessOptions } from './harness.js';
import { runTraceCovers } from './builtin/index.js';
import type { CoverCounts } from './assertions.js';
import { cacheRoot, hashParts } from './cache.js';
import type { PortSpec, Preload, SimName, Trace } from './types.js';

export { SIM_NAMES, type SimName } from './types.js';

/** Ports of the design's top as the harness sees them: clk and rst first when present. */
export function topPorts(design: IRDesign): PortSpec[] {
  const top = design.modules.find((m) => m.name === design.top)!;
  const ports: PortSpec[] = [];
  if (top.clock) ports.push({ name: 'clk', width: 1, signed: false, dir: 'input' });
  if (top.reset) ports.push({ name: 'rst', width: 1, signed: false, dir: 'input' });
  for (const p of top.ports) ports.push({ name: p.name, width: p.width, signed: p.signed, dir: p.dir });
  return ports;
}

/** Every cover of the design with a count of 0 (the simulators print only the covers that were hit). */
function designCovers(design: IRDesign): CoverCounts {
  const c: CoverCounts = {};
  for (const m of design.modules) for (const p of m.props ?? []) if (p.kind === 'cover') c[`${p.message} at ${p.loc ?? '?'}`] = 0;
  return c;
}

/** Write the Verilog once into `<cache>/rtl/<hash>/` and return the file paths (filelist order). */
export function materialize(verilog: VerilogOutput, env: NodeJS.ProcessEnv = process.env): string[] {
  const files = [...verilog.files];
  const key = hashParts(files.flatMap(([n, t]) => [n, t]));
  const dir = path.join(cacheRoot(env), 'rtl', key);
  if (!existsSync(dir)) {
    mkdirSync(path.dirname(dir), { recursive: true });
    const tmp = mkdtempSync(`${dir}.tmp-`);
    for (const [n, t] of files) writeFileSync(path.join(tmp, n), t);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
  }
  return files.map(([n]) => path.join(dir, n));
}

export interface SimRequest {
  /** the optimized design the Verilog was emitted from (the built-in simulator runs it) */
  design: IRDesign;
  verilog: VerilogOutput;
  cycles: Array<Record<string, bigint>>;
  sample: string[];
  /** memories to load, by their IR paths (translated for Icarus and Verilator through `verilog.names`) */
  preload?: Preload[];
  vcd?: string;
}

export interface SimOutcome {
  trace: Trace;
  /** hits of every cover of the design, keyed `<message> at <file:line>` (0 for covers never hit) */
  covers: CoverCounts;
  buildMs: number;
  runMs: number;
}

/** Simulate in one simulator. */
export async function simulate(sim: SimName, req: SimRequest, opts: HarnessOptions = {}): Promise<SimOutcome> {
  if (sim === 'builtin') {
    const t0 = performance.now();
    const { trace, covers } = runTraceCovers(req.design, req.cycles, req.sample, req.preload, req.vcd ? { vcd: req.vcd } : {});
    return { trace, covers, buildMs: 0, runMs: performance.now() - t0 };
  }
  // a memory the emitted text does not have (nothing observable reads it) is not loaded
  const preload = (req.preload ?? []).flatMap((p) => {
    const v = verilogMemPath(req.design, req.verilog.names, p.path);
    return v === undefined ? [] : [{ ...p, path: v }];
  });
  const stim = {
    top: req.design.top,
    files: materialize(req.verilog, opts.env),
    ports: topPorts(req.design),
    cycles: req.cycles,
    sample: req.sample,
    ...(preload.length ? { preload } : {}),
    ...(req.vcd ? { vcd: req.vcd } : {}),
  };
  const r = sim === 'icarus' ? await runIcarus(stim, opts) : await runVerilator(stim, opts);
  return { trace: r.trace, covers: { ...designCovers(req.design), ...r.covers }, buildMs: r.buildMs, runMs: r.runMs };
}
