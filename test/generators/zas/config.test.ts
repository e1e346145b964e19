/** ZAS and LINAC configurations: what the drivers would refuse about the hardware alone is refused at load time, one line each. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../generators/registry.js';
import { errorOf } from '../../helpers/config-error.ts';

describe('load-time refusals', () => {
  it('zas: a row lookahead that is not a power of two', () => {
    expect(errorOf({ name: 'z', generator: 'zas', hw: { rowLook: 3 } })).toBe('bad.json: hw.rowLook: got 3, must be a power of two (1, 2, 4, 8, 16)');
    expect(errorOf({ name: 'z', generator: 'zas', hw: { rowLook: 32 } })).toBe('bad.json: hw.rowLook: got 32, must be a power of two (1, 2, 4, 8, 16)');
    expect(parseConfig({ name: 'z', generator: 'zas', hw: { rowLook: 8 } }, 'ok.json').config.hw.rowLook).toBe(8);
  });

  it('zas: a kernel larger than the PE is folded; kernels past 15×15 and strides past 4 are refused, naming the field', () => {
    const l = { source: 'random', name: 'r', C: 2, H: 12, W: 12, M: 4, R: 5, seed: 1 };
    expect(parseConfig({ name: 'z', generator: 'zas', workload: { layers: [l, { ...l, R: 11, stride: 4 }] } }, 'ok.json').config.workload.layers).toHaveLength(2);
    expect(errorOf({ name: 'z', generator: 'zas', workload: { layers: [{ ...l, R: 3, stride: 5 }] } })).toBe('bad.json: workload.layers[0].stride: got 5, must be a positive integer (1..4)');
    expect(errorOf({ name: 'z', generator: 'zas', workload: { layers: [{ ...l, H: 20, W: 20, R: 16 }] } })).toBe('bad.json: workload.layers[0].R: got 16, must be a positive integer (1..15)');
  });

  it('linac: face-net layers at activation widths other than 8 and 16; an unknown mode; fields of the other core', () => {
    expect(errorOf({ name: 'l', generator: 'linac', hw: { actBits: 12 }, workload: { layers: [{ source: 'facenet', layer: 'conv32_down' }] } })).toBe(
      "bad.json: workload.layers[0]: layer 'conv32_down': face-net layers come at 8 or 16 activation bits, hw.actBits is 12; set hw.actBits to 8 or 16",
    );
    expect(errorOf({ name: 'l', generator: 'linac', hw: { mode: 'wgt_serial' } })).toBe('bad.json: hw.mode: got "wgt_serial", must be "act_pred" or "wgt_plane"');
    expect(errorOf({ name: 'l', generator: 'linac', hw: { mode: 'wgt_plane', beta: [1] } })).toMatch(/^bad\.json: hw\.beta: unknown field; allowed fields here: mode, lanes, cols, /);
    expect(errorOf({ name: 'l', generator: 'linac', hw: { filterz: 2 } })).toMatch(/^bad\.json: hw\.filterz: unknown field; allowed fields here: mode, beta, lanes, filters, /);
  });
});
