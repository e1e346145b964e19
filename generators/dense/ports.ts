/** The accelerator's interface: layer configuration, start/busy/done, the memory-load port and the output read port. */
import { In, UInt } from '../../dsl/index.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { type DenseHwParams, derived } from './params.js';

/** Memory selector values on `load_sel`. */
export const LOAD_IFMAP = 0;
export const LOAD_WEIGHT = 1;
export const LOAD_BIAS = 2;
/** the per-channel requantisation table (common/rqtable.ts): word m = channel m's mult · 2^shiftBits + shift */
export const LOAD_RQ = 3;

export function denseCfgSpec(p: DenseHwParams) {
  const D = p.dimBits;
  return {
    H: In(UInt(D)),
    W: In(UInt(D)),
    M: In(UInt(D)),
    R: In(UInt(4)),
    S: In(UInt(4)),
    stride: In(UInt(3)),
    /** zero padding above/below (pad_y) and left/right (pad_x) */
    pad_y: In(UInt(3)),
    pad_x: In(UInt(3)),
    OW: In(UInt(D)),
    /** K = C·R·S */
    K: In(UInt(p.kBits)),
    /** number of pixel tiles: ceil(OH·OW / rows) (a tile is `rows` consecutive pixels of the flattened output) */
    npt: In(UInt(2 * D)),
    /** OH·OW: pixels past it (in the last pixel tile) are not written */
    npix: In(UInt(2 * D)),
    /** number of channel tiles: ceil(M / cols) */
    nmt: In(UInt(D)),
    /** input row pitch of the linear index V = c·plane + y·pitch + x (pitch ≥ W, stride·pitch ≡ stride·OW mod banks) */
    pitch: In(UInt(D)),
    /** input plane size H·pitch */
    plane: In(UInt(derived(p).ifVBits)),
    ...postModePorts(),
  };
}

export function denseSpec(p: DenseHwParams) {
  const d = derived(p);
  return {
    cfg: denseCfgSpec(p),
    ...hostPorts({ selBits: 2, ...d, rdBankBits: d.outBankBits, rdAddrBits: d.outAddrBits, accBits: p.accBits }),
  };
}
