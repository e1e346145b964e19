/**
 * The energy columns of the benches (ppa/columns.ts): every family with an emitter has configurations to cost, each
 * row's energy is the sum of its per-component energies, and the extra baselines appear where they apply (insram's
 * own dense mapping, FDA's ISAAC preset), on small configurations.
 */
import { describe, expect, it } from 'vitest';
import { energyRows, FAMILY_CONFIGS } from '../../ppa/columns.ts';
import { ACTION_FAMILIES, layerActions } from '../../ppa/actions/index.ts';
import { loadConfig, parseConfig } from '../../generators/registry.js';
import { energyOf } from '../../ppa/energy/model.ts';
import { REFERENCE_TABLE } from '../../ppa/energy/reference.ts';

const T = REFERENCE_TABLE;

describe('energy columns', () => {
  it('every family with an emitter has configurations of that family', () => {
    expect(Object.keys(FAMILY_CONFIGS).sort()).toEqual([...ACTION_FAMILIES].sort());
    for (const [fam, files] of Object.entries(FAMILY_CONFIGS)) for (const f of files) expect(loadConfig(f).family.name, f).toBe(fam);
  });

  it('insram (coalesced, pruned): per-component energies sum to the row, the dense baseline and the own dense mapping beside it', () => {
    const c = parseConfig({
      name: 'i', generator: 'insram', mapping: 'coalesced', pruning: 0.5,
      hw: { rows: 224, cols: 32, arrays: 1, xinWords: 2048, idxWords: 64, imemWords: 128 },
      workload: { layers: [{ source: 'random', name: 'r3', C: 8, H: 4, W: 6, M: 4, R: 3, pad: 1, seed: 3 }] },
    }, 't.json');
    const [r] = energyRows(c, T, 'reference');
    expect(Object.values(r!.byComponent).reduce((a, b) => a + b, 0)).toBeCloseTo(r!.energyPj, 6);
    // the own dense mapping is the same config unpruned with the dense mapping, costed the same way
    const own = parseConfig({ ...c.config, mapping: 'dense', pruning: 0 }, 't.json');
    const ol = own.family.workload(own.config)[0]!.load();
    expect(r!.ownDenseEnergyPj).toBeCloseTo(energyOf(layerActions('insram', own.config, ol).counts, T).total, 6);
    // half the channels pruned: fewer array activations than the dense mapping
    expect(r!.energyPj).toBeLessThan(r!.ownDenseEnergyPj!);
    expect(r!.denseEnergyPj).toBeGreaterThan(0);
    expect(r!.nodes).toEqual(['45nm']);
  });

  it('fft has no dense baseline; fda has the ISAAC preset beside it', () => {
    const f = parseConfig({ name: 'f', generator: 'fft', hw: { n: 8, dims: 2, w: 16, t: 16 }, workload: { layers: [{ source: 'random', name: 'b', blocks: 1, seed: 1 }] } }, 't.json');
    const [fr] = energyRows(f, T, 'reference');
    expect(fr!.denseEnergyPj).toBeUndefined();
    expect(fr!.macs).toBe(2 * 8 * 4 * 3); // 16 lines of 4 butterflies in each of 3 stages
    const d = parseConfig({ name: 'd', generator: 'fda', workload: { layers: [{ source: 'random', name: 'r', C: 2, H: 6, W: 6, M: 2, R: 3, pad: 1, seed: 5 }] } }, 't.json');
    const [dr] = energyRows(d, T, 'reference');
    expect(dr!.isaacEnergyPj).toBeGreaterThan(0);
    expect(dr!.nodes).toEqual(['32nm', '45nm']);
  });
});
