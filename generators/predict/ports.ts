/** The accelerator's interface: layer configuration, start/busy/done, the memory-load port and the output read port. */
import { In, Out, UInt, SInt, Bool } from '../../dsl/index.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { type PredictHwParams, derived } from './params.js';

export function predictCfgSpec(p: PredictHwParams) {
  const D = p.dimBits;
  const d = derived(p);
  return {
    W: In(UInt(D)),
    H: In(UInt(D)),
    M: In(UInt(D)),
    R: In(UInt(4)),
    S: In(UInt(4)),
    stride: In(UInt(2)),
    pad_y: In(UInt(3)),
    pad_x: In(UInt(3)),
    OH: In(UInt(D)),
    OW: In(UInt(D)),
    /** windows: OH·OW */
    nwin: In(UInt(2 * D)),
    /** kernel rows of a window: C·R */
    CR: In(UInt(d.crBits + 1)),
    /** chunks of a window: ceil(C·R / chunkRows) */
    nchunk: In(UInt(d.chBits)),
    /** input words per row and bank: ceil(W / pow2(KS)) */
    wb: In(UInt(D)),
    /** floor(M / PE) and M mod PE: the channel lists without prediction */
    mdivl: In(UInt(d.posBits)),
    mmodl: In(UInt(d.peBits + 1)),
    /** prediction on (a layer with ReLU) */
    pred_en: In(Bool),
    zshift: In(UInt(5)),
    tau: In(SInt(32)),
    ...postModePorts(),
  };
}

export function predictSpec(p: PredictHwParams) {
  const d = derived(p);
  return {
    cfg: predictCfgSpec(p),
    // load_sel: LOAD_IFMAP (bank = x mod pow2(KS)), LOAD_WEIGHT, LOAD_BIAS, LOAD_P (bank = j), LOAD_Q, LOAD_BHAT
    ...hostPorts({ selBits: 3, ...d, rdBankBits: 1, rdAddrBits: d.outAddrBits, accBits: p.accBits }),
    /** executed MACs and the skip bit of the output read by rd_addr (with rd_data) */
    rd_macs: Out(UInt(d.macBits)),
    rd_skip: Out(Bool),
  };
}
