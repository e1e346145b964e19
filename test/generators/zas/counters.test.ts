/** The ZAS accelerator's performance counters equal the cycle model's breakdown (zasCounters) on every tile. */
import { describe, expect, it } from 'vitest';
import { ZAS_COUNTERS } from '../../../generators/zas/model.js';
import { expectCounters, verifyAll } from '../common/counters.js';

describe('ZAS performance counters', () => {
  it('equal zasCounters on every tile: sparse and dense maps, several channel tiles, stride 2, a tiled layer', async () => {
    const vs = await verifyAll({
      name: 'z', generator: 'zas',
      hw: { P: 4, rowLook: 1, nzWords: 512, rowWords: 128, partialWords: 16, weightWords: 64, biasWords: 8, outWords: 256 },
      workload: { layers: [
        { source: 'random', name: 'sparse', C: 3, H: 8, W: 9, M: 10, R: 3, pad: 1, seed: 31, zeros: 0.9, relu: true, requant: true },
        { source: 'random', name: 'dense_map', C: 2, H: 7, W: 7, M: 9, R: 3, pad: 1, seed: 32, zeros: 0.1 },
        { source: 'random', name: 's2', C: 2, H: 9, W: 9, M: 5, R: 3, stride: 2, pad: 1, seed: 33, zeros: 0.5 },
        { source: 'random', name: 'tiled', C: 2, H: 20, W: 11, M: 6, R: 3, pad: 1, seed: 34, zeros: 0.6 },
      ] },
    });
    for (const v of vs) expectCounters(v, ZAS_COUNTERS, ['clear', 'nonzero', 'empty_row', 'drain_only', 'gap', 'tail']);
    expect(vs[0]!.counters.empty_row!.rtl).toBeGreaterThan(0);
    expect(vs[0]!.counters.drain_only!.rtl).toBeGreaterThan(0);
    expect(vs[3]!.tileRecords.length).toBeGreaterThan(1);
  }, 300_000);
});
