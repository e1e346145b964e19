/**
 * Zero-activation skipping as a generator family: its configuration schema, its hooks for the shared tile-verify
 * loop, `verifyZas` (the loop with the map streamed through the RTL encoder or the golden encoding preloaded) and
 * `zasFamily` (generators/registry.ts lists it; configs/zas.json is its default configuration); `runZasBench` is the
 * sparsity sweep, the real face-net layers, the cycle model validated on RTL tiles and the cell counts (bench/zas.ts).
 */
import type { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily } from '../family.js';
import { hwObject, layerSchema, configSchema, lazy, specName, specShape, type LayerSpec } from '../common/schema.js';
import type { Verdict } from '../common/verdict.js';
import { ZasAccel } from './accel.js';
import { DEFAULT_HW, HW_FIELDS, type ZasHwParams } from './params.js';
import { planZas, zasHooks, type ZasLayer, type ZasPlan } from './driver.js';
import { planTiles } from './tiling.js';

export { ZasAccel } from './accel.js';
export { ZasPe } from './pe.js';
export { ZasEncoder } from './encoder.js';
export { DEFAULT_HW as DEFAULT_ZAS_HW, derived as zasDerived, type ZasHwParams, LOAD_DENSE, LOAD_WEIGHT, LOAD_BIAS, LOAD_NZ, LOAD_ROWEND } from './params.js';
export { zasEncode, zasDecode, zasConv, zasPost, encodedSize, goldenZas, type Encoded } from './golden.js';
export { zasCycles, zasFolds, type ZasCycles } from './model.js';
export { planZas, memoryImage as zasMemoryImage, zasStimulus, zasHooks, verifyZas, ZasFitError, type ZasLayer, type ZasShape, type ZasVerifyOptions, type Via } from './driver.js';
export { tileZas, planTiles as planZasTiles } from './tiling.js';
export { vggSweep, facenetRows, zasLayerFigures, denseEqualMults, PAPER_SPEEDUP_90, type SweepRow } from './bench.js';
export { runZasBench, type ZasBenchResult, type BenchTable } from './report.js';

/** @deprecated the verdict type is Verdict (common/verdict.ts) */
export type ZasVerdict = Verdict;

const build = () =>
  configSchema({
    generator: 'zas',
    title: 'hwgen zero-activation-skipping accelerator configuration',
    hw: hwObject(HW_FIELDS, DEFAULT_HW),
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (ZasHwParams); omitted fields take DEFAULT_HW',
    layer: layerSchema({ maxKernel: 15, maxStride: 4, zeros: 0.5, requant: true, perChannel: true, facenet: "a conv layer of face-api's face-recognition ResNet (kernels larger than KR×KS are folded over several passes)" }),
  });

export const zasConfigSchema = lazy(build);
export type ZasConfig = z.output<ReturnType<typeof build>> & { hw: ZasHwParams };

/**
 * The load-time check from the shape alone, assuming no zeros (the worst case for the non-zero memory): every tile
 * must plan. Throws ZasFitError naming the limit and the fix.
 */
export function checkZasShapeFits(spec: LayerSpec, hw: ZasHwParams): void {
  const name = specName(spec);
  const s = specShape(spec);
  for (const t of planTiles(name, s, hw, new Float64Array(s.H).fill(s.C * s.W))) {
    const zero: ZasLayer = { name, shape: t.shape, input: new Uint8Array(t.shape.C * t.shape.H * t.shape.W), weights: new Int8Array(t.shape.M * t.shape.C * t.shape.R * t.shape.S), bias: new Int32Array(t.shape.M), relu: false };
    planZas(zero, hw);
  }
}

export const zasFamily = defineFamily<ZasConfig, ZasHwParams, ZasLayer, ZasPlan>({
  name: 'zas',
  description: 'zero-activation skipping: sparse (position-encoded) feature maps, P scatter PEs with KR·KS multipliers, double-buffered partials',
  schema: zasConfigSchema as () => z.ZodType<ZasConfig>,
  defaultConfig: 'configs/zas.json',
  build: (c) => ({ def: ZasAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: () => zasHooks('encoder'),
  checkSpec: (spec, c) => checkZasShapeFits(spec, c.hw),
  dumpMeta: () => ({
    convention:
      'o(m,y,x) = b(m) + sum_c,r,s w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad), computed by scattering each non-zero a; then ReLU; then rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255)',
  }),
});
