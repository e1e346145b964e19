/**
 * What `hwgen generate / verify / bench zas` needs (the CLI integrator adds `zasFamily` to `families` in
 * generators/registry.ts, and calls `runZasBench` for `hwgen bench zas`):
 *
 *   zasFamily       a GeneratorFamily (schema, defaultConfig, build(config) → { def, params }, check, workload, tilesOf,
 *                   verifyLayer, modelCycles, dump); configs/zas.json is its default configuration.
 *   runZasBench     the sparsity sweep on VGG16 shapes, the real face-net layers, the cycle model validated on RTL tiles
 *                   (Verilator) and the Yosys cell counts, as printable tables plus a JSON object (bench/zas.ts prints them).
 */
import type { AnyModuleDef } from '../../dsl/index.js';
import type { GeneratorFamily, DumpArray } from '../registry.js';
import type { LayerVerdict } from '../dense/verify.js';
import { tileSample } from '../dense/config.js';
import { ZasAccel } from './accel.js';
import { verifyZas } from './verify.js';
import { planZas, type ZasLayer } from './driver.js';
import { tileZas } from './tiling.js';
import { zasConfigSchema, zasLayerName, materializeZasLayer, checkZasLayerFits, checkZasShapeFits, zasShapeOf, ZasFitError, type ZasConfig } from './config.js';

export { ZasAccel } from './accel.js';
export { ZasPe } from './pe.js';
export { ZasEncoder } from './encoder.js';
export { DEFAULT_HW as DEFAULT_ZAS_HW, derived as zasDerived, type ZasHwParams, LOAD_DENSE, LOAD_WEIGHT, LOAD_BIAS, LOAD_NZ, LOAD_ROWEND } from './params.js';
export { zasEncode, zasDecode, zasConv, zasPost, encodedSize, type Encoded } from './golden.js';
export { zasCycles, type ZasCycles } from './model.js';
export { planZas, memoryImage as zasMemoryImage, zasStimulus, decodeRun as decodeZasRun, ZasFitError, type ZasLayer, type ZasShape } from './driver.js';
export { tileZas, planTiles as planZasTiles } from './tiling.js';
export { verifyZas, goldenZas, type ZasVerdict } from './verify.js';
export { zasConfigSchema, materializeZasLayer, type ZasConfig } from './config.js';
export { vggSweep, facenetRows, zasLayerFigures, denseEqualMults, PAPER_SPEEDUP_90, type SweepRow } from './bench.js';
export { runZasBench, type ZasBenchResult, type BenchTable } from './report.js';

export const zasFamily: GeneratorFamily<ZasConfig, ZasLayer> = {
  name: 'zas',
  description: 'zero-activation skipping: sparse (position-encoded) feature maps, P scatter PEs with KR·KS multipliers, double-buffered partials',
  schema: zasConfigSchema as unknown as GeneratorFamily<ZasConfig, ZasLayer>['schema'],
  defaultConfig: 'configs/zas.json',
  build: (c) => ({ def: ZasAccel as AnyModuleDef, params: c.hw }),
  check(c) {
    const out: Array<[string, string]> = [];
    c.workload.layers.forEach((spec, i) => {
      try {
        checkZasShapeFits(zasLayerName(spec), zasShapeOf(spec), c.hw);
      } catch (e) {
        if (!(e instanceof ZasFitError)) throw e;
        out.push([`workload.layers[${i}]`, e.message]);
      }
    });
    return out;
  },
  workload: (c) =>
    c.workload.layers.map((spec) => ({
      name: zasLayerName(spec),
      maxTiles: spec.maxTiles,
      load() {
        const l = materializeZasLayer(spec, c.hw);
        checkZasLayerFits(l, c.hw);
        return l;
      },
    })),
  tilesOf(c, l, maxTiles) {
    const all = tileZas(l, c.hw).length;
    const f = tileSample(maxTiles);
    return f ? Array.from({ length: all }, (_, i) => f(i, all)).filter(Boolean).length : all;
  },
  async verifyLayer(c, l, compiled, sim, maxTiles, opts = {}) {
    const f = tileSample(maxTiles);
    const v = await verifyZas(l, c.hw, compiled, sim, { ...(f ? { tileFilter: f } : {}), ...(opts.onTile ? { onTile: opts.onTile } : {}) });
    const lanes = c.hw.P * c.hw.KR * c.hw.KS;
    const verdict: LayerVerdict = { ...v, utilization: v.rtlCycles > 0 ? v.macs / (v.rtlCycles * lanes) : 0 };
    return verdict;
  },
  modelCycles: (c, l) => tileZas(l, c.hw).reduce((sum, t) => sum + planZas(t.layer, c.hw).cycles, 0),
  dump(c, l, maxTiles, verdicts) {
    const s = l.shape;
    const OH = Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1;
    const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
    const checked = new Uint8Array(s.M * OH * OW);
    const tiles = tileZas(l, c.hw);
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
    for (const v of verdicts) out[`rtl_${v.sim}`] = { descr: '<i8', shape: [s.M, OH, OW], data: v.rtl };
    return {
      arrays: out,
      meta: {
        layer: l.name, shape: { ...s, OH, OW }, relu: l.relu, requant: l.rq ?? null,
        convention: 'o(m,y,x) = b(m) + sum_c,r,s w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad), computed by scattering each non-zero a; then ReLU; then rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255)',
      },
    };
  },
};
