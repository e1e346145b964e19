/** The ZAS accelerator's performance counters equal the cycle model's breakdown (zasCounters) on every tile. */
import { describe, expect, it } from 'vitest';
import { ZAS_COUNTERS } from '../../../generators/zas/model.js';
import { expectCounters, verifyAll } from '../common/counters.js';

describe('ZAS performance counters', () => {
  it('equal zasCounters on every tile: sparse and dense maps, several channel tiles, stride 2, a tiled layer, folded 7×7/2 and 11×11/4 kernels', async () => {
    const vs = await verifyAll({
      name: 'z', generator: 'zas',
      hw: { P: 4, rowLook: 1, nzWords: 512, rowWords: 128, partialWords: 16, weightWords: 64, biasWords: 8, outWords: 256 },
      workload: { layers: [
        { source: 'random', name: 'sparse', C: 3, H: 8, W: 9, M: 10, R: 3, pad: 1, seed: 31, zeros: 0.9, relu: true, requant: true },
        { source: 'random', name: 'dense_map', C: 2, H: 7, W: 7, M: 9, R: 3, pad: 1, seed: 32, zeros: 0.1 },
        { source: 'random', name: 's2', C: 2, H: 9, W: 9, M: 5, R: 3, stride: 2, pad: 1, seed: 33, zeros: 0.5 },
        { source: 'random', name: 'tiled', C: 2, H: 20, W: 11, M: 6, R: 3, pad: 1, seed: 34, zeros: 0.6 },
        { source: 'random', name: 'fold7s2', C: 2, H: 13, W: 13, M: 5, R: 7, stride: 2, pad: 3, seed: 35, zeros: 0.5 },
        { source: 'random', name: 'fold11s4', C: 1, H: 19, W: 19, M: 3, R: 11, stride: 4, pad: 2, seed: 36, zeros: 0.4 },
      ] },
    });
    for (const v of vs) expectCounters(v, ZAS_COUNTERS, ['clear', 'nonzero', 'empty_row', 'drain_only', 'gap', 'tail']);
    expect(vs[0]!.counters.empty_row!.rtl).toBeGreaterThan(0);
    expect(vs[0]!.counters.drain_only!.rtl).toBeGreaterThan(0);
    expect(vs[3]!.tileRecords.length).toBeGreaterThan(1);
    // the folded layers repeat the stream: 4 passes of the 7×7/2 kernel, one of the 11×11/4 (≤ 3×3 taps per stride phase)
    const nz = (i: number) => vs[i]!.tileRecords.reduce((n, t) => n + t.counters.nonzero!.rtl, 0);
    expect(nz(4) % 4).toBe(0);
    expect(nz(5)).toBeGreaterThan(0);
  }, 300_000);
});
