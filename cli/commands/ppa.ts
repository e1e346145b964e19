/**
 * `hwgen ppa <config>`: power, performance and area of a configuration's design. Prints one table per design (cells,
 * logic area, memory bits, critical path, Fmax on the ASIC library and on the FPGA, energy per workload layer, TOPS/W)
 * and writes the whole result as JSON to `<out>/<design>/ppa.json`.
 */
import path from 'node:path';
import { formatTable } from '../table.js';
import type { PpaResult } from '../../ppa/run.ts';
import { ICE40 } from '../../ppa/fpga.ts';
import { SRAM_TIMING } from '../../ppa/macros.ts';

const fmt = (v: number, d = 1) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const mm2 = (um2: number) => `${(um2 / 1e6).toFixed(3)} mm²`;

/** The summary table of one design. */
export function formatPpaSummary(r: PpaResult): string {
  const a = r.asic;
  const t = r.timing;
  const rows: Array<[string, string]> = [
    ['standard cells', `${a.cells.toLocaleString('en-US')} (${a.flops.toLocaleString('en-US')} flip-flops)`],
    ['logic area', `${mm2(a.logicArea)} (${Math.round(a.logicArea).toLocaleString('en-US')} µm², ${a.library}, Yosys stat -liberty)`],
    ['memories (macros)', `${a.memoryBits.toLocaleString('en-US')} bits in ${a.memories.length} macros; ${mm2(a.memoryAreaEstimate)} from ${a.memoryAreaLabel}`],
    ['critical path', `${t.criticalNs.toFixed(2)} ns, ${t.stages} cell stages: ${t.startpoint} → ${t.endpoint}`],
    ['Fmax (ASIC)', `${fmt(t.fmaxMHz)} MHz (OpenSTA, typical corner, ideal clock, no wire load, cfg_* and rst not timed; ${SRAM_TIMING.label})`],
  ];
  if (r.fpga) {
    const f = r.fpga;
    const dev = ICE40[f.device];
    const use = `${f.luts} LUT4, ${f.flops} FF (${f.wrapperFlops} of them the I/O wrapper), ${f.brams}/${dev.brams} BRAM, ${f.dsps}/${dev.dsps} DSP${f.usedDsp ? '' : dev.dsps ? ' (multipliers in LUTs: the DSPs did not suffice)' : ''}`;
    rows.push([`FPGA (${dev.name})`, f.fits ? `${use}; Fmax ${f.fmaxMHz !== undefined ? `${fmt(f.fmaxMHz)} MHz (nextpnr-ice40)` : 'not reported'}` : `${f.message} (${use})`]);
  }
  const head = `== ${r.design} (${r.family}, top ${r.top})`;
  return [head, formatTable(['metric', 'value'], rows)].join('\n');
}

/** Area per module. */
export function formatModuleAreas(r: PpaResult): string {
  const rows = [...r.asic.modules]
    .sort((x, y) => y.area * y.instances - x.area * x.instances)
    .map((m) => [m.name, m.instances, m.cells.toLocaleString('en-US'), Math.round(m.ownArea).toLocaleString('en-US'), Math.round(m.area).toLocaleString('en-US'), `${((100 * m.area * m.instances) / r.asic.logicArea).toFixed(1)}%`]);
  return formatTable(['module', 'instances', 'cells (each, with submodules)', 'own area µm²', 'area µm² (each)', 'share of logic'], rows);
}

/** Energy per workload layer. */
export function formatEnergy(r: PpaResult): string {
  if (r.energyNote) return `energy: ${r.energyNote}`;
  if (r.layers.length === 0) return '';
  const nodes = [...new Set(r.layers.flatMap((l) => l.energy.nodes))].join(' + ');
  const rows = r.layers.map((l) => [l.layer, l.macs.toLocaleString('en-US'), l.cycles.toLocaleString('en-US'), fmt(l.energy.total / 1e6, 3), fmt(l.pjPerMac, 3), fmt(l.topsPerWatt, 2), fmt(l.timeUs, 1)]);
  const lines = [`energy per layer (${r.energyTable}; figures at ${nodes}, not scaled to the mapping library's node):`, formatTable(['layer', 'MACs', 'cycles', 'energy µJ', 'pJ/MAC', 'TOPS/W', `µs at ${fmt(r.timing.fmaxMHz)} MHz`], rows)];
  // what the energy goes to, summed over the layers
  const by = new Map<string, { pj: number; per: number; node: string; source: string }>();
  for (const l of r.layers)
    for (const x of l.energy.lines) {
      const k = `${x.component}.${x.action}${x.note ? ` (${x.note})` : ''}`;
      const p = by.get(k) ?? { pj: 0, per: x.perAction, node: x.node, source: x.source };
      p.pj += x.energy;
      by.set(k, p);
    }
  const total = r.layers.reduce((s, l) => s + l.energy.total, 0);
  const brk = [...by].filter(([, v]) => v.pj > 0).sort((a, b) => b[1].pj - a[1].pj).map(([k, v]) => [k, fmt(v.per, 4), v.node, fmt(v.pj / 1e6, 3), `${((100 * v.pj) / total).toFixed(1)}%`]);
  lines.push('', 'where it goes (all layers):', formatTable(['component.action (what)', 'pJ each', 'node', 'µJ', 'share'], brk));
  lines.push('TOPS/W counts 2 ops per useful MAC; dynamic energy only (no leakage, clock tree or wires), so it does not depend on the clock.');
  return lines.join('\n');
}

export function formatPpa(r: PpaResult): string {
  return [formatPpaSummary(r), '', formatModuleAreas(r), '', formatEnergy(r), '', `JSON: ${path.relative(process.cwd(), path.join(r.outDir, 'ppa.json'))}`].join('\n');
}
