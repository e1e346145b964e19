/**
 * Action counts of the fixed-point FFT unit alone (family `fft`), from its cycle model (generators/fft/model.ts) per
 * block (a tile). Every line through the butterfly pipeline is (n/2)·log2 n radix-2 butterflies; each multiplies by
 * its twiddle (4 multiplies of the w-bit data by the SInt(t+1) twiddle, 2 adds of the products) and adds and
 * subtracts (4 adds of w-bit parts). Every line is read from the n-bank buffer (one {re, im} word of 2w bits per
 * bank) and written back: n word reads and n word writes, costed as SRAM bits of a bank's size (sram.ts). Not
 * counted: the host's element loads and reads, the pipeline registers, the rounding and saturation logic.
 *
 * `lines` is what the RTL's `lines` counter measures (measured.ts). A block's "MACs" are its butterflies.
 */
import { fftButterflies, fftNdCycles, fftLines } from '../../generators/fft/model.js';
import { tileFft, type FftLayer } from '../../generators/fft/tiling.js';
import { derived, type FftHwParams } from '../../generators/fft/params.js';
import { tileActions, type LayerActions, type TileEmitter } from './tiles.ts';
import { sramOf } from './sram.ts';
import { addOf, multOf } from './arith.ts';

export interface FftQuantities {
  /** lines through the butterfly pipeline; the RTL's `lines` counter */
  lines: number;
  butterflies: number;
  cycles: number;
}

export function fftQuantities(hw: FftHwParams): FftQuantities {
  return { lines: fftLines(hw), butterflies: fftButterflies(hw), cycles: fftNdCycles(hw) };
}

export function fftCounts(q: FftQuantities, hw: FftHwParams): LayerActions {
  const butterflies = q.lines * (hw.n / 2) * derived(hw).lg;
  const bank = sramOf(derived(hw).bankWords, 2 * hw.w);
  return {
    counts: [
      { component: multOf(hw.w, hw.t + 1), action: 'mult', count: 4 * butterflies, note: 'twiddle multiplies (4 per butterfly)' },
      { component: addOf(hw.w + hw.t + 1), action: 'add', count: 2 * butterflies, note: 'complex-multiply adds (2 per butterfly)' },
      { component: addOf(hw.w + 1), action: 'add', count: 4 * butterflies, note: 'butterfly adds and subtracts (4 per butterfly)' },
      { component: bank, action: 'read_bit', count: q.lines * hw.n * 2 * hw.w, note: 'buffer reads (a line per pass)' },
      { component: bank, action: 'write_bit', count: q.lines * hw.n * 2 * hw.w, note: 'buffer writes (a line per pass)' },
    ],
    macs: q.butterflies,
    cycles: q.cycles,
  };
}

/** A tile is one block; every block of a unit costs the same. */
export const fftEmitter: TileEmitter<FftLayer, FftHwParams, FftQuantities> = { tiles: tileFft, quantities: (_l, hw) => fftQuantities(hw), counts: fftCounts };

export const fftActions = (l: FftLayer, hw: FftHwParams): LayerActions => tileActions(fftEmitter, l, hw);
