/**
 * The same design gives byte-identical Verilog: twice in one process (also with other designs compiled in between,
 * so no cache or counter leaks between elaborations), written to two folders, and in a fresh child process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { compile, writeVerilog } from '../../dsl/index.js';
import { digest } from '../helpers/verilog-digest.ts';
import { scratchDir } from '../helpers/tmp.ts';
import { DETERMINISM_DESIGNS } from './determinism.designs.ts';
import { EXAMPLES } from './designs.ts';

function readAll(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));
}

describe.each(Object.keys(DETERMINISM_DESIGNS))('%s', (name) => {
  const d = DETERMINISM_DESIGNS[name]!;

  it('compiles to identical text twice, with other designs elaborated in between', () => {
    const first = compile(d.def, d.params);
    for (const ex of EXAMPLES) compile(ex.def, ex.params);
    const second = compile(d.def, d.params);
    expect([...second.verilog.files.keys()]).toEqual([...first.verilog.files.keys()]);
    for (const [f, t] of first.verilog.files) expect(second.verilog.files.get(f), f).toBe(t);
    expect(second.verilog.filelist).toBe(first.verilog.filelist);
    expect(JSON.stringify(second.optimized)).toBe(JSON.stringify(first.optimized));
    expect(first.ir.modules.length).toBeGreaterThan(1);
  });

  it('writes identical bytes to two folders', async () => {
    const root = await scratchDir('hwgen-determinism-');
    writeVerilog(path.join(root, 'one'), name, compile(d.def, d.params).verilog);
    writeVerilog(path.join(root, 'two'), name, compile(d.def, d.params).verilog);
    const one = readAll(path.join(root, 'one'));
    const two = readAll(path.join(root, 'two'));
    expect(Object.keys(two)).toEqual(Object.keys(one));
    for (const f of Object.keys(one)) expect(two[f]!.equals(one[f]!), f).toBe(true);
  });

  it('gives the same bytes in a fresh process', async () => {
    const here = digest(compile(d.def, d.params).verilog);
    const r = await execa('node', ['--import', 'tsx', 'test/helpers/verilog-digest.ts', name], { cwd: process.cwd() });
    expect(r.stdout.trim()).toBe(here);
  });
});

it('the mixed design really has two parameterisations of one definition, memories and instances', () => {
  const c = compile(DETERMINISM_DESIGNS.everything!.def, undefined);
  const names = c.optimized.modules.map((m) => m.name);
  expect(names.filter((n) => n.startsWith('lane_')).length).toBe(2);
  expect(c.optimized.modules.some((m) => m.mems.length >= 2)).toBe(true);
  expect(c.verilog.files.size).toBe(names.length);
});
