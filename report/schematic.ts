/**
 * A schematic of one small design: its Verilog (compiled from the DSL) through Yosys `prep; write_json`, drawn as SVG
 * by netlistsvg with its default skin.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { compile, type ModuleDef, type PortSpec } from '../dsl/index.js';
import { findTool } from '../sim/tools.ts';
import { DensePe } from '../generators/dense/pe.js';

const require = createRequire(import.meta.url);

interface NetlistSvg {
  render(skin: string, netlist: unknown): Promise<string>;
}

export interface Schematic {
  /** the design's top module */
  top: string;
  /** what it is, in a sentence */
  title: string;
  /** the drawing: an SVG document */
  svg: string;
  /** cells in the Yosys netlist (after prep) */
  cells: number;
}

/** The Yosys JSON netlist (after `prep -top top`) of a compiled design. */
export async function yosysJson<P, S extends PortSpec>(def: ModuleDef<P, S>, params: P): Promise<{ top: string; netlist: unknown }> {
  const { verilog } = compile(def, params);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-schematic-'));
  try {
    const files: string[] = [];
    for (const [name, text] of verilog.files) {
      writeFileSync(path.join(dir, name), text);
      files.push(name);
    }
    // relative names, run in the folder: the cell names Yosys derives from source paths are the same on every run
    const script = `${files.map((f) => `read_verilog ${f}`).join('; ')}; prep -top ${verilog.top}; write_json netlist.json`;
    await execa(findTool('yosys'), ['-q', '-p', script], { cwd: dir });
    return { top: verilog.top, netlist: JSON.parse(readFileSync(path.join(dir, 'netlist.json'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Draw a compiled design's netlist as SVG (netlistsvg, default skin). */
export async function drawSchematic<P, S extends PortSpec>(def: ModuleDef<P, S>, params: P, title: string): Promise<Schematic> {
  const { top, netlist } = await yosysJson(def, params);
  const netlistsvg = require('netlistsvg') as NetlistSvg;
  const skin = readFileSync(require.resolve('netlistsvg/lib/default.svg'), 'utf8');
  const svg = await netlistsvg.render(skin, netlist);
  const mod = (netlist as { modules: Record<string, { cells: Record<string, unknown> }> }).modules[top];
  return { top, title, svg, cells: Object.keys(mod?.cells ?? {}).length };
}

/** The report's schematic: the dense baseline's MAC PE at 8-bit operands and a 24-bit accumulator. */
export function densePeSchematic(): Promise<Schematic> {
  return drawSchematic(DensePe, { actBits: 8, wBits: 8, accBits: 24 }, 'dense baseline MAC PE (dense_pe: 8-bit activation × 8-bit weight, 24-bit accumulator)');
}
