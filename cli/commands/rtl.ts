/**
 * `hwgen rtl`: compile designs and write each into `<out>/<name>/` (one .v per module, `<name>.f`, `manifest.json`).
 * Every design is compiled before anything is written, and each folder is written atomically (writeVerilog), so a
 * failing generation leaves no partial folder behind.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, writeVerilog, type Compiled, type IRModule } from '../../dsl/index.js';
import { examples as builtinExamples, type Example } from '../../examples/index.js';

export interface ManifestPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
  /** the implicit clock and reset */
  implicit?: boolean;
}

export interface ManifestMemory {
  name: string;
  width: number;
  depth: number;
  rom: boolean;
  writePorts: number;
}

export interface ManifestModule {
  name: string;
  file: string;
  /** the definition it was elaborated from, and its parameters */
  source: string;
  params: Record<string, unknown>;
  ports: ManifestPort[];
  memories: ManifestMemory[];
  instances: Array<{ name: string; module: string }>;
}

export interface Manifest {
  design: string;
  description: string;
  top: string;
  /** the parameters the top definition was elaborated with */
  params: unknown;
  filelist: string;
  files: string[];
  /** children before parents, top last */
  modules: ManifestModule[];
  /** the top module's ports (implicit clk/rst included) */
  ports: ManifestPort[];
  memories: Array<ManifestMemory & { module: string }>;
  warnings: string[];
  generator: string;
}

function portsOf(m: IRModule): ManifestPort[] {
  const implicit: ManifestPort[] = [];
  if (m.clock) implicit.push({ name: 'clk', dir: 'input', width: 1, signed: false, implicit: true });
  if (m.reset) implicit.push({ name: 'rst', dir: 'input', width: 1, signed: false, implicit: true });
  return [...implicit, ...m.ports.map((p) => ({ name: p.name, dir: p.dir, width: p.width, signed: p.signed }))];
}

/** The manifest of one compiled design (from the optimized IR, named as the Verilog names things: what the text shows). */
export function manifestOf(ex: Pick<Example, 'name' | 'description' | 'params'>, c: Compiled): Manifest {
  const modules: ManifestModule[] = c.optimized.modules.map((m) => {
    const names = c.verilog.names.get(m.name)!;
    return {
      name: m.name,
      file: `${m.name}.v`,
      source: m.source,
      params: m.params,
      ports: portsOf(m),
      memories: m.mems.flatMap((x, i) => {
        const name = names.mems[i];
        return name === undefined ? [] : [{ name, width: x.width, depth: x.depth, rom: x.writes.length === 0 && x.init !== undefined, writePorts: x.writes.length }];
      }),
      instances: m.instances.map((x, i) => ({ name: names.instances[i]!, module: x.module })),
    };
  });
  const top = modules.find((m) => m.name === c.optimized.top)!;
  return {
    design: ex.name,
    description: ex.description,
    top: c.optimized.top,
    params: ex.params,
    filelist: `${ex.name}.f`,
    files: [...c.verilog.files.keys()],
    modules,
    ports: top.ports,
    memories: modules.flatMap((m) => m.memories.map((x) => ({ module: m.name, ...x }))),
    warnings: [...c.ir.warnings],
    generator: 'hwgen 0.1.0',
  };
}

export interface GeneratedDesign {
  name: string;
  dir: string;
  top: string;
  files: string[];
  manifest: Manifest;
}

/** Compile every design, then write each into `<outDir>/<name>/`. Throws (writing nothing) if any design fails. */
export function generateRtl(designs: readonly Example[], outDir: string): GeneratedDesign[] {
  const seen = new Set<string>();
  for (const d of designs) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(d.name)) throw new Error(`design name '${d.name}' is not usable as a folder name`);
    if (seen.has(d.name)) throw new Error(`two designs are named '${d.name}'`);
    seen.add(d.name);
  }
  const compiled = designs.map((d) => ({ d, c: compile(d.def, d.params) }));
  return compiled.map(({ d, c }) => {
    const dir = path.join(outDir, d.name);
    const manifest = manifestOf(d, c);
    const files = writeVerilog(dir, d.name, c.verilog, { 'manifest.json': `${JSON.stringify(manifest, null, 2)}\n` });
    return { name: d.name, dir, top: manifest.top, files: [...files, path.join(dir, manifest.filelist), path.join(dir, 'manifest.json')], manifest };
  });
}

/** The built-in examples, or the list exported (default or `examples`) by a TypeScript/JavaScript module. */
export async function loadDesigns(from?: string): Promise<Example[]> {
  if (from === undefined) return builtinExamples;
  const mod = (await import(pathToFileURL(path.resolve(from)).href)) as { default?: unknown; examples?: unknown };
  const list = mod.examples ?? mod.default;
  if (!Array.isArray(list)) throw new Error(`${from}: expected a default export (or an 'examples' export) listing { name, def, params, description }`);
  return list as Example[];
}

/** Keep only the named designs (all when `only` is empty); an unknown name is an error. */
export function selectDesigns(designs: Example[], only: readonly string[]): Example[] {
  if (only.length === 0) return designs;
  for (const n of only)
    if (!designs.some((d) => d.name === n)) throw new Error(`no design named '${n}'; known: ${designs.map((d) => d.name).join(', ')}`);
  return designs.filter((d) => only.includes(d.name));
}
