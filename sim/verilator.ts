/**
 * Verilator: cached `--binary` builds and `--lint-only -Wall` linting.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { cachedBuild, cacheRoot, hashParts, sourceParts } from './cache.ts';
import { runTool, SimulatorError, toolVersion, type ExecOptions } from './exec.ts';
import { lookupTool } from './tools.ts';

/** What to build. */
export interface VerilatorBuildOptions {
  /** Top module name. */
  top: string;
  /** Verilog source files, in compilation order. */
  files: readonly string[];
  /** `+define+NAME=VALUE` macros. */
  defines?: Readonly<Record<string, string>>;
  /** Build with `--trace` so `$dumpfile`/`$dumpvars` (or the C++ main's VerilatedVcdC) write a VCD. */
  trace?: boolean;
  /**
   * A C++ main of our own (file path): the model is built with `--cc --exe --build` around it instead of `--binary`
   * (which makes a main that runs the Verilog testbench's initial blocks, with `--timing`).
   */
  cppMain?: string;
  /** Environment for tool lookup and the build (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  /** Cache root (default: {@link cacheRoot}). */
  cacheDir?: string;
  /** Build timeout (default 10 minutes). */
  timeoutMs?: number;
}

/** A built simulation executable. */
export interface VerilatorBuild {
  /** Absolute path of the executable. */
  binary: string;
  /** Cache key of the build. */
  key: string;
  /** True when the executable came from the cache. */
  cached: boolean;
  /** Time spent in this call (near zero on a cache hit). */
  buildMs: number;
}

/**
 * Flags of every simulation build: deterministic zero for X, Verilator -O3, g++ -O2,
 * single-threaded model (the Verilator 5 default), two parallel C++ compile jobs.
 */
const BUILD_FLAGS = [
  '-O3',
  // Verilator 5.006's wide-expression expansion miscomputes `c ? {93'b0, x} : 94'h1fffffffff` (the low word comes out
  // as the other arm's): found by the differential fuzzer, test/sim/fuzz/regressions.test.ts
  '-fno-expand',
  '--x-assign', '0',
  '--x-initial', '0',
  '-j', '2',
  '-MAKEFLAGS', 'OPT_FAST=-O2',
  '-MAKEFLAGS', 'OPT_SLOW=-O1',
  '-MAKEFLAGS', 'OPT_GLOBAL=-O2',
] as const;

function defineArgs(defines: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(defines ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? `+define+${k}` : `+define+${k}=${v}`));
}

/**
 * Builds (or fetches from the cache) a Verilator `--binary` executable of `top`.
 * The key covers the sources' names and contents, the flags and the Verilator version,
 * so an unchanged design is never rebuilt. ccache is used when installed.
 * @throws ToolMissingError when verilator is absent; SimulatorError quoting Verilator on failure.
 */
export async function buildVerilator(opts: VerilatorBuildOptions): Promise<VerilatorBuild> {
  const start = performance.now();
  const env = opts.env ?? process.env;
  const version = await toolVersion('verilator', env);
  const args = [
    ...(opts.cppMain !== undefined ? ['--cc', '--exe', '--build'] : ['--binary']),
    ...BUILD_FLAGS,
    ...(opts.trace === true ? ['--trace'] : []),
    ...defineArgs(opts.defines),
    '--top-module', opts.top,
  ];
  const sources = [...opts.files, ...(opts.cppMain !== undefined ? [opts.cppMain] : [])].map((f) => path.resolve(f));
  const key = hashParts(['verilator', version, ...args, ...(await sourceParts(sources))]);
  const exe = `V${opts.top}`;
  const entry = await cachedBuild(
    'verilator',
    key,
    async (tmp) => {
      const obj = path.join(tmp, 'obj');
      await mkdir(obj);
      const ccache = lookupTool('ccache', env);
      const buildEnv: NodeJS.ProcessEnv = { ...env };
      if (ccache !== undefined) {
        buildEnv.OBJCACHE = ccache;
        buildEnv.CCACHE_BASEDIR = tmp;
      }
      const exec: ExecOptions = { cwd: tmp, env: buildEnv, timeoutMs: opts.timeoutMs ?? 10 * 60 * 1000 };
      await runTool('verilator', [...args, '-Mdir', obj, ...sources], exec);
      await copyFile(path.join(obj, exe), path.join(tmp, exe));
      await rm(obj, { recursive: true, force: true });
    },
    opts.cacheDir ?? cacheRoot(env),
  );
  return { binary: path.join(entry.dir, exe), key, cached: entry.hit, buildMs: performance.now() - start };
}

/** One Verilator lint warning. */
export interface LintWarning {
  /** Warning code, e.g. `WIDTH`, `UNUSEDSIGNAL`. */
  code: string;
  /** Source file ('' when Verilator gives no location). */
  file: string;
  /** 1-based line (0 when unknown). */
  line: number;
  /** 1-based column (0 when unknown). */
  column: number;
  message: string;
}

const WARNING_LINE = /^%Warning-([A-Z0-9_]+):\s*(?:(.+?):(\d+):(?:(\d+):)?\s+)?(.*)$/;

/** Parses the `%Warning-CODE: file:line:col: message` lines of Verilator output. */
export function parseVerilatorWarnings(output: string): LintWarning[] {
  const out: LintWarning[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = WARNING_LINE.exec(raw);
    if (m === null) continue;
    out.push({
      code: m[1]!,
      file: m[2] ?? '',
      line: m[3] !== undefined ? Number(m[3]) : 0,
      column: m[4] !== undefined ? Number(m[4]) : 0,
      message: m[5]!.trim(),
    });
  }
  return out;
}

/**
 * Lints a design with `verilator --lint-only -Wall` (no waivers). `timing` adds
 * `--timing`, needed for sources with `#` delays such as the generated testbench.
 * @returns every warning, parsed; an empty list for a clean design.
 * @throws SimulatorError quoting Verilator when it reports an error (syntax, missing module, ...).
 */
export async function lintVerilator(
  files: readonly string[],
  top: string,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; timing?: boolean } = {},
): Promise<LintWarning[]> {
  // -Wno-fatal only keeps the exit status at 0 for warnings; every warning is still reported.
  const args = [
    '--lint-only', '-Wall', '-Wno-fatal',
    ...(opts.timing === true ? ['--timing'] : []),
    '--top-module', top,
    ...files.map((f) => path.resolve(f)),
  ];
  const r = await runTool('verilator', args, { env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 120_000 });
  const output = `${r.stderr}\n${r.stdout}`;
  if (/^%Error/m.test(output)) {
    throw new SimulatorError('verilator lint reported errors', ['verilator', ...args], 0, output);
  }
  return parseVerilatorWarnings(output);
}
