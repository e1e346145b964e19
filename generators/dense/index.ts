/**
 * The dense (value-agnostic) baseline as a generator family: its configuration schema, its hooks for the shared
 * tile-verify loop (tiling, plan, memory image, stimulus, golden model, cycle model) and `denseFamily`, which
 * generators/registry.ts lists. configs/dense.json is its default configuration.
 */
import type { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily } from '../family.js';
import { hwObject, layerSchema, configSchema, lazy } from '../common/schema.js';
import { DenseAccel } from './accel.js';
import { DEFAULT_HW, HW_FIELDS, type DenseHwParams } from './params.js';
import { denseHooks, type DenseLayer, type DensePlan } from './driver.js';
import { checkLayerFits } from './tiling.js';

export { DenseAccel } from './accel.js';
export { DEFAULT_HW, derived, type DenseHwParams } from './params.js';
export { planLayer, memoryImage, denseStimulus, denseHooks, verifyDense, DenseFitError, type DenseLayer, type DensePlan } from './driver.js';
export { tileLayer, tileShapes, checkLayerFits } from './tiling.js';
export { denseCycles } from './model.js';
export { goldenDense } from './golden.js';
export { tileSample } from '../common/tiling.js';
export { loadLayer as materializeLayer } from '../common/layers.js';

const build = () =>
  configSchema({
    generator: 'dense',
    title: 'hwgen dense accelerator configuration',
    hw: hwObject(HW_FIELDS, DEFAULT_HW).superRefine((hw, ctx) => {
      if (hw.postUnits > hw.rows) ctx.addIssue({ code: 'custom', path: ['postUnits'], message: `at most rows = ${hw.rows} (0 gives one unit per row)` });
    }),
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (DenseHwParams); omitted fields take DEFAULT_HW',
    layer: layerSchema({ maxKernel: 15, maxStride: 8, zeros: 0.3, requant: true, perChannel: true }),
  });

/** The schema of a dense configuration (built on first use: it lists the face-net layer names). */
export const denseConfigSchema = lazy(build);

export type DenseConfig = z.output<ReturnType<typeof build>> & { hw: DenseHwParams };
export type DenseConfigInput = z.input<ReturnType<typeof build>>;

export const denseFamily = defineFamily<DenseConfig, DenseHwParams, DenseLayer, DensePlan>({
  name: 'dense',
  description: 'output-stationary systolic conv accelerator (value-agnostic baseline): banked SRAMs, bias/ReLU/requant',
  schema: denseConfigSchema as () => z.ZodType<DenseConfig>,
  defaultConfig: 'configs/dense.json',
  build: (c) => ({ def: DenseAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: () => denseHooks,
  fits: (l, c) => checkLayerFits(l, c.hw),
  dumpMeta: () => ({
    convention:
      'o(m,y,x) = b(m) + sum_c,r,s w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad); then ReLU; then rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255) (floor shift)',
  }),
});
