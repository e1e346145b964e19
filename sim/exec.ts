/**
 * Running external tools: one helper around execa (argument arrays only, never a
 * shell string), a per-run timeout, errors that quote the tool's own output, and a
 * small concurrency limiter for independent runs.
 */
import os from 'node:os';
import { execa } from 'execa';
import { findTool, type ToolName } from './tools.ts';

/** Options of one tool run. */
export interface ExecOptions {
  /** Working directory. */
  cwd?: string;
  /** Full environment of the child (default: the process environment); PATH is also used to find the tool. */
  env?: NodeJS.ProcessEnv;
  /** Kill the run after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

/** Result of a successful run. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Wall-clock duration of the run. */
  ms: number;
}

/** A tool exited with a non-zero status, was killed, or timed out. */
export class SimulatorError extends Error {
  /** The command line, program first. */
  readonly command: string[];
  /** Exit status, when the tool exited by itself. */
  readonly exitCode: number | undefined;
  /** The tool's complete stdout and stderr, interleaved. */
  readonly output: string;
  constructor(summary: string, command: string[], exitCode: number | undefined, output: string) {
    const excerpt = relevantLines(output);
    super(
      `${summary}\n  command: ${formatCommand(command)}` +
        (excerpt === '' ? '' : `\n${excerpt.replace(/^/gm, '  | ')}`),
    );
    this.name = 'SimulatorError';
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const KEY_LINE =
  /error|warning|syntax|fatal|undefined|unknown|not found|cannot|can't|unable|assert|problem|latch|HWGEN-TB/i;

/**
 * Trims a tool's output to the lines that matter: every line that looks like an
 * error or warning plus a few lines of its context; the tail when nothing matches.
 */
export function relevantLines(output: string, maxLines = 40): string {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (KEY_LINE.test(line)) for (let j = i; j < Math.min(i + 5, lines.length); j++) keep.add(j);
  });
  const picked =
    keep.size === 0 ? lines.slice(-20) : [...keep].sort((a, b) => a - b).map((i) => lines[i]!);
  if (picked.length <= maxLines) return picked.join('\n');
  return [...picked.slice(0, maxLines), `... (${picked.length - maxLines} more lines)`].join('\n');
}

/** Renders a command line for messages, quoting arguments that need it. */
export function formatCommand(command: readonly string[]): string {
  return command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Runs a tool found on PATH with an argument array.
 * @throws ToolMissingError when the tool is not installed.
 * @throws SimulatorError on a non-zero exit, a signal or a timeout, quoting the tool's output.
 */
export async function runTool(tool: ToolName | { file: string; name: string }, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const env = opts.env ?? process.env;
  const file = typeof tool === 'string' ? findTool(tool, env) : tool.file;
  const name = typeof tool === 'string' ? tool : tool.name;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const start = performance.now();
  const r = await execa(file, args, {
    cwd: opts.cwd,
    env,
    extendEnv: false,
    timeout: timeoutMs,
    reject: false,
    all: true,
    stdin: 'ignore',
    stripFinalNewline: false,
  });
  const ms = performance.now() - start;
  const command = [file, ...args];
  const all = typeof r.all === 'string' ? r.all : '';
  if (r.timedOut) throw new SimulatorError(`${name} timed out after ${timeoutMs} ms`, command, undefined, all);
  if (r.failed) {
    const how = r.exitCode !== undefined ? `exited with status ${r.exitCode}` : `was killed (${r.signal ?? r.message})`;
    throw new SimulatorError(`${name} ${how}`, command, r.exitCode, all === "" ? (r.message ?? "") : all);
  }
  return { stdout: String(r.stdout), stderr: String(r.stderr), ms };
}

const versions = new Map<string, Promise<string>>();

/** The first line of `<tool> --version` (`-V` for Icarus), memoised per executable. */
export function toolVersion(tool: 'verilator' | 'iverilog' | 'yosys', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = findTool(tool, env);
  let v = versions.get(file);
  if (v === undefined) {
    const flag = tool === 'iverilog' ? '-V' : '--version';
    v = execa(file, [flag], { env, extendEnv: false, reject: false, timeout: 30_000 }).then((r) => {
      const line = String(r.stdout).split('\n')[0]?.trim() ?? '';
      if (line === '') throw new SimulatorError(`${tool} ${flag} printed nothing`, [file, flag], r.exitCode, String(r.stderr ?? ""));
      return line;
    });
    versions.set(file, v);
    v.catch(() => versions.delete(file));
  }
  return v;
}

/**
 * Runs independent asynchronous tasks with at most `limit` in flight.
 * @returns the results in task order; rejects with the first failure (after all started tasks settle).
 */
export async function parallel<T>(tasks: ReadonlyArray<() => Promise<T>>, limit = os.cpus().length): Promise<T[]> {
  if (!(limit >= 1)) throw new RangeError(`parallel: limit must be >= 1, got ${limit}`);
  const results = new Array<T>(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (failure === undefined && next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
