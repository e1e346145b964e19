/**
 * The configuration-schema builder every family uses (zod, strict: an unknown field is an error): identifiers, bounded
 * integers, the hardware object from a table of bounds and defaults, the face-net and random layer schemas with
 * per-family bounds, and the envelope ({ $schema, name, generator, description, hw, workload }).
 *
 * Every check carries the phrase that completes "must be …", so a formatted error reads
 * `dense.json: hw.rows: got 0, must be a positive integer (1..256)` (formatConfigIssues in generators/registry.ts).
 */
import { z } from 'zod';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import type { ConvShape } from './shape.js';

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

export const bool = z.boolean({ error: 'true or false' });

export const fraction = (dflt: number, description: string) =>
  z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' }).default(dflt).meta({ description });

/** A power of two in lo..hi (rowLook, bank counts, ...). */
export function pow2In(lo: number, hi: number) {
  const pows: number[] = [];
  for (let v = 1; v <= hi; v *= 2) if (v >= lo) pows.push(v);
  const e = { error: `a power of two (${pows.join(', ')})` };
  return z.number(e).int(e).min(lo, e).max(hi, e).refine((v) => (v & (v - 1)) === 0, e);
}

/** Bounds and meaning of one integer hardware field: [lo, hi, description] or a ready schema with its description. */
export type FieldBounds = readonly [lo: number, hi: number, description: string] | readonly [schema: z.ZodNumber | z.ZodType<number>, description: string];

/** The strict hardware object: every field optional, defaulting to `defaults[field]`. */
export function hwFields<K extends string>(fields: Record<K, FieldBounds>, defaults: Record<K, number>): { [P in K]: z.ZodDefault<z.ZodType<number>> } {
  return Object.fromEntries(
    (Object.entries(fields) as Array<[K, FieldBounds]>).map(([k, b]) => {
      const schema = b.length === 3 ? intIn(b[0], b[1]) : b[0];
      const description = b.length === 3 ? b[2] : b[1];
      return [k, (schema as z.ZodType<number>).default(defaults[k]).meta({ description })];
    }),
  ) as { [P in K]: z.ZodDefault<z.ZodType<number>> };
}

export function hwObject<K extends string>(fields: Record<K, FieldBounds>, defaults: Record<K, number>) {
  return z.strictObject(hwFields(fields, defaults));
}

const requantSchema = z.union([bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })], {
  error: 'true, false or { "mult": n, "shift": n }',
});

const maxTiles = () => intIn(1, 1 << 16).optional().meta({ description: 'verify only this many tiles (evenly spread over the layer)' });

/** What a family accepts of the layers a configuration lists. */
export interface LayerBounds {
  /** largest kernel side of a random layer */
  maxKernel: number;
  maxStride: number;
  /** default fraction of zero activations of a random layer */
  zeros: number;
  /** whether a random layer may ask for requantisation (`requant`) */
  requant: boolean;
  /** the description of the face-net `layer` field */
  facenet?: string;
  /** the description of the face-net `image` field */
  image?: string;
  /** default of a random layer's `relu` (false) */
  relu?: boolean;
  /** whether the post stage holds a per-output-channel requantisation table (then `quant` defaults to 'channel') */
  perChannel?: boolean;
}

/** `quant`: one weight scale (and requantisation entry) per output channel, or one per layer. */
function quantSchema(b: LayerBounds) {
  const e = { error: b.perChannel ? '"channel" (one scale per output channel) or "layer" (one per layer)' : '"layer" (this generator\'s post stage takes one requantisation per layer)' };
  const s = z.enum(['channel', 'layer'], e).refine((v) => b.perChannel || v === 'layer', e).default(b.perChannel ? 'channel' : 'layer');
  return s.meta({ description: 'weight scales and requantisation: "channel" (one per output channel, the default where the post stage has a table) or "layer"' });
}

function facenetLayerSchema(b: LayerBounds) {
  const names = layerShapes().map((s) => s.name);
  return z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }).meta({
      description: b.facenet ?? "a conv layer of face-api's face-recognition ResNet",
    }),
    image: intIn(0, NUM_SAMPLES - 1).default(0).meta({ description: b.image ?? 'sample image (0-based)' }),
    quant: quantSchema(b),
    maxTiles: maxTiles(),
  });
}

function randomLayerSchema(b: LayerBounds) {
  return z.strictObject({
    source: z.literal('random'),
    name: identifier('an identifier'),
    C: intIn(1, 4096),
    H: intIn(1, 4096),
    W: intIn(1, 4096),
    M: intIn(1, 4096),
    R: intIn(1, b.maxKernel),
    S: intIn(1, b.maxKernel).optional().meta({ description: 'kernel width (default R)' }),
    stride: intIn(1, b.maxStride).default(1),
    pad: intIn(0, 7).default(0),
    seed: intIn(0, 2 ** 32 - 1),
    zeros: fraction(b.zeros, 'fraction of zero activations'),
    relu: bool.default(b.relu ?? false),
    requant: (b.requant ? requantSchema : z.literal(false, { error: 'false (this generator takes no requantisation of random layers)' }))
      .default(false)
      .meta({ description: 'requantise to uint8: true (a mult/shift chosen from the shape, per channel unless quant is "layer") or explicit values (every channel)' }),
    quant: quantSchema(b),
    maxTiles: maxTiles(),
  }).superRefine((l, ctx) => {
    // the output must have at least one pixel: (H + 2·pad − R) / stride + 1 ≥ 1, likewise W against S
    const S = l.S ?? l.R;
    for (const [dim, size, k, kName] of [['H', l.H, l.R, 'R'], ['W', l.W, S, l.S === undefined ? 'R' : 'S']] as const) {
      if (size + 2 * l.pad < k) {
        ctx.addIssue({
          code: 'custom',
          path: [dim],
          message: `at least ${k - 2 * l.pad} so that ${dim} + 2·pad (pad = ${l.pad}) reaches the kernel's ${kName} = ${k}; else the output is empty`,
        });
      }
    }
  });
}

/** The workload layer schema: a face-net layer or a seeded random one. */
export function layerSchema(b: LayerBounds) {
  return z.discriminatedUnion('source', [facenetLayerSchema(b), randomLayerSchema(b)], {
    error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
  });
}

type RawLayerSpec = z.output<ReturnType<typeof layerSchema>>;
type LooseQuant<T> = T extends unknown ? Omit<T, 'quant'> & { quant?: 'channel' | 'layer' | undefined } : never;
/** A parsed layer entry (`quant` always set by the schema; a layer built in code may leave it out: 'channel'). */
export type LayerSpec = LooseQuant<RawLayerSpec>;

/**
 * The envelope of a configuration file around a family's hardware object and layer schema; `extra` adds top-level
 * fields of the family's own (a preset, a mapping, the predictor's calibration target) after `hw`.
 */
export function configSchema<H extends z.ZodType, Ly extends z.ZodType, X extends z.ZodRawShape = Record<never, never>>(o: {
  generator: string;
  title: string;
  hw: H;
  hwDefault: () => z.input<H>;
  hwDescription: string;
  layer: Ly;
  extra?: X;
}) {
  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'the JSON Schema of this file (for editors)' }),
      name: identifier('an identifier').meta({ description: 'design name: the output folder, the filelist and the manifest use it' }),
      generator: z.literal(o.generator, { error: JSON.stringify(o.generator) }),
      description: z.string().optional(),
      hw: o.hw.default(() => o.hw.parse(o.hwDefault()) as never).meta({ description: o.hwDescription }),
      ...(o.extra ?? ({} as X)),
      workload: z
        .strictObject({ layers: z.array(o.layer, { error: 'a list of layers' }).default([]) })
        .default({ layers: [] })
        .meta({ description: 'layers that `hwgen verify` runs through the RTL' }),
    })
    .meta({ title: o.title });
}

/** A layer's display name: the face-net layer name, or the random layer's name. */
export function specName(spec: LayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

/** A layer's shape from its configuration entry alone (no data loaded). */
export function specShape(spec: LayerSpec): ConvShape {
  if (spec.source === 'random') return { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S: spec.S ?? spec.R, stride: spec.stride, pad: spec.pad };
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  return { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad };
}

/** A family's schema, built on first use (it lists the face-net layer names, which loads the model's shapes). */
export function lazy<T>(build: () => T): () => T {
  let cached: T | undefined;
  return () => (cached ??= build());
}
