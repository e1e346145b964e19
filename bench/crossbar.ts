/**
 * Crossbar figures (generators/crossbar/bench.ts) per real face-net layer and preset: arrays, activations, DAC/ADC
 * conversions, shift-adds and cycles of the ISAAC-like spatial mapping (the cycle model, checked against the RTL pass
 * by pass in the tests and `hwgen verify`), and the error of ADC-limited against exact; then the end-to-end
 * descriptor with every layer ADC-limited.
 *
 *   npx tsx bench/crossbar.ts                       ISAAC (9-bit ADC), ISAAC with an 8-bit ADC, PRIME (Δ = 1 and full-scale Δ); image 0
 *   npx tsx bench/crossbar.ts --no-e2e              per-layer tables only
 *   npx tsx bench/crossbar.ts --layers a,b --images 0,1
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { runXbarBench } from '../generators/crossbar/bench.js';
import { ISAAC_HW, PRIME_HW } from '../generators/crossbar/params.js';
import { losslessAdcBits } from '../generators/crossbar/golden.js';
import { printReport } from './util.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const res = runXbarBench(
  [
    ['isaac', ISAAC_HW],
    ['isaac-adc8', { ...ISAAC_HW, adcBits: 8 }],
    ['prime', PRIME_HW],
    // the same 6-bit ADC with its range stretched to the largest possible column sum: Δ = 2^(lossless bits − 6)
    ['prime-fullscale', { ...PRIME_HW, deltaLog2: losslessAdcBits(PRIME_HW) - PRIME_HW.adcBits }],
  ],
  {
    e2e: !args.includes('--no-e2e'),
    ...(opt('--layers') ? { layers: opt('--layers')!.split(',') } : {}),
    ...(opt('--images') ? { images: opt('--images')!.split(',').map(Number) } : {}),
    log: (m) => console.error(m),
  },
);
printReport('crossbar', res);
printEnergy('crossbar', process.argv.slice(2));
