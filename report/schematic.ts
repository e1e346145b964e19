/**
 * A schematic of one module: its Verilog (compiled from the DSL) through Yosys `prep; write_json`, drawn as SVG by
 * netlistsvg with its default skin.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { findTool } from '../sim/tools.ts';
import { cachedBuild, hashParts } from '../sim/cache.ts';

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

/** The Yosys JSON netlist (after `prep -top top`) of a design's Verilog files (name → text). */
export async function yosysNetlist(verilogFiles: ReadonlyMap<string, string>, top: string): Promise<unknown> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-schematic-'));
  try {
    const files: string[] = [];
    for (const [name, text] of verilogFiles) {
      writeFileSync(path.join(dir, name), text);
      files.push(name);
    }
    // relative names, run in the folder: the cell names Yosys derives from source paths are the same on every run
    const script = `${files.map((f) => `read_verilog ${f}`).join('; ')}; prep -top ${top}; write_json netlist.json`;
    await execa(findTool('yosys'), ['-q', '-p', script], { cwd: dir });
    return JSON.parse(readFileSync(path.join(dir, 'netlist.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Draw a netlist's top module as SVG (netlistsvg, default skin). The drawing is kept in the build cache under the
 * hash of the netlist, the skin and netlistsvg's version: the same netlist gives the same drawing, and the layout (the
 * slow part, seconds for a few hundred cells) runs once per netlist.
 */
export async function drawNetlist(top: string, title: string, netlist: unknown): Promise<Schematic> {
  const skin = readFileSync(require.resolve('netlistsvg/lib/default.svg'), 'utf8');
  const version = (JSON.parse(readFileSync(require.resolve('netlistsvg/package.json'), 'utf8')) as { version: string }).version;
  const json = JSON.stringify(netlist);
  const entry = await cachedBuild('schematic', hashParts(['netlistsvg', version, skin, top, json]), async (dir) => {
    const netlistsvg = require('netlistsvg') as NetlistSvg;
    writeFileSync(path.join(dir, 'schematic.svg'), await netlistsvg.render(skin, netlist));
  });
  const svg = readFileSync(path.join(entry.dir, 'schematic.svg'), 'utf8');
  const mod = (netlist as { modules: Record<string, { cells: Record<string, unknown> }> }).modules[top];
  return { top, title, svg, cells: Object.keys(mod?.cells ?? {}).length };
}
