/**
 * End-to-end effect of channel pruning on the real network: the face-recognition ResNet's 3×3 conv layers pruned at
 * filter-channel granularity (the stem, with 3 input channels, is kept), the float forward pass re-run with the pruned
 * kernels zeroed, and the 128-d descriptor compared with the unpruned one by cosine similarity on every sample image.
 * The masks are chosen on the int8 weights the accelerator runs (prune.ts). No fine-tuning: the training data is
 * not available here, so these are the figures of pruning alone.
 */
import { loadFaceNet, NUM_SAMPLES, quantizedLayer, descriptorDrift, type FaceNet } from '../../workloads/facenet/index.js';
import { kernelNorms, pruneCoalesce, pruneOverlap, type ChannelMask } from './prune.js';

export type PruneKind = 'coalesce' | 'overlap';

const masks = new Map<string, ChannelMask>();

/** The mask of one face-net layer (memoised); level 0 or the stem: nothing pruned. */
export function layerMask(layer: string, kind: PruneKind, level: number): ChannelMask {
  const key = `${layer}|${kind}|${level}`;
  let m = masks.get(key);
  if (!m) {
    const q = quantizedLayer(layer, 0);
    const s = q.shape;
    const norms = kernelNorms(q.weights.data, s.M, s.C, s.R * s.S);
    const lv = layer === 'conv32_down' ? 0 : level;
    m = kind === 'coalesce' ? pruneCoalesce(norms, s.M, s.C, lv) : pruneOverlap(norms, s.M, s.C, lv);
    masks.set(key, m);
  }
  return m;
}

function prunedNet(kind: PruneKind, level: number): FaceNet {
  const net = loadFaceNet();
  const layers = net.layers.map((l) => {
    const mask = layerMask(l.def.name, kind, level);
    const RS = l.def.R * l.def.S;
    const w = Float32Array.from(l.w);
    for (let m = 0; m < mask.M; m++) {
      const kept = new Uint8Array(mask.C);
      for (const c of mask.keep[m]!) kept[c] = 1;
      for (let c = 0; c < mask.C; c++) if (!kept[c]) w.fill(0, (m * mask.C + c) * RS, (m * mask.C + c + 1) * RS);
    }
    return { ...l, w };
  });
  return { ...net, layers, byName: new Map(layers.map((l) => [l.def.name, l])) };
}

export interface AccuracyRow {
  kind: PruneKind;
  level: number;
  /** the fraction of (filter, channel) kernels removed over the pruned layers */
  effective: number;
  cosines: number[];
  min: number;
}

/** Descriptor cosine similarity (pruned vs unpruned float network) on every sample image. */
export function descriptorCosines(kind: PruneKind, level: number): AccuracyRow {
  const net = prunedNet(kind, level);
  const cosines: number[] = [];
  for (let i = 0; i < NUM_SAMPLES; i++) cosines.push(descriptorDrift(i, { net }).cosine);
  let removed = 0;
  let all = 0;
  for (const l of net.layers) {
    if (l.def.name === 'conv32_down') continue;
    const mk = layerMask(l.def.name, kind, level);
    for (const k of mk.keep) removed += mk.C - k.length;
    all += mk.M * mk.C;
  }
  return { kind, level, effective: removed / all, cosines, min: Math.min(...cosines) };
}
