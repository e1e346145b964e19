/** The built-in simulator on DSL designs: registers, resets, memories, hierarchy, runTrace. */
import { describe, expect, it } from 'vitest';
import { defineModule, elaborate, optimize, In, Out, UInt, SInt, Bool, when } from '../../../dsl/index.ts';
import { Mesh } from '../../../examples/mesh.ts';
import { Simulator, runTrace } from '../../../sim/builtin/index.ts';

const Counter = defineModule('counter', { en: In(Bool), count: Out(UInt(8)) }, (m, io) => {
  const c = m.reg('c', UInt(8), { init: 5 });
  when(io.en, () => c.set(c.addw(1)));
  io.count.set(c);
});

describe('registers', () => {
  it('counter with enable and sync reset, wrapping at 8 bits', () => {
    for (const d of [elaborate(Counter, undefined), optimize(elaborate(Counter, undefined))]) {
      const sim = new Simulator(d);
      expect(sim.peek('count')).toBe(0n); // registers start at 0, not at their reset value
      sim.poke('rst', 1);
      expect(sim.peek('count')).toBe(0n); // sync reset acts on the edge only
      sim.step();
      expect(sim.peek('count')).toBe(5n);
      sim.poke('rst', 0);
      sim.step(3);
      expect(sim.peek('c')).toBe(5n); // en = 0 holds
      sim.poke('en', 1);
      let want = 5;
      for (let i = 0; i < 300; i++) {
        expect(sim.peek('count')).toBe(BigInt(want));
        sim.step();
        want = (want + 1) % 256;
      }
      sim.poke('rst', 1);
      sim.step();
      expect(sim.peek('count')).toBe(5n);
    }
  });

  it('register enable and reset none', () => {
    const R = defineModule('regs', { d: In(SInt(12)), en: In(Bool), qs: Out(SInt(12)), qn: Out(SInt(12)) }, (m, io) => {
      io.qs.set(m.regNext('rs', io.d, { init: -3, enable: io.en }));
      io.qn.set(m.regNext('rn', io.d, { reset: 'none' }));
    });
    const tr = runTrace(elaborate(R, undefined), [{ d: 100n, en: 1n }, { d: -200n }, { rst: 1n, d: 9n }, { rst: 0n }, { d: 11n, en: 0n }, { d: 12n }]);
    // samples are taken before each edge
    expect(tr.qs).toEqual([0n, 100n, -200n, -3n, 9n, 9n]); // en stays 1 in cycle 3, then 0 holds
    expect(tr.qn).toEqual([0n, 100n, -200n, 9n, 9n, 11n]);
  });

  it('async reset: the reset value shows as soon as rst is 1 and holds while it is', () => {
    const R = defineModule('aregs', { d: In(SInt(40)), qa: Out(SInt(40)) }, (m, io) => {
      io.qa.set(m.regNext('ra', io.d, { init: -7, reset: 'async' }));
    });
    const tr = runTrace(elaborate(R, undefined), [{ d: 100n }, { d: -200n }, { rst: 1n, d: 9n }, { d: 10n }, { rst: 0n }, { d: 11n }, { d: 12n }]);
    expect(tr.qa).toEqual([0n, 100n, -7n, -7n, -7n, 10n, 11n]);
  });
});

describe('memories', () => {
  const Mem = defineModule('memtest', { we: In(Bool), waddr: In(UInt(3)), wdata: In(UInt(40)), raddr: In(UInt(3)), ren: In(Bool), q: Out(UInt(40)), r: Out(UInt(6)), nq: Out(UInt(9)) }, (m, io) => {
    const mem = m.mem('mem', UInt(40), 6);
    when(io.we, () => mem.write(io.waddr, io.wdata));
    io.q.set(mem.read(io.raddr, { en: io.ren, name: 'rd' }));
    const rom = m.rom('rom', UInt(6), [3, 1, 4, 1, 5]);
    io.r.set(rom.read(io.raddr));
    const nm = m.mem('nmem', UInt(9), 8, { init: [7, 8] });
    when(io.we, () => nm.write(io.waddr, io.wdata.slice(8, 0)));
    io.nq.set(nm.read(io.raddr));
  });

  it('read-first, read enable, out-of-range addresses, init, readMem/writeMem', () => {
    const sim = new Simulator(elaborate(Mem, undefined));
    expect(sim.readMem('nmem', 1)).toBe(8n);
    expect(sim.peek('rd')).toBe(0n); // read ports start at 0
    sim.poke('raddr', 1);
    sim.step();
    expect(sim.peek('r')).toBe(1n);
    expect(sim.peek('nq')).toBe(8n);
    // write and read the same address on one edge: the old word is read
    sim.poke('ren', 1);
    sim.poke('we', 1);
    sim.poke('waddr', 1);
    sim.poke('wdata', 0xab_cdef_0123n);
    sim.step();
    expect(sim.peek('q')).toBe(0n);
    expect(sim.peek('nq')).toBe(8n);
    sim.poke('we', 0);
    sim.step();
    expect(sim.peek('q')).toBe(0xab_cdef_0123n);
    expect(sim.peek('nq')).toBe(0x123n);
    expect(sim.readMem('mem', 1)).toBe(0xab_cdef_0123n);
    // read enable low: the port holds
    sim.poke('ren', 0);
    sim.poke('raddr', 2);
    sim.step();
    expect(sim.peek('q')).toBe(0xab_cdef_0123n);
    expect(sim.peek('r')).toBe(4n);
    // out of range: depth 6 / 5; writes ignored, reads give 0
    sim.poke('we', 1);
    sim.poke('waddr', 7);
    sim.poke('ren', 1);
    sim.poke('raddr', 6);
    sim.step();
    expect(sim.peek('q')).toBe(0n);
    expect(sim.peek('r')).toBe(0n);
    expect(sim.peek('nq')).toBe(0n);
    for (let a = 0; a < 6; a++) expect(sim.readMem('mem', a)).toBe(a === 1 ? 0xab_cdef_0123n : 0n);
    expect(sim.readMem('nmem', 7)).toBe(0x123n); // nmem has depth 8: address 7 is in range
    sim.writeMem('mem', 5, 77n);
    sim.poke('we', 0);
    sim.poke('raddr', 5);
    sim.step();
    expect(sim.peek('q')).toBe(77n);
  });
});

/** C = A * B with the mesh: row r of A enters a_r skewed by r cycles, column c of B enters b_c skewed by c. */
function meshProduct(n: number, A: number[][], B: number[][], optimized: boolean): { C: bigint[][]; sim: Simulator } {
  const e = elaborate(Mesh, { n, aw: 8, accw: 32 });
  const sim = new Simulator(optimized ? optimize(e) : e);
  sim.poke('rst', 1);
  sim.step();
  sim.poke('rst', 0);
  sim.poke('clear', 1);
  const steps = 3 * n;
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < n; i++) {
      const k = t - i;
      sim.poke(`a_${i}`, k >= 0 && k < n ? A[i]![k]! : 0);
      sim.poke(`b_${i}`, k >= 0 && k < n ? B[k]![i]! : 0);
    }
    sim.step();
    sim.poke('clear', 0);
  }
  const C = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => sim.peek(`acc_${r}_${c}`)));
  return { C, sim };
}

describe('hierarchy', () => {
  it('the 3x3 mesh computes a matrix product', () => {
    const n = 3;
    const A = [[1, -2, 3], [-128, 127, 0], [5, 6, -7]];
    const B = [[-1, 2, 100], [127, -128, 3], [0, 9, -50]];
    const want = A.map((row, r) => B[0]!.map((_, c) => BigInt(row.reduce((s, _x, k) => s + A[r]![k]! * B[k]![c]!, 0))));
    for (const opt of [false, true]) {
      const { C, sim } = meshProduct(n, A, B, opt);
      expect(C).toEqual(want);
      // internal signals by hierarchical name
      expect(sim.peek('pe_1_2.acc_q')).toBe(want[1]![2]!);
      expect(sim.signals()).toContain('pe_2_2.prod');
      expect(sim.signals()).toContain('pe_0_1.a_in');
    }
  });

  it('internal signals carry the values their definitions give', () => {
    const { sim } = meshProduct(3, [[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], false);
    sim.poke('a_0', -5);
    sim.poke('b_0', 7);
    sim.poke('b_1', 3);
    expect(sim.peek('pe_0_0.prod')).toBe(-35n);
    expect(sim.peek('pe_0_0.a_in')).toBe(-5n);
    sim.step();
    expect(sim.peek('pe_0_0.a_q')).toBe(-5n);
    expect(sim.peek('pe_0_1.a_in')).toBe(-5n);
    expect(sim.peek('pe_0_1.prod')).toBe(-15n);
  });

  it('reading an internal signal mid-run (the switch to code that keeps every named signal) keeps the state', () => {
    // one simulator reads pe_1_1.prod from cycle 0, the other first at cycle 7: every later cycle must agree
    const d = optimize(elaborate(Mesh, { n: 3, aw: 8, accw: 32 }));
    const early = new Simulator(d);
    const late = new Simulator(d);
    let s = 99;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), (s >> 8) % 256) - 128;
    for (let c = 0; c < 20; c++) {
      const ins: Array<[string, number]> = [['rst', c === 0 ? 1 : 0], ['clear', c < 2 ? 1 : 0]];
      for (let i = 0; i < 3; i++) ins.push([`a_${i}`, rnd()], [`b_${i}`, rnd()]);
      for (const [k, v] of ins) (early.poke(k, v), late.poke(k, v));
      const a = early.peek('pe_1_1.a_in');
      const b = early.peek('pe_1_1.b_in');
      expect(early.peek('pe_1_1.prod')).toBe(a * b);
      if (c >= 7) expect(late.peek('pe_1_1.prod')).toBe(a * b);
      for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) expect(late.peek(`acc_${r}_${k}`)).toBe(early.peek(`acc_${r}_${k}`));
      early.step();
      late.step();
    }
  });

  it('a larger mesh with random int8 matrices', () => {
    const n = 6;
    let s = 12345;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), (s >> 8) % 256) - 128;
    const A = Array.from({ length: n }, () => Array.from({ length: n }, rnd));
    const B = Array.from({ length: n }, () => Array.from({ length: n }, rnd));
    const want = A.map((_, r) => B.map((_, c) => BigInt(A[r]!.reduce((acc, _x, k) => acc + A[r]![k]! * B[k]![c]!, 0))));
    expect(meshProduct(n, A, B, true).C).toEqual(want);
  });
});
