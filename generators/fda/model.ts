/**
 * Cycle and event models of the frequency-domain accelerator (never import the DSL).
 *
 * The complex multiply-accumulate stage (cmac.ts), from the cycle `start` is 1 to the cycle `done` is 1:
 * A = 2·bins·slices activations, one every adcShare cycles from the cycle after start; the last one's last
 * conversion is registered 3 + adcShare − 1 cycles after it, the bin's result is written the cycle after, and `done`
 * is registered:   cycles = A·adcShare + 5.
 */
import { type FdaHwParams, derived } from './params.js';

export function cmacActivations(hw: FdaHwParams): number {
  const d = derived(hw);
  return 2 * d.bins * d.slices;
}

export function cmacCycles(hw: FdaHwParams): number {
  return cmacActivations(hw) * hw.adcShare + 5;
}
