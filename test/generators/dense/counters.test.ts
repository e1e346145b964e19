/** The dense accelerator's performance counters (busy, compute, bubble, drain) equal the cycle model's breakdown on every tile. */
import { describe, expect, it } from 'vitest';
import { DENSE_COUNTERS } from '../../../generators/dense/model.js';
import { expectCounters, verifyAll } from '../common/counters.js';

describe('dense performance counters', () => {
  it('equal denseCounters on every tile: a tiled 3×3 layer, a stride-2 layer, a 1×1 layer with bubbles (K < rows)', async () => {
    const vs = await verifyAll({
      name: 'd', generator: 'dense',
      hw: { rows: 4, cols: 4, ifmapWords: 128, weightWords: 512, outWords: 64, biasWords: 32 },
      workload: { layers: [
        { source: 'random', name: 'tiled', C: 3, H: 12, W: 9, M: 7, R: 3, pad: 1, seed: 21, relu: true, requant: true },
        { source: 'random', name: 's2', C: 2, H: 9, W: 9, M: 5, R: 3, stride: 2, seed: 22 },
        { source: 'random', name: 'bubbles', C: 2, H: 5, W: 6, M: 6, R: 1, seed: 23 },
      ] },
    });
    for (const v of vs) expectCounters(v, DENSE_COUNTERS, ['compute', 'bubble', 'drain']);
    expect(vs[0]!.tileRecords.length).toBeGreaterThan(1);
    expect(vs[2]!.counters.bubble!.rtl).toBeGreaterThan(0);
  }, 300_000);
});
