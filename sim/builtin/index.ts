/**
 * The built-in simulator: compiles an IR design to a JavaScript step function and runs it in-process.
 * Traces from {@link runTrace} follow the protocol of sim/harness.ts, so they compare directly with Icarus/Verilator.
 */
import type { IRDesign } from '../../dsl/ir.ts';
import type { Preload, Trace } from '../types.ts';
import { Simulator } from './simulator.ts';
import type { CoverCounts } from '../assertions.ts';

export { Simulator, type SimulatorOptions } from './simulator.ts';
export { VcdWriter, vcdId, type VcdScope, type VcdVar } from './vcd.ts';

export type { Preload } from '../types.ts';

/**
 * Simulate a design cycle by cycle, with the protocol of sim/harness.ts: for each cycle, apply its inputs (a missing
 * input keeps its previous value, initially 0; `rst` is an ordinary input), settle, sample the outputs (signed ones
 * as negative bigints), then one rising clock edge.
 * @param sample names to sample (default: every output port of the top, in port order); any signal name is allowed
 * @param preload memories to load before cycle 0 (IR paths; `width` must be the memory's word width)
 * @param opts.vcd write a VCD of the run to this file
 * @returns per sampled name, one value per cycle
 */
export function runTrace(
  design: IRDesign,
  cycles: Array<Record<string, bigint>>,
  sample?: string[],
  preload?: Preload[],
  opts: { vcd?: string } = {},
): Trace {
  return runTraceCovers(design, cycles, sample, preload, opts).trace;
}

/**
 * {@link runTrace}, also returning the hits of every cover of the design.
 * @throws AssertionFailure (sim/assertions.ts) when an assertion or assumption fails: the run stops at that cycle.
 */
export function runTraceCovers(
  design: IRDesign,
  cycles: Array<Record<string, bigint>>,
  sample?: string[],
  preload?: Preload[],
  opts: { vcd?: string } = {},
): { trace: Trace; covers: CoverCounts } {
  const sim = new Simulator(design, opts);
  try {
    for (const p of preload ?? []) {
      const { width, depth } = sim.memShape(p.path);
      if (p.width !== width) throw new Error(`builtin sim: preload of memory '${p.path}' gives ${p.width}-bit words; the memory's words are ${width} bits`);
      if (p.words.length > depth) throw new Error(`builtin sim: preload of memory '${p.path}' gives ${p.words.length} words; the memory has ${depth}`);
      p.words.forEach((w, a) => sim.writeMem(p.path, a, w));
    }
    const top = design.modules.find((m) => m.name === design.top)!;
    const names = sample ?? top.ports.filter((p) => p.dir === 'output').map((p) => p.name);
    // Narrow samples go to typed arrays first and become bigints at the end: much less GC work than
    // keeping millions of fresh BigInts alive during the run.
    const readers = names.map((n) => sim.rawPeeker(n));
    const cols = readers.map((r) => ('wide' in r ? new Array<bigint>(cycles.length) : 'mid' in r ? new Float64Array(cycles.length) : new Int32Array(cycles.length)));
    const writers = new Map<string, (v: bigint) => void>();
    for (let c = 0; c < cycles.length; c++) {
      const cyc = cycles[c]!;
      for (const k in cyc) {
        let w = writers.get(k);
        if (!w) writers.set(k, (w = sim.poker(k)));
        w(cyc[k]!);
      }
      sim.eval();
      for (let i = 0; i < readers.length; i++) {
        const r = readers[i]!;
        if ('wide' in r) (cols[i] as bigint[])[c] = r.wide();
        else if ('mid' in r) (cols[i] as Float64Array)[c] = r.mid();
        else (cols[i] as Int32Array)[c] = r.narrow();
      }
      sim.step();
    }
    const trace: Trace = {};
    names.forEach((n, i) => {
      const r = readers[i]!;
      const col = cols[i]!;
      if ('wide' in r) trace[n] = col as bigint[];
      else {
        const out = new Array<bigint>(col.length);
        for (let c = 0; c < col.length; c++) out[c] = r.toBig((col as Int32Array | Float64Array)[c]!);
        trace[n] = out;
      }
    });
    return { trace, covers: sim.coverCounts() };
  } finally {
    sim.close();
  }
}
