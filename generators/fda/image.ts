/**
 * Memory images of the complex multiply-accumulate stage (cmac.ts): the cells of every bin's crossbar tiles (the
 * frequency-domain weights in the crossbar's cell format), the input offset's constant share per bin and output
 * channel. No DSL.
 */
import { tileLevels } from '../crossbar/golden.js';
import type { MemImage } from '../common/verify.js';
import { type FdaHwParams, derived, xbarArithOf } from './params.js';
import type { FreqWeights } from './golden.js';

const mask = (v: number, bits: number): bigint => BigInt.asUintN(bits, BigInt(v));

/** Cells of tile xb_<b>_<rb>_<cb>: rows = input channels, lane 2m = Re W, lane 2m+1 = Im W of output channel m. */
export function cellImages(W: FreqWeights, C: number, M: number, hw: FdaHwParams, prefix = ''): MemImage[] {
  const d = derived(hw);
  const x = xbarArithOf(hw);
  const out: MemImage[] = [];
  for (let b = 0; b < d.bins; b++) {
    const wAt = (c: number, j: number) => (j & 1 ? W.im : W.re)[((j >> 1) * C + c) * d.bins + b]!;
    for (let rb = 0; rb < d.rowTiles; rb++)
      for (let cb = 0; cb < d.colTiles; cb++) {
        const lv = tileLevels(wAt, C, 2 * M, rb * hw.rows, cb * d.lanesT, x);
        for (let r = 0; r < hw.rows; r++)
          out.push({ path: `${prefix}xb_${b}_${rb}_${cb}.cell_${r}`, width: hw.cellBits, words: Array.from(lv.subarray(r * hw.cols, (r + 1) * hw.cols), (v) => BigInt(v)) });
      }
  }
  return out;
}

/** The input offset's share of Y per bin: cRe = o·(ΣReW − ΣImW), cIm = o·(ΣImW + ΣReW), o = 2^(D−1), sums over c < C. */
export function corrImages(W: FreqWeights, C: number, M: number, hw: FdaHwParams, prefix = ''): MemImage[] {
  const d = derived(hw);
  const o = 2 ** (hw.fftBits - 1);
  const out: MemImage[] = [];
  for (let k = 0; k < hw.maxM; k++) {
    const re: bigint[] = [];
    const im: bigint[] = [];
    for (let b = 0; b < d.bins; b++) {
      let sr = 0;
      let si = 0;
      for (let c = 0; c < C && k < M; c++) {
        sr += W.re[(k * C + c) * d.bins + b]!;
        si += W.im[(k * C + c) * d.bins + b]!;
      }
      re.push(mask(o * (sr - si), d.corrBits));
      im.push(mask(o * (si + sr), d.corrBits));
    }
    out.push({ path: `${prefix}corr_re_${k}`, width: d.corrBits, words: re }, { path: `${prefix}corr_im_${k}`, width: d.corrBits, words: im });
  }
  return out;
}
