/**
 * LINAC as a generator family: two cores selected by `hw.mode` — `act_pred` (core.ts: essential-bit processing of
 * linearly predicted activation residuals; β = [] is the Pragmatic configuration) and `wgt_plane` (plane.ts: the
 * weight-serial core on the plane-fit weight stream) — their configuration schema, hooks for the shared tile-verify
 * loop, and `linacFamily` (generators/registry.ts lists it; configs/linac.json, configs/pragmatic.json and
 * configs/linac-plane.json use it). `linacBenchRows` are the rows of the speedup table (bench/linac.ts).
 */
import { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily, everyTilePlans } from '../family.js';
import { hwFields, layerSchema, configSchema, lazy, type LayerSpec } from '../common/schema.js';
import { randomLayerData, shapeOnlyLayer, type LayerWidths } from '../common/layers.js';
import type { FamilyHooks } from '../common/verify.js';
import { LinacCore } from './core.js';
import { LinacPlaneCore } from './plane.js';
import { DEFAULT_LINAC_HW, DEFAULT_PLANE_HW, HW_FIELDS, PLANE_HW_FIELDS, type LinacHwParams, type PlaneHwParams } from './params.js';
import { linacHooks, LinacFitError } from './driver.js';
import { planeHooks } from './plane_driver.js';
import { tilePlane } from './tiling.js';
import { facenetLinacLayer } from './workload.js';
import type { LinacLayerData } from './golden.js';

export { LinacCore } from './core.js';
export { linacSpec, planeSpec, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_OFFSET } from './ports.js';
export { DEFAULT_LINAC_HW, linacDerived, type LinacHwParams } from './params.js';
export { linacConv, linacSums, planeFit, residuals, type LinacLayerData, type LinacMode } from './golden.js';
export { planLinac, linacMemoryImage, linacStimulus, linacCoreCycles, linacHooks, verifyLinac, LinacFitError, type LinacVerdict } from './driver.js';
export { tileLinac, tilePlane, subLayer } from './tiling.js';
export { linacBenchRows, linacBenchRow, networkRow, engineSummaries, speedupEqLanes, speedupEqLaneBits, laneBits, ENGINES, PAPER_SPEEDUP, type LinacBenchRow, type EngineKey, type EngineSummary } from './bench.js';
export {
  actSerialCycles, stripesCycles, denseEqualLanesCycles, wgtSerialCycles, wgtStripesCycles, planeScheduleCycles, termStats, ACT_CORE_FIXED, DEFAULT_ENGINE,
  type EngineParams, type PlaneSchedule, type WgtSerialFigures,
} from './model.js';
export { facenetLinacLayer } from './workload.js';
export { LinacPlaneCore, DEFAULT_PLANE_HW, planeDerived, type PlaneHwParams } from './plane.js';
export { planPlane, planeStream, planeMemoryImage, planeStimulus, planeCoreCycles, planeHooks, verifyPlane } from './plane_driver.js';

const int8 = (lo: number, hi: number) => z.number({ error: 'an integer' }).int({ error: 'an integer' }).min(lo, { error: `an integer in ${lo}..${hi}` }).max(hi, { error: `an integer in ${lo}..${hi}` });

const build = () => {
  const actPred = z.strictObject({
    mode: z.literal('act_pred').default('act_pred').meta({ description: 'act_pred (the default): activations, or their residuals, streamed as terms' }),
    beta: z
      .array(int8(-8, 8), { error: 'a list of integers' })
      .max(4, { error: 'at most 4 coefficients' })
      .default(() => [...DEFAULT_LINAC_HW.beta])
      .meta({ description: 'prediction coefficients β_1..β_K: [1] delta, [2, -1] linear extrapolation, [] raw activations (Pragmatic)' }),
    ...hwFields(HW_FIELDS, DEFAULT_LINAC_HW),
  });
  const plane = z.strictObject({
    mode: z.literal('wgt_plane').meta({ description: 'wgt_plane: the weight-serial core on the plane-fit weight stream' }),
    ...hwFields(PLANE_HW_FIELDS, DEFAULT_PLANE_HW),
  });
  const hw = z.discriminatedUnion('mode', [actPred, plane], {
    error: (iss) => (iss.code === 'invalid_union' ? '"act_pred" or "wgt_plane"' : undefined),
  });
  return configSchema({
    generator: 'linac',
    title: 'hwgen LINAC core configuration',
    hw,
    hwDefault: () => ({ ...DEFAULT_LINAC_HW, beta: [...DEFAULT_LINAC_HW.beta] }),
    hwDescription: 'hardware parameters (LinacHwParams, or PlaneHwParams with "mode": "wgt_plane"); omitted fields take their defaults',
    layer: layerSchema({ maxKernel: 15, maxStride: 7, zeros: 0.3, requant: false, perChannel: true }),
  });
};

export const linacConfigSchema = lazy(build);
export type LinacConfig = z.output<ReturnType<typeof build>> & { hw: LinacHwParams | PlaneHwParams };

/** The data widths of either core (the wgt_plane core's weights are its stream values). */
function widths(hw: LinacHwParams | PlaneHwParams): LayerWidths {
  return { ...hw, wBits: hw.mode === 'act_pred' ? hw.wBits : hw.svBits };
}

/** The layer's data: a face-net layer at hw.actBits (8, or 16 with the documented uint16 quantisation), or a seeded random layer. */
export function materializeLinacLayer(spec: LayerSpec, hw: LinacHwParams | PlaneHwParams): LinacLayerData {
  if (spec.source === 'facenet') {
    if (hw.actBits !== 8 && hw.actBits !== 16) throw new LinacFitError(`layer '${spec.layer}': face-net layers come at 8 or 16 activation bits, hw.actBits is ${hw.actBits}; set hw.actBits to 8 or 16`);
    return facenetLinacLayer(spec.layer, spec.image, hw.actBits, spec.quant);
  }
  return randomLayerData(spec, widths(hw), 2 ** 20);
}

type Hooks = FamilyHooks<LinacHwParams | PlaneHwParams, LinacLayerData, { cycles: number }>;

/** The hooks of the configured core. */
function linacFamilyHooks(c: LinacConfig): Hooks {
  return (c.hw.mode === 'wgt_plane' ? planeHooks(tilePlane) : linacHooks) as unknown as Hooks;
}

export const linacFamily = defineFamily<LinacConfig, LinacHwParams | PlaneHwParams, LinacLayerData, { cycles: number }>({
  name: 'linac',
  description: 'LINAC core: essential-bit (NAF term) processing of linearly predicted activation residuals (act_pred; beta [] = Pragmatic), or of plane-fit weight streams (wgt_plane)',
  schema: linacConfigSchema as () => z.ZodType<LinacConfig>,
  defaultConfig: 'configs/linac.json',
  build: (c) => ({ def: (c.hw.mode === 'wgt_plane' ? LinacPlaneCore : LinacCore) as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: linacFamilyHooks,
  load: (spec, c) => materializeLinacLayer(spec, c.hw),
  checkSpec(spec, c) {
    if (spec.source === 'facenet' && c.hw.actBits !== 8 && c.hw.actBits !== 16)
      throw new LinacFitError(`layer '${spec.layer}': face-net layers come at 8 or 16 activation bits, hw.actBits is ${c.hw.actBits}; set hw.actBits to 8 or 16`);
    everyTilePlans(linacFamilyHooks(c), shapeOnlyLayer(spec, widths(c.hw), (s) => materializeLinacLayer(s, c.hw)), c.hw);
  },
  dumpMeta: (c) => ({
    mode: c.hw.mode,
    ...(c.hw.mode === 'act_pred' ? { beta: c.hw.beta } : {}),
    convention:
      c.hw.mode === 'act_pred'
        ? 'act_pred: E = A − Σ β_k A(x − k·stride) on the padded input; P(x) = conv(E)(x) + Σ β_k P(x − k) for x ≥ |β|; O = P + bias, ReLU, rq'
        : 'wgt_plane: w = α·r + β·s + γ + ρ per kernel; P = Σ ρ·a + Σ_c (α·Sr + β·Ss + γ·S1) with the window sums Sr, Ss, S1 shared by all filters; O = P + bias, ReLU, rq',
  }),
});
