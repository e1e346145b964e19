/**
 * Host side of the FFT family: the fit checks and configuration of a block, the stimulus (reset, configure, every
 * element through the load port, start, wait, read the real and imaginary parts and the counters back) and the hooks
 * of the shared tile-verify loop (common/verify.ts). No DSL.
 */
import { FitError, failFor } from '../common/fit.js';
import { hostStimulus, type HostRun } from '../common/stimulus.js';
import type { FamilyHooks, FieldData } from '../common/verify.js';
import type { Tile } from '../common/tiling.js';
import { goldenFftNd } from './golden.js';
import { fftNdCycles, fftBusyCycles, fftLines, fftButterflies } from './model.js';
import { derived, RD_BITS, type FftHwParams } from './params.js';
import { tileFft, type FftLayer } from './tiling.js';

/** The counters of fft_accel, in their rd_addr order (accel.ts reads them in this order). */
export const FFT_COUNTERS = ['busy', 'lines'] as const;

export class FftFitError extends FitError {
  override name = 'FftFitError';
}

export interface FftPlan {
  cfg: Record<string, bigint>;
  cycles: number;
}

/** Every block must be one transform of the configured size, every value must fit SInt(w). */
export function planFft(l: FftLayer, hw: FftHwParams): FftPlan {
  const fail = failFor(l.name, FftFitError);
  if (l.n !== hw.n || l.dims !== hw.dims) fail(`blocks of ${l.n}^${l.dims} values do not match the hardware's ${hw.n}^${hw.dims}`, `cut the data with n = ${hw.n}, dims = ${hw.dims}`);
  const hi = 2 ** (hw.w - 1) - 1;
  for (const b of l.blocks)
    for (const part of [b.re, b.im])
      for (let i = 0; i < part.length; i++) {
        const v = part[i]!;
        if (v > hi || v < -hi - 1) fail(`value ${v} does not fit the ${hw.w}-bit data width (SInt(${hw.w}))`, `raise hw.w to ${Math.ceil(Math.log2(Math.abs(v) + 1)) + 1}`);
      }
  return { cfg: { cfg_inverse: l.inverse ? 1n : 0n }, cycles: fftNdCycles(hw) };
}

/** Reset, configure, load every element of the (single-block) tile, start, wait, read re, im and the counters. */
export function fftStimulus(l: FftLayer, hw: FftHwParams, plan: FftPlan): HostRun {
  const b = l.blocks[0]!;
  const E = derived(hw).elements;
  const mask = (1n << BigInt(hw.w)) - 1n;
  const load = Array.from({ length: E }, (_, i) => ({
    load_en: 1n, load_sel: 0n, load_bank: 0n, load_addr: BigInt(i),
    load_data: ((BigInt(b.re[i]!) & mask) << BigInt(hw.w)) | (BigInt(b.im[i]!) & mask),
  }));
  const reads = (bank: number) => Array.from({ length: E }, (_, addr) => ({ bank, addr }));
  return hostStimulus({ cfg: plan.cfg, load, cycles: plan.cycles, reads: { re: reads(0), im: reads(1) }, counters: FFT_COUNTERS });
}

/** The golden transforms of every block, concatenated: fields `re` and `im`. */
export function goldenFields(l: FftLayer, hw: FftHwParams): Record<string, FieldData> {
  const E = derived(hw).elements;
  const re = new Int32Array(l.blocks.length * E);
  const im = new Int32Array(l.blocks.length * E);
  l.blocks.forEach((b, k) => {
    const y = goldenFftNd(b, hw, l.inverse);
    re.set(y.re, k * E);
    im.set(y.im, k * E);
  });
  return { re, im };
}

export const fftHooks: FamilyHooks<FftHwParams, FftLayer, FftPlan> = {
  tiles: (l) => tileFft(l),
  plan: planFft,
  memoryImage: () => [],
  stimulus: fftStimulus,
  golden: goldenFields,
  model: (_l, hw, plan) => ({ cycles: plan.cycles, counters: { busy: fftBusyCycles(hw), lines: fftLines(hw) }, macs: fftButterflies(hw) }),
  place: (t: Tile<FftLayer>, _field, i, layer) => t.m0 * layer.n ** layer.dims + i,
  /** butterfly units: n/2 per stage of FftLine */
  lanes: (hw) => (hw.n / 2) * derived(hw).lg,
  counterBits: () => RD_BITS - 1,
};
