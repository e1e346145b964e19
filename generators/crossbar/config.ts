/**
 * Configuration files of the crossbar accelerator (configs/isaac.json, configs/prime.json): a preset (ISAAC or
 * PRIME) with any hardware field overridden, and the workload layers (real face-net layers, or seeded random layers).
 */
import { z } from 'zod';
import { intIn, identifier } from '../common/schema.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';
import { ISAAC_HW, PRIME_HW, type XbarHwParams } from './params.js';
import { checkLayer, XbarFitError, type XbarLayer } from './driver.js';

export const PRESETS: Record<'isaac' | 'prime', XbarHwParams> = { isaac: ISAAC_HW, prime: PRIME_HW };

const bool = z.boolean({ error: 'true or false' });

type NumericField = Exclude<keyof XbarHwParams, 'adc' | 'mapping'>;
const HW_FIELDS: Record<NumericField, [lo: number, hi: number, description: string]> = {
  rows: [1, 1024, 'R: word lines per tile (inputs summed on one bit line)'],
  cols: [2, 1024, 'bit lines (cell columns) per tile, a power of two'],
  cellBits: [1, 8, 'b_c: bits per cell'],
  dacBits: [1, 8, 'b_d: bits per DAC input slice'],
  adcBits: [1, 24, 'b_a: ADC resolution (adc = "limited")'],
  deltaLog2: [0, 16, 'ADC step Δ = 2^deltaLog2 cell LSBs'],
  adcShare: [1, 1024, 'columns per ADC (a power of two dividing cols): conversions per activation per ADC'],
  perturbLog2: [0, 15, '0: none; k: each programmed cell moves by ±1 level with probability 2^-k (seeded LFSR)'],
  inputBits: [1, 16, 'input width (up to ceil(inputBits / dacBits) slices)'],
  weightBits: [2, 16, 'w: signed weight width'],
  rowTiles: [1, 64, 'tiles along K (row blocks summed digitally)'],
  colTiles: [1, 64, 'tiles along M'],
  pixels: [1, 1 << 16, 'input vectors per pass (depth of the input and output SRAMs)'],
  accBits: [8, 62, 'partial-sum and output width (signed)'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
  seed: [0, 0xffff, 'base seed of the perturbation LFSRs'],
};

const hwSchema = z.strictObject({
  ...(Object.fromEntries(Object.entries(HW_FIELDS).map(([k, [lo, hi, description]]) => [k, intIn(lo, hi).optional().meta({ description })])) as {
    [K in NumericField]: z.ZodOptional<z.ZodNumber>;
  }),
  adc: z.enum(['ideal', 'limited'], { error: '"ideal" or "limited"' }).optional().meta({ description: 'ideal: exact; limited: clamp(round_half_up(v/Δ), 0, 2^b_a − 1)·Δ' }),
  mapping: z.enum(['offset', 'differential'], { error: '"offset" or "differential"' }).optional().meta({ description: 'offset binary with the unit column, or positive/negative arrays' }),
});

const requantSchema = z.union([bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })], { error: 'true, false or { "mult": n, "shift": n }' });

let cached: ReturnType<typeof build> | undefined;
function build() {
  const names = layerShapes().map((s) => s.name);
  const facenet = z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }).meta({ description: "a conv layer of face-api's face-recognition ResNet" }),
    image: intIn(0, NUM_SAMPLES - 1).default(0).meta({ description: 'sample image (0-based)' }),
    maxTiles: intIn(1, 1 << 16).optional().meta({ description: 'verify only this many tiles (evenly spread over the layer)' }),
  });
  const random = z.strictObject({
    source: z.literal('random'),
    name: identifier('an identifier'),
    C: intIn(1, 4096),
    H: intIn(1, 4096),
    W: intIn(1, 4096),
    M: intIn(1, 4096),
    R: intIn(1, 11),
    S: intIn(1, 11).optional().meta({ description: 'kernel width (default R)' }),
    stride: intIn(1, 4).default(1),
    pad: intIn(0, 5).default(0),
    seed: intIn(0, 2 ** 32 - 1),
    zeros: z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' }).default(0.3),
    relu: bool.default(false),
    requant: requantSchema.default(false),
    maxTiles: intIn(1, 1 << 16).optional(),
  });
  const layer = z.discriminatedUnion('source', [facenet, random], {
    error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
  });
  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'the JSON Schema of this file (for editors)' }),
      name: identifier('an identifier').meta({ description: 'design name: the output folder, the filelist and the manifest use it' }),
      generator: z.literal('crossbar', { error: '"crossbar"' }),
      description: z.string().optional(),
      preset: z.enum(['isaac', 'prime'], { error: '"isaac" or "prime"' }).meta({ description: 'the hardware preset the hw fields override' }),
      hw: hwSchema.default({}).meta({ description: 'overrides of the preset (XbarHwParams)' }),
      workload: z
        .strictObject({ layers: z.array(layer, { error: 'a list of layers' }).default([]) })
        .default({ layers: [] })
        .meta({ description: 'layers that `hwgen verify` runs through the RTL' }),
    })
    .meta({ title: 'hwgen crossbar (ISAAC-like) accelerator configuration' });
}

export function xbarConfigSchema() {
  return (cached ??= build());
}

export type XbarConfig = z.output<ReturnType<typeof build>>;
export type XbarLayerSpec = XbarConfig['workload']['layers'][number];

/** The hardware of a configuration: the preset with the given fields replaced. */
export function hwOf(c: Pick<XbarConfig, 'preset' | 'hw'>): XbarHwParams {
  const out: XbarHwParams = { ...PRESETS[c.preset] };
  for (const [k, v] of Object.entries(c.hw)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

export function xbarLayerName(spec: XbarLayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

export function materializeXbarLayer(spec: XbarLayerSpec, hw: XbarHwParams): XbarLayer {
  const l = spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image) : randomLayerData(spec, { actBits: 8, wBits: Math.min(hw.weightBits, 8), multBits: hw.multBits, shiftBits: hw.shiftBits });
  return { ...l, shape: { ...l.shape }, actBits: 8 };
}

export function xbarShapeOf(spec: XbarLayerSpec): XbarLayer['shape'] {
  if (spec.source === 'random') return { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S: spec.S ?? spec.R, stride: spec.stride, pad: spec.pad };
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  return { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
}

export { XbarFitError, checkLayer };
