import { describe, expect, it } from 'vitest';
import { conv2dRequant } from '../../models/conv2d.ts';
import {
  activationScales,
  cosine,
  decodeWeights,
  forwardSample,
  layerShapes,
  NUM_SAMPLES,
  padAndResize,
  quantizedLayer,
  readManifest,
  sampleImage,
  sampleInput,
  zeroFractions,
} from '../../workloads/facenet/index.ts';
import { referenceDescriptor, referenceResize } from './tfjsReference.ts';
import { channelQuantWeights, quantError } from '../../workloads/facenet/channels.ts';
import { foldedFloatWeights } from '../../workloads/facenet/quant.ts';
import { loadFaceNet } from '../../workloads/facenet/net.ts';

describe('face-recognition net: assets', () => {
  it('decodes every manifest tensor (uint8 q·scale+min, and raw float32 ones)', () => {
    const manifest = readManifest();
    const w = decodeWeights();
    expect(w.size).toBe(manifest[0]!.weights.length);
    const unquantised = manifest[0]!.weights.filter((s) => !s.quantization).map((s) => s.name);
    console.log(`unquantised (float32) tensors: ${unquantised.join(', ')}`);
    // a uint8 tensor: every value lies on its grid min + k·scale, k in 0..255
    const spec = manifest[0]!.weights.find((s) => s.name === 'conv32_down/conv/filters')!;
    const t = w.get(spec.name)!;
    for (const v of t.data) {
      const k = (v - spec.quantization!.min!) / spec.quantization!.scale!;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-3);
      expect(Math.round(k)).toBeGreaterThanOrEqual(0);
      expect(Math.round(k)).toBeLessThanOrEqual(255);
    }
  });

  it('layer shapes: stem 7×7/2 at 150², residual stages at 35²/17²/8²/4²', () => {
    const s = layerShapes();
    expect(s).toHaveLength(29);
    expect(s[0]).toMatchObject({ name: 'conv32_down', C: 3, H: 150, W: 150, M: 32, R: 7, S: 7, stride: 2, pad: 0 });
    expect(s.find((l) => l.name === 'conv64_down/conv1')).toMatchObject({ C: 32, H: 35, M: 64, stride: 2, pad: 0 });
    expect(s.find((l) => l.name === 'conv64_1/conv2')).toMatchObject({ C: 64, H: 17, M: 64, stride: 1, pad: 1 });
    expect(s.find((l) => l.name === 'conv256_1/conv1')).toMatchObject({ C: 256, H: 4, M: 256 });
    expect(s.find((l) => l.name === 'conv256_down_out/conv2')).toMatchObject({ C: 256, H: 1, M: 256 });
  });

  it('our pad-to-square + bilinear resize equals tf.image.resizeBilinear of the padded photo', async () => {
    const img = sampleImage(0);
    const side = Math.max(img.width, img.height);
    // build the padded square the way face-api's padToSquare(center) does, then let tfjs resize it
    const diff = Math.abs(img.height - img.width);
    const prepend = diff - Math.round(diff / 2);
    const sq = new Float32Array(side * side * 3);
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++)
        for (let c = 0; c < 3; c++) {
          const yy = img.height < img.width ? y + prepend : y;
          const xx = img.width < img.height ? x + prepend : x;
          sq[(yy * side + xx) * 3 + c] = img.data[(y * img.width + x) * 3 + c]!;
        }
    const ref = await referenceResize(sq, side, side, 150);
    const ours = padAndResize(img);
    let md = 0;
    for (let i = 0; i < ref.length; i++) md = Math.max(md, Math.abs(ref[i]! - ours[i]!));
    expect(md).toBeLessThan(1e-3);
  });
});

describe('face-recognition net: float forward pass vs face-api on tfjs-cpu', () => {
  it('128-d descriptors agree to cosine ≥ 0.99 on all six sample images', async () => {
    const report: string[] = [];
    for (let i = 0; i < NUM_SAMPLES; i++) {
      const x = sampleInput(i); // the same uint8 150×150×3 tensor goes to both sides
      const t0 = performance.now();
      const ours = forwardSample(i).descriptor;
      const t1 = performance.now();
      const ref = await referenceDescriptor(x);
      const t2 = performance.now();
      expect(ref).toHaveLength(128);
      expect(ours).toHaveLength(128);
      const cos = cosine(ours, ref);
      let maxAbs = 0;
      for (let j = 0; j < 128; j++) maxAbs = Math.max(maxAbs, Math.abs(ours[j]! - ref[j]!));
      report.push(`sample${i + 1}: cos=${cos.toFixed(15)} (1−cos=${(1 - cos).toExponential(2)}) max|Δ|=${maxAbs.toExponential(2)} ours=${(t1 - t0).toFixed(0)}ms tfjs=${(t2 - t1).toFixed(0)}ms`);
      expect(cos).toBeGreaterThanOrEqual(0.99);
      // in practice the two agree to float32 rounding (measured max |Δ| ≈ 2e-7): guard against silent drift
      expect(maxAbs).toBeLessThan(1e-5);
    }
    console.log(report.join('\n'));
  });
});

describe('face-recognition net: activations and quantisation', () => {
  it('input-zero fractions per layer are in a plausible range', () => {
    const zf = zeroFractions();
    console.log(
      'layer                    float  uint8  (uint8 min..max over images)\n' +
        zf.map((z) => `${z.name.padEnd(24)} ${z.float.toFixed(3)}  ${z.uint8.toFixed(3)}  (${z.uint8Min.toFixed(3)}..${z.uint8Max.toFixed(3)})`).join('\n'),
    );
    for (const z of zf) {
      expect(z.uint8).toBeGreaterThanOrEqual(z.float);
      if (z.name === 'conv32_down') continue; // the image: zeros are the pad-to-square bars and black pixels
      // post-ReLU maps: neither dense nor nearly empty
      expect(z.float).toBeGreaterThan(0.05);
      expect(z.float).toBeLessThan(0.8);
      // inner ReLUs (conv2 inputs) are sparser than residual-block outputs (conv1 inputs) on average
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const inner = mean(zf.filter((z) => z.name.endsWith('/conv2')).map((z) => z.float));
    const outer = mean(zf.filter((z) => z.name.endsWith('/conv1')).map((z) => z.float));
    expect(inner).toBeGreaterThan(outer);
  });

  it('calibration scales are positive and the stem input is the uint8 image', () => {
    for (const [k, s] of activationScales()) {
      expect(s, k).toBeGreaterThan(0);
    }
    const q = quantizedLayer('conv32_down', 0);
    expect(q.inputScale).toBe(1);
    expect(q.input.data.length).toBe(3 * 150 * 150);
  });

  it('integer conv of all 29 layers tracks the float conv: per-channel scales within 3%, per-layer scales within 12%', () => {
    // relative L2 error of acc·accScale against the float conv (image 0; bench/quant.ts runs all six). Measured on
    // image 0: per-channel 0.3–2.3%, per-layer 0.5–11.2% (the conv256 stage loses most: a few filters set the layer's scale)
    const BOUND = { channel: 0.03, layer: 0.12 };
    const lines: string[] = [];
    const shapes = layerShapes();
    expect(shapes).toHaveLength(29);
    for (const { name } of shapes) {
      const r = quantError(name, [0]);
      lines.push(`${name.padEnd(24)} per-layer ${(100 * r.relL2Layer).toFixed(2)}%  per-channel ${(100 * r.relL2Channel).toFixed(2)}%`);
      expect(r.relL2Channel, name).toBeLessThan(BOUND.channel);
      expect(r.relL2Layer, name).toBeLessThan(BOUND.layer);
      // finer scales: on these layers per-channel never loses (zeros can only drop: s_w[m] ≤ s_w)
      expect(r.relL2Channel, name).toBeLessThanOrEqual(r.relL2Layer);
      expect(r.zeroWeightsChannel, name).toBeLessThanOrEqual(r.zeroWeightsLayer);
      expect(r.zeroWeightsFloat, name).toBeLessThanOrEqual(r.zeroWeightsChannel);
    }
    console.log(lines.join('\n'));
  }, 300_000);

  it('per-channel weights: each filter uses the int8 range, scales and bias agree with the float weights', () => {
    for (const name of ['conv32_down', 'conv256_2/conv1']) {
      const ch = channelQuantWeights(name);
      const { M, C, R, S, data } = ch.weights;
      const per = C * R * S;
      const { w, b } = foldedFloatWeights(loadFaceNet().byName.get(name)!.def);
      const q = quantizedLayer(name, 0);
      for (let m = 0; m < M; m++) {
        let qmax = 0;
        let err = 0;
        for (let i = m * per; i < (m + 1) * per; i++) {
          qmax = Math.max(qmax, Math.abs(data[i]!));
          err = Math.max(err, Math.abs(data[i]! * ch.weightScales[m]! - w[i]!));
        }
        expect(qmax, `${name} filter ${m}`).toBe(127);
        // every weight within half a step of its float value
        expect(err, `${name} filter ${m}`).toBeLessThanOrEqual(ch.weightScales[m]! / 2 + 1e-12);
        expect(ch.accScales[m]).toBeCloseTo(q.inputScale * ch.weightScales[m]!, 15);
        expect(Math.abs(ch.bias[m]! * ch.accScales[m]! - b[m]!)).toBeLessThanOrEqual(ch.accScales[m]! / 2 + 1e-9);
        // the requantisation multiplier of channel m approximates accScale[m] / outputScale to 15 bits
        const real = ch.accScales[m]! / q.outputScale;
        expect(Math.abs(ch.mults[m]! / 2 ** ch.shifts[m]! - real) / real).toBeLessThan(2 ** -14);
      }
    }
  });

  it('requantised conv1 output approximates the next layer’s uint8 input', () => {
    const q = quantizedLayer('conv32_2/conv1', 1);
    const next = quantizedLayer('conv32_2/conv2', 1);
    const y = conv2dRequant(q.input, q.weights, q.bias, { stride: q.stride, pad: q.pad, relu: true, mult: q.mult, shift: q.shift });
    expect(q.outputScale).toBe(next.inputScale);
    let e = 0;
    let n = 0;
    for (let i = 0; i < y.data.length; i++) {
      e += (y.data[i]! - next.input.data[i]!) ** 2;
      n += next.input.data[i]! ** 2;
    }
    expect(Math.sqrt(e / n)).toBeLessThan(0.05);
  });
});
