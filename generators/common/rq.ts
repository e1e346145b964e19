/**
 * The per-output-channel requantisation table of a layer, as data: channel m's output is
 * rq_m(v) = clamp((v·mult[m] + 2^(shift[m]−1)) >> shift[m], 0, 255) (shift 0: no rounding term).
 *
 * One table per layer, one entry per output channel (a per-layer scale is the table with every entry equal). The golden
 * models take their channel's entry from here, the drivers write the entries through the load port into the table the
 * hardware holds next to the bias (common/rqtable.ts), packed as one word per channel: mult · 2^shiftBits + shift.
 *
 * Plain TypeScript (models/ only), so golden models may use it.
 */
import { requantize } from '../../models/conv2d.js';

/** mult[m], shift[m] for every output channel m of a layer. */
export interface RqTable {
  mult: ArrayLike<number>;
  shift: ArrayLike<number>;
}

/** How a face-net layer's weights (and so its requantisation) are scaled: one scale per output channel, or one per layer. */
export type QuantScaling = 'channel' | 'layer';
export const QUANT_SCALINGS: readonly QuantScaling[] = ['channel', 'layer'];

/** The table of a per-layer requantisation: M equal entries. */
export function uniformRq(mult: number, shift: number, M: number): RqTable {
  return { mult: new Array<number>(M).fill(mult), shift: new Array<number>(M).fill(shift) };
}

/** Channels m0..m1−1 of a table (a tile's chunk of output channels). */
export function sliceRq(rq: RqTable, m0: number, m1: number): RqTable {
  return { mult: Array.from({ length: m1 - m0 }, (_, i) => rq.mult[m0 + i]!), shift: Array.from({ length: m1 - m0 }, (_, i) => rq.shift[m0 + i]!) };
}

/** ReLU (when `relu`), then channel m's requantisation (when the layer has a table): the value every post stage writes. */
export function postValue(v: number, relu: boolean, rq: RqTable | undefined, m: number): number {
  const r = relu && v < 0 ? 0 : v;
  return rq ? requantize(r, rq.mult[m]!, rq.shift[m]!) : r;
}

/** Every entry of the table once: the first channel whose entry does not fit `multBits`/`shiftBits`, or undefined. */
export function rqMisfit(rq: RqTable, w: { multBits: number; shiftBits: number }): { m: number; mult: number; shift: number } | undefined {
  for (let m = 0; m < rq.mult.length; m++) {
    const mult = rq.mult[m]!;
    const shift = rq.shift[m]!;
    if (!Number.isInteger(mult) || !Number.isInteger(shift) || mult < 0 || shift < 0 || mult >= 2 ** w.multBits || shift >= 2 ** w.shiftBits) return { m, mult, shift };
  }
  return undefined;
}

/** The table word of channel m as the hardware holds it: mult · 2^shiftBits + shift (0 without a table). */
export function rqWord(rq: RqTable | undefined, m: number, shiftBits: number): bigint {
  if (!rq || m >= rq.mult.length) return 0n;
  return (BigInt(rq.mult[m]!) << BigInt(shiftBits)) | BigInt(rq.shift[m]!);
}

/** The name of the table memory in every family's top (common/rqtable.ts). */
export const RQ_TABLE = 'rq_table';

/** The table's memory image (entries of channels 0..M−1), for preloading it as the load port would write it. */
export function rqTableImage(rq: RqTable | undefined, M: number, w: { multBits: number; shiftBits: number }, path = RQ_TABLE): { path: string; width: number; words: bigint[] } {
  return { path, width: w.multBits + w.shiftBits, words: Array.from({ length: M }, (_, m) => rqWord(rq, m, w.shiftBits)) };
}
