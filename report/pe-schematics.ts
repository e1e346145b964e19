/**
 * One schematic per accelerator family: the module each family repeats (its PE, lane, crossbar tile, SRAM array or
 * butterfly line; the FDA's crossbar tiles are the crossbar family's, its transforms the FFT's line unit), taken from the family's own accelerator as its configuration builds it, at a small size so the
 * drawing stays legible. The family's shipped configuration under configs/ with a few hardware fields made small;
 * the module is drawn from the Yosys netlist of the compiled accelerator's Verilog (prep with that module as top).
 */
import { readFileSync } from 'node:fs';
import { compile, type AnyModuleDef } from '../dsl/index.js';
import { familyByName } from '../generators/registry.js';
import { drawNetlist, yosysNetlist, type Schematic } from './schematic.js';

export interface PeSchematicSpec {
  /** the family, as the report names it */
  family: string;
  /** configs/<config>.json */
  config: string;
  /** hardware fields set small for the drawing */
  small: Record<string, unknown>;
  /** the repeated module's Verilog name */
  module: string;
  /** what it is, in a sentence */
  what: string;
}

export const PE_SCHEMATICS: readonly PeSchematicSpec[] = [
  { family: 'dense', config: 'dense', small: { rows: 2, cols: 2 }, module: 'dense_pe', what: 'output-stationary MAC PE: 8-bit activation × 8-bit weight into a 32-bit accumulator' },
  { family: 'zas', config: 'zas', small: { P: 2, KR: 2, KS: 2, partialWords: 16 }, module: 'zas_pe', what: 'zero-activation-skipping PE: one non-zero activation times every tap of its kernel (2×2 here) into banked partial sums' },
  { family: 'linac', config: 'linac', small: { lanes: 2, filters: 2 }, module: 'eb_lane_f', what: 'LINAC essential-bit lane: one activation\'s power-of-two terms shifted into every filter\'s weight' },
  { family: 'svd (predict)', config: 'svd', small: { PE: 2 }, module: 'predict_pe', what: 'SVD-predicted skipping PE: MACs over the channel list the predictor kept' },
  { family: 'crossbar', config: 'isaac', small: { rows: 4, cols: 8, adcShare: 4 }, module: 'xbar_tile', what: 'analog crossbar tile (ISAAC-like preset): cell levels, DAC slices and ADC conversions, modelled bit-exactly' },
  { family: 'insram', config: 'insram', small: { rows: 16, cols: 4, arrays: 1, xinWords: 16, idxWords: 4, imemWords: 8 }, module: 'insram_array', what: 'in-SRAM bit-serial array: wordline reads and writes on every bitline at once, with its transpose unit' },
  { family: 'fft / fda', config: 'fft', small: { n: 4, w: 8, t: 8 }, module: 'fft_line', what: 'fixed-point FFT line unit (the FFT accelerator\'s and the FDA\'s transforms are built of it): radix-2 butterflies with twiddle multiplies over one line of n = 4' },
];

const CONFIGS = new URL('../configs/', import.meta.url);

/** The Verilog of a family's accelerator built from its configuration with the small hardware fields. */
export function smallAccelerator(s: PeSchematicSpec): { top: string; files: Map<string, string> } {
  const raw = JSON.parse(readFileSync(new URL(`${s.config}.json`, CONFIGS), 'utf8')) as Record<string, unknown>;
  const family = familyByName(String(raw.generator));
  if (!family) throw new Error(`report: configs/${s.config}.json names no known generator (${String(raw.generator)})`);
  const config = family.schema().parse({ ...raw, hw: { ...(raw.hw as Record<string, unknown>), ...s.small } });
  const { def, params } = family.build(config);
  const { verilog } = compile(def as AnyModuleDef, params as never);
  if (!verilog.files.has(`${s.module}.v`)) throw new Error(`report: ${s.family}'s accelerator has no module ${s.module} (it has ${[...verilog.files.keys()].join(', ')})`);
  return { top: verilog.top, files: verilog.files };
}

/** The files of one module and of every module under it (a file per module, named after it). */
export function moduleFiles(files: ReadonlyMap<string, string>, top: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (name: string) => {
    const text = files.get(`${name}.v`);
    if (text === undefined || out.has(`${name}.v`)) return;
    out.set(`${name}.v`, text);
    for (const f of files.keys()) {
      const sub = f.slice(0, -2);
      if (sub !== name && new RegExp(`^\\s*${sub}\\s+(#\\(|\\w)`, 'm').test(text)) visit(sub);
    }
  };
  visit(top);
  return out;
}

/** Every family's repeated module drawn (in the list's order). */
export async function peSchematics(specs: readonly PeSchematicSpec[] = PE_SCHEMATICS): Promise<Schematic[]> {
  const out: Schematic[] = [];
  for (const s of specs) {
    const { files } = smallAccelerator(s);
    const netlist = await yosysNetlist(moduleFiles(files, s.module), s.module);
    out.push(await drawNetlist(s.module, `${s.family}: ${s.what}`, netlist));
  }
  return out;
}
