/**
 * Configuration files of the output-sign-prediction accelerator (configs/svd.json, configs/svd-exact.json): a strict
 * zod schema (every hardware field optional with its DEFAULT_HW value), the predictor's calibration target, the
 * workload layers (real face-net layers or seeded random ones) and the fit checks.
 */
import { z } from 'zod';
import { intIn, identifier } from '../common/schema.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';
import { DEFAULT_HW, type PredictHwParams } from './params.js';
import { checkPredictShape, PredictFitError } from './driver.js';
import { tileSpans } from './tiling.js';
import { preparePredictor } from './prep.js';
import type { PredLayer, Predictor } from './golden.js';

const bool = z.boolean({ error: 'true or false' });
type IntField = Exclude<keyof PredictHwParams, 'mode'>;

const HW_FIELDS: Record<IntField, [lo: number, hi: number, description: string]> = {
  rank: [1, 32, 'rank r of the prediction unit (r·KS + r multipliers)'],
  PE: [1, 64, 'PEs (each takes executed channels round-robin)'],
  npc: [1, 16, 'non-zero pairs a PE consumes per cycle (its multipliers)'],
  KS: [1, 7, 'widest kernel row (the gather reads one kernel row per cycle)'],
  chunkRows: [1, 16, 'kernel rows per PE chunk (B = chunkRows·KS pairs)'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 8, 'weight width (signed)'],
  accBits: [8, 48, 'accumulator width (signed)'],
  maxM: [1, 4096, 'largest M of a tile'],
  maxCR: [1, 1 << 14, 'largest C·R (window buffer and P memories)'],
  maxStride: [1, 3, 'largest stride'],
  ifmapWords: [1, 1 << 22, 'words per input bank'],
  weightWords: [1, 1 << 22, 'chunk words of the weight memory (M·chunks of a tile)'],
  outWords: [1, 1 << 22, 'output words (M·OH·OW of a tile)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

const hwSchema = z.strictObject({
  mode: z.enum(['predict', 'exact'], { error: '"predict" or "exact"' }).default(DEFAULT_HW.mode).meta({
    description: '"predict": SVD prediction unit skips outputs predicted ≤ τ; "exact": SnaPEA-style early termination, no predictor',
  }),
  ...(Object.fromEntries(
    Object.entries(HW_FIELDS).map(([k, [lo, hi, description]]) => [k, intIn(lo, hi).default(DEFAULT_HW[k as IntField]).meta({ description })]),
  ) as { [K in IntField]: z.ZodDefault<z.ZodNumber> }),
});

const fraction = z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' });
const requantSchema = z.union([bool, z.strictObject({ mult: intIn(0, 2 ** 31 - 1), shift: intIn(0, 63) })], { error: 'true, false or { "mult": n, "shift": n }' });

let cached: ReturnType<typeof build> | undefined;
function build() {
  const names = layerShapes().map((s) => s.name);
  const facenet = z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }),
    image: intIn(0, NUM_SAMPLES - 1).default(0).meta({ description: 'sample image (0-based); the predictor is calibrated on the other five' }),
    maxTiles: intIn(1, 1 << 16).optional().meta({ description: 'verify only this many tiles (evenly spread over the layer)' }),
  });
  const random = z.strictObject({
    source: z.literal('random'),
    name: identifier('an identifier'),
    C: intIn(1, 4096),
    H: intIn(1, 4096),
    W: intIn(1, 4096),
    M: intIn(1, 4096),
    R: intIn(1, 15),
    S: intIn(1, 15).optional(),
    stride: intIn(1, 3).default(1),
    pad: intIn(0, 7).default(0),
    seed: intIn(0, 2 ** 31),
    zeros: fraction.default(0.4),
    relu: bool.default(true),
    requant: requantSchema.default(false),
    maxTiles: intIn(1, 1 << 16).optional(),
  });
  const layer = z.discriminatedUnion('source', [facenet, random], {
    error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
  });
  return z
    .strictObject({
      $schema: z.string().optional(),
      name: identifier('an identifier').meta({ description: 'design name: the output folder, the filelist and the manifest use it' }),
      generator: z.literal('svd', { error: '"svd"' }),
      description: z.string().optional(),
      hw: hwSchema.default(() => ({ ...DEFAULT_HW })).meta({ description: 'hardware parameters (PredictHwParams); omitted fields take DEFAULT_HW' }),
      predictor: z
        .strictObject({ falseSkip: fraction.default(0.02).meta({ description: 'calibration target: false skips (ŷ ≤ τ, true > 0) as a fraction of all outputs' }) })
        .default({ falseSkip: 0.02 }),
      workload: z.strictObject({ layers: z.array(layer, { error: 'a list of layers' }).default([]) }).default({ layers: [] }),
    })
    .meta({ title: 'hwgen output-sign-prediction accelerator configuration' });
}

export function predictConfigSchema() {
  return (cached ??= build());
}

export type PredictConfig = z.output<ReturnType<typeof build>>;
export type PredictLayerSpec = PredictConfig['workload']['layers'][number];

/** A workload layer with its prediction unit (null in exact mode and for layers without ReLU). */
export interface PredictWorkLayer {
  layer: PredLayer;
  pred: Predictor | null;
}

export function predictLayerName(spec: PredictLayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

export function predictShapeOf(spec: PredictLayerSpec): { shape: PredLayer['shape']; relu: boolean } {
  if (spec.source === 'random') return { shape: { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S: spec.S ?? spec.R, stride: spec.stride, pad: spec.pad }, relu: spec.relu };
  const s = layerShapes().find((x) => x.name === spec.layer)!;
  return { shape: { C: s.C, H: s.H, W: s.W, M: s.M, R: s.R, S: s.S, stride: s.stride, pad: s.pad }, relu: s.relu };
}

/** Shape checks of every tile (cheap). */
export function checkPredictSpec(spec: PredictLayerSpec, hw: PredictHwParams): void {
  const name = predictLayerName(spec);
  const { shape, relu } = predictShapeOf(spec);
  for (const t of tileSpans(name, shape, hw)) checkPredictShape(name, { ...shape, M: t.m1 - t.m0, H: t.rhi - t.rlo + 1, padY: shape.pad, OH: t.y1 - t.y0 }, relu, hw);
}

/**
 * The layer's data and its calibrated prediction unit: a face-net layer is calibrated on the five other sample images
 * (leave-one-out); a random layer on five other seeded inputs (seed + 1000·k) with the same weights and bias.
 */
export function materializePredictLayer(spec: PredictLayerSpec, hw: PredictHwParams, falseSkip: number): PredictWorkLayer {
  if (spec.source === 'facenet') {
    const layer = facenetLayerData(spec.layer, spec.image);
    if (hw.mode !== 'predict' || !layer.relu) return { layer, pred: null };
    const calib = Array.from({ length: NUM_SAMPLES }, (_, i) => i).filter((i) => i !== spec.image).map((i) => facenetLayerData(spec.layer, i));
    return { layer, pred: preparePredictor(layer, calib, hw.rank, falseSkip) };
  }
  const layer = randomLayerData(spec, hw);
  if (hw.mode !== 'predict' || !layer.relu) return { layer, pred: null };
  const calib = [1, 2, 3, 4, 5].map((k) => ({ ...randomLayerData({ ...spec, seed: spec.seed + 1000 * k }, hw), weights: layer.weights, bias: layer.bias }));
  return { layer, pred: preparePredictor(layer, calib, hw.rank, falseSkip) };
}

export { PredictFitError };
