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
import { denseEmitter } from './dense.ts';
import { zasEmitter } from './zas.ts';
import { linacEmitter } from './linac.ts';
import { svdEmitter } from './svd.ts';
import { xbarEmitter } from './crossbar.ts';
import { fdaEmitter } from './fda.ts';
import { planeEmitter } from './linac-plane.ts';
import { insramEmitter } from './insram.ts';
import { fftEmitter } from './fft.ts';
import { tileQuantities, type LayerActions, type TileEmitter } from './tiles.ts';

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

/** A family's comparison: the actions its counters determine (by note) and how it compares a layer's verified tiles. */
interface Comparison {
  counted: readonly string[];
  compare: (hw: unknown, layer: unknown, tiles: readonly CountedTile[]) => TileComparison[];
}

/**
 * The comparison of an emitter: `measure` puts the RTL's counters in place of the counted quantities; `asRun`, where
 * given, first replaces a tile's model quantities with the figures the verify loop recorded for the run it had.
 */
function comparison<L, H, Q>(e: TileEmitter<L, H, Q>, counted: readonly string[], measure: (q: Q, c: Counters) => Q, asRun?: (q: Q, model: (k: string) => number | undefined) => Q): Comparison {
  const compare = (hw: unknown, layer: unknown, tiles: readonly CountedTile[]): TileComparison[] => {
    const h = hw as H;
    const qs = tileQuantities(e, layer as L, h);
    return tiles.map((t) => {
      const q0 = qs[t.index];
      if (q0 === undefined) throw new Error(`tile ${t.index} (${t.name}) is not a tile of this layer (${qs.length} tiles)`);
      const q = asRun ? asRun(q0, (k) => t.counters[k]?.model) : q0;
      const c: Record<string, number> = {};
      for (const [k, v] of Object.entries(t.counters)) c[k] = v.rtl;
      const model = e.counts(q, h);
      const measured = e.counts(measure(q, c), h);
      const differ = model.counts.filter((a, i) => a.count !== measured.counts[i]!.count).map((a) => a.note ?? `${a.component}.${a.action}`);
      return { tile: t.name, model, measured, counted, differ };
    });
  };
  return { counted, compare };
}

const COMPARISONS: Record<string, Comparison> = {
  dense: comparison(denseEmitter, ['PE multiplies (issued slots)', 'PE accumulates (issued slots)', 'input SRAM reads', 'weight SRAM reads'], (q, c) => ({ ...q, steps: ctr(c, 'compute') })),
  zas: comparison(
    zasEmitter,
    ['non-zero reads', 'row-end reads', 'weight SRAM reads', 'PE multiplies (issued slots)', 'partial-sum writes (clear)'],
    (q, c) => ({ ...q, issued: ctr(c, 'nonzero'), stream: ctr(c, 'nonzero') + ctr(c, 'empty_row'), clear: ctr(c, 'clear') }),
  ),
  linac: comparison(
    linacEmitter,
    ['offset reads', 'input reads', 'β history reads', 'residual subtracts', 'weight SRAM reads', 'partial-sum shift-and-add per term cycle'],
    (q, c) => ({ ...q, groups: ctr(c, 'groups'), termCycles: ctr(c, 'term') }),
  ),
  svd: comparison(
    svdEmitter,
    ['input SRAM reads (window rows)', 'prediction P reads', 'prediction P·x multiplies', 'prediction Q reads', 'prediction Q·z multiplies', 'prediction accumulates', 'weight chunk reads (executed outputs)', 'bias adds (executed outputs)', 'requantisation multiplies (executed outputs)'],
    (q, c) => ({ ...q, windows: ctr(c, 'windows'), executed: q.outputs - ctr(c, 'skipped') }),
  ),
  crossbar: comparison(
    xbarEmitter,
    ['DAC conversions (row drives per slice)', 'ADC conversions', 'shift-and-adds (lane columns)'],
    (q, c) => ({ ...q, dacConversions: ctr(c, 'dacConversions'), adcConversions: ctr(c, 'adcConversions'), shiftAdds: ctr(c, 'shiftAdds') }),
  ),
  fda: comparison(
    fdaEmitter,
    ['FFT twiddle multiplies (4 per butterfly)', 'FFT adds (6 per butterfly)', 'DAC conversions (row drives per slice)', 'ADC conversions', 'shift-and-adds (lane columns)'],
    (q, c) => ({ ...q, activations: ctr(c, 'act'), adcSteps: ctr(c, 'adc'), lines: ctr(c, 'lines') }),
  ),
  linac_plane: comparison(
    planeEmitter,
    ['prologue input reads', 'window-sum weightings a·r, a·s', 'window-sum adds', 'slot-word reads', 'operand reads: activations', 'operand reads: window sums', 'bias reads (every fetch)', 'adder-tree adds per term cycle', 'accumulator shift-and-add per term cycle', 'bias adds'],
    (q, c) => ({ ...q, prologue: ctr(c, 'prologue'), fetch: ctr(c, 'fetch'), term: ctr(c, 'term'), post: ctr(c, 'post') }),
  ),
  insram: comparison(
    insramEmitter,
    ['two-wordline reads (AND/NOR on every bitline)', 'one-wordline reads', 'wordline writes', 'gather-index reads', 'input-buffer reads (gathered elements)'],
    (q, c) => ({ ...q, reads2: ctr(c, 'reads2'), reads1: ctr(c, 'reads1'), writes: ctr(c, 'writes'), gather: ctr(c, 'gather') }),
    // a pass that continued the previous pass's simulator run kept its weights (no load phase): its model is the
    // figure the verify loop recorded for the run it had, where there is one
    (q, m) => (m('reads2') === undefined ? q : { ...q, reads2: m('reads2')!, reads1: m('reads1')!, writes: m('writes')!, gather: m('gather')! }),
  ),
  fft: comparison(
    fftEmitter,
    ['twiddle multiplies (4 per butterfly)', 'complex-multiply adds (2 per butterfly)', 'butterfly adds and subtracts (4 per butterfly)', 'buffer reads (a line per pass)', 'buffer writes (a line per pass)'],
    (q, c) => ({ ...q, lines: ctr(c, 'lines') }),
  ),
};

/** The comparison's key: the family, or linac_plane for the LINAC wgt_plane core. */
function keyOf(family: string, hw: unknown): string {
  return family === 'linac' && (hw as { mode?: string }).mode === 'wgt_plane' ? 'linac_plane' : family;
}

/** The families whose emitters can be compared with the RTL's counters (linac_plane: the LINAC wgt_plane core). */
export const COUNTED_FAMILIES = Object.keys(COMPARISONS);

/**
 * For each verified tile of a layer, the model's and the measured action counts. @throws when the family has no
 * comparison or a tile lacks a counter the comparison needs.
 */
export function compareWithCounters(family: string, hw: unknown, layer: unknown, tiles: readonly CountedTile[]): TileComparison[] {
  const c = COMPARISONS[keyOf(family, hw)];
  if (!c) throw new Error(`no counter comparison for generator '${family}' (have: ${COUNTED_FAMILIES.join(', ')})`);
  return c.compare(hw, layer, tiles);
}
