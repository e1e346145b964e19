/** Hardware parameters of the FFT family: their bounds and defaults, and the sizes derived from them. */
import { addrWidth } from '../../dsl/bits.js';
import { pow2In, type FieldBounds } from '../common/schema.js';

export interface FftHwParams {
  /** points per dimension (a power of two) */
  n: number;
  /** 1: lines, 2: n×n blocks (rows, then columns), 3: n×n×n blocks (a third pass along z) */
  dims: 1 | 2 | 3;
  /** data width: re and im are SInt(w) */
  w: number;
  /** twiddle width parameter: twiddles are round_half_away(cos/sin · 2^(t−1)), held as SInt(t+1) */
  t: number;
}

/** The largest buffer (n^dims elements) the family generates. */
export const MAX_ELEMENTS = 4096;

/** Width of the read port's data (and of the performance counters behind it, 31 bits). */
export const RD_BITS = 32;

export function derived(p: FftHwParams) {
  const lg = Math.round(Math.log2(p.n));
  return {
    lg,
    elements: p.n ** p.dims,
    /** width of an element's natural index (the load and read addresses) */
    addrBits: Math.max(1, p.dims * lg),
    /** words per bank: n^(dims−1) */
    bankWords: p.n ** (p.dims - 1),
    bankAddrBits: addrWidth(p.n ** (p.dims - 1)),
  };
}

export const DEFAULT_HW: FftHwParams = { n: 8, dims: 2, w: 16, t: 16 };

export const HW_FIELDS: Record<keyof FftHwParams, FieldBounds> = {
  n: [pow2In(2, 64), 'points per dimension (a power of two, 2..64)'],
  dims: [1, 3, 'dimensions of a transform: 1 (lines), 2 (rows then columns), 3 (a third pass along z)'],
  w: [4, 24, 'data width: real and imaginary parts are SInt(w)'],
  t: [2, 24, 'twiddle width parameter: twiddles are round_half_away(cos/sin(2πk/n)·2^(t−1)), SInt(t+1)'],
};
