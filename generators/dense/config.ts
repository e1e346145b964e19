/**
 * Configuration files of the dense accelerator (configs/*.json): the schema (zod, strict: an unknown field is an
 * error; every hardware field optional with its DEFAULT_HW value), the workload layers it lists (real face-net layers
 * or seeded random ones) and the check that every listed layer fits the configured hardware.
 *
 * Every numeric check carries the phrase that completes "must be …", so a formatted error reads
 * `dense.json: hw.rows: got 0, must be a positive integer (1..256)` (see formatConfigIssues in generators/registry.ts).
 */
import { z } from 'zod';
import { DEFAULT_HW, type DenseHwParams } from './params.js';
import { planLayer, DenseFitError, type DenseLayer } from './driver.js';
import { tileLayer } from './tiling.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';

/** An integer in lo..hi; the error message is the allowed range (the formatter adds the value and the path). */
export function intIn(lo: number, hi: number) {
  const allowed = lo === 1 ? `a positive integer (1..${hi})` : lo === 0 ? `a non-negative integer (0..${hi})` : `an integer in ${lo}..${hi}`;
  const e = { error: allowed };
  return z.number(e).int(e).min(lo, e).max(hi, e);
}

/** Identifiers used for folders, files and module names: nothing that can leave the output folder. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
export const identifier = (what: string) =>
  z
    .string({ error: `${what}: letters, digits and _, starting with a letter (no path separators, no ..)` })
    .max(64, { error: `${what} of at most 64 characters` })
    .regex(IDENTIFIER, { error: `${what}: letters, digits and _, starting with a letter (no path separators, no ..)` });

const bool = z.boolean({ error: 'true or false' });

/** Bounds of every hardware parameter, with its meaning (shown in the JSON Schema). */
const HW_FIELDS: Record<keyof DenseHwParams, [lo: number, hi: number, description: string]> = {
  rows: [1, 256, 'PE array rows: output pixels (consecutive x) of one tile'],
  cols: [1, 256, 'PE array columns: output channels of one tile'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'accumulator width (signed); must hold the worst-case sum of every listed layer'],
  ifmapWords: [1, 1 << 20, 'words per bank of the input SRAM'],
  weightWords: [1, 1 << 20, 'words per bank of the weight SRAM'],
  outWords: [1, 1 << 20, 'words per bank of the output SRAM'],
  biasWords: [1, 1 << 16, 'entries of the bias memory (the largest M of a tile)'],
  maxStride: [1, 8, 'largest supported stride'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  kBits: [4, 32, 'width of the K = C·R·S field'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

const hwSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(HW_FIELDS).map(([k, [lo, hi, description]]) => [
      k,
      intIn(lo, hi).default(DEFAULT_HW[k as keyof DenseHwParams]).meta({ description }),
    ]),
  ) as { [K in keyof DenseHwParams]: z.ZodDefault<z.ZodNumber> },
);

const requantSchema = z.union(
  [bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })],
  { error: 'true, false or { "mult": n, "shift": n }' },
);

function facenetLayerSchema(names: readonly string[]) {
  return z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }).meta({
      description: "a conv layer of face-api's face-recognition ResNet",
    }),
    image: intIn(0, NUM_SAMPLES - 1).default(0).meta({ description: 'sample image (0-based)' }),
    maxTiles: intIn(1, 1 << 16).optional().meta({ description: 'verify only this many tiles (evenly spread over the layer)' }),
  });
}

const randomLayerSchema = z.strictObject({
  source: z.literal('random'),
  name: identifier('an identifier'),
  C: intIn(1, 4096),
  H: intIn(1, 4096),
  W: intIn(1, 4096),
  M: intIn(1, 4096),
  R: intIn(1, 15),
  S: intIn(1, 15).optional().meta({ description: 'kernel width (default R)' }),
  stride: intIn(1, 8).default(1),
  pad: intIn(0, 7).default(0),
  seed: intIn(0, 2 ** 32 - 1),
  zeros: z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' }).default(0.3).meta({
    description: 'fraction of zero activations',
  }),
  relu: bool.default(false),
  requant: requantSchema.default(false).meta({ description: 'requantise to uint8: true (a mult/shift chosen from the shape) or explicit values' }),
  maxTiles: intIn(1, 1 << 16).optional(),
});

let cached: ReturnType<typeof build> | undefined;
function build() {
  const names = layerShapes().map((s) => s.name);
  const layer = z.discriminatedUnion('source', [facenetLayerSchema(names), randomLayerSchema], {
    error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
  });
  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'the JSON Schema of this file (for editors)' }),
      name: identifier('an identifier').meta({ description: 'design name: the output folder, the filelist and the manifest use it' }),
      generator: z.literal('dense', { error: '"dense"' }),
      description: z.string().optional(),
      hw: hwSchema.default(() => ({ ...DEFAULT_HW })).meta({ description: 'hardware parameters (DenseHwParams); omitted fields take DEFAULT_HW' }),
      workload: z
        .strictObject({ layers: z.array(layer, { error: 'a list of layers' }).default([]) })
        .default({ layers: [] })
        .meta({ description: 'layers that `hwgen verify` runs through the RTL' }),
    })
    .meta({ title: 'hwgen dense accelerator configuration' });
}

/** The schema of a dense configuration (built on first use: it lists the face-net layer names). */
export function denseConfigSchema() {
  return (cached ??= build());
}

export type DenseConfig = z.output<ReturnType<typeof build>>;
export type DenseConfigInput = z.input<ReturnType<typeof build>>;
export type DenseLayerSpec = DenseConfig['workload']['layers'][number];

/** The layer's display name: the face-net layer name, or the random layer's name. */
export function layerName(spec: DenseLayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

/** The layer's data: a face-net layer on its sample image, or a seeded random layer. */
export function materializeLayer(spec: DenseLayerSpec, hw: DenseHwParams): DenseLayer {
  return spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image) : randomLayerData(spec, hw);
}

/** A shape-only stand-in for a layer (zero data, zero bias): enough for the fit checks without loading activations. */
export function shapeOnlyLayer(spec: DenseLayerSpec, hw: DenseHwParams): DenseLayer {
  if (spec.source === 'random') return materializeLayer(spec, hw); // cheap: the real data
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  const shape = { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
  return { name: spec.layer, shape, input: new Uint8Array(s.C * s.H * s.W), weights: new Int8Array(s.M * s.C * s.R * s.S), bias: new Int32Array(s.M), relu: s.relu };
}

/**
 * Check that a layer fits the hardware once tiled: every tile must pass planLayer. A failure throws the DenseFitError
 * of planLayer, naming the layer (not the tile) where the limit does not depend on the tiling (widths, stride, kernel).
 */
export function checkLayerFits(l: DenseLayer, hw: DenseHwParams): void {
  const s = l.shape;
  const OH = Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1;
  const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
  if (OH < 1 || OW < 1)
    throw new DenseFitError(`layer '${l.name}': the ${s.R}×${s.S} kernel is larger than the ${s.H}×${s.W} input with padding ${s.pad} (no output); enlarge H/W or pad`);
  try {
    for (const t of tileLayer(l, hw)) planLayer(t.layer, hw);
  } catch (e) {
    if (!(e instanceof DenseFitError)) throw e;
    // the same layer against unbounded memories: the width/shape limits, reported for the layer itself
    const huge = 2 ** 48;
    const big = { ...hw, ifmapWords: huge, weightWords: huge, outWords: huge, biasWords: huge };
    planLayer(l, big);
    throw e;
  }
}

/** Which tiles of `total` to verify when at most `max` are wanted: evenly spread, first and last included. */
export function tileSample(max: number | undefined): ((index: number, total: number) => boolean) | undefined {
  if (max === undefined) return undefined;
  return (i, total) => {
    if (total <= max) return true;
    if (max === 1) return i === 0;
    for (let k = 0; k < max; k++) if (Math.round((k * (total - 1)) / (max - 1)) === i) return true;
    return false;
  };
}
