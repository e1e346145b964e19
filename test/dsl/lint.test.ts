/**
 * Every example design passes `verilator --lint-only -Wall` with zero warnings and the Yosys structural check
 * (hierarchy, proc, check, synth: no latches, no undriven nets, no multiple drivers), run in parallel on two cores.
 * The 4096-bit design gets coarse-grain synthesis only (test/helpers/yosys.ts), with the same checks.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, writeVerilog } from '../../dsl/index.js';
import { yosysCheck, type YosysReport } from '../../sim/lint.ts';
import { lintVerilator, type LintWarning } from '../../sim/verilator.ts';
import { parallel } from '../../sim/exec.ts';
import { scratchDir } from '../helpers/tmp.ts';
import { yosysCoarseCheck } from '../helpers/yosys.ts';
import { EXAMPLES } from './designs.ts';

interface Result {
  files: string[];
  top: string;
  coarse: boolean;
  warnings?: LintWarning[];
  yosys?: YosysReport;
  error?: unknown;
}

const results = new Map<string, Result>();

beforeAll(async () => {
  const dir = await scratchDir('hwgen-lint-');
  for (const ex of EXAMPLES) {
    const c = compile(ex.def, ex.params);
    const files = writeVerilog(path.join(dir, ex.name), ex.name, c.verilog);
    results.set(ex.name, { files, top: c.verilog.top, coarse: ex.coarse === true });
  }
  // the slow coarse check of the wide design first, so the rest runs beside it
  const order = [...results.values()].sort((a, b) => Number(b.coarse) - Number(a.coarse));
  const tasks = order.flatMap((r) => [
    async () => {
      r.warnings = await lintVerilator(r.files, r.top);
    },
    async () => {
      if (r.coarse) await yosysCoarseCheck(r.files, r.top);
      else r.yosys = await yosysCheck(r.files, r.top);
    },
  ]);
  // collect each failure on its design instead of failing the whole batch
  await parallel(
    tasks.map((t, i) => () => t().catch((e: unknown) => void (order[Math.floor(i / 2)]!.error ??= e))),
    2,
  );
}, 300_000);

describe('example designs are lint-clean and synthesise without latches or undriven nets', () => {
  it.each(EXAMPLES.map((e) => e.name))('%s', (name) => {
    const r = results.get(name)!;
    if (r.error) throw r.error;
    expect(r.warnings).toEqual([]);
    if (r.coarse) return; // yosysCoarseCheck asserts its checks itself
    expect(r.yosys!.latches).toEqual([]);
    expect(r.yosys!.problems).toEqual([]);
    expect(Object.keys(r.yosys!.cells).filter((c) => /LATCH/i.test(c))).toEqual([]);
    expect(r.yosys!.totalCells).toBeGreaterThan(0);
  });
});

describe('the coarse Yosys check is not vacuous', () => {
  it.each([
    ['a latch', 'module bad (input en, input [3:0] d, output reg [3:0] q);\n  always @(*) if (en) q = d;\nendmodule\n'],
    ['an undriven net', 'module bad (input [3:0] a, output [3:0] y);\n  wire [3:0] w;\n  assign y = a & w;\nendmodule\n'],
  ])('rejects %s', async (_what, text) => {
    const dir = await scratchDir('hwgen-lint-neg-');
    const f = path.join(dir, 'bad.v');
    await writeFile(f, text);
    await expect(yosysCoarseCheck([f], 'bad')).rejects.toThrow(/yosys exited/);
  });
});
