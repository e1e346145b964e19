/** Hardware parameters of the LINAC core and the sizes derived from them (shared by the hardware and the driver; no DSL). */

export interface LinacHwParams {
  /** 'act_pred': activations (or residuals) streamed as terms; β = [] streams raw activations (Pragmatic) */
  mode: 'act_pred';
  /** integer prediction coefficients β_1..β_K (β = [1]: delta; [2, −1]: linear extrapolation; []: raw) */
  beta: number[];
  lanes: number;
  filters: number;
  /** first shifter stage: 2^B positions */
  B: number;
  actBits: number;
  wBits: number;
  accBits: number;
  /** words of each lane's copy of the (zero-padded) input */
  ifmapWords: number;
  /** words per weight bank (one bank per filter column and lane) */
  weightWords: number;
  /** words per lane offset table (groups per window) */
  offWords: number;
  /** words per output bank (one per filter column) */
  outWords: number;
  /** words per bias bank (filter tiles) */
  biasWords: number;
  dimBits: number;
  multBits: number;
  shiftBits: number;
}

export const DEFAULT_LINAC_HW: LinacHwParams = {
  mode: 'act_pred',
  beta: [1],
  lanes: 16,
  filters: 8,
  B: 2,
  actBits: 8,
  wBits: 8,
  accBits: 40,
  ifmapWords: 8192,
  weightWords: 1024,
  offWords: 256,
  outWords: 2048,
  biasWords: 64,
  dimBits: 14,
  multBits: 16,
  shiftBits: 6,
};

const clog2 = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** Smallest signed width holding every value in [lo, hi]. */
export function signedWidth(lo: number, hi: number): number {
  let w = 1;
  while (lo < -(2 ** (w - 1)) || hi > 2 ** (w - 1) - 1) w++;
  return w;
}

export function linacDerived(p: LinacHwParams) {
  const amax = 2 ** p.actBits - 1;
  const posSum = p.beta.filter((b) => b > 0).reduce((s, b) => s + b, 0);
  const negSum = p.beta.filter((b) => b < 0).reduce((s, b) => s - b, 0);
  // E = A − Σ β_k A_k: largest when the β<0 predecessors are full, smallest when the β>0 ones are
  const vBits = signedWidth(-amax * posSum, amax * (1 + negSum));
  const ifAddrBits = Math.max(1, clog2(p.ifmapWords));
  const nb = p.beta.length;
  return {
    nb,
    vBits,
    ifAddrBits,
    wAddrBits: Math.max(1, clog2(p.weightWords)),
    offAddrBits: Math.max(1, clog2(p.offWords)),
    outAddrBits: Math.max(1, clog2(p.outWords)),
    biasAddrBits: Math.max(1, clog2(p.biasWords)),
    /** an offset word: valid bit above the address */
    offBits: ifAddrBits + 1,
    loadBankBits: Math.max(1, clog2(Math.max(p.lanes * p.filters, p.lanes, p.filters))),
    loadAddrBits: Math.max(1, clog2(Math.max(p.ifmapWords, p.weightWords, p.offWords, p.biasWords))),
    loadDataBits: Math.max(p.actBits, p.wBits, p.accBits, ifAddrBits + 1),
    /** output stages after the last group's capture: + bias/ReLU/× mult, round/clamp/write, done registered */
    postCycles: 3,
  };
}
