/**
 * A fast Yosys structural check for very wide designs, where the full `synth` of sim/lint.ts (techmap + abc on
 * 4096-bit adders) takes minutes: hierarchy, proc, `check -assert`, coarse-grain synthesis (`synth -run :fine`:
 * opt, wreduce, alumacc, share, memory), `check -assert` again, and no latch cells anywhere.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../../sim/exec.ts';

/** @throws SimulatorError quoting Yosys when a check fails. */
export async function yosysCoarseCheck(files: readonly string[], top: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hwgen-yosys-coarse-'));
  try {
    const script = [
      ...files.map((f) => `read_verilog ${path.resolve(f)}`),
      `hierarchy -check -top ${top}`,
      'proc',
      'check -assert',
      'select -assert-none t:$dlatch t:$adlatch t:$dlatchsr',
      `synth -flatten -top ${top} -run :fine`,
      'check -assert',
      'select -assert-none t:$dlatch t:$adlatch t:$dlatchsr',
    ].join('\n');
    const ys = path.join(dir, 'check.ys');
    await writeFile(ys, script + '\n');
    await runTool('yosys', ['-q', '-s', ys], { cwd: dir, timeoutMs: 5 * 60_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
