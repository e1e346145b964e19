/**
 * Independent float reference for the face-recognition network: face-api's own FaceRecognitionNet running on
 * TensorFlow.js's pure-JavaScript CPU backend (docs/mechanisms.md, "Workloads"). Test-only.
 *
 * The CommonJS node-wasm build is loaded through createRequire (the ESM builds fail under plain Node); the weights are
 * decoded by tfjs itself (`tf.io.decodeWeights`), not by our loader, so the comparison also checks our decoding.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { faceApiDir, MANIFEST_FILE, WEIGHTS_FILE } from '../../workloads/facenet/assets.ts';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
let loaded: Promise<{ faceapi: any; tf: any }> | undefined;

async function load(): Promise<{ faceapi: any; tf: any }> {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  const dir = faceApiDir();
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  const bin = readFileSync(join(dir, WEIGHTS_FILE));
  const ab = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const map = tf.io.decodeWeights(ab, manifest[0].weights);
  faceapi.nets.faceRecognitionNet.loadFromWeightMap(map);
  return { faceapi, tf };
}

export function tfjs(): Promise<{ faceapi: any; tf: any }> {
  loaded ??= load();
  return loaded;
}

/** face-api's 128-d descriptor for a 150×150×3 HWC pixel image (given as the same values our forward pass uses). */
export async function referenceDescriptor(hwc150: ArrayLike<number>): Promise<Float32Array> {
  const { faceapi, tf } = await tfjs();
  const t = tf.tensor4d(Float32Array.from(hwc150), [1, 150, 150, 3], 'float32');
  try {
    return (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t)) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** tfjs's own padToSquare-free resizeBilinear (alignCorners=false, halfPixelCenters=false) of an HWC float image. */
export async function referenceResize(hwc: Float32Array, H: number, W: number, size: number): Promise<Float32Array> {
  const { tf } = await tfjs();
  const t = tf.tensor4d(hwc, [1, H, W, 3], 'float32');
  const r = tf.image.resizeBilinear(t, [size, size], false, false);
  const d = (await r.data()) as Float32Array;
  t.dispose();
  r.dispose();
  return d;
}
