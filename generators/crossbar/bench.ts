/**
 * The crossbar figures (library side of bench/crossbar.ts and `hwgen bench crossbar`): per real face-net layer and
 * preset, the ISAAC-like spatial mapping's arrays, activations, DAC/ADC conversions, shift-adds and cycles (model.ts,
 * validated against the RTL pass by pass), the time-multiplexed RTL configuration's cycles, and the error of the
 * ADC-limited result against the exact convolution; then the descriptor of the whole network with every layer
 * ADC-limited against the exact integer network and the float network (cosine similarity).
 */
import { conv2d, tensor3, weights4 } from '../../models/conv2d.js';
import { layerShapes, quantizedLayer, channelQuantWeights } from '../../workloads/facenet/index.js';
import { type XbarHwParams, arithOf, derived } from './params.js';
import { slicesFor } from './golden.js';
import { xbarConv, outSize, type ConvShape } from './conv.js';
import { spatialModel, passModel } from './model.js';
import { tileXbar } from './driver.js';
import { facenetDescriptor, floatDescriptor, cosine, type IntConvLayer } from './e2e.js';

export interface XbarLayerRow {
  preset: string;
  layer: string;
  arrays: number;
  activations: number;
  dacConversions: number;
  adcConversions: number;
  shiftAdds: number;
  /** spatial mapping (every weight resident), pipelined over the output pixels */
  cycles: number;
  /** the RTL configuration (rowTiles × colTiles tiles, passes over K, pixel chunks), programming not counted */
  rtlCycles: number;
  rtlPasses: number;
  /** ADC-limited sums against the exact sums, in accumulator LSBs */
  maxAbsErr: number;
  rmsErr: number;
  /** RMS error over the RMS of the exact sums */
  relRms: number;
  /** conversions the ADC changed */
  lossyFraction: number;
}

function exactSums(l: IntConvLayer): Int32Array {
  const s = l.shape;
  return conv2d(tensor3(s.C, s.H, s.W, l.input), weights4(s.M, s.C, s.R, s.S, l.weights), l.bias, { stride: s.stride, pad: s.pad }).data;
}

export function layerRow(preset: string, hw: XbarHwParams, l: IntConvLayer): XbarLayerRow {
  const a = arithOf(hw);
  const s: ConvShape = l.shape;
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const T = slicesFor(8, hw.dacBits);
  const r = xbarConv(s, l.input, l.weights, l.bias, false, undefined, a, { slices: T });
  const ex = exactSums(l);
  let maxAbs = 0;
  let se = 0;
  let sx = 0;
  for (let i = 0; i < ex.length; i++) {
    const e = r.sums[i]! - ex[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(e));
    se += e * e;
    sx += ex[i]! * ex[i]!;
  }
  const sp = spatialModel(OH * OW, K, s.M, T, a, hw.adcShare);
  const d = derived(hw);
  const tiles = tileXbar({ name: l.name, shape: s }, hw);
  const rtlCycles = tiles.reduce((sum, t) => sum + t.passes.length * passModel(t.p1 - t.p0, T, { rows: hw.rows, cols: hw.cols, adcShare: hw.adcShare, tiles: d.tileCount, used: d.used }).cycles, 0);
  return {
    preset, layer: l.name, arrays: sp.arrays, activations: sp.activations, dacConversions: sp.dacConversions, adcConversions: sp.adcConversions, shiftAdds: sp.shiftAdds,
    cycles: sp.cycles, rtlCycles, rtlPasses: tiles.reduce((n, t) => n + t.passes.length, 0),
    maxAbsErr: maxAbs, rmsErr: Math.sqrt(se / ex.length), relRms: sx > 0 ? Math.sqrt(se / sx) : 0,
    lossyFraction: r.events.lossyConversions / Math.max(1, r.events.adcConversions),
  };
}

export function facenetIntLayer(name: string, image: number): IntConvLayer {
  // per-channel int8 weights and bias (the default quantisation, common/layers.ts)
  const q = quantizedLayer(name, image);
  const ch = channelQuantWeights(name);
  const s = q.shape;
  return { name, shape: { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad }, input: q.input.data, weights: ch.weights.data, bias: ch.bias };
}

export interface E2eRow {
  preset: string;
  image: number;
  /** ADC-limited network vs the exact integer network, vs the float network; exact integer vs float */
  cosVsExact: number;
  cosVsFloat: number;
  exactVsFloat: number;
}

export function e2eRow(preset: string, hw: XbarHwParams, image: number): E2eRow {
  const a = arithOf(hw);
  const T = slicesFor(8, hw.dacBits);
  const lim = facenetDescriptor(image, (l) => xbarConv(l.shape, l.input, l.weights, l.bias, false, undefined, a, { slices: T }).sums);
  const ex = facenetDescriptor(image, exactSums);
  const fl = floatDescriptor(image);
  return { preset, image, cosVsExact: cosine(lim, ex), cosVsFloat: cosine(lim, fl), exactVsFloat: cosine(ex, fl) };
}

export interface BenchTable {
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
  notes: string[];
}

const fmt = (x: number, d = 0) => (Number.isInteger(x) && d === 0 ? String(x) : x.toFixed(d));

export function runXbarBench(presets: ReadonlyArray<[string, XbarHwParams]>, opts: { layers?: string[]; e2e?: boolean; images?: number[]; log?: (m: string) => void } = {}) {
  const names = opts.layers ?? layerShapes().map((s) => s.name);
  const rows: XbarLayerRow[] = [];
  const e2e: E2eRow[] = [];
  const tables: BenchTable[] = [];
  for (const [preset, hw] of presets) {
    const pr: XbarLayerRow[] = [];
    for (const n of names) {
      opts.log?.(`${preset}: ${n}`);
      pr.push(layerRow(preset, hw, facenetIntLayer(n, 0)));
    }
    rows.push(...pr);
    const tot = (k: keyof XbarLayerRow) => pr.reduce((s, r) => s + (r[k] as number), 0);
    tables.push({
      title: `${preset}: face-net layers (image 0), ISAAC-like spatial mapping; error of ADC-limited vs exact sums`,
      header: ['layer', 'arrays', 'activations', 'DAC conv', 'ADC conv', 'shift-adds', 'cycles', 'RTL cycles', 'passes', 'max |err|', 'RMS err', 'rel RMS', 'lossy conv'],
      rows: [
        ...pr.map((r) => [r.layer, r.arrays, r.activations, r.dacConversions, r.adcConversions, r.shiftAdds, r.cycles, r.rtlCycles, r.rtlPasses, fmt(r.maxAbsErr), r.rmsErr.toFixed(1), r.relRms.toExponential(2), (100 * r.lossyFraction).toFixed(2) + '%']),
        ['total', tot('arrays'), tot('activations'), tot('dacConversions'), tot('adcConversions'), tot('shiftAdds'), tot('cycles'), tot('rtlCycles'), tot('rtlPasses'), '', '', '', ''],
      ],
      notes: [
        `hw: ${hw.rows}×${hw.cols} tiles, ${hw.cellBits}-bit cells, ${hw.dacBits}-bit DAC (${slicesFor(8, hw.dacBits)} slices for uint8), ${hw.weightBits}-bit weights (${hw.mapping}), ${hw.adc === 'ideal' ? 'ideal ADC' : `${hw.adcBits}-bit ADC, Δ = ${2 ** hw.deltaLog2}`}, ${hw.cols / hw.adcShare} ADC(s) per tile (${hw.adcShare} columns each)`,
        'cycles: spatial mapping, every array of the layer resident and activated together, P·T·adcShare + 7 (weights programmed beforehand, not counted)',
        `RTL cycles: the generated ${hw.rowTiles}×${hw.colTiles}-tile accelerator, ${hw.pixels} pixels per pass, passes over K and output-channel chunks (reprogramming not counted)`,
        'error: bias-added sums of the ADC-limited model minus the exact convolution (accumulator LSBs); lossy conv: conversions the ADC clamped or rounded',
      ],
    });
    if (opts.e2e !== false)
      for (const im of opts.images ?? [0]) {
        opts.log?.(`${preset}: end to end, image ${im}`);
        e2e.push(e2eRow(preset, hw, im));
      }
  }
  if (e2e.length)
    tables.push({
      title: 'end to end: 128-d descriptor with every conv layer through the crossbar model (ADC-limited)',
      header: ['preset', 'image', 'cos vs exact int', 'cos vs float', 'exact int vs float'],
      rows: e2e.map((r) => [r.preset, r.image, r.cosVsExact.toFixed(6), r.cosVsFloat.toFixed(6), r.exactVsFloat.toFixed(6)]),
      notes: ['exact int: the same network with every conv exact (the crossbar in ideal mode, proven equal by the tests); float: the float forward pass'],
    });
  return { tables, json: { layers: rows, e2e } };
}
