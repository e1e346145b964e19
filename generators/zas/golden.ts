/**
 * Golden algorithm model of zero-activation skipping (mechanism (c), see README.md): the sparse feature-map
 * encoding and the position-driven scatter convolution on it; and `goldenZas`, the reference convolution the RTL is
 * verified against (models/conv2d.ts, which shares no code with the scatter model). Plain integers; never imports the DSL.
 *
 * ENCODED FORMAT (what zasEncode returns, what the RTL encoder writes, what the accelerator reads), bit by bit:
 *
 *   Non-zero words, one per non-zero activation, in row order r = c·H + y (channel-major, then row), and within a row
 *   in increasing x. A word has xBits + actBits bits (16 for the default 8 + 8):
 *       bits [actBits−1 : 0]                 the value v (unsigned, never 0)
 *       bits [actBits+xBits−1 : actBits]     the column x (unsigned)
 *   Row-end table, one entry per row r = c·H + y (C·H entries), ptrBits bits each:
 *       end[r] = number of non-zero words in rows 0..r (so row r is words end[r−1] … end[r]−1, with end[−1] = 0;
 *       an empty row has end[r] = end[r−1]; end[C·H−1] = nnz).
 *   Encoded size = nnz·(xBits + actBits) + C·H·ptrBits bits (bytes = that / 8, rounded up).
 */

import { ceilLog2 } from '../common/shape.js';
import { postValue, type RqTable } from '../common/rq.js';
import { referenceConv } from '../common/reference.js';

export interface Encoded {
  C: number;
  H: number;
  W: number;
  xBits: number;
  actBits: number;
  ptrBits: number;
  /** one word per non-zero: (x << actBits) | v */
  words: Uint32Array;
  /** row-end table, C·H entries */
  rowEnd: Uint32Array;
}

/** The reference output of a layer (bias, ReLU, requantisation) in CHW order. */
export const goldenZas = referenceConv;

export interface EncodeWidths {
  /** bits of the x field (default: the fewest that hold W − 1, at least 1) */
  xBits?: number;
  /** bits of a value (default 8) */
  actBits?: number;
  /** bits of a row-end entry (default: the fewest that hold C·H·W) */
  ptrBits?: number;
}

/** Encode a CHW map (values ≥ 0). */
export function zasEncode(C: number, H: number, W: number, data: ArrayLike<number>, widths: EncodeWidths = {}): Encoded {
  if (data.length !== C * H * W) throw new Error(`zasEncode: data length ${data.length} != ${C}·${H}·${W}`);
  const xBits = widths.xBits ?? Math.max(1, ceilLog2(W));
  const actBits = widths.actBits ?? 8;
  const ptrBits = widths.ptrBits ?? Math.max(1, ceilLog2(C * H * W + 1));
  if (W > 2 ** xBits) throw new Error(`zasEncode: W = ${W} does not fit the ${xBits}-bit x field`);
  let nnz = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >= 2 ** actBits || !Number.isInteger(v)) throw new Error(`zasEncode: value ${v} is not a ${actBits}-bit unsigned integer`);
    if (v !== 0) nnz++;
  }
  if (nnz > 2 ** ptrBits - 1) throw new Error(`zasEncode: ${nnz} non-zeros do not fit ${ptrBits}-bit row-end entries`);
  const words = new Uint32Array(nnz);
  const rowEnd = new Uint32Array(C * H);
  let k = 0;
  for (let r = 0; r < C * H; r++) {
    for (let x = 0; x < W; x++) {
      const v = data[r * W + x]!;
      if (v !== 0) words[k++] = x * 2 ** actBits + v;
    }
    rowEnd[r] = k;
  }
  return { C, H, W, xBits, actBits, ptrBits, words, rowEnd };
}

/** The dense map back from its encoding. */
export function zasDecode(e: Encoded): Uint16Array {
  const out = new Uint16Array(e.C * e.H * e.W);
  let k = 0;
  for (let r = 0; r < e.C * e.H; r++)
    for (; k < e.rowEnd[r]!; k++) {
      const w = e.words[k]!;
      out[r * e.W + Math.floor(w / 2 ** e.actBits)] = w % 2 ** e.actBits;
    }
  return out;
}

/** Encoded size in bits and bytes, and the dense size of the same map (actBits per activation). */
export function encodedSize(e: Encoded): { bits: number; bytes: number; denseBytes: number } {
  const bits = e.words.length * (e.xBits + e.actBits) + e.C * e.H * e.ptrBits;
  return { bits, bytes: Math.ceil(bits / 8), denseBytes: Math.ceil((e.C * e.H * e.W * e.actBits) / 8) };
}

export interface ZasConvShape {
  M: number;
  R: number;
  S: number;
  stride: number;
  /** zero padding above (rows below the map need no padding: nothing is scattered from them) and left/right */
  padY: number;
  padX: number;
  /** output size (default: floor((H + 2·padY − R)/stride) + 1 and the same for OW) */
  OH?: number;
  OW?: number;
}

export function outSizes(H: number, W: number, s: ZasConvShape): { OH: number; OW: number } {
  return {
    OH: s.OH ?? Math.floor((H + 2 * s.padY - s.R) / s.stride) + 1,
    OW: s.OW ?? Math.floor((W + 2 * s.padX - s.S) / s.stride) + 1,
  };
}

/**
 * The scatter convolution on the encoding: every non-zero a(c,y,x) = v adds v·w(m,c,r,s) to o(m,y',x') for each (r,s)
 * with y = y'·stride + r − padY, x = x'·stride + s − padX and (y',x') inside the output. Returns the raw sums plus bias
 * (int, M·OH·OW, CHW) as numbers (exact: callers keep sums below 2^53). Weights are w[M][C][R][S].
 */
export function zasConv(e: Encoded, weights: ArrayLike<number>, bias: ArrayLike<number> | null, s: ZasConvShape): Float64Array {
  const { OH, OW } = outSizes(e.H, e.W, s);
  const out = new Float64Array(s.M * OH * OW);
  if (bias) for (let m = 0; m < s.M; m++) out.fill(bias[m]!, m * OH * OW, (m + 1) * OH * OW);
  const K = e.C * s.R * s.S;
  let k = 0;
  for (let c = 0; c < e.C; c++)
    for (let y = 0; y < e.H; y++)
      for (; k < e.rowEnd[c * e.H + y]!; k++) {
        const w = e.words[k]!;
        const x = Math.floor(w / 2 ** e.actBits);
        const v = w % 2 ** e.actBits;
        for (let r = 0; r < s.R; r++) {
          const ny = y + s.padY - r;
          if (ny < 0 || ny % s.stride !== 0) continue;
          const oy = ny / s.stride;
          if (oy >= OH) continue;
          for (let q = 0; q < s.S; q++) {
            const nx = x + s.padX - q;
            if (nx < 0 || nx % s.stride !== 0) continue;
            const ox = nx / s.stride;
            if (ox >= OW) continue;
            for (let m = 0; m < s.M; m++) out[(m * OH + oy) * OW + ox] += v * weights[m * K + (c * s.R + r) * s.S + q]!;
          }
        }
      }
  return out;
}

/** ReLU and channel m's requantisation (common/rq.ts) of CHW sums, `plane` outputs per channel. */
export function zasPost(sums: Float64Array, relu: boolean, rq: RqTable | undefined, plane: number): Int32Array {
  return Int32Array.from(sums, (v, i) => postValue(v, relu, rq, Math.floor(i / plane)));
}
