/**
 * Frequency-domain figures (generators/fda/bench.ts): per real face-net 3×3 layer and per C3D 3×3×3 layer, the FDA
 * mapping against the spatial ISAAC-like mapping on the same crossbar preset (ISAAC: 128×128 arrays, 2-bit cells,
 * 1-bit DACs, 16-bit offset-binary weights, one 9-bit ADC per array): arrays, activations, ADC conversions, cycles,
 * the FFT overhead and the error against the exact convolution; then the end-to-end descriptor. Two FDA
 * configurations: the one of configs/fda.json (8-point tiles, 12-bit FFT) and a 16-point one.
 *
 *   npx tsx bench/fda.ts                       both configurations, image 0
 *   npx tsx bench/fda.ts --no-e2e --no-3d      per-layer 2D tables only
 *   npx tsx bench/fda.ts --layers a,b --images 0,1
 * Then the energy columns of the family's configurations (bench/energy.ts; `--no-energy` skips them).
 */
import { runFdaBench, type FdaBenchConfig } from '../generators/fda/bench.js';
import { ISAAC_HW, arithOf } from '../generators/crossbar/params.js';
import { printTable, writeBenchJson } from './util.js';
import { printEnergy } from './energy.ts';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const configs: FdaBenchConfig[] = [
  { label: 'fda-n8', n: 8, guardBits: 3, fftBits: 12, twBits: 12, wFracBits: 4, ifftBits: 24 },
  { label: 'fda-n16', n: 16, guardBits: 3, fftBits: 12, twBits: 12, wFracBits: 3, ifftBits: 24 },
];
const res = runFdaBench({ label: 'ISAAC', x: arithOf(ISAAC_HW), adcShare: ISAAC_HW.adcShare }, configs, {
  e2e: !args.includes('--no-e2e'),
  threeD: !args.includes('--no-3d'),
  ...(opt('--layers') ? { layers: opt('--layers')!.split(',') } : {}),
  ...(opt('--images') ? { images: opt('--images')!.split(',').map(Number) } : {}),
  log: (m) => console.error(m),
});
for (const t of res.tables) {
  console.log(`\n${t.title}`);
  printTable(t.header, t.rows);
  for (const n of t.notes) console.log(`  - ${n}`);
}
console.log(`\nwrote ${writeBenchJson('fda', res.json)}`);
printEnergy('fda', process.argv.slice(2));
