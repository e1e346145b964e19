/**
 * The frequency-domain accelerator as a generator family: its configuration schema (the hardware object, face-net
 * and random 2D layers, seeded random 3D layers) and `fdaFamily` for the CLI (generators/registry.ts lists it;
 * configs/fda.json and configs/fda3d.json are its configurations). Re-exports what tests and benches use.
 */
import { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily } from '../family.js';
import { hwFields, layerSchema, configSchema, lazy, identifier, intIn, fraction, bool, type LayerSpec } from '../common/schema.js';
import { loadLayer, shapeOnlyLayer, randomRq } from '../common/layers.js';
import { Prng } from '../../workloads/synthetic.js';
import { FdaAccel } from './accel.js';
import { DEFAULT_HW, HW_FIELDS, checkHw, FdaParamError, type FdaHwParams } from './params.js';
import { fdaHooks, checkLayerFits, everyRunPlans, type FdaPlan } from './driver.js';
import type { FdaLayer } from './golden.js';

export { FdaAccel } from './accel.js';
export { FdaCmac } from './cmac.js';
export { DEFAULT_HW, derived, fdaArithOf, xbarArithOf, checkHw, type FdaHwParams } from './params.js';
export { planFda, memoryImage, fdaStimulus, fdaHooks, verifyFda, checkLayerFits, FdaFitError, type FdaPlan } from './driver.js';
export { tileFda, runLayer, placeFda } from './tiling.js';
export { runModel, cmacCycles, FDA_COUNTERS } from './model.js';
export * from './golden.js';

const requant = z.union([bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })], { error: 'true, false or { "mult": n, "shift": n }' });

/** A seeded random 3D layer (C×D×H×W input, M filters of R×R×R, stride 1). */
const random3d = () =>
  z.strictObject({
    source: z.literal('random3d'),
    name: identifier('an identifier'),
    C: intIn(1, 1024),
    D: intIn(1, 256),
    H: intIn(1, 1024),
    W: intIn(1, 1024),
    M: intIn(1, 1024),
    R: intIn(1, 7),
    pad: intIn(0, 3).default(0),
    seed: intIn(0, 2 ** 32 - 1),
    zeros: fraction(0.3, 'fraction of zero activations'),
    relu: bool.default(false),
    requant: requant.default(false).meta({ description: 'requantise to uint8: true (a mult/shift chosen from the shape) or explicit values' }),
    maxTiles: intIn(1, 1 << 16).optional().meta({ description: 'verify only this many runs (evenly spread over the layer)' }),
  });

const hwSchema = () =>
  z
    .strictObject({
      ...hwFields(HW_FIELDS, DEFAULT_HW),
      dims: z.union([z.literal(2), z.literal(3)], { error: '2 or 3' }).default(2).meta({ description: '2: 2D convolution (N×N transforms), 3: 3D (N×N×N)' }),
      adc: z.enum(['ideal', 'limited'], { error: '"ideal" or "limited"' }).default('limited').meta({ description: 'the crossbar ADC: ideal (exact) or limited (adcBits)' }),
      mapping: z.enum(['offset', 'differential'], { error: '"offset" or "differential"' }).default('offset').meta({ description: 'signed weights in the cells' }),
    })
    .superRefine((hw, ctx) => {
      try {
        checkHw(hw as FdaHwParams);
      } catch (e) {
        if (!(e instanceof FdaParamError)) throw e;
        ctx.addIssue({ code: 'custom', path: [e.field], message: e.must });
      }
    });

const build = () =>
  configSchema({
    generator: 'fda',
    title: 'hwgen frequency-domain (FDA) accelerator configuration',
    hw: hwSchema(),
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (FdaHwParams); omitted fields take DEFAULT_HW',
    layer: z.union([layerSchema({ maxKernel: 7, maxStride: 4, zeros: 0.3, requant: true, perChannel: true }), random3d()], {
      error: 'a layer with "source": "facenet", "random" or "random3d"',
    }),
  });

export const fdaConfigSchema = lazy(build);

/** The workload's entries are typed as the shared layer specs for defineFamily; random3d entries are told apart by `source` at load. */
export type FdaConfig = Omit<z.output<ReturnType<typeof build>>, 'workload' | 'hw'> & { hw: FdaHwParams; workload: { layers: LayerSpec[] } };
type Random3dSpec = z.output<ReturnType<typeof random3d>>;

const widths = (hw: FdaHwParams) => ({ actBits: hw.inBits, wBits: 8, multBits: hw.multBits, shiftBits: hw.shiftBits });

/** A seeded random 3D layer: activations as the 2D random layers (zeros, then uniform), int8 weights, bias ±2^16. */
export function random3dLayer(spec: Random3dSpec, hw: FdaHwParams): FdaLayer {
  const rng = new Prng(spec.seed);
  const K = spec.C * spec.R ** 3;
  const aMax = 2 ** hw.inBits - 1;
  const input = Uint16Array.from({ length: spec.C * spec.D * spec.H * spec.W }, () => (rng.next() < spec.zeros ? 0 : rng.int(1, aMax)));
  const weights = Int16Array.from({ length: spec.M * K }, () => rng.int(-128, 127));
  const bias = Int32Array.from({ length: spec.M }, () => rng.int(-(2 ** 16), 2 ** 16));
  const rq = randomRq(spec, K, spec.M, widths(hw));
  return {
    name: spec.name,
    shape: { C: spec.C, D: spec.D, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S: spec.R, T: spec.R, stride: 1, pad: spec.pad, padD: spec.pad },
    input,
    weights,
    bias,
    relu: spec.relu,
    ...(rq ? { rq } : {}),
  };
}

function loadFda(entry: LayerSpec, c: FdaConfig): FdaLayer {
  const spec = entry as LayerSpec | Random3dSpec;
  if (spec.source === 'random3d') return random3dLayer(spec, c.hw);
  return loadLayer(spec, widths(c.hw));
}

export const fdaFamily = defineFamily<FdaConfig, FdaHwParams, FdaLayer, FdaPlan>({
  name: 'fda',
  description: 'frequency-domain conv accelerator (FDA): FFT tiles, two-cell complex PEs on ReRAM crossbar tiles, IFFT; 2D and 3D',
  schema: fdaConfigSchema as () => z.ZodType<FdaConfig>,
  defaultConfig: 'configs/fda.json',
  build: (c) => ({ def: FdaAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: (c) => fdaHooks(c.hw),
  load: (spec, c) => loadFda(spec, c),
  fits: (l, c) => everyRunPlans(l, c.hw),
  checkSpec: (spec, c) => {
    const s = spec as LayerSpec | Random3dSpec;
    checkLayerFits(s.source === 'random3d' ? random3dLayer(s, c.hw) : shapeOnlyLayer(s, widths(c.hw)), c.hw);
  },
  dumpMeta: (c) => ({
    convention:
      'o(m,[z,]y,x) = b(m) + IFFT(Σ_c FFT(a_c) ⊙ conj(FFT(w̃_m,c))) per overlap-save tile, fixed point (see generators/fda/README.md); then ReLU and rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255)',
    dims: c.hw.dims,
  }),
});
