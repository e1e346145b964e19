/**
 * The data every simulator of hwgen shares: the built-in simulator (sim/builtin/), Icarus and Verilator (through
 * sim/harness.ts) and the one entry point over all three (sim/simulate.ts) take and return these shapes.
 */

/** The three simulators. */
export type SimName = 'builtin' | 'icarus' | 'verilator';
export const SIM_NAMES: readonly SimName[] = ['builtin', 'icarus', 'verilator'];

/** One port of the top module. */
export interface PortSpec {
  name: string;
  width: number;
  signed: boolean;
  dir: 'input' | 'output';
}

/**
 * Words to load into a memory before cycle 0, from address 0. `path` is hierarchical below the top: instance names,
 * then the memory's name (`u_buf.mem`). Given to sim/simulate.ts it is the IR's path, as the designer named things
 * (the Verilog path comes from the emitter's name map); given to sim/harness.ts directly it is the Verilog path.
 * Negative words are taken as two's complement in `width` bits, the memory's word width.
 */
export interface Preload {
  path: string;
  words: bigint[];
  width: number;
}

/** One value per cycle for each sampled signal; signed ones are negative when their MSB is set. */
export interface Trace {
  [output: string]: bigint[];
}
