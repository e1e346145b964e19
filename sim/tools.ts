/**
 * Locating the external EDA tools (Verilator, Icarus, Yosys, ccache) on PATH.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** External tools the simulation layer knows how to use. */
export type ToolName = 'verilator' | 'iverilog' | 'vvp' | 'yosys' | 'ccache' | 'make';

/** Debian package that provides each tool. */
const PACKAGE: Record<ToolName, string> = {
  verilator: 'verilator',
  iverilog: 'iverilog',
  vvp: 'iverilog',
  yosys: 'yosys',
  ccache: 'ccache',
  make: 'make',
};

/** Raised when a required tool is not on PATH; the message says how to install it. */
export class ToolMissingError extends Error {
  readonly tool: ToolName;
  constructor(tool: ToolName) {
    super(
      `${tool} not found on PATH: run \`make setup\`, or \`apt-get install -y ${PACKAGE[tool]}\``,
    );
    this.name = 'ToolMissingError';
    this.tool = tool;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Looks a tool up on `env.PATH` (default: the process environment).
 * @returns the absolute path, or undefined when it is absent.
 */
export function lookupTool(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return lookupExecutable(tool, env);
}

/** Looks any executable up on `env.PATH` (for tools outside {@link ToolName}, e.g. the PPA flow's). */
export function lookupExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const file = path.resolve(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/**
 * Finds a required tool on `env.PATH`.
 * @throws ToolMissingError naming the tool and the fix when it is absent.
 */
export function findTool(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const file = lookupTool(tool, env);
  if (file === undefined) throw new ToolMissingError(tool);
  return file;
}
