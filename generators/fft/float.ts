/**
 * The float accuracy reference of the fixed-point FFT (fft.js, double precision), with the fixed-point model's
 * scaling: every pass divides by n, forward and inverse alike, so forward = DFT/n^dims and inverse = the true IDFT.
 * Used only to measure the fixed-point error, never as the bit-exact reference.
 */
import FFT from 'fft.js';
import { linesAlong, type ComplexInput } from './golden.js';

export interface FloatCplx {
  re: Float64Array;
  im: Float64Array;
}

/** The n^dims transform of x in double precision: passes along x, y, z, each 1D transform scaled by 1/n. */
export function floatFftNd(x: ComplexInput, n: number, dims: number, inverse: boolean): FloatCplx {
  const re = Float64Array.from(x.re);
  const im = Float64Array.from(x.im);
  const f = new FFT(n);
  const input = f.createComplexArray() as number[];
  const out = f.createComplexArray() as number[];
  for (let axis = 0; axis < dims; axis++)
    for (const line of linesAlong(n, dims, axis)) {
      line.forEach((i, k) => {
        input[2 * k] = re[i]!;
        input[2 * k + 1] = im[i]!;
      });
      if (inverse) f.inverseTransform(out, input); // divides by n
      else f.transform(out, input);
      const scale = inverse ? 1 : 1 / n;
      line.forEach((i, k) => {
        re[i] = out[2 * k]! * scale;
        im[i] = out[2 * k + 1]! * scale;
      });
    }
  return { re, im };
}
