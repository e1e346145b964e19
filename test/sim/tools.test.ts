import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parallel, relevantLines, SimulatorError } from '../../sim/exec.ts';
import { runIcarus, runVerilator, type Stimulus } from '../../sim/harness.ts';
import { buildIcarus, runVvp } from '../../sim/icarus.ts';
import { yosysCheck } from '../../sim/lint.ts';
import { findTool, lookupTool, ToolMissingError } from '../../sim/tools.ts';
import { scratchDir, writeDesign } from './designs.ts';

const BROKEN = `module broken (
  input [3:0] a,
  output [3:0] y
);
  assign y = a +;
endmodule
`;

function brokenStim(files: string[]): Stimulus {
  return {
    top: 'broken',
    files,
    ports: [
      { name: 'a', width: 4, signed: false, dir: 'input' },
      { name: 'y', width: 4, signed: false, dir: 'output' },
    ],
    cycles: [{ a: 1n }],
  };
}

describe('tools', () => {
  it('finds the installed tools', () => {
    for (const t of ['verilator', 'iverilog', 'vvp', 'yosys'] as const) expect(path.isAbsolute(findTool(t))).toBe(true);
  });

  it('raises ToolMissingError naming the tool and the fix when PATH lacks it', async () => {
    const empty = await scratchDir('hwgen-nopath-');
    const env = { ...process.env, PATH: empty };
    expect(lookupTool('yosys', env)).toBeUndefined();
    expect(() => findTool('yosys', env)).toThrow(ToolMissingError);
    const files = await writeDesign({ 'broken.v': BROKEN });
    const err = await runVerilator(brokenStim(files), { env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolMissingError);
    expect((err as Error).message).toMatch(/verilator not found/);
    expect((err as Error).message).toContain('make setup');
    expect((err as Error).message).toContain('apt-get install -y verilator');
    await expect(runIcarus(brokenStim(files), { env })).rejects.toThrow(/vvp not found.*apt-get install -y iverilog/);
    await expect(yosysCheck(files, 'broken', { env })).rejects.toThrow(ToolMissingError);
  });
});

describe('exec', () => {
  it('a compile error quotes the simulator message and the command line', async () => {
    const cacheDir = await scratchDir('hwgen-cache-');
    const files = await writeDesign({ 'broken.v': BROKEN });
    const ic = await runIcarus(brokenStim(files), { cacheDir }).catch((e: unknown) => e);
    expect(ic).toBeInstanceOf(SimulatorError);
    expect((ic as Error).message).toMatch(/broken\.v:5: syntax error/);
    expect((ic as Error).message).toMatch(/command: \S*iverilog -g2005/);
    const vl = await runVerilator(brokenStim(files), { cacheDir }).catch((e: unknown) => e);
    expect(vl).toBeInstanceOf(SimulatorError);
    expect((vl as Error).message).toMatch(/%Error: \S*broken\.v:5:\d+: syntax error/);
    expect((vl as Error).message).toMatch(/command: \S*verilator --cc --exe --build/);
  });

  it('kills a run at its timeout and says so', async () => {
    const cacheDir = await scratchDir('hwgen-cache-');
    const files = await writeDesign({ 'spin.v': 'module spin;\n  initial forever #1;\nendmodule\n' });
    const b = await buildIcarus({ top: 'spin', files, cacheDir });
    await expect(runVvp(b.vvp, [], { timeoutMs: 300 })).rejects.toThrow(/vvp timed out after 300 ms[\s\S]*command: \S*vvp -n/);
  });

  it('relevantLines keeps error lines and their context', () => {
    const text = ['noise 1', 'noise 2', 'x.v:3: syntax error', '  detail', 'noise 3'].join('\n');
    expect(relevantLines(text)).toContain('x.v:3: syntax error\n  detail');
  });

  it('parallel keeps order and respects the limit', async () => {
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + ((i * 7) % 11)));
      running--;
      return i * i;
    });
    expect(await parallel(tasks, 3)).toEqual(tasks.map((_, i) => i * i));
    expect(peak).toBe(3);
    await expect(parallel([async () => 1, async () => { throw new Error('boom'); }], 2)).rejects.toThrow('boom');
  });
});
