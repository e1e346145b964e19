/** The public API of the hwgen DSL. Generators import only from here. */
export { UInt, SInt, Bool, typeName, type HwType } from './types.js';
export { Signal, mux, cat, type Operand } from './signal.js';
export { Wire, Reg, OutPort } from './sinks.js';
export { Memory } from './memory.js';
export { In, Out, Vec, type PortSpec, type Inside, type Outside } from './ports.js';
export { when, switch_, WhenChain, SwitchChain } from './when.js';
export { ModuleBuilder } from './builder.js';
export { defineModule, elaborate, type ModuleDef, type AnyModuleDef } from './module.js';
export { HwError } from './errors.js';
export { registerLibraryDir, setLocCapture } from './loc.js';
export type * from './ir.js';
export { compile, type Compiled } from './compile.js';
export { optimize, constFold, deadCode } from './passes/optimize.js';
export { emitVerilog, type VerilogOutput } from './verilog/emit.js';
export { legalize } from './verilog/legalize.js';
export { verilogMemPath, type NameMap, type ModuleNames } from './verilog/namemap.js';
export { writeVerilog } from './verilog/write.js';
export { evalOp } from './semantics.js';
export {
  select, delay, shiftRegister, counter, priorityEncoder, lowestOneHot, oneHotIndex, flip, connect, Stream, fire, RegSlice, Queue, StreamArbiter,
  type ShiftOptions, type Counter, type CounterOptions, type Priority, type Flipped, type SliceParams, type QueueParams, type ArbiterParams,
} from './lib/index.js';
export { clog2, addrWidth } from './bits.js';
