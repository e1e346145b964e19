/** The bench arithmetic of `hwgen bench dense`: per-layer and network totals (repeats counted), by hand. */
import { describe, it, expect } from 'vitest';
import { networkUtil } from '../../../generators/dense/compare.js';
import { DEFAULT_HW } from '../../../generators/dense/params.js';

describe('network utilisation beside SCALE-Sim', () => {
  it('sums layers as often as they repeat, on both sides', () => {
    const hw = { ...DEFAULT_HW, rows: 4, cols: 4 };
    const u = networkUtil(
      [
        // 4×4 output = 16 pixels → 4 pixel tiles × 2 channel tiles; K = 18. Ours: 1 + 8·18 + 4 + 4 + 4 = 157; SCALE-Sim: 8 folds × (18 + 6) = 192
        { name: 'a', C: 2, H: 4, W: 4, M: 5, R: 3, S: 3, stride: 1, pad: 1 },
        // 30 pixels → 8 × 4 = 32 tiles; K = 4. Ours: 1 + 32·4 + 12 = 141; SCALE-Sim: 32 × (4 + 6) = 320; three times
        { name: 'b', C: 4, H: 5, W: 6, M: 16, R: 1, S: 1, stride: 1, pad: 0, repeat: 3 },
      ],
      hw,
    );
    expect(u.layers.map((l) => [l.cycles, l.scaleSimCycles, l.macs, l.repeat, l.tiles])).toEqual([
      [157, 192, 1440, 1, 1],
      [141, 320, 1920, 3, 1],
    ]);
    expect(u.macs).toBe(1440 + 3 * 1920);
    expect(u.cycles).toBe(157 + 3 * 141);
    expect(u.scaleSimCycles).toBe(192 + 3 * 320);
    expect(u.utilization).toBeCloseTo(7200 / (580 * 16), 12);
    expect(u.scaleSimUtilization).toBeCloseTo(7200 / (1152 * 16), 12);
  });

  it("counts every SRAM tile's cycles when a layer does not fit", () => {
    // weights: K = 18 words per filter tile, 20 words per bank → one channel tile (4 filters) per chunk: 2 chunks
    const hw = { ...DEFAULT_HW, rows: 4, cols: 4, weightWords: 20 };
    const u = networkUtil([{ name: 'a', C: 2, H: 4, W: 4, M: 5, R: 3, S: 3, stride: 1, pad: 1 }], hw);
    expect(u.layers[0]!.tiles).toBe(2);
    // each chunk: 4 pixel tiles × 1 channel tile: 1 + 4·18 + 12 = 85
    expect(u.cycles).toBe(2 * 85);
    expect(u.scaleSimCycles).toBe(192);
  });
});
