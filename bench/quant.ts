/**
 * Quantisation error of every face-net conv layer: one symmetric int8 weight scale per layer (the project's quantisation,
 * which the accelerators' one-multiplier-per-layer requantisation supports and every bench uses) against one per output
 * channel (as TFLite and PyTorch quantise conv weights; needs a per-channel requantisation multiplier in hardware).
 * Relative L2 error of the integer conv against the float conv over the sample images; each layer quantised on its own
 * from the float network's activations (workloads/facenet/channels.ts).
 *
 *   npx tsx bench/quant.ts [--images N]      (default: all six sample images)
 */
import { layerShapes, NUM_SAMPLES } from '../workloads/facenet/index.js';
import { quantError } from '../workloads/facenet/channels.js';
import { printTable, writeBenchJson } from './util.js';

const args = process.argv.slice(2);
const i = args.indexOf('--images');
const n = i >= 0 ? Number(args[i + 1]) : NUM_SAMPLES;
if (!Number.isInteger(n) || n < 1 || n > NUM_SAMPLES) throw new Error(`--images: got ${args[i + 1]}, must be an integer in 1..${NUM_SAMPLES}`);
const images = Array.from({ length: n }, (_, k) => k);

const rows = layerShapes().map((l) => quantError(l.name, images));
const pct = (x: number): string => (100 * x).toFixed(2);
console.log(`Relative L2 error of the integer conv (uint8 input, int8 weights, int32 bias) against the float conv, images 0..${n - 1}, in %`);
printTable(
  ['layer', 'per-layer scale (hardware, benches)', 'per-channel scale', 'ratio', 'zero weights per-layer', 'zero weights per-channel', 'zero float weights', 'min s_w[m] / s_w', 'per-channel shifts'],
  rows.map((r) => [r.layer, pct(r.relL2Layer), pct(r.relL2Channel), (r.relL2Layer / r.relL2Channel).toFixed(2), pct(r.zeroWeightsLayer), pct(r.zeroWeightsChannel), pct(r.zeroWeightsFloat), r.minChannelRange.toFixed(3), `${r.shiftMin}..${r.shiftMax}`]),
);
const worst = (k: 'relL2Layer' | 'relL2Channel') => rows.reduce((a, b) => (b[k] > a[k] ? b : a));
const wl = worst('relL2Layer');
const wc = worst('relL2Channel');
console.log(`worst layer: per-layer ${pct(wl.relL2Layer)}% (${wl.layer}), per-channel ${pct(wc.relL2Channel)}% (${wc.layer})`);
console.log('the hardware path (every family: a per-channel requantisation table beside the bias) and every bench use the per-channel scale by default ("quant": "layer" selects the per-layer one)');
console.log(`\nwrote ${writeBenchJson('quant', { images, rows })}`);
