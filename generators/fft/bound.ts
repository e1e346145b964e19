/**
 * A bound on the error of the fixed-point FFT (golden.ts) against the exact transform with the same scaling (the
 * float reference of float.ts), derived from the word lengths. Plain TypeScript.
 *
 * Derivation. Errors are complex magnitudes in units of the data LSB; M is the largest input magnitude |x|.
 * - Twiddles: each component of W_q = (C[k] ± i·S[k])/2^(t−1) is within 2^−t of cos/sin (rounding to 2^−(t−1)), so
 *   |W_q − W| ≤ δ = √2·2^−t and |W_q| ≤ 1 + δ.
 * - Rounding: the single round-half-up of a butterfly component is off by at most 1/2, so by ρ = √2/2 in magnitude.
 * - One pass (a 1D transform of every line, log2 n stages). The exact stage maps a, b to (a ± b·W)/2, so exact
 *   partial values never exceed the pass input's magnitude M'. If the computed a~, b~ are within e_s of the exact
 *   a, b, then |b~·W_q − b·W| ≤ |b~ − b|·|W_q| + |b|·|W_q − W| ≤ e_s(1 + δ) + M'δ, so
 *       e_{s+1} ≤ (e_s + e_s(1 + δ) + M'δ)/2 + ρ = e_s(1 + δ/2) + M'δ/2 + ρ,   e_0 = 0,
 *   and after L = log2 n stages e_L(M') = Σ_{s<L} (1 + δ/2)^s · (M'δ/2 + ρ).
 * - Passes. A pass of the exact transform (DFT/n along lines) is non-expanding in the largest magnitude:
 *   |(1/n)·Σ_j e_j·W^{jk}| ≤ max_j |e_j|. So an input already off by E_p stays off by at most E_p, and the pass adds
 *   its own e_L of an input of magnitude ≤ M + E_p:   E_{p+1} = E_p + e_L(M + E_p),  E_0 = 0 (integer input exact).
 * - Saturation. Every computed value is within E_d of an exact partial of magnitude ≤ M + E_{p}, so no component
 *   saturates while M + E_dims ≤ 2^(w−1) − 1; the bound holds under that condition (`maxSafeMagnitude`).
 * The bound adds a slack of 1e−9·(M + 1) for the double-precision reference itself.
 * With w = t it is about dims·log2(n)·(0.35 + 0.71) LSB for full-scale inputs.
 */
import type { FftNdParams } from './golden.js';

/** The largest complex error (in data LSBs) of the dims-dimensional fixed-point transform for inputs |x| ≤ M. */
export function fftErrorBound(p: FftNdParams, M: number): number {
  const L = Math.log2(p.n);
  const delta = Math.SQRT2 * 2 ** -p.t;
  const rho = Math.SQRT1_2;
  const eL = (m: number): number => {
    let e = 0;
    for (let s = 0; s < L; s++) e = e * (1 + delta / 2) + (m * delta) / 2 + rho;
    return e;
  };
  let E = 0;
  for (let pass = 0; pass < p.dims; pass++) E += eL(M + E);
  return E + 1e-9 * (M + 1);
}

/** The largest input magnitude M for which no stage saturates (M + fftErrorBound(p, M) ≤ 2^(w−1) − 1). */
export function maxSafeMagnitude(p: FftNdParams): number {
  // the bound grows with M, so cap − bound(cap) is safe: M + bound(M) ≤ M + bound(cap) = cap
  const cap = 2 ** (p.w - 1) - 1;
  return Math.max(0, Math.floor(cap - fftErrorBound(p, cap)));
}
