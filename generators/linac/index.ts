/**
 * What `hwgen generate / verify / bench linac` needs (the CLI integrator adds `linacFamily` to `families` in
 * generators/registry.ts):
 *
 *   linacFamily         a GeneratorFamily (schema, defaultConfig, build(config) → { def, params }, check, workload, tilesOf,
 *                       verifyLayer, modelCycles, dump), configs/linac.json and configs/pragmatic.json (hw.beta = []).
 *   linacBenchRows      the rows of the speedup table (bench/linac.ts prints them; `hwgen bench linac` can too).
 *   LinacPlaneCore      the wgt_plane core (weight-serial) with planPlane / verifyPlane; not yet reachable from a config
 *                       (the schema accepts mode "act_pred" only).
 */
import type { AnyModuleDef } from '../../dsl/index.js';
import type { GeneratorFamily, DumpArray } from '../registry.js';
import type { LayerVerdict } from '../dense/verify.js';
import { tileSample } from '../dense/config.js';
import { LinacCore } from './core.js';
import { verifyLinac } from './verify.js';
import { planLinac, tileLinac, LinacFitError } from './driver.js';
import { outDims, type LinacLayerData } from './golden.js';
import { linacConfigSchema, linacLayerName, materializeLinacLayer, checkLinacLayerFits, type LinacConfig } from './config.js';
import { layerShapes } from '../../workloads/facenet/index.js';

export { LinacCore, linacSpec, LOAD_IFMAP, LOAD_WEIGHT, LOAD_BIAS, LOAD_OFFSET } from './core.js';
export { DEFAULT_LINAC_HW, linacDerived, type LinacHwParams } from './params.js';
export { linacConv, linacSums, planeFit, residuals, type LinacLayerData, type LinacMode } from './golden.js';
export { planLinac, linacMemoryImage, linacStimulus, decodeLinac, tileLinac, linacCoreCycles, LinacFitError } from './driver.js';
export { verifyLinac, goldenLinac, type LinacVerdict } from './verify.js';
export { linacConfigSchema, materializeLinacLayer, type LinacConfig } from './config.js';
export { linacBenchRows, linacBenchRow, PAPER_SPEEDUP, type LinacBenchRow } from './bench.js';
export { actSerialCycles, stripesCycles, denseEqualLanesCycles, wgtSerialCycles, termStats, DEFAULT_ENGINE, type EngineParams } from './model.js';
export { facenetLinacLayer } from './workload.js';
export { LinacPlaneCore, DEFAULT_PLANE_HW, planeDerived, type PlaneHwParams } from './plane.js';
export { planPlane, planeStream, planeMemoryImage, planeStimulus, planeCoreCycles, verifyPlane } from './plane_driver.js';

function shapeOnly(spec: LinacConfig['workload']['layers'][number], hw: LinacConfig['hw']): LinacLayerData {
  if (spec.source === 'random') return materializeLinacLayer(spec, hw);
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  const shape = { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
  return { name: spec.layer, shape, input: new Uint8Array(s.C * s.H * s.W), weights: new Int8Array(s.M * s.C * s.R * s.S), bias: new Int32Array(s.M), relu: s.relu };
}

export const linacFamily: GeneratorFamily<LinacConfig, LinacLayerData> = {
  name: 'linac',
  description: 'LINAC core: essential-bit (NAF term) processing of linearly predicted activation residuals (act_pred; beta [] = Pragmatic)',
  schema: linacConfigSchema as unknown as GeneratorFamily<LinacConfig, LinacLayerData>['schema'],
  defaultConfig: 'configs/linac.json',
  build: (c) => ({ def: LinacCore as AnyModuleDef, params: c.hw }),
  check(c) {
    const out: Array<[string, string]> = [];
    c.workload.layers.forEach((spec, i) => {
      try {
        checkLinacLayerFits(shapeOnly(spec, c.hw), c.hw);
      } catch (e) {
        if (!(e instanceof LinacFitError)) throw e;
        out.push([`workload.layers[${i}]`, e.message]);
      }
    });
    return out;
  },
  workload: (c) =>
    c.workload.layers.map((spec) => ({
      name: linacLayerName(spec),
      maxTiles: spec.maxTiles,
      load() {
        const l = materializeLinacLayer(spec, c.hw);
        checkLinacLayerFits(l, c.hw);
        return l;
      },
    })),
  tilesOf(c, l, maxTiles) {
    const all = tileLinac(l, c.hw).length;
    const f = tileSample(maxTiles);
    return f ? Array.from({ length: all }, (_, i) => f(i, all)).filter(Boolean).length : all;
  },
  async verifyLayer(c, l, compiled, sim, maxTiles, opts = {}) {
    const f = tileSample(maxTiles);
    const v = await verifyLinac(l, c.hw, compiled, sim, { ...(f ? { tileFilter: f } : {}), ...(opts.onTile ? { onTile: opts.onTile } : {}) });
    return v as unknown as LayerVerdict;
  },
  modelCycles: (c, l) => tileLinac(l, c.hw).reduce((sum, t) => sum + planLinac(t.layer, c.hw).cycles, 0),
  dump(c, l, _maxTiles, verdicts) {
    const s = l.shape;
    const { OH, OW } = outDims(s);
    const v0 = verdicts[0] as unknown as { golden: Float64Array } | undefined;
    const out: Record<string, DumpArray> = {
      input: { descr: '<u2', shape: [s.C, s.H, s.W], data: Uint16Array.from(l.input) },
      weights: { descr: '<i4', shape: [s.M, s.C, s.R, s.S], data: Int32Array.from(l.weights) },
      bias: { descr: '<i4', shape: [s.M], data: Int32Array.from(l.bias) },
      golden: { descr: '<i8', shape: [s.M, OH, OW], data: BigInt64Array.from(Array.from(v0?.golden ?? new Float64Array(s.M * OH * OW), (x) => BigInt(x))) },
    };
    for (const v of verdicts) out[`rtl_${v.sim}`] = { descr: '<i8', shape: [s.M, OH, OW], data: v.rtl };
    return {
      arrays: out,
      meta: {
        layer: l.name, shape: { ...s, OH, OW }, relu: l.relu, requant: l.rq ?? null, beta: c.hw.beta,
        convention: 'act_pred: E = A − Σ β_k A(x − k·stride) on the padded input; P(x) = conv(E)(x) + Σ β_k P(x − k) for x ≥ |β|; O = P + bias, ReLU, rq',
      },
    };
  },
};
