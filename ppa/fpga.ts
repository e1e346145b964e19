/**
 * FPGA: Yosys `synth_ice40` and `nextpnr-ice40` for a Lattice iCE40 UP5K or HX8K. A design's ports are far more than a
 * package's pins, so the design is wrapped (out-of-context style): every input bit comes from a shift register fed by
 * one pin, every output bit is XOR-reduced into one registered pin; the wrapper's cost is reported with the result.
 * A design that exceeds the device (LUTs, block RAMs, DSPs) gets a message naming the limit instead of a run.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../sim/exec.ts';
import { ppaTool } from './tools.ts';

export type Ice40Device = 'up5k' | 'hx8k';

/** Device capacities (Lattice iCE40 UltraPlus and LP/HX family data sheets). */
export const ICE40: Record<Ice40Device, { name: string; luts: number; brams: number; dsps: number; package: string }> = {
  up5k: { name: 'iCE40 UP5K', luts: 5280, brams: 30, dsps: 8, package: 'sg48' },
  hx8k: { name: 'iCE40 HX8K', luts: 7680, brams: 32, dsps: 0, package: 'ct256' },
};

export interface PortSpec {
  name: string;
  dir: 'input' | 'output';
  width: number;
}

export interface FpgaReport {
  device: Ice40Device;
  fits: boolean;
  /** why it does not fit (the device limit named), when it does not */
  message?: string;
  luts: number;
  flops: number;
  brams: number;
  dsps: number;
  carries: number;
  /** multipliers mapped to DSPs (false when they did not fit the DSPs and went to LUTs) */
  usedDsp: boolean;
  /** nextpnr's achieved clock frequency on `clk`, MHz */
  fmaxMHz?: number;
  /** flip-flops the I/O wrapper adds (one per input bit, one output register) */
  wrapperFlops: number;
  ms: number;
}

/** The I/O wrapper: `ppa_fpga_wrap(clk, rst, si, so)` around `top`. */
export function ioWrapper(top: string, ports: readonly PortSpec[]): string {
  const ins = ports.filter((p) => p.dir === 'input' && p.name !== 'clk' && p.name !== 'rst');
  const outs = ports.filter((p) => p.dir === 'output');
  const nIn = ins.reduce((s, p) => s + p.width, 0);
  const lines = [
    '// I/O wrapper for FPGA place-and-route: inputs from a shift register, outputs XOR-reduced to one pin',
    'module ppa_fpga_wrap(input wire clk, input wire rst, input wire si, output reg so);',
    `  reg [${Math.max(nIn, 1) - 1}:0] sh;`,
    `  always @(posedge clk) sh <= {sh[${Math.max(nIn, 1) - 1}:0], si};`.replace(`{sh[${Math.max(nIn, 1) - 1}:0], si}`, nIn > 1 ? `{sh[${nIn - 2}:0], si}` : 'si'),
  ];
  for (const p of outs) lines.push(`  wire [${p.width - 1}:0] o_${p.name};`);
  let at = 0;
  const conns = [
    ...(ports.some((p) => p.name === 'clk') ? ['.clk(clk)'] : []),
    ...(ports.some((p) => p.name === 'rst') ? ['.rst(rst)'] : []),
    ...ins.map((p) => {
      const c = `.${p.name}(sh[${at + p.width - 1}:${at}])`;
      at += p.width;
      return c;
    }),
    ...outs.map((p) => `.${p.name}(o_${p.name})`),
  ];
  lines.push(`  ${top} dut (${conns.join(', ')});`);
  lines.push(`  always @(posedge clk) so <= ${outs.length ? outs.map((p) => `^o_${p.name}`).join(' ^ ') : "1'b0"};`);
  lines.push('endmodule');
  return `${lines.join('\n')}\n`;
}

interface Stat {
  luts: number;
  flops: number;
  brams: number;
  dsps: number;
  carries: number;
}

function count(cells: Record<string, number>): Stat {
  let flops = 0;
  for (const [t, n] of Object.entries(cells)) if (/^SB_DFF/.test(t)) flops += n;
  return { luts: cells.SB_LUT4 ?? 0, flops, brams: cells.SB_RAM40_4K ?? 0, dsps: cells.SB_MAC16 ?? 0, carries: cells.SB_CARRY ?? 0 };
}

export interface FpgaOptions {
  device: Ice40Device;
  workDir: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** nextpnr seed (default 1) */
  seed?: number;
}

async function synth(files: readonly string[], wrap: string, dir: string, dsp: boolean, opts: FpgaOptions): Promise<{ stat: Stat; json: string }> {
  const json = path.join(dir, dsp ? 'ice40_dsp.json' : 'ice40.json');
  const statJson = path.join(dir, dsp ? 'ice40_dsp_stat.json' : 'ice40_stat.json');
  const script = [...files.map((f) => `read_verilog ${path.resolve(f)}`), `read_verilog ${wrap}`, `synth_ice40 -top ppa_fpga_wrap${dsp ? ' -dsp' : ''} -json ${json}`, `tee -q -o ${statJson} stat -json`];
  const ys = path.join(dir, dsp ? 'ice40_dsp.ys' : 'ice40.ys');
  await writeFile(ys, `${script.join('\n')}\n`);
  await runTool('yosys', ['-q', '-l', `${ys}.log`, '-s', ys], { cwd: dir, env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 60 * 60 * 1000 });
  const stat = JSON.parse(await readFile(statJson, 'utf8')) as { design?: { num_cells_by_type?: Record<string, number> } };
  return { stat: count(stat.design?.num_cells_by_type ?? {}), json };
}

/** Synthesize, check the device limits, place and route. */
export async function fpgaFlow(files: readonly string[], top: string, ports: readonly PortSpec[], opts: FpgaOptions): Promise<FpgaReport> {
  const dev = ICE40[opts.device];
  const dir = path.resolve(opts.workDir);
  await mkdir(dir, { recursive: true });
  const t0 = performance.now();
  const wrap = path.join(dir, 'ppa_fpga_wrap.v');
  await writeFile(wrap, ioWrapper(top, ports));
  const wrapperFlops = ports.filter((p) => p.dir === 'input' && p.name !== 'clk' && p.name !== 'rst').reduce((s, p) => s + p.width, 0) + 1;
  let usedDsp = dev.dsps > 0;
  let r = await synth(files, wrap, dir, usedDsp, opts);
  let dspNeed = '';
  if (usedDsp && r.stat.dsps > dev.dsps) {
    dspNeed = `${r.stat.dsps} DSPs (SB_MAC16) with the multipliers in DSPs, the ${dev.name} has ${dev.dsps}; with them in LUTs instead, `;
    usedDsp = false; // multipliers beyond the DSPs: map them to LUTs instead
    r = await synth(files, wrap, dir, false, opts);
  }
  const s = r.stat;
  const over: string[] = [];
  if (s.luts > dev.luts) over.push(`${s.luts} LUT4s, the ${dev.name} has ${dev.luts}`);
  if (Math.max(s.flops, 0) > dev.luts) over.push(`${s.flops} flip-flops, the ${dev.name} has ${dev.luts} (one per logic cell)`);
  if (s.brams > dev.brams) over.push(`${s.brams} block RAMs (SB_RAM40_4K, 4 kbit), the ${dev.name} has ${dev.brams}`);
  if (s.dsps > dev.dsps) over.push(`${s.dsps} DSPs (SB_MAC16), the ${dev.name} has ${dev.dsps}`);
  const base = { device: opts.device, ...s, usedDsp, wrapperFlops };
  if (over.length) return { ...base, fits: false, message: `does not fit the ${dev.name}: needs ${dspNeed}${over.join('; ')}`, ms: performance.now() - t0 };
  const log = path.join(dir, 'nextpnr.log');
  try {
    await runTool(
      ppaTool('nextpnr-ice40', opts.env),
      [`--${opts.device}`, '--package', dev.package, '--json', r.json, '--asc', path.join(dir, 'design.asc'), '--freq', '12', '--seed', String(opts.seed ?? 1), '--log', log, '-q'],
      { cwd: dir, env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 60 * 60 * 1000 },
    );
  } catch (e) {
    const text = await readFile(log, 'utf8').catch(() => (e as Error).message);
    const why = text.split('\n').filter((l) => /ERROR|Unable to place|not enough/i.test(l)).slice(0, 3).join('; ');
    return { ...base, fits: false, message: `nextpnr-ice40 could not place and route it on the ${dev.name}: ${why || (e as Error).message.split('\n')[0]}`, ms: performance.now() - t0 };
  }
  const text = await readFile(log, 'utf8');
  const fm = [...text.matchAll(/Max frequency for clock\s+'[^']*clk[^']*':\s*([0-9.]+) MHz/g)].pop();
  return { ...base, fits: true, ...(fm ? { fmaxMHz: Number(fm[1]) } : {}), ms: performance.now() - t0 };
}
