/** SCALE-Sim v2's output-stationary formula on folds counted by hand, and the dense cycle model beside it. */
import { describe, it, expect } from 'vitest';
import { scaleSimOsCycles } from '../../../generators/dense/scalesim.js';
import { denseCycles } from '../../../generators/dense/model.js';

describe('SCALE-Sim v2 output-stationary cycles', () => {
  it('a 3×3 layer, pad 1, on a 4×4 array: 16 pixels in 4 row folds, 5 filters in 2 column folds, 24 cycles a fold', () => {
    // OH = OW = 4 → Sr = 16; T = 2·3·3 = 18; Sc = 5. Fold: 18 operand rows + 3 drain rows, skewed by 3 → 24.
    const s = scaleSimOsCycles({ C: 2, H: 4, W: 4, M: 5, R: 3, S: 3, stride: 1, pad: 1 }, { rows: 4, cols: 4 });
    expect(s).toMatchObject({ rowFolds: 4, colFolds: 2, foldCycles: 24, cycles: 192, macs: 1440 });
    expect(s.utilization).toBeCloseTo(1440 / (192 * 16), 12);
  });

  it('stride 2 without padding on a non-square 8×2 array: rows walk the flattened pixels of several output rows', () => {
    // 7×7 input, 3×3/2 → 3×3 = 9 pixels: 2 row folds (8 + 1); M = 3 → 2 column folds; T = 9; fold 9 + 8 + 2 − 2 = 17.
    const s = scaleSimOsCycles({ C: 1, H: 7, W: 7, M: 3, R: 3, S: 3, stride: 2, pad: 0 }, { rows: 8, cols: 2 });
    expect(s).toMatchObject({ rowFolds: 2, colFolds: 2, foldCycles: 17, cycles: 68, macs: 243 });
  });

  it('a 1×1 layer whose reduction is shorter than the array: T = 4 on 8×8 still pays 14 cycles of fill and drain', () => {
    // 5×6 output = 30 pixels → 4 row folds; M = 16 → 2 column folds; fold 4 + 8 + 8 − 2 = 18.
    const s = scaleSimOsCycles({ C: 4, H: 5, W: 6, M: 16, R: 1, S: 1, stride: 1, pad: 0 }, { rows: 8, cols: 8 });
    expect(s).toMatchObject({ rowFolds: 4, colFolds: 2, foldCycles: 18, cycles: 144, macs: 1920 });
  });

  it('folds the same pixels and filters as the dense schedule; the dense tile overlaps its drain instead', () => {
    const l = { C: 16, H: 9, W: 11, M: 20, R: 3, S: 3, stride: 1, pad: 1 };
    const s = scaleSimOsCycles(l, { rows: 8, cols: 8 });
    const d = denseCycles(l, { rows: 8, cols: 8 });
    // 99 pixels → 13 row folds, 20 filters → 3 column folds
    expect(s.rowFolds * s.colFolds).toBe(39);
    expect(d.tiles).toBe(39);
    // a fold costs K + 14 = 158 against a tile's max(K, 8, 8) = 144; the dense layer adds its start, flush and drain once
    expect(s.cycles).toBe(39 * 158);
    expect(d.cycles).toBe(1 + 39 * 144 + 8 + 8 + 4);
  });
});
