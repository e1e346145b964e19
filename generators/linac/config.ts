/**
 * Configuration files of the LINAC core (configs/linac.json, configs/pragmatic.json): a strict zod schema in the style
 * of generators/dense/config.ts (every hardware field optional with its DEFAULT_LINAC_HW value), the workload layers
 * (real face-net layers at 8 or 16 bits, or seeded random layers) and the fit checks. `hw.beta: []` is the Pragmatic
 * configuration (the same engine fed raw activations).
 */
import { z } from 'zod';
import { intIn, identifier } from '../dense/config.js';
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import { DEFAULT_LINAC_HW, type LinacHwParams } from './params.js';
import { planLinac, tileLinac, LinacFitError } from './driver.js';
import { facenetLinacLayer } from './workload.js';
import type { LinacLayerData } from './golden.js';

const bool = z.boolean({ error: 'true or false' });

const HW_FIELDS: Record<Exclude<keyof LinacHwParams, 'mode' | 'beta'>, [lo: number, hi: number, description: string]> = {
  lanes: [1, 64, 'lanes per filter column (L): window positions processed together'],
  filters: [1, 64, 'filter columns (F) sharing the lanes\u2019 term streams'],
  B: [0, 4, 'first shifter stage of 2^B positions'],
  actBits: [1, 16, 'activation width (unsigned)'],
  wBits: [2, 16, 'weight width (signed)'],
  accBits: [8, 64, 'accumulator width (signed)'],
  ifmapWords: [1, 1 << 20, 'words of each lane\u2019s copy of the zero-padded input'],
  weightWords: [1, 1 << 20, 'words per weight bank (filter tiles × groups)'],
  offWords: [1, 1 << 16, 'words per lane offset table (groups per window)'],
  outWords: [1, 1 << 20, 'words per output bank'],
  biasWords: [1, 1 << 16, 'words per bias bank (filter tiles)'],
  dimBits: [4, 24, 'width of the layer-shape configuration fields'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

const hwSchema = z.strictObject({
  mode: z.literal('act_pred', { error: '"act_pred" (the wgt_plane mode has a golden model and a cycle model, no RTL yet)' }).default('act_pred'),
  beta: z
    .array(z.number({ error: 'an integer' }).int({ error: 'an integer' }).min(-8, { error: 'an integer in -8..8' }).max(8, { error: 'an integer in -8..8' }), { error: 'a list of integers' })
    .max(4, { error: 'at most 4 coefficients' })
    .default(() => [...DEFAULT_LINAC_HW.beta])
    .meta({ description: 'prediction coefficients β_1..β_K: [1] delta, [2, -1] linear extrapolation, [] raw activations (Pragmatic)' }),
  ...(Object.fromEntries(
    Object.entries(HW_FIELDS).map(([k, [lo, hi, description]]) => [k, intIn(lo, hi).default(DEFAULT_LINAC_HW[k as keyof typeof HW_FIELDS]).meta({ description })]),
  ) as { [K in keyof typeof HW_FIELDS]: z.ZodDefault<z.ZodNumber> }),
});

let cached: ReturnType<typeof build> | undefined;
function build() {
  const names = layerShapes().map((s) => s.name);
  const facenet = z.strictObject({
    source: z.literal('facenet'),
    layer: z.enum(names as [string, ...string[]], { error: `one of the face-net layers: ${names.join(', ')}` }),
    image: intIn(0, NUM_SAMPLES - 1).default(0),
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
    stride: intIn(1, 7).default(1),
    pad: intIn(0, 7).default(0),
    seed: intIn(0, 2 ** 32 - 1),
    zeros: z.number({ error: 'a fraction in 0..1' }).min(0, { error: 'a fraction in 0..1' }).max(1, { error: 'a fraction in 0..1' }).default(0.3),
    relu: bool.default(false),
    maxTiles: intIn(1, 1 << 16).optional(),
  });
  const layer = z.discriminatedUnion('source', [facenet, random], {
    error: (iss) => (iss.code === 'invalid_union' ? 'a layer with "source": "facenet" or "random"' : undefined),
  });
  return z
    .strictObject({
      $schema: z.string().optional(),
      name: identifier('an identifier'),
      generator: z.literal('linac', { error: '"linac"' }),
      description: z.string().optional(),
      hw: hwSchema.default(() => hwSchema.parse({})).meta({ description: 'hardware parameters (LinacHwParams); omitted fields take DEFAULT_LINAC_HW' }),
      workload: z.strictObject({ layers: z.array(layer, { error: 'a list of layers' }).default([]) }).default({ layers: [] }),
    })
    .meta({ title: 'hwgen LINAC core configuration' });
}

export function linacConfigSchema() {
  return (cached ??= build());
}

export type LinacConfig = z.output<ReturnType<typeof build>>;
export type LinacLayerSpec = LinacConfig['workload']['layers'][number];

export function linacLayerName(spec: LinacLayerSpec): string {
  return spec.source === 'facenet' ? spec.layer : spec.name;
}

/** The layer's data: a face-net layer at hw.actBits (8, or 16 with the documented uint16 quantisation), or a seeded random layer. */
export function materializeLinacLayer(spec: LinacLayerSpec, hw: LinacHwParams): LinacLayerData {
  if (spec.source === 'facenet') {
    if (hw.actBits !== 8 && hw.actBits !== 16) throw new LinacFitError(`layer '${spec.layer}': face-net layers come at 8 or 16 activation bits, hw.actBits is ${hw.actBits}`);
    return facenetLinacLayer(spec.layer, spec.image, hw.actBits);
  }
  const rng = new Prng(spec.seed);
  const S = spec.S ?? spec.R;
  const shape = { C: spec.C, H: spec.H, W: spec.W, M: spec.M, R: spec.R, S, stride: spec.stride, pad: spec.pad };
  const K = spec.C * spec.R * S;
  const aMax = 2 ** hw.actBits - 1;
  const wMax = 2 ** (hw.wBits - 1) - 1;
  return {
    name: spec.name,
    shape,
    input: Uint16Array.from({ length: spec.C * spec.H * spec.W }, () => (rng.next() < spec.zeros ? 0 : rng.int(1, aMax))),
    weights: Int16Array.from({ length: spec.M * K }, () => rng.int(-wMax - 1, wMax)),
    bias: Int32Array.from({ length: spec.M }, () => rng.int(-(2 ** 20), 2 ** 20)),
    relu: spec.relu,
  };
}

/** Every tile of the layer must plan; throws the LinacFitError naming the limit and the fix. */
export function checkLinacLayerFits(l: LinacLayerData, hw: LinacHwParams): void {
  for (const t of tileLinac(l, hw)) planLinac(t.layer, hw);
}
