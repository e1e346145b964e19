/**
 * Icarus Verilog: cached `iverilog -g2005` compilation and `vvp` runs.
 */
import path from 'node:path';
import { cachedBuild, cacheRoot, hashParts, sourceParts } from './cache.ts';
import { runTool, toolVersion, type ExecResult } from './exec.ts';
import { findTool } from './tools.ts';

/** What to compile. */
export interface IcarusBuildOptions {
  /** Top module name (`-s`). */
  top: string;
  /** Verilog source files, in compilation order. */
  files: readonly string[];
  /** `-D NAME=VALUE` macros. */
  defines?: Readonly<Record<string, string>>;
  /** Environment for tool lookup and the compiler (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  /** Cache root (default: {@link cacheRoot}). */
  cacheDir?: string;
  /** Compile timeout (default 5 minutes). */
  timeoutMs?: number;
}

/** A compiled vvp program. */
export interface IcarusBuild {
  /** Absolute path of the compiled `.vvp` file. */
  vvp: string;
  key: string;
  /** True when the program came from the cache. */
  cached: boolean;
  /** Time spent in this call (near zero on a cache hit). */
  buildMs: number;
}

/**
 * Compiles (or fetches from the cache) `iverilog -g2005 -s top` of the sources.
 * @throws ToolMissingError when iverilog or vvp is absent; SimulatorError quoting iverilog on failure.
 */
export async function buildIcarus(opts: IcarusBuildOptions): Promise<IcarusBuild> {
  const start = performance.now();
  const env = opts.env ?? process.env;
  findTool('vvp', env); // fail early: a compiled program is useless without vvp
  const version = await toolVersion('iverilog', env);
  const defines = Object.entries(opts.defines ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([k, v]) => ['-D', v === '' ? k : `${k}=${v}`]);
  const args = ['-g2005', ...defines, '-s', opts.top];
  const key = hashParts(['iverilog', version, ...args, ...(await sourceParts(opts.files))]);
  const entry = await cachedBuild(
    'icarus',
    key,
    async (tmp) => {
      const out = path.join(tmp, `${opts.top}.vvp`);
      await runTool('iverilog', [...args, '-o', out, ...opts.files.map((f) => path.resolve(f))], {
        cwd: tmp,
        env,
        timeoutMs: opts.timeoutMs ?? 5 * 60 * 1000,
      });
    },
    opts.cacheDir ?? cacheRoot(env),
  );
  return { vvp: path.join(entry.dir, `${opts.top}.vvp`), key, cached: entry.hit, buildMs: performance.now() - start };
}

/**
 * Runs a compiled program with `vvp -n` (non-interactive) and the given plusargs.
 * @throws SimulatorError quoting vvp on a non-zero exit or timeout.
 */
export function runVvp(
  vvp: string,
  plusargs: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ExecResult> {
  return runTool('vvp', ['-n', vvp, ...plusargs], {
    env: opts.env ?? process.env,
    timeoutMs: opts.timeoutMs ?? 5 * 60 * 1000,
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
}
