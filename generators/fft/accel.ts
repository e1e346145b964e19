/**
 * FftAccel (`fft_accel`): the FFT on its own behind the host interface every family shares (common/host.ts), so
 * `hwgen generate/verify` can run it: the load port writes element load_addr (natural index) with
 * load_data = {re, im}; cfg_inverse selects the IFFT; start runs FftNd; the read port returns the real part
 * (rd_bank 0) or the imaginary part (rd_bank 1) of element rd_addr, or (rd_ctr = 1) a performance counter:
 * 0 busy cycles, 1 lines transformed (each n/2·log2 n butterflies).
 */
import { defineModule, In, Bool, mux, select, type AnyModuleDef } from '../../dsl/index.js';
import { hostPorts } from '../common/host.js';
import { perfCounters } from '../common/counters.js';
import { FftNd } from './nd.js';
import { derived, RD_BITS, type FftHwParams } from './params.js';
import { FFT_COUNTERS } from './driver.js';


export const fftAccelPorts = (p: FftHwParams) => {
  const d = derived(p);
  return {
    cfg_inverse: In(Bool),
    ...hostPorts({ selBits: 1, loadBankBits: 1, loadAddrBits: d.addrBits, loadDataBits: 2 * p.w, rdBankBits: 1, rdAddrBits: d.addrBits, accBits: RD_BITS }),
  };
};

export const FftAccel: AnyModuleDef = defineModule('fft_accel', fftAccelPorts, (m, io, p: FftHwParams) => {
  const nd = m.instance('u_fft', FftNd, p);
  nd.start.set(io.start);
  nd.inverse.set(io.cfg_inverse);
  // load_sel and load_bank name the one memory there is: only (0, 0) writes
  nd.wr_en.set(io.load_en.and(io.load_sel.eq(0)).and(io.load_bank.eq(0)));
  nd.wr_addr.set(io.load_addr);
  nd.wr_re.set(io.load_data.slice(2 * p.w - 1, p.w).asSInt());
  nd.wr_im.set(io.load_data.slice(p.w - 1, 0).asSInt());
  nd.rd_en.set(io.rd_en);
  nd.rd_addr.set(io.rd_addr);
  io.busy.set(nd.busy);
  io.done.set(nd.done);
  const events = { busy: nd.busy, lines: nd.line_valid };
  const ctrs = perfCounters(m, io.start, FFT_COUNTERS.map((k) => [k, events[k]] as const), RD_BITS);
  const ctrQ = m.regNext('rd_ctr_q', select(io.rd_addr.bit(0), ctrs));
  const ctrSel = m.regNext('rd_ctr_sel', io.rd_ctr);
  const bankQ = m.regNext('rd_bank_q', io.rd_bank);
  const data = mux(bankQ.bit(0), nd.rd_im, nd.rd_re).ext(RD_BITS);
  io.rd_data.set(mux(ctrSel, ctrQ.toSInt().ext(RD_BITS), data));
});
