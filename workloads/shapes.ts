/**
 * Layer shapes of standard ImageNet CNNs as plain data, in the project's conventions
 * (input C×H×W, M filters of R×S, symmetric zero padding `pad`, `stride`; OH = floor((H + 2·pad − R)/stride) + 1).
 *
 * - VGG16: the 13 conv layers, all 3×3 / stride 1 / pad 1, inputs 224 … 14.
 * - AlexNet: the 5 conv layers. conv1 on a 224×224 input with pad 2 (the torchvision convention; 224 + 4 − 11 over
 *   stride 4 gives the classic 55×55 output; the original paper's 227 input without padding gives the same).
 *   conv2, conv4, conv5 were split in two groups in the original two-GPU network; here they are dense (ungrouped),
 *   as in most accelerator papers' tables.
 * - ResNet-50: the 7×7/2 stem and every distinct conv of the four bottleneck stages (torchvision "v1.5" placement of
 *   the stride-2 on the 3×3 conv; the original v1 puts it on the first 1×1). `repeat` is how many times the shape
 *   occurs in the network (e.g. the inner blocks of a stage).
 */
import type { LayerShape } from '../models/conv2d.ts';

export interface ConvShape extends LayerShape {
  name: string;
  /** Occurrences of this exact shape in the network (default 1). */
  repeat?: number;
}

function sq(name: string, C: number, H: number, M: number, K: number, stride: number, pad: number, repeat?: number): ConvShape {
  const s: ConvShape = { name, C, H, W: H, M, R: K, S: K, stride, pad };
  if (repeat !== undefined) s.repeat = repeat;
  return s;
}

export const VGG16: readonly ConvShape[] = [
  sq('conv1_1', 3, 224, 64, 3, 1, 1),
  sq('conv1_2', 64, 224, 64, 3, 1, 1),
  sq('conv2_1', 64, 112, 128, 3, 1, 1),
  sq('conv2_2', 128, 112, 128, 3, 1, 1),
  sq('conv3_1', 128, 56, 256, 3, 1, 1),
  sq('conv3_2', 256, 56, 256, 3, 1, 1),
  sq('conv3_3', 256, 56, 256, 3, 1, 1),
  sq('conv4_1', 256, 28, 512, 3, 1, 1),
  sq('conv4_2', 512, 28, 512, 3, 1, 1),
  sq('conv4_3', 512, 28, 512, 3, 1, 1),
  sq('conv5_1', 512, 14, 512, 3, 1, 1),
  sq('conv5_2', 512, 14, 512, 3, 1, 1),
  sq('conv5_3', 512, 14, 512, 3, 1, 1),
];

export const ALEXNET: readonly ConvShape[] = [
  sq('conv1', 3, 224, 96, 11, 4, 2), // → 55×55, then maxpool 3/2 → 27
  sq('conv2', 96, 27, 256, 5, 1, 2), // → 27, maxpool → 13
  sq('conv3', 256, 13, 384, 3, 1, 1),
  sq('conv4', 384, 13, 384, 3, 1, 1),
  sq('conv5', 384, 13, 256, 3, 1, 1),
];

function resnetStage(stage: number, blocks: number, Cin: number, Hin: number, width: number, firstStride: number): ConvShape[] {
  const out = width * 4;
  const H = Hin / firstStride;
  const p = `conv${stage}`;
  const list: ConvShape[] = [
    sq(`${p}_1a_1x1`, Cin, Hin, width, 1, 1, 0),
    sq(`${p}_1b_3x3`, width, Hin, width, 3, firstStride, 1),
    sq(`${p}_1c_1x1`, width, H, out, 1, 1, 0),
    sq(`${p}_1_proj`, Cin, Hin, out, 1, firstStride, 0),
  ];
  const n = blocks - 1;
  list.push(sq(`${p}_xa_1x1`, out, H, width, 1, 1, 0, n), sq(`${p}_xb_3x3`, width, H, width, 3, 1, 1, n), sq(`${p}_xc_1x1`, width, H, out, 1, 1, 0, n));
  return list;
}

export const RESNET50: readonly ConvShape[] = [
  sq('conv1', 3, 224, 64, 7, 2, 3), // → 112, maxpool 3/2 pad 1 → 56
  ...resnetStage(2, 3, 64, 56, 64, 1),
  ...resnetStage(3, 4, 256, 56, 128, 2),
  ...resnetStage(4, 6, 512, 28, 256, 2),
  ...resnetStage(5, 3, 1024, 14, 512, 2),
];

export const NETWORKS = { vgg16: VGG16, alexnet: ALEXNET, resnet50: RESNET50 } as const;

/** Output spatial size of a layer. */
export function outSize(l: ConvShape): { OH: number; OW: number } {
  return { OH: Math.floor((l.H + 2 * l.pad - l.R) / l.stride) + 1, OW: Math.floor((l.W + 2 * l.pad - l.S) / l.stride) + 1 };
}

/** Dense MACs of one occurrence of a layer. */
export function layerMacs(l: ConvShape): number {
  const { OH, OW } = outSize(l);
  return l.M * OH * OW * l.C * l.R * l.S;
}

/** Dense conv MACs of a whole network (repeats included). */
export function networkMacs(layers: readonly ConvShape[]): number {
  return layers.reduce((a, l) => a + layerMacs(l) * (l.repeat ?? 1), 0);
}
