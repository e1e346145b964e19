/**
 * ASIC area: Yosys maps a design to a Liberty standard-cell library (flip-flops with `dfflibmap`, logic with
 * `abc -liberty`, with ABC's buffering and sizing), keeping memories as macros. Area per module and in total comes from Yosys's own `stat -liberty`;
 * the mapped netlist is kept for static timing (sta.ts) and cross-checks.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../sim/exec.ts';
import { readLiberty } from './liberty.ts';
import { libertyPath } from './tools.ts';
import { macroLiberty, memoriesInRtlil, retypeCommands, SRAM_BITCELL, type MemoryMacro } from './macros.ts';

export interface AsicOptions {
  /** folder for the scripts, logs, mapped netlist and macro library (kept) */
  workDir: string;
  /** Liberty file (default: the OSU 0.18 µm library, or HWGEN_LIBERTY) */
  liberty?: string;
  /** ABC's full script (default; slow on big designs) or `abc -fast` */
  abc?: 'full' | 'fast';
  /** target clock period in ns for ABC's delay-driven mapping and buffering (`abc -D`; default 10) */
  periodNs?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ModuleArea {
  name: string;
  /** the module's own cells by type (standard cells, macros and submodule instances) */
  cellsByType: Record<string, number>;
  /** µm² of the module's own standard cells (Yosys `stat -liberty`) */
  ownArea: number;
  /** µm² including every submodule instance */
  area: number;
  /** standard cells including submodules */
  cells: number;
  /** how many times the module occurs in the design */
  instances: number;
}

export interface AsicReport {
  top: string;
  liberty: string;
  library: string;
  abc: 'full' | 'fast';
  periodNs: number;
  modules: ModuleArea[];
  /** logic area (standard cells), µm², as Yosys reports it for the top */
  logicArea: number;
  /** standard cells in the flattened design */
  cells: number;
  /** flip-flops in the flattened design */
  flops: number;
  memories: MemoryMacro[];
  memoryBits: number;
  /** memory µm² from {@link SRAM_BITCELL} (labelled there) */
  memoryAreaEstimate: number;
  memoryAreaLabel: string;
  netlist: string;
  macroLib: string;
  ms: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** ABC's assumed driver of every module input and load on every output (OSU cells: BUFX2; 0.01 pF, a few inputs). */
const ABC_DRIVER = 'BUFX2';
const ABC_LOAD = 0.01;

/**
 * ABC scripts: Yosys's own liberty scripts (abc.cc, `abc -fast` and the default), then `topo; buffer; upsize; dnsize`
 * (Yosys appends buffer/upsize/dnsize when given a constraint file, but without `topo` ABC's `buffer` fails on
 * modules with dangling nodes).
 */
const ABC_FAST = 'strash; dretime; map -D {D}; topo; buffer; upsize -D {D}; dnsize -D {D}';
const ABC_FULL = 'strash; &get -n; &fraig -x; &put; scorr; dc2; dretime; strash; &get -n; &dch -f; &nf -D {D}; &put; topo; buffer; upsize -D {D}; dnsize -D {D}';

/**
 * Yosys's `stat -json` output. Yosys 0.23 (Debian's) writes the lines of the design hierarchy below its first level
 * into the JSON as plain text (`       post_proc        1` between the modules and "design": a module that is
 * instantiated by a module that is itself instantiated); such a line, a name and a count with no JSON punctuation,
 * is dropped before parsing. @throws naming the file's problem when what is left is still not JSON.
 */
export function parseStatJson(text: string, file = 'stat.json'): { modules: Record<string, { num_cells_by_type?: Record<string, number> }> } {
  const json = text
    .split('\n')
    .filter((l) => !/^\s+[^\s"{}[\],:]+\s+\d+\s*$/.test(l))
    .join('\n');
  try {
    return JSON.parse(json) as { modules: Record<string, { num_cells_by_type?: Record<string, number> }> };
  } catch (e) {
    throw new Error(`asic: ${file} from Yosys's stat -json is not JSON (${(e as Error).message}); see the Yosys log beside it`);
  }
}

/** Map a design's Verilog files to standard cells and report its area. */
export async function asicArea(files: readonly string[], top: string, opts: AsicOptions): Promise<AsicReport> {
  if (!IDENT.test(top)) throw new Error(`asic: bad top module name '${top}'`);
  for (const f of files) if (/[\s"]/.test(f)) throw new Error(`asic: file path with whitespace or quotes is not supported: '${f}'`);
  const lib = path.resolve(opts.liberty ?? libertyPath(opts.env));
  const abc = opts.abc ?? 'full';
  const dir = path.resolve(opts.workDir);
  await mkdir(dir, { recursive: true });
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 60 * 60 * 1000;
  const t0 = performance.now();
  // stage 1: RTL to the fine stage with memories kept as $mem_v2 cells
  const rtlil = path.join(dir, 'coarse.il');
  const s1 = [...files.map((f) => `read_verilog ${path.resolve(f)}`), `hierarchy -check -top ${top}`, `synth -top ${top} -run begin:fine`, `write_rtlil ${rtlil}`];
  await writeFile(path.join(dir, 'coarse.ys'), `${s1.join('\n')}\n`);
  await runTool('yosys', ['-q', '-l', path.join(dir, 'coarse.log'), '-s', path.join(dir, 'coarse.ys')], { cwd: dir, env, timeoutMs });
  const memories = memoriesInRtlil(await readFile(rtlil, 'utf8'));
  const macroLib = path.join(dir, 'macros.lib');
  await writeFile(macroLib, macroLiberty(memories));
  // stage 2: memories retyped as macros, the rest mapped to the library. A constraint file makes Yosys run ABC's
  // buffering and gate sizing after the mapping (buffer; upsize; dnsize): without it high-fanout nets stay on one
  // minimum-size gate and dominate the timing.
  const constr = path.join(dir, 'abc.constr');
  const ps = Math.round((opts.periodNs ?? 10) * 1000);
  await writeFile(constr, `set_driving_cell ${ABC_DRIVER}\nset_load ${ABC_LOAD}\n`);
  const netlist = path.join(dir, 'netlist.v');
  const statTxt = path.join(dir, 'stat.txt');
  const statJson = path.join(dir, 'stat.json');
  const s2 = [
    `read_rtlil ${rtlil}`,
    ...retypeCommands(memories),
    'opt -fast -full',
    'techmap',
    'opt -fast',
    `dfflibmap -liberty ${lib}`,
    'opt -fast',
    `abc -D ${ps} -constr ${constr} -liberty ${lib} -script +${(abc === 'fast' ? ABC_FAST : ABC_FULL).replaceAll('{D}', String(ps)).replaceAll(' ', ',')}`,
    'setundef -zero',
    'splitnets',
    'opt_clean -purge',
    `tee -q -o ${statTxt} stat -liberty ${lib}${memories.length ? ` -liberty ${macroLib}` : ''}`,
    `tee -q -o ${statJson} stat -json`,
    `write_verilog -noattr -noexpr -nohex -nodec ${netlist}`,
  ];
  await writeFile(path.join(dir, 'map.ys'), `${s2.join('\n')}\n`);
  await runTool('yosys', ['-q', '-l', path.join(dir, 'map.log'), '-s', path.join(dir, 'map.ys')], { cwd: dir, env, timeoutMs });
  const ms = performance.now() - t0;

  const liberty = readLiberty(lib);
  const text = await readFile(statTxt, 'utf8');
  const own = new Map<string, number>();
  for (const m of text.matchAll(/Chip area for module '\\?([^']+)': ([0-9.eE+-]+)/g)) own.set(m[1]!, Number(m[2]));
  const topArea = /Chip area for top module '\\?[^']+': ([0-9.eE+-]+)/.exec(text);
  const stat = parseStatJson(await readFile(statJson, 'utf8'), statJson);
  const byType = new Map<string, Record<string, number>>();
  for (const [name, m] of Object.entries(stat.modules)) byType.set(name.replace(/^\\/, ''), { ...(m.num_cells_by_type ?? {}) });

  // hierarchical roll-up (children before parents is not guaranteed: memoise)
  const memo = new Map<string, { area: number; cells: number; flops: number }>();
  const roll = (name: string): { area: number; cells: number; flops: number } => {
    const hit = memo.get(name);
    if (hit) return hit;
    let area = own.get(name) ?? 0;
    let cells = 0;
    let flops = 0;
    for (const [t, n] of Object.entries(byType.get(name) ?? {})) {
      const sub = t.replace(/^\\/, '');
      if (byType.has(sub)) {
        const r = roll(sub);
        area += n * r.area;
        cells += n * r.cells;
        flops += n * r.flops;
      } else if (liberty.cells.has(sub)) {
        cells += n;
        if (liberty.cells.get(sub)!.sequential) flops += n;
      }
    }
    const r = { area, cells, flops };
    memo.set(name, r);
    return r;
  };
  const count = new Map<string, number>([[top, 1]]);
  const visit = (name: string, k: number) => {
    for (const [t, n] of Object.entries(byType.get(name) ?? {})) {
      const sub = t.replace(/^\\/, '');
      if (!byType.has(sub)) continue;
      count.set(sub, (count.get(sub) ?? 0) + k * n);
      visit(sub, k * n);
    }
  };
  visit(top, 1);
  const modules: ModuleArea[] = [...byType.keys()].map((name) => ({
    name,
    cellsByType: byType.get(name)!,
    ownArea: own.get(name) ?? 0,
    area: roll(name).area,
    cells: roll(name).cells,
    instances: count.get(name) ?? 0,
  }));
  const t = roll(top);
  // macros inside submodules count once per instance of their module
  const memoryBits = memories.reduce((s, m) => s + m.width * m.depth * (count.get(m.module) ?? 1), 0);
  return {
    top,
    liberty: lib,
    library: liberty.name,
    abc,
    periodNs: opts.periodNs ?? 10,
    modules,
    logicArea: topArea ? Number(topArea[1]) : t.area,
    cells: t.cells,
    flops: t.flops,
    memories,
    memoryBits,
    memoryAreaEstimate: memoryBits * SRAM_BITCELL.um2PerBit,
    memoryAreaLabel: SRAM_BITCELL.label,
    netlist,
    macroLib,
    ms,
  };
}
