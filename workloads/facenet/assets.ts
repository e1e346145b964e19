/**
 * Locating and reading the face-recognition network shipped in the npm package `@vladmandic/face-api` (MIT):
 * `model/face_recognition_model-weights_manifest.json` + `model/face_recognition_model.bin`, and the six sample
 * photographs `demo/sample1.jpg` … `demo/sample6.jpg`.
 *
 * Weight decoding follows the manifest exactly (and tfjs-core's `io.decodeWeights`): tensors are stored one after
 * another in the .bin; a tensor with `quantization: {dtype: 'uint8' | 'uint16', scale, min}` is stored as one
 * (two, little-endian) byte(s) per value and decodes to `value = q·scale + min` (rounded to float32); a tensor
 * without `quantization` is stored as raw little-endian float32. In this model 8 of the 117 tensors (the conv64_*
 * filters) are unquantised float32; the rest are uint8.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Root folder of the installed `@vladmandic/face-api` package. */
export function faceApiDir(): string {
  return dirname(require.resolve('@vladmandic/face-api/package.json'));
}

export const MANIFEST_FILE = 'model/face_recognition_model-weights_manifest.json';
export const WEIGHTS_FILE = 'model/face_recognition_model.bin';
export const SAMPLE_IMAGES = [1, 2, 3, 4, 5, 6].map((i) => `demo/sample${i}.jpg`);

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

export interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** A decoded float tensor in the manifest's own layout (tfjs: conv filters are [R][S][C][M], HWIO). */
export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

export function readManifest(): ManifestGroup[] {
  return JSON.parse(readFileSync(join(faceApiDir(), MANIFEST_FILE), 'utf8')) as ManifestGroup[];
}

export function readWeightsBin(): Uint8Array {
  const b = readFileSync(join(faceApiDir(), WEIGHTS_FILE));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Decode every tensor of the manifest's (single) weight group. */
export function decodeWeights(manifest: ManifestGroup[] = readManifest(), bin: Uint8Array = readWeightsBin()): Map<string, FloatTensor> {
  if (manifest.length !== 1) throw new Error(`expected one weight group, found ${manifest.length}`);
  const out = new Map<string, FloatTensor>();
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let off = 0;
  for (const spec of manifest[0]!.weights) {
    if (spec.dtype !== 'float32') throw new Error(`${spec.name}: unsupported dtype ${spec.dtype}`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const q = spec.quantization;
    if (q) {
      if (q.scale === undefined || q.min === undefined) throw new Error(`${spec.name}: quantization without scale/min`);
      if (q.dtype === 'uint8') {
        for (let i = 0; i < n; i++) data[i] = bin[off + i]! * q.scale + q.min;
        off += n;
      } else if (q.dtype === 'uint16') {
        for (let i = 0; i < n; i++) data[i] = view.getUint16(off + 2 * i, true) * q.scale + q.min;
        off += 2 * n;
      } else {
        throw new Error(`${spec.name}: unsupported quantization dtype ${q.dtype}`);
      }
    } else {
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(off + 4 * i, true);
      off += 4 * n;
    }
    out.set(spec.name, { shape: spec.shape, data });
  }
  if (off !== bin.byteLength) throw new Error(`weights: consumed ${off} bytes of ${bin.byteLength}`);
  return out;
}
