/** VCD output of the built-in simulator. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineModule, elaborate, In, Out, UInt, Bool, when } from '../../../dsl/index.ts';
import { Mesh } from '../../../examples/mesh.ts';
import { Simulator, runTrace, vcdId } from '../../../sim/builtin/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-builtin-vcd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const Counter = defineModule('counter', { en: In(Bool), count: Out(UInt(4)) }, (m, io) => {
  const c = m.reg('c', UInt(4), { init: 2 });
  when(io.en, () => c.set(c.addw(1)));
  io.count.set(c);
});

describe('vcd', () => {
  it('identifier codes', () => {
    expect(vcdId(0)).toBe('!');
    expect(vcdId(93)).toBe('~');
    expect(vcdId(94)).toBe('!"');
  });

  it('header, scopes and value changes of a counter', () => {
    const file = path.join(dir, 'counter.vcd');
    runTrace(elaborate(Counter, undefined), [{ rst: 1n }, { rst: 0n, en: 1n }, {}, {}], undefined, undefined, { vcd: file });
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('$timescale 1ns $end');
    expect(lines[1]).toBe('$scope module counter $end');
    const idOf = (name: string): string => {
      const l = lines.find((x) => x.startsWith('$var') && x.split(' ')[4] === name);
      expect(l, name).toBeDefined();
      return l!.split(' ')[3]!;
    };
    expect(text).toMatch(/\$var wire 4 \S+ count \[3:0\] \$end/);
    expect(text).toMatch(/\$var wire 1 \S+ clk \$end/);
    expect(text).toMatch(/\$var wire 1 \S+ rst \$end/);
    // count and c share one value source, hence one identifier
    expect(idOf('count')).toBe(idOf('c'));
    expect(text).toContain('$enddefinitions $end\n#0\n$dumpvars\n');
    const cnt = idOf('count');
    const clk = idOf('clk');
    // time 1: reset edge loads 2; edges of cycles 1, 2, 3 count 3, 4, 5; clk toggles
    const at = (t: number): string => text.slice(text.indexOf(`#${t}\n`) + `#${t}\n`.length).split('#')[0]!;
    expect(at(1)).toContain(`b10 ${cnt}\n`);
    expect(at(1)).toContain(`1${clk}\n`);
    expect(at(2)).toContain(`0${clk}\n`);
    expect(at(3)).toContain(`b11 ${cnt}\n`);
    expect(at(5)).toContain(`b100 ${cnt}\n`);
    expect(at(7)).toContain(`b101 ${cnt}\n`);
    expect(text.trimEnd().endsWith('#8')).toBe(false); // no empty time stamps
  });

  it('hierarchical scopes and deterministic output', () => {
    const d = elaborate(Mesh, { n: 2, aw: 8, accw: 32 });
    const texts = [0, 1].map((k) => {
      const file = path.join(dir, `mesh${k}.vcd`);
      const sim = new Simulator(d, { vcd: file });
      sim.poke('a_0', -3);
      sim.poke('b_0', 5);
      sim.step(2);
      sim.close();
      return readFileSync(file, 'utf8');
    });
    expect(texts[0]).toBe(texts[1]);
    const t = texts[0]!;
    expect(t).toContain('$scope module mac_mesh $end');
    expect(t).toMatch(/\$scope module pe_1_1 \$end\n(\$var [^\n]+\n)+\$upscope \$end/);
    expect(t).toMatch(/\$var wire 32 \S+ acc_q \[31:0\] \$end/);
    // prod of pe_0_0 = -15 as a 16-bit pattern
    expect(t).toContain(`b${(65536 - 15).toString(2)} `);
  });
});
