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
import { formatDesignList } from './commands/list.js';

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** help lines for the options and positionals */
  help: string[];
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
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

async function designsFrom(v: Record<string, string | boolean | undefined>) {
  const only = typeof v.only === 'string' ? v.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  return selectDesigns(await loadDesigns(typeof v.designs === 'string' ? v.designs : undefined), only);
}

const commands: Record<string, Command> = {
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
    summary: 'rtl + lint + summary table',
    usage: 'hwgen demo [--out rtl-out] [--only a,b] [--designs file.ts]',
    options: { out: { type: 'string', default: 'rtl-out' }, ...designOptions },
    help: ['  --out <dir>          output folder (default rtl-out)', ...designHelp],
    async run(v) {
      const r = await demo({ out: String(v.out), designs: await designsFrom(v) });
      return r.ok ? 0 : 1;
    },
  },
  list: {
    summary: 'list the example designs',
    usage: 'hwgen list [--designs file.ts]',
    options: { designs: { type: 'string' } },
    help: ['  --designs <file.ts>  list the designs of this module instead'],
    async run(v) {
      console.log(formatDesignList(await designsFrom(v)));
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
  return cmd.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
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
