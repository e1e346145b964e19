/** The example designs: each a module definition with default parameters. */
import type { AnyModuleDef } from '../dsl/index.js';
import { Mesh } from './mesh.js';
import { Counter } from './counter.js';
import { Fifo } from './fifo.js';
import { Deserializer } from './deserializer.js';
import { SineRom } from './sine_rom.js';
import { SatAdd } from './sat_add.js';
import { Arbiter } from './arbiter.js';
import { StreamPipe } from './stream_pipe.js';

export interface Example {
  /** folder name of the generated design (a legal identifier) */
  name: string;
  def: AnyModuleDef;
  params: unknown;
  description: string;
}

export const examples: Example[] = [
  { name: 'mesh', def: Mesh, params: { n: 4, aw: 8, accw: 32 }, description: 'output-stationary 4x4 mesh of int8xint8->int32 MAC PEs' },
  { name: 'counter', def: Counter, params: { width: 8 }, description: 'counter with enable, sync clear and terminal count' },
  { name: 'fifo', def: Fifo, params: { width: 8, depth: 16 }, description: 'synchronous FIFO on one RAM (m.mem), full/empty flags' },
  { name: 'deserializer', def: Deserializer, params: { width: 8 }, description: 'serial-to-parallel FSM with handshakes (switch_/when/elsewhen)' },
  { name: 'sine_rom', def: SineRom, params: { addrWidth: 6, dataWidth: 8 }, description: 'sine lookup table in a ROM (m.rom)' },
  { name: 'sat_add', def: SatAdd, params: { aWidth: 8, bWidth: 6, outWidth: 8 }, description: 'signed saturating adder (ext/resize/trunc)' },
  { name: 'arbiter', def: Arbiter, params: { n: 4, width: 8 }, description: 'fixed-priority stream arbiter with Vec and bundle ports (dsl/lib StreamArbiter)' },
  { name: 'stream_pipe', def: StreamPipe, params: { width: 8, depth: 4 }, description: 'Queue then RegSlice from dsl/lib, joined with connect() and flip()' },
];

export default examples;
