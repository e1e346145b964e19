/**
 * Sample images and face-api's input preprocessing, reproduced without tfjs.
 *
 * face-api (`FaceRecognitionNet.forwardInput` → `NetInput.toBatchTensor(150, true)`) on a tensor input:
 *   1. `padToSquare(img, isCenterImage = true)`: zero-pad the shorter side; `round(diff/2)` rows/columns are appended
 *      after the image and the remaining `diff − round(diff/2)` are prepended before it;
 *   2. `tf.image.resizeBilinear(img, [150, 150], alignCorners = false, halfPixelCenters = false)`: source coordinate
 *      `dst · (in/out)`, floor/ceil neighbours clamped to the image, lerp along x then y, result stored as float32;
 *   3. `normalize`: subtract the mean RGB [122.782, 117.001, 104.298], then divide by 255 (done in net.ts).
 * We decode JPEGs with `jpeg-js` (no EXIF rotation, like tfjs-node's decodeJpeg), do 1–2 exactly as tfjs-backend-cpu,
 * and then round the resized pixels to integers (uint8), so the 150×150 image is a uint8 tensor that both our
 * forward pass and the tfjs reference consume, and that is exactly the integer input of the quantised stem.
 * (On a tensor input face-api would keep the fractional resized values; on a canvas input it gets integers.
 * The rounding changes each input by at most 0.5/255.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { faceApiDir, SAMPLE_IMAGES } from './assets.ts';

export const INPUT_SIZE = 150;
export const MEAN_RGB = [122.782, 117.001, 104.298] as const;

export interface RgbImage {
  width: number;
  height: number;
  /** HWC, RGB, row-major. */
  data: Uint8Array;
}

export function decodeJpeg(bytes: Uint8Array): RgbImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  if (img.data.length !== img.width * img.height * 3) throw new Error('jpeg: unexpected channel count');
  return { width: img.width, height: img.height, data: img.data };
}

/** face-api's padToSquare(isCenterImage = true), then tfjs-cpu resizeBilinear(no align corners, no half-pixel). Float32 HWC. */
export function padAndResize(img: RgbImage, size = INPUT_SIZE): Float32Array {
  const { width, height } = img;
  const side = Math.max(width, height);
  const diff = Math.abs(height - width);
  const append = Math.round(diff * 0.5);
  const prepend = diff - append;
  // offsets of the image inside the padded square
  const offY = height < width ? prepend : 0;
  const offX = width < height ? prepend : 0;
  const px = (y: number, x: number, d: number): number => {
    const iy = y - offY;
    const ix = x - offX;
    if (iy < 0 || iy >= height || ix < 0 || ix >= width) return 0;
    return img.data[(iy * width + ix) * 3 + d]!;
  };
  const ratio = side / size;
  const out = new Float32Array(size * size * 3);
  let o = 0;
  for (let r = 0; r < size; r++) {
    const fr = ratio * r;
    const r0 = Math.max(0, Math.floor(fr));
    const rf = fr - r0;
    const r1 = Math.min(side - 1, Math.ceil(fr));
    for (let c = 0; c < size; c++) {
      const fc = ratio * c;
      const c0 = Math.max(0, Math.floor(fc));
      const cf = fc - c0;
      const c1 = Math.min(side - 1, Math.ceil(fc));
      for (let d = 0; d < 3; d++) {
        const tl = px(r0, c0, d);
        const tr = px(r0, c1, d);
        const bl = px(r1, c0, d);
        const br = px(r1, c1, d);
        const top = tl + (tr - tl) * cf;
        const bottom = bl + (br - bl) * cf;
        out[o++] = top + (bottom - top) * rf;
      }
    }
  }
  return out;
}

/** Round and clamp to uint8 (round half up; values are in [0, 255] already). */
export function toUint8(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(x[i]!)));
  return out;
}

const decoded = new Map<number, RgbImage>();
const inputs = new Map<number, Uint8Array>();

export const NUM_SAMPLES = SAMPLE_IMAGES.length;

/** Decoded sample photograph `index` (0-based; demo/sample{index+1}.jpg). Cached. */
export function sampleImage(index: number): RgbImage {
  let img = decoded.get(index);
  if (!img) {
    const file = SAMPLE_IMAGES[index];
    if (!file) throw new Error(`no sample image ${index} (there are ${SAMPLE_IMAGES.length})`);
    const b = readFileSync(join(faceApiDir(), file));
    img = decodeJpeg(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    decoded.set(index, img);
  }
  return img;
}

/** The network input for sample `index`: 150×150×3 HWC uint8 (RGB). Cached. */
export function sampleInput(index: number): Uint8Array {
  let x = inputs.get(index);
  if (!x) {
    x = toUint8(padAndResize(sampleImage(index)));
    inputs.set(index, x);
  }
  return x;
}
