import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBoth, runIcarus, runVerilator, type PortSpec, type Stimulus } from '../../sim/harness.ts';
import { ADDER, COUNTER, MEM_BUF, MEM_TOP, scratchDir, writeDesign } from './designs.ts';

/** Deterministic pseudo-random bigints (xorshift64*), independent of the simulators. */
function rng(seed: bigint): (bits: number) => bigint {
  let s = seed;
  const next64 = (): bigint => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffff_ffff_ffff_ffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
  };
  return (bits) => {
    let v = 0n;
    for (let got = 0; got < bits; got += 64) v = (v << 64n) | next64();
    return BigInt.asUintN(bits, v);
  };
}

const inp = (name: string, width = 1, signed = false): PortSpec => ({ name, width, signed, dir: 'input' });
const outp = (name: string, width = 1, signed = false): PortSpec => ({ name, width, signed, dir: 'output' });

describe('harness: both simulators', () => {
  it('counter with sync reset and enable', async () => {
    const files = await writeDesign({ 'counter.v': COUNTER });
    const rand = rng(7n);
    const cycles: Stimulus['cycles'] = [{ rst: 1n }];
    for (let i = 1; i < 600; i++) cycles.push({ rst: i === 450 ? 1n : 0n, en: rand(3) !== 0n ? 1n : 0n });
    // Model: sample, then the clock edge.
    const expected: bigint[] = [];
    let c = 0n; // unknown before the first reset edge; cycle 0 is not compared
    let en = 0n;
    for (const cyc of cycles) {
      en = cyc.en ?? en;
      expected.push(c);
      c = cyc.rst === 1n ? 0n : en === 1n ? (c + 1n) & 0xffn : c;
    }
    const stim: Stimulus = {
      top: 'counter',
      files,
      ports: [inp('clk'), inp('rst'), inp('en'), outp('count', 8)],
      cycles,
    };
    const r = await runBoth(stim);
    expect(r.trace.count!.slice(1)).toEqual(expected.slice(1));
    expect(r.icarus.trace.count!.slice(1)).toEqual(expected.slice(1));
    expect(r.icarus.unknown.count).toEqual([0]); // count is X until the reset edge
    expect(r.verilator.unknown.count).toEqual([]);
    expect(expected.slice(1, 450)).toContain(255n); // wrapped around at least once
    expect(expected[451]).toBe(0n); // second reset took effect
  });

  it('signed 70-bit adder (combinational, no clock)', async () => {
    const files = await writeDesign({ 'adder.v': ADDER });
    const rand = rng(70n);
    const min = -(1n << 69n);
    const max = (1n << 69n) - 1n;
    const pairs: Array<[bigint, bigint]> = [[min, min], [max, max], [min, max], [-1n, 1n], [0n, -1n]];
    for (let i = 0; i < 200; i++) pairs.push([BigInt.asIntN(70, rand(70)), BigInt.asIntN(70, rand(70))]);
    const stim: Stimulus = {
      top: 'adder',
      files,
      ports: [inp('a', 70, true), inp('b', 70, true), outp('sum', 71, true)],
      cycles: pairs.map(([a, b]) => ({ a, b })),
    };
    const r = await runBoth(stim);
    expect(r.trace.sum).toEqual(pairs.map(([a, b]) => a + b));
    expect(r.trace.sum![0]).toBe(2n * min); // negative bigint for a set MSB
    expect(r.icarus.unknown.sum).toEqual([]);
  });

  it('memory with preload, reached by hierarchical path', async () => {
    const files = await writeDesign({ 'buffer.v': MEM_BUF, 'memtop.v': MEM_TOP });
    const rand = rng(12n);
    const words = Array.from({ length: 16 }, () => rand(12));
    const addrs = Array.from({ length: 64 }, () => rand(4));
    const stim: Stimulus = {
      top: 'memtop',
      files,
      ports: [inp('clk'), inp('rst'), inp('addr', 4), outp('q', 12)],
      cycles: addrs.map((addr) => ({ addr })),
      preload: [{ path: 'u_buf.mem', words, width: 12 }],
    };
    const r = await runBoth(stim);
    // Synchronous read: cycle i shows the word addressed in cycle i-1.
    expect(r.trace.q!.slice(1)).toEqual(addrs.slice(0, -1).map((a) => words[Number(a)]));
  });

  it('4096-bit ports, a sample subset and a VCD', async () => {
    const files = await writeDesign({
      'wide.v': `module wide (
  input [4095:0] x,
  output [4095:0] y,
  output [4095:0] z
);
  assign y = x + 4096'd1;
  assign z = ~x;
endmodule
`,
    });
    const rand = rng(4096n);
    const xs = [0n, (1n << 4096n) - 1n, ...Array.from({ length: 20 }, () => rand(4096))];
    const vcdDir = await scratchDir('hwgen-vcd-');
    const stim: Stimulus = {
      top: 'wide',
      files,
      ports: [inp('x', 4096), outp('y', 4096), outp('z', 4096)],
      cycles: xs.map((x) => ({ x })),
      sample: ['y'],
      vcd: path.join(vcdDir, 'wide.vcd'),
    };
    const r = await runBoth(stim);
    expect(Object.keys(r.trace)).toEqual(['y']);
    expect(r.trace.y).toEqual(xs.map((x) => BigInt.asUintN(4096, x + 1n)));
    for (const sim of ['icarus', 'verilator']) {
      expect(await readFile(path.join(vcdDir, `wide.${sim}.vcd`), 'utf8')).toContain('$var');
    }
  });

  it('works with a design that sets its own `timescale', async () => {
    const files = await writeDesign({ 'counter.v': `\`timescale 1ns/1ps\n${COUNTER}` });
    const r = await runBoth({
      top: 'counter',
      files,
      ports: [inp('clk'), inp('rst'), inp('en'), outp('count', 8)],
      cycles: [{ rst: 1n, en: 1n }, { rst: 0n }, {}, {}],
    });
    expect(r.trace.count!.slice(1)).toEqual([0n, 1n, 2n]);
  });

  it('rejects a stimulus driving an unknown input or an oversized value', async () => {
    const files = await writeDesign({ 'adder.v': ADDER });
    const base = { top: 'adder', files, ports: [inp('a', 70, true), inp('b', 70, true), outp('sum', 71, true)] };
    await expect(runIcarus({ ...base, cycles: [{ c: 1n }] })).rejects.toThrow(/'c', which is not an input/);
    await expect(runIcarus({ ...base, cycles: [{ a: 1n << 70n }] })).rejects.toThrow(/does not fit/);
  });
});

describe('harness: Verilator build cache', () => {
  it('an unchanged design is built once, then every new stimulus hits the cache', async () => {
    const cacheDir = await scratchDir('hwgen-cache-');
    const files = await writeDesign({ 'counter.v': COUNTER });
    const ports = [inp('clk'), inp('rst'), inp('en'), outp('count', 8)];
    const first = await runVerilator({ top: 'counter', files, ports, cycles: [{ rst: 1n }, { rst: 0n, en: 1n }, {}] }, { cacheDir });
    const second = await runVerilator({ top: 'counter', files, ports, cycles: [{ rst: 1n }, { rst: 0n, en: 1n }, {}, {}, {}] }, { cacheDir });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.buildMs).toBeLessThan(first.buildMs);
    expect(first.trace.count).toEqual([0n, 0n, 1n]);
    expect(second.trace.count).toEqual([0n, 0n, 1n, 2n, 3n]);
    const ica = await runIcarus({ top: 'counter', files, ports, cycles: [{ rst: 1n }] }, { cacheDir });
    const icb = await runIcarus({ top: 'counter', files, ports, cycles: [{ rst: 1n }, {}] }, { cacheDir });
    expect([ica.cached, icb.cached]).toEqual([false, true]);
  });
});
