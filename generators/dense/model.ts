/**
 * Golden cycle model of the dense accelerator: the schedule the controller follows, as arithmetic. It never imports
 * the DSL. Counted from the cycle in which `start` is 1 to the first cycle in which `done` is 1.
 *
 *   tiles  T = ceil(M / cols) · ceil(OH·OW / rows)      (rows walk the flattened output pixels, wrapping across rows)
 *   drain  U = postUnits (rows when 0) post-processing units; a drained column takes S = ceil(rows / U) cycles
 *          (rows g·U .. g·U + U − 1 in its g-th cycle), a tile's drain cols·S cycles
 *   period P = max(K, rows + (cols − 1)·(S − 1), cols·S)
 *                                                      (a tile's results drain while the next tile computes: the drain
 *                                                       must end before the next one starts, and column j's last group
 *                                                       must leave row 0's PEs before the next tile's sums replace it)
 *   cycles   = 1 + T·P                                 (start is registered; then one step per cycle; the cycle after
 *                                                       the last step issues a flush that pushes the last results out)
 *            + rows + cols·S                           (the flush's descriptor waits `rows` cycles; the columns drain)
 *            + 3 + 1                                   (bias, ReLU/multiply, round/clamp/write; done registered)
 * With one unit per row (S = 1) P = max(K, rows, cols).
 */
import { outDims, type ConvShape } from '../common/shape.js';

export interface DenseArray {
  rows: number;
  cols: number;
  /** post-processing units shared by the rows (0 or absent: one per row) */
  postUnits?: number;
}

/** The drain of a tile: U post-processing units, S cycles per drained column, the shortest tile period it allows. */
export function drainShape(a: DenseArray): { units: number; steps: number; cycles: number; minTile: number } {
  const units = a.postUnits || a.rows;
  const steps = Math.ceil(a.rows / units);
  return { units, steps, cycles: a.cols * steps, minTile: Math.max(a.rows + (a.cols - 1) * (steps - 1), a.cols * steps) };
}

export type { ConvShape };

export interface DenseCycles {
  cycles: number;
  tiles: number;
  period: number;
  macs: number;
  /** useful MACs / (cycles · rows · cols) */
  utilization: number;
  OH: number;
  OW: number;
}

export function denseCycles(l: ConvShape, a: DenseArray): DenseCycles {
  const { OH, OW, K } = outDims(l);
  const tiles = Math.ceil(l.M / a.cols) * Math.ceil((OH * OW) / a.rows);
  const dr = drainShape(a);
  const period = Math.max(K, dr.minTile);
  const cycles = 1 + tiles * period + a.rows + dr.cycles + 3 + 1;
  const macs = l.M * OH * OW * K;
  return { cycles, tiles, period, macs, utilization: macs / (cycles * a.rows * a.cols), OH, OW };
}

/**
 * The cycles from start to done split into the categories the accelerator's counters measure (accel.ts):
 *   busy    = cycles − 1                  (busy is high from the cycle after start up to done)
 *   compute = T·K                         issue cycles of a real reduction step
 *   bubble  = T·(P − K)                   issue cycles past K (a tile lasts P cycles)
 *   drain   = rows + cols·S + 4           flush (1), the last descriptor's wait and drain (rows + cols·S), post (3)
 */
export function denseCounters(l: ConvShape, a: DenseArray): Record<string, number> {
  const c = denseCycles(l, a);
  const { K } = outDims(l);
  return { busy: c.cycles - 1, compute: c.tiles * K, bubble: c.tiles * (c.period - K), drain: a.rows + drainShape(a).cycles + 4 };
}

/** The names of the dense accelerator's performance counters, in their read-port order. */
export const DENSE_COUNTERS = ['busy', 'compute', 'bubble', 'drain'] as const;
