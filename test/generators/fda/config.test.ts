/**
 * The fda configurations: the committed ones load (2D and 3D, with their workloads checked against the hardware), a
 * hardware set that cannot be built or a layer that does not fit is refused with one line naming the field and the fix.
 */
import { describe, it, expect } from 'vitest';
import { parseConfig, loadConfig, ConfigError } from '../../../generators/registry.js';

function errorOf(raw: unknown): string {
  try {
    parseConfig(raw, 'bad.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('fda configurations', () => {
  it('configs/fda.json and configs/fda3d.json load', () => {
    const c2 = loadConfig('configs/fda.json');
    expect(c2.family.name).toBe('fda');
    expect(c2.config.hw.dims).toBe(2);
    expect(c2.family.workload(c2.config).map((w: { name: string }) => w.name)).toEqual(['conv32_1/conv1', 'rand_2d']);
    const c3 = loadConfig('configs/fda3d.json');
    expect(c3.config.hw.dims).toBe(3);
    expect(c3.family.check(c3.config)).toEqual([]);
  });

  it('bad hardware and layers that do not fit: one line each', () => {
    const base = { name: 'x', generator: 'fda' };
    expect(errorOf({ ...base, hw: { adcShare: 64, cols: 32 } })).toBe('bad.json: hw.adcShare: got 64, must be a divisor of cols = 32');
    expect(errorOf({ ...base, hw: { fftBits: 10 } })).toBe('bad.json: hw.fftBits: got 10, must be at least inBits + guardBits + 1 = 12');
    expect(errorOf({ ...base, hw: { n: 6 } })).toBe('bad.json: hw.n: got 6, must be a power of two (4, 8, 16)');
    expect(errorOf({ ...base, hw: { adc: 'noisy' } })).toBe('bad.json: hw.adc: got "noisy", must be "ideal" or "limited"');
    // more input channels than maxC run in chunks; a kernel over maxKernel does not fit
    const layer = { source: 'random', name: 'r', C: 9, H: 6, W: 6, M: 2, R: 3, pad: 1, seed: 1 };
    expect(errorOf({ ...base, workload: { layers: [layer] } })).toBe('no error');
    expect(errorOf({ ...base, workload: { layers: [{ ...layer, R: 5 }] } })).toBe("bad.json: workload.layers[0]: layer 'r': kernel 5 exceeds maxKernel = 3; raise maxKernel in the config");
    expect(errorOf({ ...base, workload: { layers: [{ ...layer, C: 2, stride: 2 }] } })).toBe('no error');
    expect(errorOf({ ...base, workload: { layers: [{ ...layer, C: 2, stride: 5 }] } })).toBe('bad.json: workload.layers[0].stride: got 5, must be a positive integer (1..4)');
  });
});
