/**
 * Configuration files of the ZAS accelerator (configs/zas.json): a strict zod schema in the style of
 * generators/dense/config.ts (every hardware field optional with its DEFAULT_HW value), the workload layers (real
 * face-net layers, or seeded random layers with a given fraction of zeros) and the fit checks.
 */
import { z } from 'zod';
import { intIn, identifier } from '../dense/config.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';
import { DEFAULT_HW, type ZasHwParams } from './params.js';
import { planZas, ZasFitError, type ZasLayer } from './driver.js';
import { planTiles, tileZas } from './tiling.js';

const bool = z.boolean({ error: 'true or false' });

const HW_FIELDS: Record<keyof ZasHwParams, [lo: number, hi: number, description: string]> = {
  P: [1, 64, 'scatter PEs: PE p owns the output channels m ≡ p (mod P)'],
  KR: [1, 7, 'kernel rows of a PE (KR·KS multipliers per PE)'],
  KS: [1, 7, 'kernel columns of a PE'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'partial-sum width (signed); must hold the worst-case sum of every listed layer'],
  maxW: [2, 4096, 'widest input row (the x field of an encoded word has clog2(maxW) bits)'],
  nzWords: [1, 1 << 22, 'words of the non-zero memory (one per non-zero activation of a tile)'],
  rowWords: [1, 1 << 20, 'entries of the row-end table (C·H of a tile)'],
  rowLook: [1, 16, 'row lookahead L (a power of two): up to L−1 empty rows after a finished row are skipped in the same cycle'],
  partialWords: [1, 1 << 16, 'words per bank per buffer of each PE\u2019s output-partial buffer'],
  weightWords: [1, 1 << 20, 'words per weight bank (one bank per PE and kernel tap; nmt·C)'],
  biasWords: [1, 1 << 16, 'words of each PE\u2019s bias memory (channel tiles)'],
  outWords: [1, 1 << 22, 'words of each PE\u2019s output memory (nmt·OH·OW)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

const hwSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(HW_FIELDS).map(([k, [lo, hi, description]]) => [k, intIn(lo, hi).default(DEFAULT_HW[k as keyof ZasHwParams]).meta({ description })]),
  ) as { [K in keyof ZasHwParams]: z.ZodDefault<z.ZodNumber> },
);

const requantSchema = z.union([bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })], {
  error: 'true, false or { "mult": n, "shift": n }',
});

let cached: ReturnType<typeof build> | undefined;
function build() {
  const names = layerShapes().map((s) => s.name);
  const facenet = z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }).meta({
      description: "a conv layer of face-api's face-recognition ResNet (its kernel must fit KR×KS)",
    }),
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
    R: intIn(1, 7),
    S: intIn(1, 7).optional().meta({ description: 'kernel width (default R)' }),
    stride: intIn(1, 2).default(1),
    pad: intIn(0, 7).default(0),
    seed: intIn(0, 2 ** 32 - 1),
    zeros: z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' }).default(0.5).meta({
      description: 'fraction of zero activations (the sparsity)',
    }),
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
      generator: z.literal('zas', { error: '"zas"' }),
      description: z.string().optional(),
      hw: hwSchema.default(() => ({ ...DEFAULT_HW })).meta({ description: 'hardware parameters (ZasHwParams); omitted fields take DEFAULT_HW' }),
      workload: z
        .strictObject({ layers: z.array(layer, { error: 'a list of layers' }).default([]) })
        .default({ layers: [] })
        .meta({ description: 'layers that `hwgen verify` runs through the RTL' }),
    })
    .meta({ title: 'hwgen zero-activation-skipping accelerator configuration' });
}

export function zasConfigSchema() {
  return (cached ??= build());
}

export type ZasConfig = z.output<ReturnType<typeof build>>;
export type ZasLayerSpec = ZasConfig['workload']['layers'][number];

export function zasLayerName(spec: ZasLayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

export function materializeZasLayer(spec: ZasLayerSpec, hw: ZasHwParams): ZasLayer {
  return spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image) : randomLayerData(spec, hw);
}

/** Every tile of the layer must plan (data-dependent: the non-zero memory holds the tile's non-zeros). */
export function checkZasLayerFits(l: ZasLayer, hw: ZasHwParams): void {
  for (const t of tileZas(l, hw)) planZas(t.layer, hw);
}

/**
 * A cheap load-time check from the shape alone, assuming no zeros (the worst case for the non-zero memory): the tiles
 * must plan. Throws ZasFitError naming the limit and the fix.
 */
export function checkZasShapeFits(name: string, s: ZasLayer['shape'], hw: ZasHwParams): void {
  const plans = planTiles(name, s, hw, new Float64Array(s.H).fill(s.C * s.W));
  for (const t of plans) {
    const zero: ZasLayer = { name, shape: t.shape, input: new Uint8Array(t.shape.C * t.shape.H * t.shape.W), weights: new Int8Array(t.shape.M * t.shape.C * t.shape.R * t.shape.S), bias: new Int32Array(t.shape.M), relu: false };
    planZas(zero, hw);
  }
}

export function zasShapeOf(spec: ZasLayerSpec): ZasLayer['shape'] {
  if (spec.source === 'random') return { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S: spec.S ?? spec.R, stride: spec.stride, pad: spec.pad };
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  return { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
}

export { ZasFitError };
