/**
 * The interfaces of the two LINAC cores: layer configuration, start/busy/done, the memory-load port and the output
 * read port (common/host.ts), and the load-port selector values.
 */
import { In, UInt, addrWidth } from '../../dsl/index.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { type LinacHwParams, linacDerived, type PlaneHwParams, planeDerived } from './params.js';

/** Memory selector values of the act_pred core on `load_sel`. */
export const LOAD_IFMAP = 0;
export const LOAD_WEIGHT = 1;
export const LOAD_BIAS = 2;
export const LOAD_OFFSET = 3;
/** the per-channel requantisation tables (common/rqtable.ts), bank f word mt: filter mt·F + f's mult · 2^shiftBits + shift */
export const LOAD_RQ = 4;

export function linacSpec(p: LinacHwParams) {
  const d = linacDerived(p);
  const D = p.dimBits;
  return {
    cfg: {
      Wp: In(UInt(D)),
      stride: In(UInt(3)),
      OH: In(UInt(D)),
      OW: In(UInt(D)),
      /** filter tiles ceil(M / F) */
      nmt: In(UInt(D)),
      /** groups per window ceil(K / L) */
      G: In(UInt(D)),
      ...postModePorts(),
    },
    ...hostPorts({ selBits: 3, ...d, rdBankBits: addrWidth(p.filters), rdAddrBits: d.outAddrBits, accBits: p.accBits }),
  };
}

/** The wgt_plane core's interface. */
export function planeSpec(p: PlaneHwParams) {
  const d = planeDerived(p);
  const D = p.dimBits;
  return {
    cfg: {
      C: In(UInt(D)), R: In(UInt(4)), S: In(UInt(4)), Hp: In(UInt(D)), Wp: In(UInt(D)), stride: In(UInt(3)),
      M: In(UInt(D)), OH: In(UInt(D)), OW: In(UInt(D)), nxb: In(UInt(D)),
      ...postModePorts(),
    },
    ...hostPorts({ selBits: 2, ...d, rdBankBits: addrWidth(p.cols), rdAddrBits: d.outAddrBits, accBits: p.accBits }),
  };
}
