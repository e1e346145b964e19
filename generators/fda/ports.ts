/** The accelerator's interface: the run's configuration, start/busy/done, the memory-load port and the read port. */
import { In, UInt, Bool } from '../../dsl/index.js';
import { clog2 } from '../../dsl/bits.js';
import { hostPorts, postModePorts } from '../common/host.js';
import { type FdaHwParams, derived } from './params.js';

export { LOAD_INPUT, LOAD_CELL, LOAD_CORR, LOAD_BIAS, LOAD_RQ } from './params.js';

export function fdaCfgSpec(p: FdaHwParams) {
  const vb = clog2(p.n + 1);
  return {
    /** input and output channels of the run */
    C: In(UInt(clog2(p.maxC + 1))),
    M: In(UInt(clog2(p.maxM + 1))),
    /** valid outputs per dimension of a tile: N − kernel + 1 (vz = 1 in 2D) */
    vz: In(UInt(vb)),
    vy: In(UInt(vb)),
    vx: In(UInt(vb)),
    /** add the partial sums a previous run left in `out` instead of the bias (a run of a later input-channel chunk) */
    acc_in: In(Bool),
    /** the layer's right shift (round half up) of the complex products into the IFFT (0 .. maxYShift) */
    yshift: In(UInt(derived(p).ysBits)),
    ...postModePorts(),
  };
}

export function fdaSpec(p: FdaHwParams) {
  const d = derived(p);
  return {
    cfg: fdaCfgSpec(p),
    ...hostPorts({
      selBits: 3,
      loadBankBits: Math.max(d.tileIdxBits, d.mBits),
      loadAddrBits: Math.max(d.inAddrBits, clog2(p.rows * p.cols), d.binBits, d.mBits),
      loadDataBits: Math.max(p.inBits, p.cellBits, 2 * d.corrBits, p.accBits, p.multBits + p.shiftBits),
      rdBankBits: 1,
      rdAddrBits: d.outAddrBits,
      accBits: p.accBits,
    }),
  };
}
