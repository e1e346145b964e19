/**
 * Configuration files of the output-sign-prediction accelerator (configs/svd.json, configs/svd-exact.json): the
 * shared envelope (common/schema.ts) around the hardware object (every field optional with its DEFAULT_HW value),
 * the predictor's calibration target, the workload layers (real face-net layers or seeded random ones) and the fit
 * checks.
 */
import { z } from 'zod';
import { hwFields, layerSchema, configSchema, lazy, fraction, specName, specShape, type LayerSpec } from '../common/schema.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';
import { DEFAULT_HW, type PredictHwParams } from './params.js';
import { checkPredictShape, PredictFitError, type SvdLayer } from './driver.js';
import { tileSpans } from './tiling.js';
import { preparePredictor } from './prep.js';

type IntField = Exclude<keyof PredictHwParams, 'mode'>;

const HW_FIELDS: Record<IntField, [lo: number, hi: number, description: string]> = {
  rank: [1, 32, 'rank r of the prediction unit (r·predSlots + r multipliers)'],
  predSlots: [1, 7, 'P·x products per rank and cycle (KS: one kernel row per cycle; 1: one activation per cycle, each row held KS cycles)'],
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

function build() {
  const hw = z.strictObject({
    mode: z.enum(['predict', 'exact'], { error: '"predict" or "exact"' }).default(DEFAULT_HW.mode).meta({
      description: '"predict": SVD prediction unit skips outputs predicted ≤ τ; "exact": SnaPEA-style early termination, no predictor',
    }),
    ...hwFields(HW_FIELDS, DEFAULT_HW),
  });
  return configSchema({
    generator: 'svd',
    title: 'hwgen output-sign-prediction accelerator configuration',
    hw,
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (PredictHwParams); omitted fields take DEFAULT_HW',
    layer: layerSchema({ maxKernel: 15, maxStride: 3, zeros: 0.4, requant: true, perChannel: true, relu: true, image: 'sample image (0-based); the predictor is calibrated on the other five' }),
    extra: {
      predictor: z
        .strictObject({ falseSkip: fraction(0.02, 'calibration target: false skips (ŷ ≤ τ, true > 0) as a fraction of all outputs') })
        .default({ falseSkip: 0.02 }),
    },
  });
}

export const predictConfigSchema = lazy(build);

export type PredictConfig = z.output<ReturnType<typeof build>> & { hw: PredictHwParams };
export type PredictLayerSpec = LayerSpec;

/** Shape checks of every tile (cheap). */
export function checkPredictSpec(spec: PredictLayerSpec, hw: PredictHwParams): void {
  const name = specName(spec);
  const shape = specShape(spec);
  const relu = spec.source === 'random' ? spec.relu : layerShapes().find((x) => x.name === spec.layer)!.relu;
  for (const t of tileSpans(name, shape, hw)) checkPredictShape(name, { ...shape, M: t.m1 - t.m0, H: t.rhi - t.rlo + 1, padY: shape.pad, OH: t.y1 - t.y0 }, relu, hw);
}

/**
 * The layer's data and its calibrated prediction unit: a face-net layer is calibrated on the five other sample images
 * (leave-one-out); a random layer on five other seeded inputs (seed + 1000·k) with the same weights and bias.
 */
export function materializePredictLayer(spec: PredictLayerSpec, hw: PredictHwParams, falseSkip: number): SvdLayer {
  if (spec.source === 'facenet') {
    const layer = facenetLayerData(spec.layer, spec.image, spec.quant);
    if (hw.mode !== 'predict' || !layer.relu) return { ...layer, pred: null };
    const calib = Array.from({ length: NUM_SAMPLES }, (_, i) => i).filter((i) => i !== spec.image).map((i) => facenetLayerData(spec.layer, i, spec.quant));
    return { ...layer, pred: preparePredictor(layer, calib, hw.rank, falseSkip) };
  }
  const layer = randomLayerData(spec, hw);
  if (hw.mode !== 'predict' || !layer.relu) return { ...layer, pred: null };
  const calib = [1, 2, 3, 4, 5].map((k) => ({ ...randomLayerData({ ...spec, seed: spec.seed + 1000 * k }, hw), weights: layer.weights, bias: layer.bias }));
  return { ...layer, pred: preparePredictor(layer, calib, hw.rank, falseSkip) };
}

export { PredictFitError };
