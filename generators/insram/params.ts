/**
 * Hardware parameters of the in-SRAM compute array (Neural Cache style, mechanism (e)) and the widths derived from them.
 * Plain TypeScript: the driver, the cycle model and the hardware all size things from here.
 */

export interface InsramHwParams {
  /** wordlines per array (row 0 reads as constant zero and is never written) */
  rows: number;
  /** bitlines per array: one vector element per bitline */
  cols: number;
  /** arrays; every micro-operation runs on every bitline of every array at once */
  arrays: number;
  /** width of an input-buffer word (activations, weights and biases are transposed from it) */
  xinBits: number;
  /** words of each array's input buffer (the transpose unit's source) */
  xinWords: number;
  /** words of each array's gather-index memory (one word per bitline per layout) */
  idxWords: number;
  /** words of the instruction memory */
  imemWords: number;
}

export const DEFAULT_HW: InsramHwParams = {
  rows: 256,
  cols: 64,
  arrays: 2,
  xinBits: 32,
  xinWords: 8192,
  idxWords: 256,
  imemWords: 512,
};

/** ceil(log2(n)), 0 for n ≤ 1 */
export function clog2(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/** bits to address n things (at least 1) */
export const addrBits = (n: number): number => Math.max(1, clog2(n));

/** Memory selector values on `load_sel`. */
export const LOAD_IMEM = 0;
export const LOAD_XIN = 1;
export const LOAD_IDX = 2;

/** Sizes that follow from the parameters. */
export function derived(p: InsramHwParams) {
  const rowBits = addrBits(p.rows);
  const xinAddrBits = addrBits(p.xinWords);
  const idxAddrBits = addrBits(p.idxWords);
  /** instruction field widths, LSB first: op, d, a, b, t, n, nb, pred, sx, cout, left, k, xbase, ibase */
  const fields: Array<[name: string, bits: number]> = [
    ['op', 4],
    ['d', rowBits],
    ['a', rowBits],
    ['b', rowBits],
    ['t', rowBits],
    ['n', rowBits + 1],
    ['nb', rowBits + 1],
    ['pred', 1],
    ['sx', 1],
    ['cout', 1],
    ['left', 1],
    ['k', addrBits(p.cols)],
    ['xbase', xinAddrBits],
    ['ibase', idxAddrBits],
  ];
  const instrBits = fields.reduce((s, [, b]) => s + b, 0);
  return {
    rowBits,
    xinAddrBits,
    idxAddrBits,
    /** an index word: xin offset plus a 'zero' flag in the top bit (the bitline gets 0) */
    idxBits: xinAddrBits + 1,
    imemAddrBits: addrBits(p.imemWords),
    shBits: addrBits(p.cols),
    /** the per-instruction bit counter counts to max(rows, cols + 2) */
    cntBits: clog2(Math.max(p.rows, p.cols + 2) + 1) + 1,
    fields,
    instrBits,
    arrayBits: addrBits(p.arrays),
    loadDataBits: Math.max(instrBits, p.xinBits, xinAddrBits + 1),
    loadAddrBits: Math.max(addrBits(p.imemWords), xinAddrBits, idxAddrBits),
    /** gather pipeline: index read, then input-buffer read, then the staging register */
    gatherLatency: 2,
  };
}
