/**
 * What `hwgen generate / verify / bench svd` needs: `predictFamily` (registered in generators/registry.ts as "svd";
 * configs/svd.json is its default configuration, configs/svd-exact.json the exact mode) and the figures of bench/svd.ts.
 */
import type { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily, type DumpArray } from '../family.js';
import { PredictAccel } from './accel.js';
import type { PredictHwParams } from './params.js';
import { svdHooks, type PredictPlan, type SvdLayer } from './driver.js';
import { predictConfigSchema, materializePredictLayer, checkPredictSpec, type PredictConfig } from './config.js';

export { PredictAccel } from './accel.js';
export { PredictPe } from './pe.js';
export { PredictUnit } from './predictor.js';
export { DEFAULT_HW as DEFAULT_PREDICT_HW, derived as predictDerived, type PredictHwParams } from './params.js';
export * from './golden.js';
export { predictCycles, SVD_COUNTERS, type PredictCycles } from './model.js';
export { planPredict, memoryImage as predictMemoryImage, predictStimulus, decodeRun as decodePredictRun, svdHooks, PredictFitError, type SvdLayer } from './driver.js';
export { tilePredict } from './tiling.js';
export { verifyPredict, type PredictVerdict } from './verify.js';
export { preparePredictor, svdFactors } from './prep.js';
export { predictConfigSchema, materializePredictLayer, type PredictConfig } from './config.js';

export const predictFamily = defineFamily<PredictConfig, PredictHwParams, SvdLayer, PredictPlan>({
  name: 'svd',
  description: 'output-sign prediction: SVD prediction unit (skip ŷ ≤ τ), PEs with non-zero detection and zero-weight bypass; exact mode after SnaPEA',
  schema: predictConfigSchema as () => z.ZodType<PredictConfig>,
  defaultConfig: 'configs/svd.json',
  build: (c) => ({ def: PredictAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: () => svdHooks,
  load: (spec, c) => materializePredictLayer(spec, c.hw, c.predictor.falseSkip),
  checkSpec: (spec, c) => checkPredictSpec(spec, c.hw),
  dumpArrays: (_c, l): Record<string, DumpArray> => {
    const p = l.pred;
    if (!p) return {};
    const K = l.shape.C * l.shape.R * l.shape.S;
    return {
      P: { descr: '<i4', shape: [p.rank, K], data: Int32Array.from(p.P) },
      Q: { descr: '<i4', shape: [l.shape.M, p.rank], data: Int32Array.from(p.Q) },
      bhat: { descr: '<i4', shape: [l.shape.M], data: Int32Array.from(p.bhat) },
    };
  },
  dumpMeta: (c, l) => ({
    mode: c.hw.mode,
    predictor: l.pred ? { rank: l.pred.rank, zshift: l.pred.zshift, tau: l.pred.tau } : null,
    convention: 'z = sat16((P·x + 2^(zshift−1)) >> zshift), ŷ = Q·z + bhat, skip = ŷ ≤ τ; y = skip ? 0 : rq(ReLU(W·x + b)); x the window in (c, r, s) order; macs = executed non-zero pairs',
  }),
});
export { runSvdBench, verifyEveryTile, PUBLISHED as SVD_PUBLISHED, type SvdBenchOptions } from './report.js';
export { NetStudy, denseBest, tauName, type TauSetting } from './study.js';
