/**
 * Action counts of the frequency-domain accelerator (family `fda`), from its run model (generators/fda/model.ts) per
 * run (one overlap-save tile). Forward FFT of every input channel and inverse FFT of every output channel: each line
 * through the butterfly pipeline is (N/2)·log2 N radix-2 butterflies, each a complex multiply by a twiddle (4
 * multiplies of fftBits × twBits, costed as the 16×8 entry, and 2 adds) and a complex add and subtract (4 adds; all
 * adds costed as 32-bit, an upper bound for the 12-bit forward transform). The complex multiply-accumulate stage on
 * crossbar tiles: each activation fires the bin's tilesPerBin tiles, driving every row (a DAC conversion) and
 * converting every column over adcShare steps (tilesPerBin · cols/adcShare conversions a step), every lane column one
 * shift-and-add (ISAAC's periphery figures). Per valid output and run: one add (accel.ts `out_sum`: the first run adds the
 * bias, each later input-channel chunk the partial sum the run before left in `out`); per valid output: the
 * requantisation multiply when enabled (the last run only: earlier runs write raw sums).
 * Not counted: the analog array read, the transform buffers' SRAM traffic (no entry for register-file buffers).
 *
 * `activations`, `adcSteps` and `lines` are the RTL's `act`, `adc` and `lines` counters (measured.ts).
 */
import { tileFda } from '../../generators/fda/tiling.js';
import { planFda } from '../../generators/fda/driver.js';
import { fdaDims, channelChunks, type FdaLayer } from '../../generators/fda/golden.js';
import { derived, type FdaHwParams } from '../../generators/fda/params.js';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts } from './post.ts';

export interface FdaQuantities extends TileOutputs {
  activations: number;
  /** ADC conversion steps (each converts tilesPerBin · cols/adcShare columns) */
  adcSteps: number;
  /** FFT lines (forward and inverse) */
  lines: number;
  /** runs of the tile (one per chunk of at most maxC input channels) */
  runs: number;
}

export function fdaQuantities(l: FdaLayer, hw: FdaHwParams): FdaQuantities {
  const plan = planFda(l, hw);
  const valid = plan.vz * plan.vy * plan.vx;
  const s = l.shape;
  const outputs = s.M * valid;
  const T = fdaDims(s, hw).T;
  const runs = channelChunks(s.C, hw.maxC).length;
  return { activations: plan.counters.act!, adcSteps: plan.counters.adc!, lines: plan.counters.lines!, runs, outputs, rq: l.rq !== undefined, macs: outputs * s.C * s.R * s.S * T, cycles: plan.cycles };
}

export function fdaCounts(q: FdaQuantities, hw: FdaHwParams): LayerActions {
  const d = derived(hw);
  const butterflies = q.lines * (hw.n / 2) * Math.log2(hw.n);
  return {
    counts: [
      { component: 'mult16x8', action: 'mult', count: 4 * butterflies, note: 'FFT twiddle multiplies (4 per butterfly)' },
      { component: 'add32', action: 'add', count: 6 * butterflies, note: 'FFT adds (6 per butterfly)' },
      { component: 'isaac_dac', action: 'drive', count: q.activations * d.tilesPerBin * hw.rows, note: 'DAC conversions (row drives per slice)' },
      { component: 'isaac_adc', action: 'convert', count: q.adcSteps * d.tilesPerBin * (hw.cols / hw.adcShare), note: 'ADC conversions' },
      { component: 'isaac_shift_add', action: 'shift_add', count: q.activations * d.tilesPerBin * d.used, note: 'shift-and-adds (lane columns)' },
      ...postCounts(q.outputs, q.rq).map((a) => (a.action === 'add' ? { ...a, count: q.runs * q.outputs, note: 'bias and partial-sum adds (one per output and run)' } : a)),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

/** A tile is one run (one overlap-save tile). */
export const fdaEmitter: TileEmitter<FdaLayer, FdaHwParams, FdaQuantities> = { tiles: tileFda, quantities: fdaQuantities, counts: fdaCounts };

export const fdaActions = (l: FdaLayer, hw: FdaHwParams): LayerActions => tileActions(fdaEmitter, l, hw);
