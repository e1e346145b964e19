/**
 * The in-SRAM family for the registry and the CLI: `insramFamily` (defineFamily over insramHooks: a tile is one pass
 * of the mapping). configs/insram.json is its default configuration (dense mapping); configs/bitprudent.json
 * (coalesced) and configs/bitprudent-overlap.json (overlapped) select the sparse mappings.
 */
import type { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily } from '../family.js';
import { InsramAccel } from './accel.js';
import { layerCounts, InsramFitError } from './program.js';
import type { InsramHwParams } from './params.js';
import { insramHooks, layerPlan, type InsramLayer, type InsramPassPlan } from './driver.js';
import { insramConfigSchema, insramLayerName, materializeInsramLayer, checkInsramShape, type InsramConfig } from './config.js';

export { InsramAccel } from './accel.js';
export { InsramArray } from './array.js';
export { DEFAULT_HW as DEFAULT_INSRAM_HW, type InsramHwParams } from './params.js';
export { planLayer, passImage, layerCounts, type LayerPlan, type LayerCounts, type Precision } from './program.js';
export { insramHooks, insramLayer, goldenOf, type InsramLayer, type InsramPassPlan } from './driver.js';
export { INSRAM_COUNTERS } from './model.js';
export { verifyInsram, goldenConv, type InsramVerdict } from './verify.js';
export { insramConfigSchema, materializeInsramLayer, type InsramConfig } from './config.js';

export const insramFamily = defineFamily<InsramConfig, InsramHwParams, InsramLayer, InsramPassPlan>({
  name: 'insram',
  description: 'in-SRAM bit-serial compute arrays (Neural Cache style) with dense, coalesced and overlapped channel-pruned mappings (Bit Prudent)',
  schema: insramConfigSchema as () => z.ZodType<InsramConfig>,
  defaultConfig: 'configs/insram.json',
  build: (c) => ({ def: InsramAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: () => insramHooks,
  load: (spec, c) => materializeInsramLayer(spec, c),
  // the layer's plan is its fit check (the exact accumulator width from the real data)
  fits: (l, c) => void layerPlan(l, c.hw),
  checkSpec: (spec, c) => {
    const msg = checkInsramShape(spec, c);
    if (msg) throw new InsramFitError(`layer '${insramLayerName(spec)}': ${msg}`);
  },
  modelCycles: (l, c) => layerCounts(layerPlan(l, c.hw), c.hw, l.shape.R * l.shape.S).total.cycles,
  dumpMeta: (c, l) => ({
    mapping: l.kind,
    precision: l.prec,
    pruning: c.pruning,
    convention:
      'o(m,y,x) = b(m) + sum over kept channels c, r, s of w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad) (pruned kernels are zero; no ReLU); binary: popcount of XNOR',
  }),
});

export { InsramFitError };
