/**
 * A generator family as the CLI sees it (`GeneratorFamily`), and `defineFamily`, which derives everything that is the
 * same for every family from a short spec: the load-time checks, the workload entries, the tile counts, the layer
 * verification (common/verify.ts driven by the family's hooks), the cycle model of a whole layer and the `--dump`
 * arrays. A family gives its schema, how to build its top module, its hooks and, where it differs from the default,
 * how it loads a layer and checks that a layer fits.
 */
import type { z } from 'zod';
import type { AnyModuleDef, Compiled } from '../dsl/index.js';
import type { SimName } from '../sim/simulate.js';
import { outDims, type ConvLayer } from './common/shape.js';
import { FitError } from './common/fit.js';
import { sampledTiles } from './common/tiling.js';
import { specName, type LayerSpec } from './common/schema.js';
import { entryNames } from './common/wildcard.js';
import { loadLayer, shapeOnlyLayer, type LayerWidths } from './common/layers.js';
import { verifyTiles, type FamilyHooks } from './common/verify.js';
import type { Verdict } from './common/verdict.js';

/** An array for the .npy dump: NumPy dtype descr ('<i4', '|u1', '<i8', ...), shape, row-major data. */
export interface DumpArray {
  descr: string;
  shape: number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
}

/** One layer of a configuration's workload; `load()` produces its data (may be slow: real activations). */
export interface WorkloadEntry<L> {
  name: string;
  maxTiles: number | undefined;
  load(): L;
}

export interface VerifyLayerOptions {
  /** called after each simulated tile */
  onTile?: (done: number, total: number) => void;
  /** verify only these of the chosen tiles (positions in the chosen list, e.g. a shard's deal: cli/commands/shards.ts) */
  tiles?: readonly number[];
  /** write the VCD of the first simulator run (the first chosen tile's) to this file */
  vcd?: string;
}

/** What every configuration has. */
export interface BaseConfig {
  name: string;
  generator: string;
  description?: string | undefined;
  workload: { layers: LayerSpec[] };
}

export interface GeneratorFamily<C extends { name: string; generator: string }, L> {
  name: string;
  description: string;
  /** the configuration schema (strict) */
  schema(): z.ZodType<C>;
  /** the default configuration, relative to the repository root */
  defaultConfig: string;
  /** the top definition and its parameters */
  build(config: C): { def: AnyModuleDef; params: unknown };
  /** load-time checks of the workload against the hardware: `[field path, message]` per problem (cheap: shapes only) */
  check(config: C): Array<[string, string]>;
  workload(config: C): Array<WorkloadEntry<L>>;
  /** number of tiles verifyLayer will simulate (for the progress bar), before sharding */
  tilesOf(config: C, layer: L, maxTiles: number | undefined): number;
  verifyLayer(config: C, layer: L, compiled: Compiled, sim: SimName, maxTiles: number | undefined, opts?: VerifyLayerOptions): Promise<Verdict>;
  /** the cycle model's prediction for the whole layer (all tiles), verified or not */
  modelCycles(config: C, layer: L): number;
  /** the cycle model of each tile verifyLayer would simulate (in its order, before sharding): what `--shard` balances */
  tileCycles?(config: C, layer: L, maxTiles: number | undefined): number[];
  /** what `--dump` writes for a layer verified in one or more simulators: arrays (.npy) and what else is needed to recompute them */
  dump(config: C, layer: L, maxTiles: number | undefined, verdicts: readonly Verdict[]): { arrays: Record<string, DumpArray>; meta: Record<string, unknown> };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFamily = GeneratorFamily<any, any>;

export interface FamilySpec<C extends BaseConfig, HW, L extends ConvLayer, P> {
  name: string;
  description: string;
  defaultConfig: string;
  schema(): z.ZodType<C>;
  build(config: C): { def: AnyModuleDef; params: unknown };
  /** the hardware parameters the hooks take (usually `config.hw`) */
  hw(config: C): HW;
  /** the tiling, plan, memory image, stimulus, golden and cycle model of the configured hardware */
  hooks(config: C): FamilyHooks<HW, L, P>;
  /** a layer's data (default: the face-net layer on its image, or the seeded random layer) */
  load?(spec: LayerSpec, config: C): L;
  /** throws a FitError if the layer does not fit (default: every tile plans) */
  fits?(layer: L, config: C): void;
  /** load-time checks of the whole configuration before its entries (`[field path, message]`; default none) */
  checkConfig?(config: C): Array<[string, string]>;
  /** the load-time check of an entry, from its shape (default: `fits` on a shape-only stand-in, zero data) */
  checkSpec?(spec: LayerSpec, config: C): void;
  /** the cycle model of the whole layer (default: the sum of every tile's planned cycles; give it when planning every tile is costly) */
  modelCycles?(layer: L, config: C): number;
  /** the dimensions of a field other than `y` in the dump (default [M, OH, OW]) */
  fieldShape?(field: string, layer: L): number[];
  /** what the dump's meta.json says besides the layer, shape, ReLU and requantisation: the convention, the mode, ... */
  dumpMeta(config: C, layer: L): Record<string, unknown>;
  /** arrays of the family's own for the dump besides input, weights, bias and the fields (a predictor's matrices, ...) */
  dumpArrays?(config: C, layer: L): Record<string, DumpArray>;
}

function int32(xs: ArrayLike<number> | ArrayLike<bigint>): boolean {
  for (let i = 0; i < xs.length; i++) {
    const v = Number(xs[i]!);
    if (v < -(2 ** 31) || v >= 2 ** 31) return false;
  }
  return true;
}

/** Every tile of the layer must plan (the default fit check): throws the FitError of the first that does not. */
export function everyTilePlans<HW, L extends ConvLayer, P>(h: FamilyHooks<HW, L, P>, l: L, hw: HW): void {
  for (const t of h.tiles(l, hw)) h.plan(t.layer, hw);
}

/** A GeneratorFamily from its spec: check, workload, tilesOf, verifyLayer, modelCycles and dump are derived. */
export function defineFamily<C extends BaseConfig, HW, L extends ConvLayer, P extends { cycles: number }>(f: FamilySpec<C, HW, L, P>): GeneratorFamily<C, L> {
  const load = (spec: LayerSpec, c: C): L => (f.load ? f.load(spec, c) : (loadLayer(spec, f.hw(c) as LayerWidths) as L));
  // per layer (its data object): each tile's planned cycles, computed once for the fit check, the progress total, the
  // layer's model and the shard deal (planning a tile can cost milliseconds: a cycle model on the real data)
  const planned = new WeakMap<L, { hw: HW; cycles: number[] }>();
  const tilePlanCycles = (l: L, c: C): number[] => {
    const hw = f.hw(c);
    const m = planned.get(l);
    if (m && m.hw === hw) return m.cycles;
    const h = f.hooks(c);
    const cycles = h.tiles(l, hw).map((t) => h.plan(t.layer, hw).cycles);
    planned.set(l, { hw, cycles });
    return cycles;
  };
  const fits = (l: L, c: C): void => {
    if (f.fits) return f.fits(l, c);
    tilePlanCycles(l, c); // every tile plans, or the first FitError
  };
  const tileCount = (l: L, c: C): number => (f.modelCycles ? f.hooks(c).tiles(l, f.hw(c)).length : tilePlanCycles(l, c).length);
  const checkSpec = (spec: LayerSpec, c: C): void =>
    f.checkSpec ? f.checkSpec(spec, c) : fits(shapeOnlyLayer(spec, f.hw(c) as LayerWidths, (s) => load(s, c)) as L, c);
  return {
    name: f.name,
    description: f.description,
    schema: f.schema,
    defaultConfig: f.defaultConfig,
    build: f.build,
    check(c) {
      const pre = f.checkConfig?.(c) ?? [];
      if (pre.length) return pre;
      const out: Array<[string, string]> = [];
      c.workload.layers.forEach((spec, i) => {
        try {
          checkSpec(spec, c);
        } catch (e) {
          if (!(e instanceof FitError)) throw e;
          out.push([`workload.layers[${i}]`, e.message]);
        }
      });
      return out;
    },
    workload: (c) => {
      const names = entryNames(c.workload.layers, specName);
      return c.workload.layers.map((spec, i) => ({
        name: names[i]!,
        maxTiles: spec.maxTiles,
        load() {
          const l = load(spec, c);
          fits(l, c); // exact now: the real data and bias
          return l;
        },
      }));
    },
    tilesOf: (c, l, maxTiles) => sampledTiles(tileCount(l, c), maxTiles).length,
    verifyLayer(c, l, compiled, sim, maxTiles, opts = {}) {
      const sample = sampledTiles(tileCount(l, c), maxTiles);
      const chosen = new Set(opts.tiles ? opts.tiles.map((p) => sample[p]!) : sample);
      return verifyTiles(f.hooks(c), l, f.hw(c), compiled, sim, {
        tileFilter: (i) => chosen.has(i),
        ...(opts.onTile ? { onTile: opts.onTile } : {}),
        ...(opts.vcd ? { vcd: opts.vcd } : {}),
      });
    },
    tileCycles(c, l, maxTiles) {
      const n = tileCount(l, c);
      const sample = sampledTiles(n, maxTiles);
      // a family whose tiles are costly to plan gives its layer's model: an even share each
      if (f.modelCycles) {
        const each = f.modelCycles(l, c) / n;
        return sample.map(() => each);
      }
      const cycles = tilePlanCycles(l, c);
      return sample.map((i) => cycles[i]!);
    },
    modelCycles(c, l) {
      if (f.modelCycles) return f.modelCycles(l, c);
      return tilePlanCycles(l, c).reduce((sum, x) => sum + x, 0);
    },
    dump(c, l, _maxTiles, verdicts) {
      const s = l.shape;
      const { OH, OW } = outDims(s);
      let maxIn = 0;
      for (let i = 0; i < l.input.length; i++) maxIn = Math.max(maxIn, l.input[i]!);
      const arrays: Record<string, DumpArray> = {
        input: { descr: maxIn > 255 ? '<u2' : '|u1', shape: [s.C, s.H, s.W], data: maxIn > 255 ? Uint16Array.from(l.input) : Uint8Array.from(l.input) },
        weights: { descr: '<i4', shape: [s.M, s.C, s.R, s.S], data: Int32Array.from(l.weights) },
        bias: { descr: '<i4', shape: [s.M], data: Int32Array.from(l.bias) },
        ...f.dumpArrays?.(c, l),
      };
      const first = verdicts[0];
      for (const [k, o] of Object.entries(first?.outputs ?? {})) {
        const suffix = k === 'y' ? '' : `_${k}`;
        const shape = k === 'y' ? [s.M, OH, OW] : (f.fieldShape?.(k, l) ?? [s.M, OH, OW]);
        const g = o.golden;
        arrays[`golden${suffix}`] = int32(g)
          ? { descr: '<i4', shape, data: Int32Array.from(g as ArrayLike<number>, Number) }
          : { descr: '<i8', shape, data: BigInt64Array.from(Array.from(g as ArrayLike<number>, (x) => BigInt(x))) };
        arrays[`checked${suffix}`] = { descr: '|u1', shape, data: o.checked };
        for (const v of verdicts) arrays[`rtl_${v.sim}${suffix}`] = { descr: '<i8', shape, data: v.outputs[k]!.rtl };
      }
      return {
        arrays,
        meta: {
          layer: l.name,
          shape: { ...s, OH, OW },
          relu: l.relu,
          requant: l.rq ? { mult: Array.from(l.rq.mult), shift: Array.from(l.rq.shift) } : null,
          ...f.dumpMeta(c, l),
          checked: 'outputs compared with the golden model (1) — only the verified tiles when maxTiles samples the layer',
        },
      };
    },
  };
}
