/** Every example design compiles without warnings, passes `verilator --lint-only -Wall` and `yosys check`. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { compile, writeVerilog } from '../../dsl/index.js';
import { examples } from '../../examples/index.js';
import { lintVerilator } from '../../sim/verilator.ts';
import { yosysCheck } from '../../sim/lint.ts';
import { parallel } from '../../sim/exec.ts';
import { scratchDir } from '../helpers/tmp.ts';

describe('examples', () => {
  it('has unique, folder-safe names', () => {
    const names = examples.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(names).toEqual(expect.arrayContaining(['mesh', 'counter', 'fifo', 'deserializer', 'sine_rom', 'sat_add', 'arbiter']));
  });

  it('all lint clean (verilator -Wall) and pass yosys check, in one batch', async () => {
    const root = await scratchDir('hwgen-examples-');
    const designs = examples.map((e) => {
      const c = compile(e.def, e.params);
      expect(c.ir.warnings, `${e.name}: elaboration warnings`).toEqual([]);
      const dir = path.join(root, e.name);
      writeVerilog(dir, e.name, c.verilog);
      return { name: e.name, top: c.verilog.top, files: [...c.verilog.files.keys()].map((f) => path.join(dir, f)) };
    });
    const results = await parallel(
      designs.map((d) => async () => {
        const [warnings, report] = await Promise.all([
          lintVerilator(d.files, d.top),
          yosysCheck(d.files, d.top).catch((e: unknown) => (e instanceof Error ? e.message : String(e))),
        ]);
        return { name: d.name, warnings: warnings.map((w) => `${w.code} ${path.basename(w.file)}:${w.line} ${w.message}`), report };
      }),
    );
    for (const r of results) {
      expect(r.warnings, `${r.name}: verilator warnings`).toEqual([]);
      expect(typeof r.report === 'string' ? r.report : 'clean', `${r.name}: yosys check`).toBe('clean');
      if (typeof r.report !== 'string') expect(r.report.totalCells, `${r.name}: yosys cells`).toBeGreaterThan(0);
    }
  });

  it('the FIFO and ROM examples really use memories, the arbiter flattens Vec/bundle ports', () => {
    const byName = Object.fromEntries(examples.map((e) => [e.name, compile(e.def, e.params).optimized]));
    const top = (n: string) => byName[n]!.modules.find((m) => m.name === byName[n]!.top)!;
    expect(top('fifo').mems.map((m) => [m.depth, m.writes.length])).toEqual([[16, 1]]);
    expect(top('sine_rom').mems[0]!.writes).toEqual([]);
    expect(top('sine_rom').mems[0]!.init).toHaveLength(64);
    const ports = top('arbiter').ports.map((p) => p.name);
    expect(ports).toEqual(expect.arrayContaining(['req_0_valid', 'req_3_data', 'req_2_ready', 'out_valid', 'out_ready']));
    expect(byName.mesh!.modules.map((m) => m.name)).toEqual(['mac_pe', 'mac_mesh']);
  });
});
