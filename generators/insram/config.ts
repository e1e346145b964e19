/**
 * Configuration files of the in-SRAM accelerator (configs/insram.json: dense mapping; configs/bitprudent.json:
 * coalesced; configs/bitprudent-overlap.json: overlapped): a strict zod schema in the style of the other families,
 * the mapping, precision and pruning level, the workload layers (real face-net layers, or seeded random layers) and
 * the load-time fit checks (from the shapes alone).
 */
import { z } from 'zod';
import { hwObject, layerSchema, configSchema, lazy, specName, specShape, type LayerSpec } from '../common/schema.js';
import { quantizedLayer } from '../../workloads/facenet/index.js';
import { Prng } from '../../workloads/synthetic.js';
import { DEFAULT_HW, type InsramHwParams } from './params.js';
import { MAPPINGS, type MappingKind, type ConvData } from './mapping.js';
import { PRECISIONS, parsePrecision, reduceWeights, type PrecisionName } from './precision.js';
import { layoutRows } from './program.js';
import { kernelNorms, pruneCoalesce, pruneOverlap, applyMask, denseMask, type ChannelMask } from './prune.js';
import { layerMask } from './accuracy.js';
import { insramLayer, type InsramLayer } from './driver.js';

/** Random layers: uint8 activations (`zeros` of them 0), int8 weights, int16-range biases; no ReLU or requantisation in the arrays. */
const insramLayerSchema = () => layerSchema({ maxKernel: 7, maxStride: 2, zeros: 0.4, requant: false });

const HW_FIELDS: Record<keyof InsramHwParams, [lo: number, hi: number, description: string]> = {
  rows: [16, 1024, 'wordlines per array (row 0 is the constant-zero row)'],
  cols: [2, 1024, 'bitlines per array: one vector element per bitline'],
  arrays: [1, 64, 'compute arrays driven by the one micro-sequencer'],
  xinBits: [8, 64, 'input-buffer word width (weights, biases, masks and activations are transposed from it)'],
  xinWords: [16, 1 << 20, 'words of each array\u2019s input buffer'],
  idxWords: [4, 1 << 16, 'words of each array\u2019s gather-index memory (2·cols needed)'],
  imemWords: [4, 1 << 16, 'words of the instruction memory'],
};

const fraction = z.number({ error: 'a fraction in 0..0.95' }).min(0, { error: 'a fraction in 0..0.95' }).max(0.95, { error: 'a fraction in 0..0.95' });

function build() {
  return configSchema({
    generator: 'insram',
    title: 'hwgen in-SRAM bit-serial accelerator configuration',
    hw: hwObject(HW_FIELDS, DEFAULT_HW),
    hwDefault: () => ({ ...DEFAULT_HW }),
    hwDescription: 'hardware parameters (InsramHwParams); omitted fields take DEFAULT_HW',
    layer: insramLayerSchema(),
    extra: {
      mapping: z.enum(MAPPINGS as unknown as [MappingKind, ...MappingKind[]], { error: 'one of "dense", "coalesced", "overlapped"' }).default('dense'),
      precision: z.enum(PRECISIONS as unknown as [PrecisionName, ...PrecisionName[]], { error: `one of ${PRECISIONS.map((p) => JSON.stringify(p)).join(', ')}` }).default('int8'),
      pruning: fraction.default(0).meta({ description: 'fraction of each filter\u2019s input channels pruned by magnitude (overlapped: groups of floor(1/(1 − pruning)) filters with disjoint channels)' }),
    },
  });
}

export const insramConfigSchema = lazy(build);

export type InsramConfig = z.output<ReturnType<typeof build>> & { hw: InsramHwParams };
export type InsramLayerSpec = LayerSpec;
export type { InsramLayer };

export const insramLayerName = specName;
const shapeOf = specShape;

/** Load-time check from the shape alone (worst-case accumulator): the message names the limit and the fix, or undefined. */
export function checkInsramShape(spec: InsramLayerSpec, c: Pick<InsramConfig, 'hw' | 'mapping' | 'precision' | 'pruning'>): string | undefined {
  const s = shapeOf(spec);
  const hw = c.hw;
  if (c.precision === 'binary' && (c.mapping !== 'dense' || c.pruning !== 0 || s.pad !== 0))
    return 'binary layers (XNOR + popcount) run unpadded and unpruned on the dense mapping; use "mapping": "dense", "pruning": 0 and pad 0';
  if (spec.source === 'random' && spec.relu) return 'the arrays compute raw sums (no ReLU); use "relu": false';
  const prec = parsePrecision(c.precision);
  const RS = s.R * s.S;
  const keep = c.mapping === 'coalesced' ? Math.max(1, s.C - Math.round(c.pruning * s.C)) : s.C;
  const G = c.mapping === 'overlapped' ? Math.max(1, Math.min(s.C, Math.floor(1 / (1 - c.pruning) + 1e-9))) : 1;
  if (keep > hw.cols) return `${c.mapping === 'overlapped' ? 'an' : 'a'} ${c.mapping} segment needs ${keep} bitlines (one per input channel), an array has ${hw.cols}; raise hw.cols`;
  const wRows = prec.mode === 'int' ? prec.wBits : prec.mode === 'ternary' ? 2 : 1;
  const xBits = prec.mode === 'binary' ? 1 : 8;
  // the worst case of the products alone (the bias is known only when the layer is loaded, which checks exactly)
  const accW = prec.mode === 'binary' ? Math.ceil(Math.log2(s.C * RS + 1)) + 1 : Math.ceil(Math.log2(255 * (2 ** (wRows - 1)) * s.C * RS + 1)) + 1;
  const levels = Math.ceil(Math.log2(keep));
  const rows = layoutRows(RS, wRows, xBits, accW, levels, G, c.mapping === 'overlapped').end;
  if (rows > hw.rows) return `the ${c.mapping} mapping of a ${s.R}×${s.S} kernel needs up to ${rows} wordlines at ${c.precision}, an array has ${hw.rows}; raise hw.rows`;
  if (2 * hw.cols > hw.idxWords) return `the gather needs ${2 * hw.cols} index words (2·cols), hw.idxWords is ${hw.idxWords}; raise it`;
  const xin = RS * hw.cols + 2 * hw.cols + Math.floor(hw.cols / keep) * s.C * RS;
  if (xin > hw.xinWords) return `a pass needs ${xin} input-buffer words per array, hw.xinWords is ${hw.xinWords}; raise it`;
  return undefined;
}

/** Seeded random layer: uint8 inputs, int8 weights, int16-range biases. */
function randomData(spec: Extract<InsramLayerSpec, { source: 'random' }>): ConvData {
  const g = new Prng(spec.seed);
  const shape = shapeOf(spec);
  return {
    shape,
    input: Uint8Array.from({ length: spec.C * spec.H * spec.W }, () => (g.next() < spec.zeros ? 0 : g.int(1, 255))),
    weights: Int8Array.from({ length: spec.M * spec.C * shape.R * shape.S }, () => g.int(-127, 127)),
    bias: Int32Array.from({ length: spec.M }, () => g.int(-30000, 30000)),
  };
}

/** The layer's data pruned and at the configured precision (face-net masks as in the accuracy study). */
export function materializeInsramLayer(spec: InsramLayerSpec, c: Pick<InsramConfig, 'mapping' | 'precision' | 'pruning'>): InsramLayer {
  const prec = parsePrecision(c.precision);
  let base: ConvData;
  let mask: ChannelMask;
  const kind = c.mapping;
  const pk = kind === 'overlapped' ? 'overlap' : 'coalesce';
  if (spec.source === 'facenet') {
    const q = quantizedLayer(spec.layer, spec.image);
    base = { shape: q.shape, input: q.input.data, weights: q.weights.data, bias: q.bias };
    mask = c.pruning === 0 ? denseMask(q.shape.M, q.shape.C) : layerMask(spec.layer, pk, c.pruning);
  } else {
    base = randomData(spec);
    const s = base.shape;
    const norms = kernelNorms(base.weights, s.M, s.C, s.R * s.S);
    mask = c.pruning === 0 ? denseMask(s.M, s.C) : kind === 'overlapped' ? pruneOverlap(norms, s.M, s.C, c.pruning) : pruneCoalesce(norms, s.M, s.C, c.pruning);
  }
  const RS = base.shape.R * base.shape.S;
  const w = reduceWeights(base.weights, prec);
  const input = prec.mode === 'binary' ? Uint8Array.from(base.input, (v) => (v > 0 ? 1 : 0)) : base.input;
  const bias = prec.mode === 'binary' ? new Int32Array(base.shape.M) : base.bias;
  return insramLayer(insramLayerName(spec), { shape: base.shape, input, weights: applyMask(w, mask, RS), bias }, mask, kind, prec);
}
