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
 *   linac wgt_plane  prologue, fetch, term, post = the counters of those names
 *                                           → prologue reads and window-sum updates, slot, operand and bias reads,
 *                                             adder-tree adds, shift-and-adds, bias adds, requantisation
 *   insram reads2, reads1, writes, gather = the step counters of those names
 *                                           → array reads and writes, gather-index and input-buffer reads
 *   fft    lines = lines                    → twiddle multiplies, butterfly adds, buffer reads and writes
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
import type { PlaneHwParams } from '../../generators/linac/params.js';
import { planeCounts, planeTiles } from './linac-plane.ts';
import { insramCounts, insramTiles } from './insram.ts';
import type { InsramLayer } from '../../generators/insram/driver.js';
import type { InsramHwParams } from '../../generators/insram/params.js';
import { fftCounts, fftTiles } from './fft.ts';
import type { FftLayer } from '../../generators/fft/tiling.js';
import type { FftHwParams } from '../../generators/fft/params.js';

export type Counters = Readonly<Record<string, number>>;

/** A verified tile: its index among the layer's tiles and the counters the RTL gave (a Verdict's tileRecords fit). */
export interface CountedTile {
  index: number;
  name: string;
  /** the RTL's count, and the cycle model's figure for the run the tile had (the verify loop records both) */
  counters: Readonly<Record<string, { rtl: number; model?: number }>>;
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
  linac_plane: ['prologue input reads', 'window-sum weightings a·r, a·s', 'window-sum adds', 'slot-word reads', 'operand reads: activations', 'operand reads: window sums', 'bias reads (every fetch)', 'adder-tree adds per term cycle', 'accumulator shift-and-add per term cycle', 'bias adds'],
  insram: ['two-wordline reads (AND/NOR on every bitline)', 'one-wordline reads', 'wordline writes', 'gather-index reads', 'input-buffer reads (gathered elements)'],
  fft: ['twiddle multiplies (4 per butterfly)', 'complex-multiply adds (2 per butterfly)', 'butterfly adds and subtracts (4 per butterfly)', 'buffer reads (a line per pass)', 'buffer writes (a line per pass)'],
};

/** The comparison's key: the family, or linac_plane for the LINAC wgt_plane core. */
function keyOf(family: string, hw: unknown): string {
  return family === 'linac' && (hw as { mode?: string }).mode === 'wgt_plane' ? 'linac_plane' : family;
}

/** The families whose emitters can be compared with the RTL's counters (linac_plane: the LINAC wgt_plane core). */
export const COUNTED_FAMILIES = Object.keys(COUNTED);

/**
 * For each verified tile of a layer, the model's and the measured action counts. @throws when the family has no
 * comparison or a tile lacks a counter the comparison needs.
 */
export function compareWithCounters(family: string, hw: unknown, layer: unknown, tiles: readonly CountedTile[]): TileComparison[] {
  const counted = COUNTED[keyOf(family, hw)];
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
  if (family === 'insram') {
    const h = hw as InsramHwParams;
    // a pass that continued the previous pass's simulator run kept its weights (no load phase): its model is the
    // figure the verify loop recorded for the run it had, where there is one
    const qs = insramTiles(layer as InsramLayer, h);
    for (const t of tiles) {
      const m = (k: string): number | undefined => t.counters[k]?.model;
      const q = qs[t.index];
      if (q && m('reads2') !== undefined) qs[t.index] = { ...q, reads2: m('reads2')!, reads1: m('reads1')!, writes: m('writes')!, gather: m('gather')! };
    }
    return each(qs, (q, c) => ({ ...q, reads2: ctr(c, 'reads2'), reads1: ctr(c, 'reads1'), writes: ctr(c, 'writes'), gather: ctr(c, 'gather') }), (q) => insramCounts(q, h));
  }
  if (family === 'fft') {
    const h = hw as FftHwParams;
    return each(fftTiles(layer as FftLayer, h), (q, c) => ({ ...q, lines: ctr(c, 'lines') }), (q) => fftCounts(q, h));
  }
  if (keyOf(family, hw) === 'linac_plane') {
    const h = hw as PlaneHwParams;
    return each(planeTiles(layer as LinacLayerData, h), (q, c) => ({ ...q, prologue: ctr(c, 'prologue'), fetch: ctr(c, 'fetch'), term: ctr(c, 'term'), post: ctr(c, 'post') }), (q) => planeCounts(q, h));
  }
  const h = hw as LinacHwParams;
  return each(linacTiles(layer as LinacLayerData, h), (q, c) => ({ ...q, groups: ctr(c, 'groups'), termCycles: ctr(c, 'term') }), (q) => linacCounts(q, h));
}
