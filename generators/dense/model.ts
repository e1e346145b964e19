/**
 * Golden cycle model of the dense accelerator: the schedule the controller follows, as arithmetic. It never imports
 * the DSL. Counted from the cycle in which `start` is 1 to the first cycle in which `done` is 1.
 *
 *   tiles  T = ceil(M / cols) · OH · ceil(OW / rows)
 *   period P = max(K, rows, cols)                      (a tile's results drain while the next tile computes)
 *   cycles   = 1 + T·P                                 (start is registered; then one step per cycle; the cycle after
 *                                                       the last step issues a flush that pushes the last results out)
 *            + rows + cols                             (the flush's descriptor waits `rows` cycles; the columns drain)
 *            + 3 + 1                                   (bias, ReLU/multiply, round/clamp/write; done registered)
 */
import type { LayerShape } from '../../models/conv2d.js';

export interface DenseArray {
  rows: number;
  cols: number;
}

export interface ConvShape extends LayerShape {
  /** vertical padding when it differs from `pad` (tiles of a layer carry their padding rows explicitly) */
  padY?: number;
}

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
  const OH = Math.floor((l.H + 2 * (l.padY ?? l.pad) - l.R) / l.stride) + 1;
  const OW = Math.floor((l.W + 2 * l.pad - l.S) / l.stride) + 1;
  const K = l.C * l.R * l.S;
  const tiles = Math.ceil(l.M / a.cols) * OH * Math.ceil(OW / a.rows);
  const period = Math.max(K, a.rows, a.cols);
  const cycles = 1 + tiles * period + a.rows + a.cols + 3 + 1;
  const macs = l.M * OH * OW * K;
  return { cycles, tiles, period, macs, utilization: macs / (cycles * a.rows * a.cols), OH, OW };
}
