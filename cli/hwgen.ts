/**
 * The hwgen command line: a thin shell that parses arguments and calls library functions (cli/commands/*).
 * Exit status: 0 success, 1 failure (design error, lint findings, bad usage), 2 a required tool is missing.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HwError } from '../dsl/index.js';
import { ToolMissingError } from '../sim/tools.ts';
import { generateRtl, loadDesigns, selectDesigns } from './commands/rtl.js';
import { lintDir, formatLintTable, formatLintProblems } from './commands/lint.js';
import { demo } from './commands/demo.js';
import { formatDesignList, formatConfigList, formatGeneratorList, formatWorkloads } from './commands/list.js';
import { generateFiles } from './commands/generate.js';
import { checkDesignSize } from './commands/size.js';
import { verifyConfig, formatVerifyReport, parseSims } from './commands/verify.js';
import { verifyInJobs } from './commands/jobs.js';
import { parseShard, writeShard, mergeShards } from './commands/shards.js';
import { writeSchemas, staleSchemas, SCHEMA_DIR } from './commands/schema.js';
import { ConfigError, displayPath } from '../generators/registry.js';
import { readConfig } from './commands/config-file.js';
import { Progress } from './progress.js';
import { formatPpa } from './commands/ppa.js';
import { prove, formatProve } from './commands/prove.js';
import { writeReport, formatReport } from './commands/report.js';
import { BENCHES as BENCH_CATALOGUE } from '../report/benches.js';
import { runPpa } from '../ppa/run.ts';
import { REFERENCE_TABLE } from '../ppa/energy/reference.ts';
import { writeEnergyTable } from '../ppa/energy/table.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** help lines for the options and positionals */
  help: string[];
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}

class UsageError extends Error {}

const designOptions: Options = {
  designs: { type: 'string' },
  only: { type: 'string' },
};
const designHelp = [
  '  --designs <file.ts>  take the design list from this module (default export: [{ name, def, params, description }])',
  '  --only <a,b,...>     only these designs',
];

async function designsFrom(v: Record<string, string | boolean | string[] | undefined>) {
  const only = typeof v.only === 'string' ? v.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return selectDesigns(await loadDesigns(typeof v.designs === 'string' ? v.designs : undefined), only);
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith('..') || path.isAbsolute(r) ? p : r;
}

const BENCHES: readonly string[] = BENCH_CATALOGUE.map((b) => b.name);

const commands: Record<string, Command> = {
  bench: {
    summary: 'run a benchmark: prints its tables and writes bench-out/<name>.json',
    usage: `hwgen bench <${BENCHES.join('|')}> [benchmark options]`,
    options: {},
    allowPositionals: true,
    help: [
      ...BENCH_CATALOGUE.map((b) => `  ${b.name.padEnd(8)} ${b.help}`),
      '  Options after the name go to the benchmark (e.g. `hwgen bench zas --no-rtl`).',
    ],
    async run(_v, pos) {
      const [name, ...rest] = pos;
      if (!name || !BENCHES.includes(name)) throw new UsageError(`bench: name one of ${BENCHES.join(', ')}`);
      const script = fileURLToPath(new URL(`../bench/${name}.ts`, import.meta.url));
      process.argv = [process.argv[0]!, script, ...rest];
      await import(script);
      return 0;
    },
  },
  generate: {
    summary: 'generate the design of one or more configuration files',
    usage: 'hwgen generate <config.json ...> [--out rtl-out]',
    options: { out: { type: 'string', default: 'rtl-out' } },
    allowPositionals: true,
    help: [
      '  <config.json ...>    configuration files (e.g. configs/dense.json; see configs/schema/ for their schema)',
      '  --out <dir>          output folder (default rtl-out); each design goes to <dir>/<name>/:',
      '                       one .v per module, <name>.f (filelist) and manifest.json (parameters, ports, memories, widths)',
      'Every configuration is checked and compiled before anything is written; each folder is replaced atomically.',
    ],
    async run(v, pos) {
      if (pos.length === 0) throw new UsageError('generate: name at least one configuration file');
      const out = String(v.out);
      for (const g of generateFiles(pos, out)) {
        console.log(`${rel(g.dir)}/  top ${g.top}`);
        for (const f of g.files) console.log(`  ${path.basename(f)}`);
      }
      return 0;
    },
  },
  verify: {
    summary: "run a configuration's workload layers through the RTL and compare with the golden model",
    usage:
      'hwgen verify <config.json> [--layer NAME ...] [--sim icarus|verilator|builtin|all] [--all-tiles] [--jobs N] [--dump DIR] [--shard K/N --json OUT]\n       hwgen verify --merge DIR',
    options: {
      layer: { type: 'string', multiple: true },
      'all-tiles': { type: 'boolean' },
      jobs: { type: 'string' },
      sim: { type: 'string' },
      dump: { type: 'string' },
      shard: { type: 'string' },
      json: { type: 'string' },
      merge: { type: 'string' },
      'no-progress': { type: 'boolean' },
    },
    allowPositionals: true,
    help: [
      '  <config.json>        a configuration file listing workload layers',
      '  --layer <name>       only this layer (repeatable; default: every layer of the workload)',
      '  --sim <sim>          icarus, verilator, builtin, a comma list, or all (default verilator)',
      '  --all-tiles          every tile of every layer (overrides maxTiles in the configuration)',
      '  --jobs <n>           run as n shard processes side by side (default 1; at most the cores pay off), merged into one report',
      '  --dump <dir>         write <dir>/<design>/<layer>/{input,weights,bias,golden,checked,rtl_<sim>}.npy and meta.json',
      '  --shard <K/N>        verify only every N-th tile of each layer, the i-th layer from K − i mod N (0 <= K < N); with --json, for a batch engine',
      '  --json <file>        write the verdicts (tile records, field reports; no output arrays) as JSON',
      '  --merge <dir>        print the table and exit status of the shards (*.json) in <dir>, as one run would',
      '  --no-progress        no progress bar (it is drawn on stderr only when stderr is a terminal)',
      'Layers are tiled to fit the SRAMs; a layer with maxTiles in the config is verified on that many tiles, spread evenly.',
      'A face-net entry with "layer": "*" and/or "image": "*" stands for every layer / sample image (layers the generator',
      'cannot take are listed as skipped); with more than one layer the report ends with the network total per simulator.',
      'Prints one row per layer and simulator; exits 1 on any output, cycle-count or counter mismatch.',
    ],
    async run(v, pos) {
      if (typeof v.merge === 'string') {
        if (pos.length !== 0) throw new UsageError('verify --merge: takes a folder of shards, no configuration file');
        const r = mergeShards(v.merge);
        console.log(formatVerifyReport(r));
        return r.ok ? 0 : 1;
      }
      if (pos.length !== 1) throw new UsageError('verify: name exactly one configuration file');
      const shard = typeof v.shard === 'string' ? parseShard(v.shard) : undefined;
      const loaded = readConfig(pos[0]!);
      checkDesignSize(loaded);
      if (loaded.family.workload(loaded.config).length === 0)
        throw new ConfigError([`${displayPath(loaded.file)}: workload.layers: got none, must list at least one layer to verify`]);
      const sims = parseSims(typeof v.sim === 'string' ? v.sim : undefined);
      const progress = new Progress(0, process.stderr, !v['no-progress'] && !process.env.CI);
      for (const line of loaded.skipped ?? []) progress.note(`skipped ${line}`);
      const jobs = typeof v.jobs === 'string' ? Number(v.jobs) : 1;
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`verify: --jobs: got '${v.jobs}', must be an integer from 1 to 64`);
      if (jobs > 1 && (shard || typeof v.dump === 'string')) throw new UsageError('verify: --jobs runs shards itself; it takes neither --shard nor --dump');
      const layers = Array.isArray(v.layer) ? v.layer : [];
      const run =
        jobs > 1
          ? verifyInJobs(
              pos[0]!,
              jobs,
              [...(typeof v.sim === 'string' ? ['--sim', v.sim] : []), ...layers.flatMap((l) => ['--layer', l]), ...(v['all-tiles'] ? ['--all-tiles'] : [])],
              progress,
              (l) => progress.note(l),
            )
          : verifyConfig(loaded, {
              sims,
              layers,
              progress,
              ...(v['all-tiles'] ? { allTiles: true } : {}),
              ...(shard ? { shard } : {}),
              ...(typeof v.dump === 'string' ? { dump: v.dump } : {}),
            });
      const r = await run.catch((e: unknown) => {
        // a problem verify finds with the configuration itself (no layers, an unknown --layer) names the file: as a config error
        if (e instanceof Error && e.name === 'Error' && e.message.startsWith(`${loaded.file}: `)) throw new ConfigError([e.message]);
        throw e;
      });
      console.log(formatVerifyReport(r));
      if (typeof v.json === 'string') {
        writeShard(v.json, r);
        console.log(`wrote ${rel(v.json)}`);
      }
      if (r.dumped.length) console.log(`dumped ${r.dumped.length} layer(s): ${r.dumped.map(rel).join(', ')}`);
      return r.ok ? 0 : 1;
    },
  },
  prove: {
    summary: "prove a design's assertions with Yosys (induction, or a counterexample replayed in the built-in simulator)",
    usage: 'hwgen prove <config.json | example> [--depth N] [--out prove-out]',
    options: { depth: { type: 'string', default: '20' }, out: { type: 'string', default: 'prove-out' } },
    allowPositionals: true,
    help: [
      '  <config.json>        a configuration file, or the name of an example (hwgen list)',
      '  --depth <n>          longest base case / induction length tried (default 20)',
      '  --out <dir>          where a counterexample goes, as <dir>/<name>.cex.vcd (default prove-out)',
      'Yosys: read_verilog -formal, prep, sat -tempinduct -prove-asserts -set-assumes from the all-zero state with rst high in step 1.',
      'Exits 0 when proven, 1 on a counterexample, 2 when unknown within the depth.',
    ],
    async run(v, pos) {
      if (pos.length !== 1) throw new UsageError('prove: name exactly one configuration file or example');
      const depth = Number(v.depth);
      if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`prove: --depth ${String(v.depth)}: must be a positive integer`);
      const r = await prove(pos[0]!, { depth, out: String(v.out) });
      console.log(formatProve(r));
      return r.result.status === 'proven' ? 0 : r.result.status === 'failed' ? 1 : 2;
    },
  },
  report: {
    summary: 'one self-contained HTML page of every benchmark JSON (tables, SVG plots), a schematic and a waveform of the dense MAC PE',
    usage: 'hwgen report [--bench-out bench-out] [--out report-out]',
    options: { 'bench-out': { type: 'string', default: 'bench-out' }, out: { type: 'string', default: 'report-out' } },
    help: [
      '  --bench-out <dir>    where the benchmark JSON is (default bench-out; `hwgen bench NAME` writes it)',
      '  --out <dir>          writes <dir>/index.html (no network: CSS and SVG inline) and every figure as <dir>/figures/*.svg',
      'A benchmark with no JSON gets a section naming the command that writes it. Same inputs, same bytes.',
    ],
    async run(v) {
      const r = await writeReport({ benchOut: String(v['bench-out']), out: String(v.out) });
      for (const l of formatReport(r)) console.log(l);
      return 0;
    },
  },
  ppa: {
    summary: 'power, performance and area: standard-cell area, OpenSTA timing, iCE40 place-and-route, energy per layer',
    usage: 'hwgen ppa <config.json ...> [--fpga up5k|hx8k] [--energy TABLE.yaml] [--abc full|fast] [--period NS] [--out ppa-out] [--json]',
    options: {
      fpga: { type: 'string' },
      energy: { type: 'string' },
      abc: { type: 'string', default: 'full' },
      period: { type: 'string', default: '10' },
      out: { type: 'string', default: 'ppa-out' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      'no-energy': { type: 'boolean' },
      'write-table': { type: 'string' },
    },
    allowPositionals: true,
    help: [
      '  <config.json ...>    configuration files (each design is mapped, timed and costed in turn)',
      '  --fpga <device>      also synth_ice40 + nextpnr-ice40 for an iCE40 up5k or hx8k (a design that does not fit gets the limit named)',
      '  --energy <file>      energy reference table (Accelergy-style YAML; default ppa/tables/reference.yaml\'s figures)',
      '  --abc <full|fast>    ABC script for the standard-cell mapping (default full; fast is several times quicker, 12% more area on the MAC PE)',
      '  --period <ns>        clock period the mapping and OpenSTA target (default 10)',
      '  --out <dir>          where <design>/{rtl,asic,fpga-*}/ and ppa.json go (default ppa-out)',
      '  --json               print the result as JSON instead of tables',
      '  --force              redo the mapping even when <out>/<design>/asic.json matches the Verilog and options',
      '  --no-energy          area and timing only (no workload layers loaded)',
      '  --write-table <file> write the reference energy table as YAML and exit',
      'Area: Yosys dfflibmap + abc -liberty to the OSU 0.18 µm library (Debian qflow-tech-osu018); memories stay macros.',
      'Timing: OpenSTA (Debian opensta). FPGA: Debian yosys, nextpnr-ice40, fpga-icestorm.',
    ],
    async run(v, pos) {
      if (typeof v['write-table'] === 'string') {
        writeEnergyTable(v['write-table'], REFERENCE_TABLE);
        console.log(`wrote ${rel(v['write-table'])}`);
        return 0;
      }
      if (pos.length === 0) throw new UsageError('ppa: name at least one configuration file');
      const fpga = v.fpga;
      if (fpga !== undefined && fpga !== 'up5k' && fpga !== 'hx8k') throw new UsageError(`ppa: --fpga ${String(fpga)}: must be up5k or hx8k`);
      const abc = String(v.abc);
      if (abc !== 'full' && abc !== 'fast') throw new UsageError(`ppa: --abc ${abc}: must be full or fast`);
      const periodNs = Number(v.period);
      if (!(periodNs > 0)) throw new UsageError(`ppa: --period ${String(v.period)}: must be a positive number of ns`);
      const loaded = pos.map((f) => readConfig(f));
      const results = [];
      for (const l of loaded) {
        const r = await runPpa(l, {
          out: String(v.out),
          ...(fpga ? { fpga } : {}),
          ...(typeof v.energy === 'string' ? { energy: v.energy } : {}),
          abc,
          periodNs,
          noEnergy: v['no-energy'] === true,
          force: v.force === true,
          log: (line) => console.error(line),
        });
        results.push(r);
        if (!v.json) console.log(`${formatPpa(r)}\n`);
      }
      if (v.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 1));
      return 0;
    },
  },
  schema: {
    summary: 'write the JSON Schema of every generator configuration (for editors)',
    usage: `hwgen schema [--out ${SCHEMA_DIR}] [--check]`,
    options: { out: { type: 'string', default: SCHEMA_DIR }, check: { type: 'boolean' } },
    help: [
      `  --out <dir>          where <generator>.schema.json goes (default ${SCHEMA_DIR})`,
      '  --check              write nothing; exit 1 if a schema file is missing or out of date',
    ],
    async run(v) {
      const out = String(v.out);
      if (v.check) {
        const stale = staleSchemas(out);
        for (const f of stale) console.error(`${f}: out of date (run \`hwgen schema\`)`);
        if (stale.length === 0) console.log('schemas up to date');
        return stale.length ? 1 : 0;
      }
      for (const f of writeSchemas(out)) console.log(`wrote ${rel(f)}`);
      return 0;
    },
  },
  rtl: {
    summary: 'generate Verilog for every example design',
    usage: 'hwgen rtl [--out rtl-out] [--only a,b] [--designs file.ts]',
    options: { out: { type: 'string', default: 'rtl-out' }, ...designOptions },
    help: [
      '  --out <dir>          output folder (default rtl-out); each design goes to <dir>/<name>/:',
      '                       one .v per module, <name>.f (filelist) and manifest.json',
      ...designHelp,
      'All designs are compiled before anything is written; each folder is replaced atomically.',
    ],
    async run(v) {
      const out = String(v.out);
      const designs = await designsFrom(v);
      const done = generateRtl(designs, out);
      for (const g of done) {
        const rel = path.relative(process.cwd(), g.dir);
        console.log(`${rel.startsWith('..') ? g.dir : rel}/  top ${g.top}`);
        for (const f of g.files) console.log(`  ${path.basename(f)}`);
      }
      console.log(`wrote ${done.length} design(s) to ${out}`);
      return 0;
    },
  },
  lint: {
    summary: 'Verilator lint -Wall and Yosys check over every design folder',
    usage: 'hwgen lint [dir]',
    options: {},
    allowPositionals: true,
    help: [
      '  dir                  folder of design folders (default rtl-out), as written by `hwgen rtl`',
      'Exits 1 on any Verilator warning, inferred latch or Yosys check problem (undriven net, ...), naming each.',
    ],
    async run(_v, pos) {
      if (pos.length > 1) throw new UsageError('lint takes one folder');
      const results = await lintDir(pos[0] ?? 'rtl-out');
      console.log(formatLintTable(results));
      const problems = formatLintProblems(results);
      if (problems.length) {
        console.log('');
        for (const p of problems) console.log(p);
      }
      const bad = results.filter((r) => !r.ok);
      if (bad.length) {
        console.error(`hwgen lint: ${bad.length} of ${results.length} design(s) failed: ${bad.map((r) => r.name).join(', ')}`);
        return 1;
      }
      console.log(`${results.length} design(s) clean`);
      return 0;
    },
  },
  demo: {
    summary: 'rtl + generate every config + lint + verify the dense default on face-net layers',
    usage: 'hwgen demo [--out rtl-out] [--configs configs] [--sim icarus,verilator] [--no-verify] [--only a,b] [--designs file.ts]',
    options: {
      out: { type: 'string', default: 'rtl-out' },
      configs: { type: 'string', default: 'configs' },
      sim: { type: 'string', default: 'icarus,verilator' },
      verify: { type: 'string' },
      'no-verify': { type: 'boolean' },
      ...designOptions,
    },
    help: [
      '  --out <dir>          output folder (default rtl-out)',
      '  --configs <dir>      generate every configuration of this folder (default configs)',
      '  --verify <config>    the configuration to verify (default configs/dense.json)',
      '  --sim <sims>         simulators for the verification (default icarus,verilator)',
      '  --no-verify          skip the verification',
      ...designHelp,
    ],
    async run(v) {
      const r = await demo({
        out: String(v.out),
        designs: await designsFrom(v),
        configs: String(v.configs),
        verify: v['no-verify'] ? null : typeof v.verify === 'string' ? v.verify : undefined,
        sims: parseSims(String(v.sim)),
      });
      return r.ok ? 0 : 1;
    },
  },
  list: {
    summary: 'list the example designs, configurations, generators and workloads',
    usage: 'hwgen list [designs|configs|generators|workloads] [--configs configs] [--designs file.ts]',
    options: { designs: { type: 'string' }, configs: { type: 'string', default: 'configs' } },
    allowPositionals: true,
    help: [
      '  <section>            only this section; `hwgen list workloads` lists every layer shape',
      '  --configs <dir>      folder of configuration files (default configs)',
      '  --designs <file.ts>  list the designs of this module instead of the examples',
    ],
    async run(v, pos) {
      const sections = ['designs', 'configs', 'generators', 'workloads'];
      if (pos.length > 1 || (pos[0] !== undefined && !sections.includes(pos[0])))
        throw new UsageError(`list: expected one of ${sections.join(', ')}`);
      const only = pos[0];
      const out: string[] = [];
      const add = (title: string, body: string) => out.push(...(only ? [] : [`== ${title}`]), body, ...(only ? [] : ['']));
      if (!only || only === 'designs') add('example designs (hwgen rtl)', formatDesignList(await designsFrom(v)));
      if (!only || only === 'configs') add(`configurations in ${v.configs} (hwgen generate / verify)`, formatConfigList(String(v.configs)));
      if (!only || only === 'generators') add('generators', formatGeneratorList());
      if (!only || only === 'workloads') add(only ? 'workloads' : 'workloads (`hwgen list workloads` for every layer)', formatWorkloads(only === 'workloads'));
      console.log(out.join('\n').trimEnd());
      return 0;
    },
  },
};

function mainHelp(): string {
  const w = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'hwgen: a TypeScript hardware construction language emitting Verilog-2005',
    '',
    'usage: hwgen <command> [options]     hwgen <command> --help',
    '',
    'commands:',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(w)}  ${c.summary}`),
    '',
    'exit status: 0 ok, 1 failure (design error, lint findings, bad usage), 2 missing tool',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = c.help.filter((l) => l.startsWith('  '));
  const notes = c.help.filter((l) => !l.startsWith('  '));
  return [c.usage, '', `${c.summary}.`, '', 'options:', ...opts, '  -h, --help           this help', ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && commands[topic]) console.log(commandHelp(commands[topic]));
    else console.log(mainHelp());
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) throw new UsageError(`unknown command '${name}'`);
  // a benchmark takes its own options: everything after the name is passed through
  if (name === 'bench' && rest.length > 0 && rest[0] !== '--help' && rest[0] !== '-h') return cmd.run({}, rest);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: cmd.allowPositionals ?? false, strict: true });
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
  if (parsed.values.help) {
    console.log(commandHelp(cmd));
    return 0;
  }
  return cmd.run(parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals);
}

/**
 * One printable line: a message may quote the file's own text (JSON.parse does: newlines, a byte-order mark, control
 * characters, replacement characters for bytes that are not UTF-8), which must not break the one-line-per-problem
 * form or reach the terminal raw.
 */
export function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '\\n').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isHwError(e: unknown): e is Error {
  return e instanceof HwError || (e instanceof Error && e.name === 'HwError');
}

/** Run the CLI and exit: HwError prints its message (it starts with the designer's file:line), no stack trace. */
export async function run(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    if (isHwError(e)) {
      console.error(e.message);
      code = 1;
    } else if (e instanceof ConfigError || (e instanceof Error && e.name === 'ConfigError')) {
      const lines = (e as { lines?: unknown }).lines;
      for (const l of Array.isArray(lines) ? lines.map(String) : [(e as Error).message]) console.error(oneLine(l));
      code = 1;
    } else if (e instanceof ToolMissingError || (e instanceof Error && e.name === 'ToolMissingError')) {
      console.error(`hwgen: ${e.message}`);
      code = 2;
    } else if (e instanceof UsageError) {
      console.error(`hwgen: ${e.message} (see \`hwgen --help\`)`);
      code = 1;
    } else {
      console.error(e instanceof Error ? (process.env.HWGEN_DEBUG ? e.stack : `hwgen: ${e.message}`) : `hwgen: ${String(e)}`);
      code = 1;
    }
  }
  process.exitCode = code;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await run(process.argv.slice(2));
