/**
 * The action counts a verified tile's performance counters give. Each emitter's counts are a function of a few
 * quantities of the tile (dense.ts, zas.ts, linac.ts); the quantities the hardware counts are replaced here by the
 * counters the verify loop read back from the RTL (generators/common/counters.ts), the others kept from the model.
 * Equal counts mean the emitter's figures for those actions are what the RTL did:
 *
 *   dense  steps = compute                  → PE multiplies and accumulates, input and weight SRAM reads
 *   zas    issued = nonzero, stream = nonzero + empty_row, clear = clear
 *                                           → non-zero and row-end reads, weight reads, PE multiplies, clear writes
 *   linac  groups = groups, termCycles = term
 *                                           → offset, input, β-history and weight reads, residual subtracts, shift-and-adds
 *   svd    windows = windows, executed = outputs − skipped
 *                                           → input and prediction reads, prediction multiplies, weight reads, bias adds, requantisation
 *   crossbar  dacConversions, adcConversions, shiftAdds = the counters of those names (summed over a tile's passes)
 *   fda    activations = act, adcSteps = adc, lines = lines  → DAC, ADC, shift-and-adds, FFT multiplies and adds
 *
 * (the crossbar's hardware is its preset with the configured fields: pass hwOf(config) as `hw`)
 */
import type { DenseLayer } from '../../generators/dense/driver.js';
import type { DenseHwParams } from '../../generators/dense/params.js';
import type { ZasLayer } from '../../generators/zas/driver.js';
import type { ZasHwParams } from '../../generators/zas/params.js';
import type { LinacLayerData } from '../../generators/linac/golden.js';
import type { LinacHwParams } from '../../generators/linac/params.js';
import { denseCounts, denseTiles, type LayerActions } from './dense.ts';
import { zasCounts, zasTiles } from './zas.ts';
import { linacCounts, linacTiles } from './linac.ts';
import { svdCounts, svdTiles } from './svd.ts';
import { xbarCounts, xbarTiles } from './crossbar.ts';
import { fdaCounts, fdaTiles } from './fda.ts';
import type { FdaLayer } from '../../generators/fda/golden.js';
import type { FdaHwParams } from '../../generators/fda/params.js';
import type { SvdLayer } from '../../generators/predict/driver.js';
import type { PredictHwParams } from '../../generators/predict/params.js';
import type { XbarLayer } from '../../generators/crossbar/driver.js';
import type { XbarHwParams } from '../../generators/crossbar/params.js';

export type Counters = Readonly<Record<string, number>>;

/** A verified tile: its index among the layer's tiles and the counters the RTL gave (a Verdict's tileRecords fit). */
export interface CountedTile {
  index: number;
  name: string;
  counters: Readonly<Record<string, { rtl: number }>>;
}

/** One tile: the emitter's counts (from the cycle model) and the counts with the counted quantities taken from the RTL. */
export interface TileComparison {
  tile: string;
  model: LayerActions;
  measured: LayerActions;
  /** the actions whose counts the counters determine (by note) */
  counted: readonly string[];
  /** the notes of the actions whose model and measured counts differ */
  differ: string[];
}

function ctr(c: Counters, name: string): number {
  const v = c[name];
  if (v === undefined) throw new Error(`the tile's counters have no '${name}' (have: ${Object.keys(c).join(', ')})`);
  return v;
}

const COUNTED: Record<string, readonly string[]> = {
  dense: ['PE multiplies (issued slots)', 'PE accumulates (issued slots)', 'input SRAM reads', 'weight SRAM reads'],
  zas: ['non-zero reads', 'row-end reads', 'weight SRAM reads', 'PE multiplies (issued slots)', 'partial-sum writes (clear)'],
  linac: ['offset reads', 'input reads', 'β history reads', 'residual subtracts', 'weight SRAM reads', 'partial-sum shift-and-add per term cycle'],
  svd: ['input SRAM reads (window rows)', 'prediction P reads', 'prediction P·x multiplies', 'prediction Q reads', 'prediction Q·z multiplies', 'prediction accumulates', 'weight chunk reads (executed outputs)', 'bias adds (executed outputs)', 'requantisation multiplies (executed outputs)'],
  crossbar: ['DAC conversions (row drives per slice)', 'ADC conversions', 'shift-and-adds (lane columns)'],
  fda: ['FFT twiddle multiplies (4 per butterfly)', 'FFT adds (6 per butterfly)', 'DAC conversions (row drives per slice)', 'ADC conversions', 'shift-and-adds (lane columns)'],
};

/** The families whose emitters can be compared with the RTL's counters. */
export const COUNTED_FAMILIES = Object.keys(COUNTED);

/**
 * For each verified tile of a layer, the model's and the measured action counts. @throws when the family has no
 * comparison or a tile lacks a counter the comparison needs.
 */
export function compareWithCounters(family: string, hw: unknown, layer: unknown, tiles: readonly CountedTile[]): TileComparison[] {
  const counted = COUNTED[family];
  if (!counted) throw new Error(`no counter comparison for generator '${family}' (have: ${COUNTED_FAMILIES.join(', ')})`);
  const each = <Q>(qs: Q[], measure: (q: Q, c: Counters) => Q, counts: (q: Q) => LayerActions): TileComparison[] =>
    tiles.map((t) => {
      const q = qs[t.index];
      if (q === undefined) throw new Error(`tile ${t.index} (${t.name}) is not a tile of this layer (${qs.length} tiles)`);
      const c: Record<string, number> = {};
      for (const [k, v] of Object.entries(t.counters)) c[k] = v.rtl;
      const model = counts(q);
      const measured = counts(measure(q, c));
      const differ = model.counts.filter((a, i) => a.count !== measured.counts[i]!.count).map((a) => a.note ?? `${a.component}.${a.action}`);
      return { tile: t.name, model, measured, counted, differ };
    });
  if (family === 'dense') {
    const h = hw as DenseHwParams;
    return each(denseTiles(layer as DenseLayer, h), (q, c) => ({ ...q, steps: ctr(c, 'compute') }), (q) => denseCounts(q, h));
  }
  if (family === 'zas') {
    const h = hw as ZasHwParams;
    return each(zasTiles(layer as ZasLayer, h), (q, c) => ({ ...q, issued: ctr(c, 'nonzero'), stream: ctr(c, 'nonzero') + ctr(c, 'empty_row'), clear: ctr(c, 'clear') }), (q) => zasCounts(q, h));
  }
  if (family === 'svd') {
    const h = hw as PredictHwParams;
    return each(svdTiles(layer as SvdLayer, h), (q, c) => ({ ...q, windows: ctr(c, 'windows'), executed: q.outputs - ctr(c, 'skipped') }), (q) => svdCounts(q, h));
  }
  if (family === 'crossbar') {
    const h = hw as XbarHwParams;
    const m = (q: ReturnType<typeof xbarTiles>[number], c: Counters) => ({ ...q, dacConversions: ctr(c, 'dacConversions'), adcConversions: ctr(c, 'adcConversions'), shiftAdds: ctr(c, 'shiftAdds') });
    return each(xbarTiles(layer as XbarLayer, h), m, (q) => xbarCounts(q, h));
  }
  if (family === 'fda') {
    const h = hw as FdaHwParams;
    return each(fdaTiles(layer as FdaLayer, h), (q, c) => ({ ...q, activations: ctr(c, 'act'), adcSteps: ctr(c, 'adc'), lines: ctr(c, 'lines') }), (q) => fdaCounts(q, h));
  }
  const h = hw as LinacHwParams;
  return each(linacTiles(layer as LinacLayerData, h), (q, c) => ({ ...q, groups: ctr(c, 'groups'), termCycles: ctr(c, 'term') }), (q) => linacCounts(q, h));
}
