/**
 * The waveform of a verified accelerator tile: the small dense array (configs/dense-small.json, 4×4) runs the first tile
 * of its first workload layer (a seeded random 3×3 convolution; a face-net tile takes ~74,000 cycles on the 8×8) through the shared verify loop in the built-in simulator, which compares the
 * tile's outputs, cycles and counters with the golden and cycle models; the VCD of that same run is read back and its
 * first cycles drawn. The page shows the verdict beside it: a waveform of a tile that failed is not drawn.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type AnyModuleDef } from '../dsl/index.js';
import { loadConfig } from '../generators/registry.js';
import { readVcd, waveformSvg, type Waveform } from './waveform.js';

export interface TileWaveform extends Waveform {
  /** what was verified: layer, tile, simulator, cycles (RTL = model) */
  verified: { layer: string; tiles: number; rtlCycles: number; modelCycles: number; pass: boolean };
}

const CONFIG = fileURLToPath(new URL('../configs/dense-small.json', import.meta.url));

/** Signals drawn, in order: host handshake, the controller's K counter and addresses, row 0's operands and PE (0, 0). */
export const TILE_SIGNALS = ['clk', 'rst', 'start', 'busy', 'state', 'kcnt', 'w_addr', 'if_addr_0', 'a_row_0', 'w_q_0', 'pe_0_0_first_in', 'pe_0_0_a_in', 'pe_0_0_w_in', 'pe_0_0_res'];

/** The first `cycles` cycles of the dense baseline's first verified tile. */
export async function denseTileWaveform(cycles = 44, names: readonly string[] = TILE_SIGNALS): Promise<TileWaveform> {
  const { family, config } = loadConfig(CONFIG);
  const entry = family.workload(config)[0]!;
  const layer = entry.load();
  const { def, params } = family.build(config);
  const compiled = compile(def as AnyModuleDef, params as never);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-tile-wave-'));
  try {
    const vcd = path.join(dir, 'tile.vcd');
    const v = await family.verifyLayer(config, layer, compiled, 'builtin', 1, { vcd });
    if (!v.pass) throw new Error(`report: the dense tile of ${v.layer} does not verify (${JSON.stringify(v.mismatch)}); no waveform of it is drawn`);
    const all = readVcd(readFileSync(vcd, 'utf8'));
    const missing = names.filter((n) => !all.some((s) => s.name === n));
    if (missing.length) throw new Error(`report: the tile's VCD has no signal ${missing.join(', ')}`);
    const signals = names.flatMap((n) => all.filter((s) => s.name === n)).map((s) => ({ ...s, values: s.values.slice(0, 2 * cycles) }));
    const title = `dense_accel 4×4 (configs/dense-small.json), layer ${v.layer}, tile 1: first ${cycles} cycles of the verified run (built-in simulator VCD; RTL ${v.rtlCycles} cycles = model ${v.modelCycles})`;
    return { title, signals, svg: waveformSvg(signals, title), verified: { layer: v.layer, tiles: v.tiles, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles, pass: v.pass } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
