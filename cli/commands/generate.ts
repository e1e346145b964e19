/**
 * `hwgen generate <config>`: build a configuration's design and write it into `<out>/<name>/` (one .v per module,
 * `<name>.f`, `manifest.json` with the parameters, ports, memories and widths, and the configuration it came from).
 * Every configuration is compiled before anything is written, and each folder is written to a temporary sibling and
 * renamed into place (writeVerilog), so a failure never leaves a half-written design.
 */
import { readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile, writeVerilog } from '../../dsl/index.js';
import type { LoadedConfig } from '../../generators/registry.js';
import { readConfig } from './config-file.js';
import { manifestOf } from './rtl.js';
import { checkDesignSize } from './size.js';
import type { GeneratedDesign } from './rtl.js';

/** The design folder of `name` inside `outDir`; refuses a name that would resolve anywhere else. */
export function designDir(outDir: string, name: string): string {
  const root = path.resolve(outDir);
  const dir = path.resolve(root, name);
  if (path.dirname(dir) !== root || name === '' || name === '.' || name === '..')
    throw new Error(`design name '${name}' would be written outside ${outDir}`);
  return dir;
}

/** Generate the designs of loaded configurations (all compiled first, then each written atomically). */
export function generateConfigs(configs: readonly LoadedConfig[], outDir: string): GeneratedDesign[] {
  const seen = new Map<string, string>();
  for (const c of configs) {
    const prev = seen.get(c.config.name);
    if (prev !== undefined) throw new Error(`${prev} and ${c.file} both name the design '${c.config.name}'`);
    seen.set(c.config.name, c.file);
    designDir(outDir, c.config.name);
    checkDesignSize(c);
  }
  const built = configs.map((c) => {
    const { def, params } = c.family.build(c.config);
    return { c, params, compiled: compile(def, params) };
  });
  return built.map(({ c, params, compiled }) => {
    const name: string = c.config.name;
    const dir = designDir(outDir, name);
    const manifest = {
      ...manifestOf({ name, description: c.config.description ?? `${c.family.name} accelerator from ${c.file}`, params }, compiled),
      family: c.family.name,
      configFile: c.file,
      config: c.config,
    };
    const files = writeVerilog(dir, name, compiled.verilog, { 'manifest.json': `${JSON.stringify(manifest, null, 2)}\n` });
    return { name, dir, top: manifest.top, files: [...files, path.join(dir, manifest.filelist), path.join(dir, 'manifest.json')], manifest };
  });
}

/** Load and generate configuration files. */
export function generateFiles(files: readonly string[], outDir: string): GeneratedDesign[] {
  return generateConfigs(files.map(readConfig), outDir);
}

/** The configuration files of a folder (`*.json`, not recursive: `schema/` is skipped), sorted. */
export function findConfigs(dir = 'configs'): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
}
