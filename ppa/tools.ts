/**
 * The PPA flow's external tools and data files beyond the simulation layer's: OpenSTA, nextpnr-ice40, icepack and the
 * OSU 0.18 µm standard-cell liberty, each with the Debian package that provides it (scripts/setup.sh installs them).
 */
import { statSync } from 'node:fs';
import { lookupExecutable } from '../sim/tools.ts';

/** Tools of the PPA flow (Yosys is found by sim/tools.ts). */
export type PpaTool = 'sta' | 'nextpnr-ice40' | 'icepack';

const PACKAGE: Record<PpaTool, string> = { sta: 'opensta', 'nextpnr-ice40': 'nextpnr-ice40', icepack: 'fpga-icestorm' };

/** A PPA tool or data file is missing; the message names the Debian package (named like sim/tools.ts's error, exit 2). */
export class PpaToolMissingError extends Error {
  override name = 'ToolMissingError';
  constructor(what: string, pkg: string) {
    super(`${what} not found: run \`make setup\`, or \`apt-get install -y ${pkg}\``);
  }
}

/** The tool's path on `env.PATH`, or undefined. */
export function lookupPpaTool(tool: PpaTool, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return lookupExecutable(tool, env);
}

/** A tool argument for sim/exec.ts's runTool. @throws PpaToolMissingError naming the package. */
export function ppaTool(tool: PpaTool, env: NodeJS.ProcessEnv = process.env): { file: string; name: string } {
  const file = lookupPpaTool(tool, env);
  if (file === undefined) throw new PpaToolMissingError(`${tool} (on PATH)`, PACKAGE[tool]);
  return { file, name: tool };
}

/** Where Debian's qflow-tech-osu018 puts the OSU 0.18 µm liberty; HWGEN_LIBERTY overrides it. */
export const OSU018_LIBERTY = '/usr/share/qflow/tech/osu018/osu018_stdcells.lib';

/** The liberty file to map to. @throws PpaToolMissingError naming qflow-tech-osu018 when it is absent. */
export function libertyPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.HWGEN_LIBERTY ?? OSU018_LIBERTY;
  try {
    if (statSync(file).isFile()) return file;
  } catch {
    /* reported below */
  }
  throw new PpaToolMissingError(`liberty ${file}`, 'qflow-tech-osu018');
}
