/**
 * The FFT on its own as a generator family (`hwgen generate/verify configs/fft.json`): its configuration schema
 * (hardware n, dims, w, t; a workload of face-net input maps cut into blocks, or seeded random complex blocks, forward
 * or inverse), its hooks for the shared tile-verify loop, and `fftFamily`, which generators/registry.ts lists. The
 * pieces other generators use (the golden model, the bound, the cycle model, the DSL modules) are re-exported.
 */
import { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily, type BaseConfig, type GeneratorFamily } from '../family.js';
import { hwObject, layerSchema, configSchema, lazy, identifier, intIn, bool, type LayerSpec } from '../common/schema.js';
import { facenetLayerData } from '../common/layers.js';
import { FftAccel } from './accel.js';
import { DEFAULT_HW, HW_FIELDS, MAX_ELEMENTS, type FftHwParams } from './params.js';
import { fftHooks, FftFitError, type FftPlan } from './driver.js';
import { mapBlocks, randomBlocks, type FftLayer } from './tiling.js';

export { FftLine, type FftLineParams } from './line.js';
export { FftNd, ndAddrBits, type FftNdHwParams } from './nd.js';
export { FftAccel } from './accel.js';
export { twiddleTable, bitReverse, roundHalfAway } from './twiddle.js';
export { goldenFft1d, goldenFftNd, butterfly, saturate, linesAlong, type FftParams, type FftNdParams, type Cplx, type ComplexInput } from './golden.js';
export { floatFftNd } from './float.js';
export { fftErrorBound, maxSafeMagnitude } from './bound.js';
export { fftLineLatency, fftNdCycles, fftBusyCycles, fftLines, fftButterflies, fftPassCycles, fftLinesPerPass } from './model.js';
export { DEFAULT_HW as FFT_DEFAULT_HW, derived as fftDerived, type FftHwParams } from './params.js';
export { planFft, fftStimulus, fftHooks, FftFitError, FFT_COUNTERS, type FftPlan } from './driver.js';
export { mapBlocks, randomBlocks, tileFft, type FftLayer } from './tiling.js';

const randomBlocksSchema = z.strictObject({
  source: z.literal('random'),
  name: identifier('an identifier'),
  blocks: intIn(1, 4096).meta({ description: 'number of transforms (blocks of n^dims complex values uniform over SInt(w))' }),
  seed: intIn(0, 2 ** 32 - 1),
  inverse: bool.default(false).meta({ description: 'inverse transforms (IFFT)' }),
  maxTiles: intIn(1, 1 << 16).optional().meta({ description: 'verify only this many blocks (evenly spread)' }),
});

const build = () => {
  const facenet = layerSchema({ maxKernel: 15, maxStride: 8, zeros: 0, requant: false, facenet: "a conv layer of face-api's face-recognition ResNet: its input activations are cut into blocks" }).options[0];
  return configSchema({
    generator: 'fft',
    title: 'hwgen fixed-point FFT configuration',
    hw: hwObject(HW_FIELDS, DEFAULT_HW).refine((h) => h.n ** h.dims <= MAX_ELEMENTS, {
      error: `n^dims of at most ${MAX_ELEMENTS} elements (lower n or dims)`,
    }),
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (FftHwParams); omitted fields take the defaults (n 8, dims 2, w 16, t 16)',
    layer: z.discriminatedUnion('source', [facenet, randomBlocksSchema], {
      error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
    }),
  });
};

/** The schema of an FFT configuration (built on first use: it lists the face-net layer names). */
export const fftConfigSchema = lazy(build);

export type FftLayerSpec = z.output<ReturnType<typeof build>>['workload']['layers'][number];
/** The workload's random entries are blocks, not conv layers; the family layer sees them through `load`/`checkSpec`. */
export type FftConfig = z.output<ReturnType<typeof build>> & { hw: FftHwParams } & BaseConfig;

function shapeOf(C: number, H: number, W: number) {
  return { C, H, W, M: C, R: 1, S: 1, stride: 1, pad: 0 };
}

/** The data a workload entry names, cut into blocks of the configured transform. */
export function loadFftLayer(spec: FftLayerSpec, hw: FftHwParams): FftLayer {
  const base = { weights: new Int8Array(0), bias: new Int32Array(0), relu: false, n: hw.n, dims: hw.dims };
  if (spec.source === 'facenet') {
    const l = facenetLayerData(spec.layer, spec.image);
    const s = l.shape;
    return { ...base, name: spec.layer, shape: shapeOf(s.C, s.H, s.W), input: l.input, blocks: mapBlocks(l.input, s.C, s.H, s.W, hw.n, hw.dims), inverse: false };
  }
  const blocks = randomBlocks(spec.blocks, hw.n, hw.dims, hw.w, spec.seed);
  const H = hw.n ** (hw.dims - 1);
  return { ...base, name: spec.name, shape: shapeOf(spec.blocks, H, hw.n), input: new Uint8Array(spec.blocks * H * hw.n), blocks, inverse: spec.inverse };
}

const family = defineFamily<FftConfig, FftHwParams, FftLayer, FftPlan>({
  name: 'fft',
  description: 'pipelined fixed-point radix-2 DIT FFT/IFFT (1D, 2D rows then columns, 3D), in-place skewed-bank transpose buffer',
  schema: fftConfigSchema as unknown as () => z.ZodType<FftConfig>,
  defaultConfig: 'configs/fft.json',
  build: (c) => ({ def: FftAccel as AnyModuleDef, params: c.hw }),
  hw: (c) => c.hw,
  hooks: () => fftHooks,
  load: (spec: LayerSpec, c) => loadFftLayer(spec as unknown as FftLayerSpec, c.hw),
  checkSpec: (spec: LayerSpec, c) => {
    const s = spec as unknown as FftLayerSpec;
    // face-net activations are 0..255: they need SInt(9) (random blocks are generated within SInt(w))
    if (s.source === 'facenet' && c.hw.w < 9)
      throw new FftFitError(`layer '${s.layer}': activations up to 255 do not fit the ${c.hw.w}-bit data width (SInt(${c.hw.w})); raise hw.w to 9`);
  },
  fieldShape: (_field, l) => [l.blocks.length, ...new Array<number>(l.dims).fill(l.n)],
  dumpMeta: (c, l) => ({
    hw: c.hw,
    inverse: l.inverse,
    convention:
      'blocks of n^dims complex values (row-major, x fastest); passes along x, y, z; per stage one round-half-up of (a ± b·W)/2 and saturation to SInt(w); twiddles round_half_away(cos/sin(2πk/n)·2^(t−1)); forward = DFT/n per dimension, inverse = IDFT',
  }),
});

/** The FFT family; its dump holds the input blocks as signed arrays (not a conv layer's input, weights and bias). */
export const fftFamily: GeneratorFamily<FftConfig, FftLayer> = {
  ...family,
  dump(c, l, maxTiles, verdicts) {
    const d = family.dump(c, l, maxTiles, verdicts);
    const { input: _i, weights: _w, bias: _b, ...rest } = d.arrays;
    const E = l.n ** l.dims;
    const shape = [l.blocks.length, ...new Array<number>(l.dims).fill(l.n)];
    const cat = (part: 're' | 'im') => {
      const out = new Int32Array(l.blocks.length * E);
      l.blocks.forEach((b, k) => out.set(Int32Array.from(b[part]), k * E));
      return out;
    };
    const { relu: _r, requant: _q, ...meta } = d.meta;
    return { arrays: { input_re: { descr: '<i4', shape, data: cat('re') }, input_im: { descr: '<i4', shape, data: cat('im') }, ...rest }, meta };
  },
};
