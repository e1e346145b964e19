/**
 * What `hwgen generate / verify / bench svd` needs: `predictFamily` (registered in generators/registry.ts as "svd";
 * configs/svd.json is its default configuration, configs/svd-exact.json the exact mode) and the figures of bench/svd.ts.
 */
import type { AnyModuleDef } from '../../dsl/index.js';
import type { GeneratorFamily, DumpArray } from '../family.js';
import type { Verdict as LayerVerdict } from '../common/verdict.js';
import { tileSample } from '../common/tiling.js';
import { PredictAccel } from './accel.js';
import { derived } from './params.js';
import { verifyPredict } from './verify.js';
import { planPredict } from './driver.js';
import { tilePredict } from './tiling.js';
import { outSize } from './golden.js';
import {
  predictConfigSchema, predictLayerName, materializePredictLayer, checkPredictSpec, PredictFitError, type PredictConfig, type PredictWorkLayer,
} from './config.js';

export { PredictAccel } from './accel.js';
export { PredictPe } from './pe.js';
export { PredictUnit } from './predictor.js';
export { DEFAULT_HW as DEFAULT_PREDICT_HW, derived as predictDerived, type PredictHwParams } from './params.js';
export * from './golden.js';
export { predictCycles, type PredictCycles } from './model.js';
export { planPredict, memoryImage as predictMemoryImage, predictStimulus, decodeRun as decodePredictRun, PredictFitError } from './driver.js';
export { tilePredict } from './tiling.js';
export { verifyPredict, type PredictVerdict } from './verify.js';
export { preparePredictor, svdFactors } from './prep.js';
export { predictConfigSchema, materializePredictLayer, type PredictConfig } from './config.js';

export const predictFamily: GeneratorFamily<PredictConfig, PredictWorkLayer> = {
  name: 'svd',
  description: 'output-sign prediction: SVD prediction unit (skip ŷ ≤ τ), PEs with non-zero detection and zero-weight bypass; exact mode after SnaPEA',
  schema: predictConfigSchema as unknown as GeneratorFamily<PredictConfig, PredictWorkLayer>['schema'],
  defaultConfig: 'configs/svd.json',
  build: (c) => ({ def: PredictAccel as AnyModuleDef, params: c.hw }),
  check(c) {
    const out: Array<[string, string]> = [];
    c.workload.layers.forEach((spec, i) => {
      try {
        checkPredictSpec(spec, c.hw);
      } catch (e) {
        if (!(e instanceof PredictFitError)) throw e;
        out.push([`workload.layers[${i}]`, e.message]);
      }
    });
    return out;
  },
  workload: (c) =>
    c.workload.layers.map((spec) => ({
      name: predictLayerName(spec),
      maxTiles: spec.maxTiles,
      load: () => materializePredictLayer(spec, c.hw, c.predictor.falseSkip),
    })),
  tilesOf(c, w, maxTiles) {
    const all = tilePredict(w.layer, w.pred, c.hw).length;
    const f = tileSample(maxTiles);
    return f ? Array.from({ length: all }, (_, i) => f(i, all)).filter(Boolean).length : all;
  },
  async verifyLayer(c, w, compiled, sim, maxTiles, opts = {}) {
    const f = tileSample(maxTiles);
    const v = await verifyPredict(w.layer, w.pred, c.hw, compiled, sim, { ...(f ? { tileFilter: f } : {}), ...(opts.onTile ? { onTile: opts.onTile } : {}) });
    const lanes = derived(c.hw).peMults;
    // not yet on the shared verify loop (common/verify.ts): its verdict adapted to the shared Verdict, no per-tile records (no sharding)
    const { outputs: compared, mismatch, ...rest } = v;
    const verdict: LayerVerdict & { skipped: number } = {
      ...rest,
      utilization: v.rtlCycles > 0 ? v.macs / (v.rtlCycles * lanes) : 0,
      lanes,
      ...(mismatch ? { mismatch: 'index' in mismatch ? { field: mismatch.what, index: mismatch.index, rtl: mismatch.rtl, golden: mismatch.golden } : mismatch } : {}),
      fields: { y: { compared, mismatches: v.pass ? 0 : 1 } },
      counters: {},
      tileRecords: [],
      outputs: {},
    };
    return verdict;
  },
  modelCycles: (c, w) => tilePredict(w.layer, w.pred, c.hw).reduce((sum, t) => sum + planPredict(t.layer, c.hw, t.pred).cycles, 0),
  dump(c, w, maxTiles, verdicts) {
    const l = w.layer;
    const s = l.shape;
    const { OH, OW } = outSize(s);
    const checked = new Uint8Array(s.M * OH * OW);
    const tiles = tilePredict(l, w.pred, c.hw);
    const f = tileSample(maxTiles);
    tiles.forEach((t, i) => {
      if (f && !f(i, tiles.length)) return;
      for (let m = t.m0; m < t.m1; m++) for (let y = t.y0; y < t.y1; y++) checked.fill(1, (m * OH + y) * OW, (m * OH + y + 1) * OW);
    });
    const out: Record<string, DumpArray> = {
      input: { descr: '<u2', shape: [s.C, s.H, s.W], data: Uint16Array.from(l.input) },
      weights: { descr: '<i4', shape: [s.M, s.C, s.R, s.S], data: Int32Array.from(l.weights) },
      bias: { descr: '<i4', shape: [s.M], data: Int32Array.from(l.bias) },
      golden: { descr: '<i4', shape: [s.M, OH, OW], data: verdicts[0]?.golden ?? new Int32Array(s.M * OH * OW) },
      checked: { descr: '|u1', shape: [s.M, OH, OW], data: checked },
    };
    if (w.pred) {
      const K = s.C * s.R * s.S;
      out.P = { descr: '<i4', shape: [w.pred.rank, K], data: Int32Array.from(w.pred.P) };
      out.Q = { descr: '<i4', shape: [s.M, w.pred.rank], data: Int32Array.from(w.pred.Q) };
      out.bhat = { descr: '<i4', shape: [s.M], data: Int32Array.from(w.pred.bhat) };
    }
    for (const v of verdicts) out[`rtl_${v.sim}`] = { descr: '<i8', shape: [s.M, OH, OW], data: v.rtl };
    return {
      arrays: out,
      meta: {
        layer: l.name, shape: { ...s, OH, OW }, relu: l.relu, requant: l.rq ?? null, mode: c.hw.mode,
        predictor: w.pred ? { rank: w.pred.rank, zshift: w.pred.zshift, tau: w.pred.tau } : null,
        convention: 'z = sat16((P·x + 2^(zshift−1)) >> zshift), ŷ = Q·z + bhat, skip = ŷ ≤ τ; y = skip ? 0 : rq(ReLU(W·x + b)); x the window in (c, r, s) order',
      },
    };
  },
};
export { runSvdBench, verifyEveryTile, PUBLISHED as SVD_PUBLISHED, type SvdBenchOptions } from './report.js';
export { NetStudy, denseBest, tauName, type TauSetting } from './study.js';
