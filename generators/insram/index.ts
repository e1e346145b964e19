/**
 * The in-SRAM family for the registry and the CLI: `insramFamily` (schema, build, checks, workload, verify, cycle
 * model, dump). configs/insram.json is its default configuration (dense mapping); configs/bitprudent.json
 * (coalesced) and configs/bitprudent-overlap.json (overlapped) select the sparse mappings.
 */
import type { AnyModuleDef } from '../../dsl/index.js';
import type { GeneratorFamily, DumpArray } from '../family.js';
import type { Verdict as LayerVerdict } from '../common/verdict.js';
import { tileSample } from '../common/tiling.js';
import { InsramAccel } from './accel.js';
import { verifyInsram, goldenConv } from './verify.js';
import { planLayer, layerCounts, InsramFitError } from './program.js';
import { outSize } from './mapping.js';
import { binaryConvPopcount } from './golden.js';
import { insramConfigSchema, insramLayerName, materializeInsramLayer, checkInsramShape, type InsramConfig, type InsramLayer } from './config.js';

export { InsramAccel } from './accel.js';
export { InsramArray } from './array.js';
export { DEFAULT_HW as DEFAULT_INSRAM_HW, type InsramHwParams } from './params.js';
export { planLayer, passImage, layerCounts, type LayerPlan, type LayerCounts, type Precision } from './program.js';
export { verifyInsram, goldenConv, type InsramVerdict } from './verify.js';
export { insramConfigSchema, materializeInsramLayer, type InsramConfig, type InsramLayer } from './config.js';

const plan = (c: InsramConfig, l: InsramLayer) => planLayer(l.name, l.data, l.mask, l.kind, l.prec, c.hw);
const goldenOf = (l: InsramLayer) => (l.prec.mode === 'binary' ? binaryConvPopcount(l.data.shape, l.data.input, l.data.weights) : goldenConv(l.data));

export const insramFamily: GeneratorFamily<InsramConfig, InsramLayer> = {
  name: 'insram',
  description: 'in-SRAM bit-serial compute arrays (Neural Cache style) with dense, coalesced and overlapped channel-pruned mappings (Bit Prudent)',
  schema: insramConfigSchema as unknown as GeneratorFamily<InsramConfig, InsramLayer>['schema'],
  defaultConfig: 'configs/insram.json',
  build: (c) => ({ def: InsramAccel as AnyModuleDef, params: c.hw }),
  check(c) {
    const out: Array<[string, string]> = [];
    c.workload.layers.forEach((spec, i) => {
      const msg = checkInsramShape(spec, c);
      if (msg) out.push([`workload.layers[${i}]`, `layer '${insramLayerName(spec)}': ${msg}`]);
    });
    return out;
  },
  workload: (c) =>
    c.workload.layers.map((spec) => ({
      name: insramLayerName(spec),
      maxTiles: spec.maxTiles,
      load() {
        const l = materializeInsramLayer(spec, c);
        plan(c, l); // exact fit now (the real accumulator width)
        return l;
      },
    })),
  tilesOf(c, l, maxTiles) {
    const all = plan(c, l).placement.passes.length;
    const f = tileSample(maxTiles);
    return f ? Array.from({ length: all }, (_, i) => f(i, all)).filter(Boolean).length : all;
  },
  async verifyLayer(c, l, compiled, sim, maxTiles, opts = {}) {
    const f = tileSample(maxTiles);
    const p = plan(c, l);
    const golden = goldenOf(l);
    const v = await verifyInsram(l.name, l.data, l.mask, l.kind, l.prec, c.hw, compiled, sim, { plan: p, golden, ...(f ? { passFilter: f } : {}), ...(opts.onTile ? { onTile: opts.onTile } : {}) });
    const s = l.data.shape;
    // not yet on the shared verify loop (common/verify.ts): one summary record, no per-pass records (no sharding)
    const verdict: LayerVerdict = {
      layer: l.name, sim, shape: s, tiles: v.tiles, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles,
      macs: v.checked * s.C * s.R * s.S,
      utilization: layerCounts(p, c.hw, s.R * s.S).utilisation,
      lanes: c.hw.arrays * c.hw.cols,
      pass: v.pass,
      ...(v.mismatch ? { mismatch: { tile: v.mismatch, rtlCycles: v.rtlCycles, modelCycles: v.modelCycles } } : {}),
      fields: { y: { compared: v.checked, mismatches: v.pass ? 0 : 1 } },
      counters: { steps: { rtl: v.rtlSteps, model: v.modelSteps } },
      tileRecords: [],
      outputs: {},
      golden: Int32Array.from(v.golden), rtl: v.rtl, simMs: v.simMs,
    };
    return verdict;
  },
  modelCycles: (c, l) => {
    const p = plan(c, l);
    const s = l.data.shape;
    return layerCounts(p, c.hw, s.R * s.S).total.cycles;
  },
  dump(c, l, maxTiles, verdicts) {
    const s = l.data.shape;
    const { OH, OW } = outSize(s);
    // which outputs the verified passes cover (all of them unless maxTiles sampled the layer)
    const p = plan(c, l);
    const f = tileSample(maxTiles);
    const checked = new Uint8Array(s.M * OH * OW);
    p.placement.passes.forEach((pass, i) => {
      if (f && !f(i, p.placement.passes.length)) return;
      for (const slot of pass) for (const m of p.tpls[slot.template]!.filters) checked[m * OH * OW + slot.pixel] = 1;
    });
    const out: Record<string, DumpArray> = {
      input: { descr: '<u2', shape: [s.C, s.H, s.W], data: Uint16Array.from(l.data.input) },
      weights: { descr: '<i4', shape: [s.M, s.C, s.R, s.S], data: Int32Array.from(l.data.weights) },
      bias: { descr: '<i4', shape: [s.M], data: Int32Array.from(l.data.bias) },
      golden: { descr: '<i4', shape: [s.M, OH, OW], data: verdicts[0]?.golden ?? new Int32Array(s.M * OH * OW) },
      checked: { descr: '|u1', shape: [s.M, OH, OW], data: checked },
    };
    for (const v of verdicts) out[`rtl_${v.sim}`] = { descr: '<i8', shape: [s.M, OH, OW], data: v.rtl };
    return {
      arrays: out,
      meta: {
        layer: l.name, shape: { ...s, OH, OW }, mapping: l.kind, precision: l.prec, pruning: c.pruning,
        checked: 'outputs compared with the golden model (1): those of the verified passes',
        convention: 'o(m,y,x) = b(m) + sum over kept channels c, r, s of w(m,c,r,s)·a(c, y·stride+r−pad, x·stride+s−pad) (pruned kernels are zero; no ReLU); binary: popcount of XNOR',
      },
    };
  },
};

export { InsramFitError };
