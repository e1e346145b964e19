/** The LINAC cores' performance counters equal the cycle models' breakdowns (linacCounters, planeCounters) on every tile. */
import { describe, expect, it } from 'vitest';
import { LINAC_COUNTERS, PLANE_COUNTERS } from '../../../generators/linac/params.js';
import { expectCounters, verifyAll } from '../common/counters.js';

const layers = [
  { source: 'random', name: 'r3', C: 3, H: 7, W: 9, M: 5, R: 3, pad: 1, seed: 41, relu: true },
  { source: 'random', name: 'r1s2', C: 4, H: 6, W: 8, M: 3, R: 1, stride: 2, seed: 42 },
];

describe('LINAC performance counters', () => {
  it('act_pred (β = (1) and raw): busy, term, groups, fixed equal linacCounters on every tile, a tiled layer included', async () => {
    for (const beta of [[1], []]) {
      const vs = await verifyAll({
        name: 'l', generator: 'linac',
        hw: { beta, lanes: 4, filters: 2, accBits: 48, ifmapWords: 256, weightWords: 64, offWords: 64, outWords: 64, biasWords: 8 },
        workload: { layers },
      });
      for (const v of vs) expectCounters(v, LINAC_COUNTERS, ['term', 'fixed']);
      expect(vs[0]!.tileRecords.length).toBeGreaterThan(1);
    }
  }, 300_000);

  it('wgt_plane: busy, prologue, fetch, term, post equal planeCounters on every tile, a tiled layer included', async () => {
    const vs = await verifyAll({
      name: 'p', generator: 'linac',
      hw: { mode: 'wgt_plane', lanes: 4, cols: 2, svBits: 12, pBits: 28, accBits: 56, ifmapWords: 256, slotWords: 64, wsWords: 8, outWords: 64, biasWords: 8 },
      workload: { layers },
    });
    for (const v of vs) expectCounters(v, PLANE_COUNTERS, ['prologue', 'fetch', 'term', 'post']);
    expect(vs[0]!.tileRecords.length).toBeGreaterThan(1);
  }, 300_000);
});
