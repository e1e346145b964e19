/**
 * The host interface every accelerator family shares: start/busy/done, the memory-load port, the output read port,
 * and the post-processing configuration fields (ReLU and requantisation). One definition, so the families (and any
 * host driver) agree on names and widths.
 */
import { In, Out, UInt, SInt, Bool } from '../../dsl/index.js';

export interface HostWidths {
  /** width of load_sel (how many memories the load port can address) */
  selBits: number;
  loadBankBits: number;
  loadAddrBits: number;
  loadDataBits: number;
  /** output bank select and word address of the read port */
  rdBankBits: number;
  rdAddrBits: number;
  /** width of the read data (the accumulator width) */
  accBits: number;
}

/** start/busy/done, load_* and rd_* ports (rd_ctr selects the performance counters). */
export function hostPorts(w: HostWidths) {
  return {
    start: In(Bool),
    busy: Out(Bool),
    done: Out(Bool),
    load_en: In(Bool),
    load_sel: In(UInt(w.selBits)),
    load_bank: In(UInt(w.loadBankBits)),
    load_addr: In(UInt(w.loadAddrBits)),
    load_data: In(UInt(w.loadDataBits)),
    rd_en: In(Bool),
    rd_bank: In(UInt(w.rdBankBits)),
    rd_addr: In(UInt(w.rdAddrBits)),
    /** read performance counter rd_addr instead of an output word (common/counters.ts) */
    rd_ctr: In(Bool),
    rd_data: Out(SInt(w.accBits)),
  };
}

/** The post-processing mode fields of the cfg bundle: ReLU, and requantisation on or off (the per-channel mult and shift
 * are held in the requantisation table, common/rqtable.ts). */
export function postModePorts() {
  return {
    relu: In(Bool),
    rq_en: In(Bool),
  };
}
