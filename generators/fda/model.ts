/**
 * Cycle and event models of the frequency-domain accelerator (never import the DSL).
 *
 * The complex multiply-accumulate stage (cmac.ts), from the cycle `start` is 1 to the cycle `done` is 1:
 * A = 2·slices activations of every bin's tiles, one every adcShare cycles from the cycle after start; the last
 * one's last conversion is registered 3 + adcShare − 1 cycles after it, the drain writes bin b in the (b+1)-th cycle
 * after that, and `done` is registered:   cycles = A·adcShare + bins + 4.
 * The counters count per bin: `act` adds bins per activation (2·slices·bins), `adc` bins per conversion step.
 */
import { type FdaHwParams, derived } from './params.js';
import { fftNdCycles, fftLines } from '../fft/model.js';

/** Activations of one bin's tiles in a run (every bin's tiles fire together: 2·slices activation cycles). */
export function cmacActivations(hw: FdaHwParams): number {
  const d = derived(hw);
  return 2 * d.bins * d.slices;
}

export function cmacCycles(hw: FdaHwParams): number {
  const d = derived(hw);
  return 2 * d.slices * hw.adcShare + d.bins + 4;
}

/** The accelerator's performance counters, in their read-port order (accel.ts). */
export const FDA_COUNTERS = ['busy', 'fwd', 'xbar', 'inv', 'act', 'adc', 'lines'] as const;

/** FftNd's cycles from start to done and the lines one transform pushes through its butterflies (fft/model.ts). */
function fftNd(n: number, dims: number): { cycles: number; lines: number } {
  return { cycles: fftNdCycles({ n, dims }), lines: fftLines({ n, dims }) };
}

export interface RunShape {
  /** input and output channels of the run, valid outputs of the tile (vz·vy·vx) */
  C: number;
  M: number;
  V: number;
}

/**
 * One run (one overlap-save tile), from the cycle start is 1 to the first cycle done is 1 (accel.ts's states):
 *   forward   per input channel: E writes (FW) + 1 (the last write, FS) + 1 (FSTART) + F (FWAIT) + bins reads (FR),
 *             the next channel's first bins writes during FR: C·(E + 2 + F) + bins
 *   crossbar  1 (XS) + the MAC stage's cmacCycles (XWAIT)
 *   inverse   per output channel: E writes + 1 + 1 + F + V reads (IR); then 2 cycles (FIN) for the post stage
 *   cycles = 1 + forward + crossbar + inverse          (E = N^d elements, F = the FftNd's cycles, V = vz·vy·vx)
 */
export function runModel(hw: FdaHwParams, r: RunShape): { cycles: number; counters: Record<(typeof FDA_COUNTERS)[number], number> } {
  const d = derived(hw);
  const f = fftNd(hw.n, hw.dims);
  const E = d.elements;
  const fwd = r.C * (E + 2 + f.cycles) + d.bins;
  const xbar = 1 + cmacCycles(hw);
  const inv = r.M * (E + 2 + f.cycles + r.V) + 2;
  const busy = fwd + xbar + inv;
  return {
    cycles: busy + 1,
    counters: { busy, fwd, xbar, inv, act: cmacActivations(hw), adc: cmacActivations(hw) * hw.adcShare, lines: (r.C + r.M) * f.lines },
  };
}
