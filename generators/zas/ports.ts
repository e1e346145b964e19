/** The ZAS accelerator's interface: layer configuration, start/busy/done, the memory-load port and the output read port. */
import { In, UInt, Bool } from '../../dsl/index.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { type ZasHwParams, derived } from './params.js';

export function zasCfgSpec(p: ZasHwParams) {
  const D = p.dimBits;
  const d = derived(p);
  return {
    W: In(UInt(D)),
    H: In(UInt(D)),
    /** rows of the encoded map: C·H */
    rows: In(UInt(2 * D)),
    M: In(UInt(D)),
    R: In(UInt(4)),
    S: In(UInt(4)),
    /** 1 to 4 */
    stride: In(UInt(3)),
    /** kernel folded by stride phases (model.ts zasFolds); 0: direct, slot (jr, js) is tap (jr, js) */
    phased: In(Bool),
    /** weight words of a channel per pass: stride² when phased (one per stride phase), else 1 */
    ss: In(UInt(5)),
    /** kernel folding: passes FR × FS of the stream per channel tile (model.ts zasFolds) */
    folds_r: In(UInt(4)),
    folds_s: In(UInt(4)),
    /** weight words per tap bank per channel tile: FR·FS·C·ss */
    wtile: In(UInt(d.wAddrBits)),
    /** zero padding above (pad_y) and left/right (pad_x) */
    pad_y: In(UInt(3)),
    pad_x: In(UInt(3)),
    OH: In(UInt(D)),
    OW: In(UInt(D)),
    C: In(UInt(D)),
    /** channel tiles: ceil(M / P) */
    nmt: In(UInt(D)),
    /** partial-buffer words per bank row: ceil(OW / BS) */
    wb: In(UInt(D)),
    /** partial-buffer words used per bank: ceil(OH / BR)·wb (the initial clear) */
    pdepth: In(UInt(D)),
    ...postModePorts(),
  };
}

export function zasSpec(p: ZasHwParams) {
  const d = derived(p);
  return {
    cfg: zasCfgSpec(p),
    // load_sel: LOAD_DENSE (activations in CHW order through the encoder), LOAD_WEIGHT, LOAD_BIAS, LOAD_NZ, LOAD_ROWEND
    ...hostPorts({ selBits: 3, ...d, rdBankBits: d.peBits, rdAddrBits: d.outAddrBits, accBits: p.accBits }),
  };
}
