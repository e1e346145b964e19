/**
 * The field's reference model of an output-stationary systolic array, as a formula: SCALE-Sim v2
 * (repository scalesim-project/scale-sim-v2, file scalesim/compute/systolic_compute_os.py). It is what the dense
 * baseline is measured against; plain TypeScript, no DSL.
 *
 * SCALE-Sim lowers a convolution to two operand matrices: the ifmap matrix, Sr × T, one row per output pixel of the
 * flattened OH·OW output and one column per reduction term, and the filter matrix, T × Sc, one column per filter:
 *
 *   Sr = OH·OW,  Sc = M,  T = C·R·S
 *
 * The rows of the array take Sr in row folds of `rows` pixels, the columns take Sc in column folds of `cols` filters:
 * ceil(Sr / rows) · ceil(Sc / cols) folds. A fold's demand matrix has T rows of operands followed by cols − 1 rows of
 * null requests (the outputs drain before the next fold starts), then skewed by rows − 1 for the pipeline fill, so
 *
 *   a fold costs T + rows + cols − 2 cycles, and folds do not overlap.
 *
 * Utilisation is the MACs over cycles · rows · cols. (SCALE-Sim reports the mean of the folds' compute utilisations;
 * every fold of a layer lasts the same number of cycles, so that mean is this ratio.) Memory stalls are not modelled:
 * the formula is SCALE-Sim's compute time with unlimited SRAM and bandwidth, the best schedule it allows.
 */
import { outDims, type ConvShape } from '../common/shape.js';

export const SCALESIM_SOURCE = 'SCALE-Sim v2 (scalesim-project/scale-sim-v2, scalesim/compute/systolic_compute_os.py)';

export interface ScaleSimOs {
  /** ceil(OH·OW / rows) row folds × ceil(M / cols) column folds */
  rowFolds: number;
  colFolds: number;
  /** cycles of one fold: T + rows + cols − 2 */
  foldCycles: number;
  cycles: number;
  macs: number;
  utilization: number;
}

/** SCALE-Sim v2's output-stationary compute cycles of one conv layer on a rows×cols array. */
export function scaleSimOsCycles(l: ConvShape, a: { rows: number; cols: number }): ScaleSimOs {
  const { OH, OW, K } = outDims(l);
  const rowFolds = Math.ceil((OH * OW) / a.rows);
  const colFolds = Math.ceil(l.M / a.cols);
  const foldCycles = K + a.rows + a.cols - 2;
  const cycles = rowFolds * colFolds * foldCycles;
  const macs = l.M * OH * OW * K;
  return { rowFolds, colFolds, foldCycles, cycles, macs, utilization: macs / (cycles * a.rows * a.cols) };
}
