/**
 * Configuration files of the crossbar accelerator (configs/isaac.json, configs/prime.json): the shared envelope
 * (common/schema.ts) with a preset (ISAAC or PRIME) whose hardware fields any `hw` field overrides, and the workload
 * layers (real face-net layers, or seeded random layers).
 */
import { z } from 'zod';
import { intIn, layerSchema, configSchema, lazy, type LayerSpec } from '../common/schema.js';
import { facenetLayerData, randomLayerData } from '../common/layers.js';
import { ISAAC_HW, PRIME_HW, type XbarHwParams } from './params.js';
import { checkLayer, XbarFitError, type XbarLayer } from './driver.js';

export const PRESETS: Record<'isaac' | 'prime', XbarHwParams> = { isaac: ISAAC_HW, prime: PRIME_HW };

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

function build() {
  return configSchema({
    generator: 'crossbar',
    title: 'hwgen crossbar (ISAAC-like) accelerator configuration',
    hw: hwSchema,
    hwDefault: () => ({}),
    hwDescription: 'overrides of the preset (XbarHwParams)',
    layer: layerSchema({ maxKernel: 11, maxStride: 4, zeros: 0.3, requant: true, perChannel: true }),
    extra: { preset: z.enum(['isaac', 'prime'], { error: '"isaac" or "prime"' }).meta({ description: 'the hardware preset the hw fields override' }) },
  });
}

export const xbarConfigSchema = lazy(build);

export type XbarConfig = z.output<ReturnType<typeof build>>;
export type XbarLayerSpec = LayerSpec;

/** The hardware of a configuration: the preset with the given fields replaced. */
export function hwOf(c: Pick<XbarConfig, 'preset' | 'hw'>): XbarHwParams {
  const out: XbarHwParams = { ...PRESETS[c.preset] };
  for (const [k, v] of Object.entries(c.hw)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

export function materializeXbarLayer(spec: XbarLayerSpec, hw: XbarHwParams): XbarLayer {
  const l = spec.source === 'facenet' ? facenetLayerData(spec.layer, spec.image, spec.quant) : randomLayerData(spec, { actBits: 8, wBits: Math.min(hw.weightBits, 8), multBits: hw.multBits, shiftBits: hw.shiftBits });
  return { ...l, shape: { ...l.shape }, actBits: 8 };
}

export { XbarFitError, checkLayer };
