/**
 * How far a change to the network moves its 128-d face descriptor: the cosine similarity of two descriptors, and the
 * descriptor of a sample image with the float network run on modified weights (`net`, e.g. pruned) and/or a hook that
 * sees and may change every conv's output (`onConv`, e.g. zeroing the outputs a predictor skips), against the
 * unmodified network's. The families' accuracy studies (prediction, pruning, ADC error) all report this figure.
 */
import { runFloat, type ConvHook, type FaceNet } from './net.ts';
import { sampleInput } from './image.ts';
import { forwardSample } from './quant.ts';

/** a·b / (|a|·|b|). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The unmodified float network's descriptor of sample image `image`. */
export function floatDescriptor(image: number): Float32Array {
  return forwardSample(image).descriptor;
}

/** The descriptor of sample image `image` with modified weights and/or a per-conv hook, and its cosine to the unmodified one. */
export function descriptorDrift(image: number, o: { net?: FaceNet; onConv?: ConvHook }): { descriptor: Float32Array; cosine: number } {
  const descriptor = runFloat(sampleInput(image), o.net, o.onConv).descriptor;
  return { descriptor, cosine: cosine(descriptor, floatDescriptor(image)) };
}
