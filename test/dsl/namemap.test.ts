/**
 * The emitter's name map: the IR keeps the designer's names (a memory 'table', an instance 'begin', a wire 'reg'),
 * the Verilog backend alone spells them legally (`table_`, `begin_`, `reg_`) and says so in `verilog.names`;
 * memory preloads given by IR path reach the right memory in all three simulators through it, and a memory the text
 * no longer has (legalisation left nothing reading it) is loaded where it exists and skipped where it does not.
 */
import { describe, expect, it } from 'vitest';
import { compile, defineModule, verilogMemPath, In, Out, UInt } from '../../dsl/index.js';
import { simulate, SIM_NAMES } from '../../sim/simulate.ts';
import type { Preload } from '../../sim/types.ts';

const Child = defineModule('nm_child', { addr: In(UInt(3)), q: Out(UInt(8)) }, (m, io) => {
  const t = m.mem('table', UInt(8), 6);
  io.q.set(t.read(io.addr));
});

const Top = defineModule('nm_top', { addr: In(UInt(3)), q: Out(UInt(8)), k: Out(UInt(8)), z: Out(UInt(8)) }, (m, io) => {
  const u = m.instance('begin', Child, undefined);
  u.addr.set(io.addr);
  io.q.set(u.q);
  io.k.set(m.named('reg', u.q.xor(0x5a)));
  // a memory read only into x - x: the optimizer keeps it, legalisation folds x - x to 0 and the memory goes
  const buf = m.mem('buf', UInt(8), 4);
  const r = buf.read(io.addr.trunc(2));
  io.z.set(r.subw(r));
});

describe('the name map', () => {
  const c = compile(Top, undefined);
  const top = c.optimized.modules.find((x) => x.name === 'nm_top')!;
  const child = c.optimized.modules.find((x) => x.name === 'nm_child')!;
  const names = c.verilog.names;

  it('the IR keeps the designer names; the map gives the Verilog names', () => {
    expect(c.ir.warnings).toEqual([]);
    expect(child.mems.map((x) => x.name)).toEqual(['table']);
    expect(top.instances.map((x) => x.name)).toEqual(['begin']);
    expect(top.mems.map((x) => x.name)).toEqual(['buf']);
    expect(names.get('nm_child')!.mems).toEqual(['table_']);
    expect(names.get('nm_top')!.instances).toEqual(['begin_']);
    expect(names.get('nm_top')!.mems).toEqual([undefined]);
    expect(names.get('nm_top')!.nodes[top.nodes.findIndex((n) => n.name === 'reg')]).toBe('reg_');
    // ports keep their names
    for (const p of top.ports) expect(names.get('nm_top')!.nodes[p.node]).toBe(p.name);
  });

  it('the map agrees with the text', () => {
    const childV = c.verilog.files.get('nm_child.v')!;
    const topV = c.verilog.files.get('nm_top.v')!;
    expect(childV).toMatch(/^ {2}reg \[7:0\] table_ \[0:5\];/m);
    expect(topV).toMatch(/^ {2}nm_child begin_ \(/m);
    expect(topV).toMatch(/^ {2}wire \[7:0\] reg_ = /m);
    expect(topV).not.toMatch(/\bbuf\b/);
  });

  it('memory paths resolve through it', () => {
    expect(verilogMemPath(c.optimized, names, 'begin.table')).toBe('begin_.table_');
    expect(verilogMemPath(c.optimized, names, 'buf')).toBeUndefined();
    expect(() => verilogMemPath(c.optimized, names, 'u0.table')).toThrow("no instance 'u0' on the path 'u0.table'; instances: begin");
    expect(() => verilogMemPath(c.optimized, names, 'begin.tab')).toThrow("no memory 'tab' on the path 'begin.tab' (in module 'nm_child'); memories: table");
  });

  it('preloads by IR path give the same trace in builtin, Icarus and Verilator', async () => {
    const words = [17n, 250n, 3n, 128n, 99n, 64n];
    const preload: Preload[] = [
      { path: 'begin.table', words, width: 8 },
      { path: 'buf', words: [1n, 2n, 3n, 4n], width: 8 },
    ];
    const addrs = [0n, 1n, 2n, 3n, 4n, 5n, 3n, 1n, 0n];
    const cycles = addrs.map((addr) => ({ addr }));
    const traces = await Promise.all(
      SIM_NAMES.map(async (sim) => (await simulate(sim, { design: c.optimized, verilog: c.verilog, cycles, sample: ['q', 'k', 'z'], preload })).trace),
    );
    // synchronous read: cycle i shows the word addressed in cycle i-1
    const want = addrs.slice(0, -1).map((a) => words[Number(a)]!);
    for (const [i, t] of traces.entries()) {
      expect(t.q!.slice(1), SIM_NAMES[i]).toEqual(want);
      expect(t.k!.slice(1), SIM_NAMES[i]).toEqual(want.map((w) => w ^ 0x5an));
      expect(t.z, SIM_NAMES[i]).toEqual(addrs.map(() => 0n));
    }
  }, 120_000);
});
