/** The standard pipeline from a module definition to Verilog text: elaborate, optimize, emit (which legalises first). */
import type { IRDesign } from './ir.js';
import type { PortSpec } from './ports.js';
import { elaborate, type ModuleDef } from './module.js';
import { optimize } from './passes/optimize.js';
import { emitVerilog, type VerilogOutput } from './verilog/emit.js';

export interface Compiled {
  /** the design as elaborated (every named signal present) */
  ir: IRDesign;
  /** after constant folding and dead-code removal: what the built-in simulator runs and the Verilog is emitted from */
  optimized: IRDesign;
  /** the text, and where the optimized IR's nodes and memories are in it (`verilog.names`) */
  verilog: VerilogOutput;
}

export function compile<P, S extends PortSpec>(def: ModuleDef<P, S>, params: P): Compiled {
  const ir = elaborate(def, params);
  const optimized = optimize(ir);
  return { ir, optimized, verilog: emitVerilog(optimized) };
}
