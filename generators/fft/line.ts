/**
 * FftLine (`fft_line`): the fully parallel, pipelined 1D fixed-point FFT/IFFT of one line of n complex values per
 * cycle: log2 n stages of n/2 radix-2 DIT butterflies, a register after every stage, so a line presented at cycle c
 * leaves at cycle c + log2 n. Inputs and outputs are in natural order; the bit-reversed input order of the DIT
 * network is the wiring of stage 0. The twiddles are constants from twiddle.ts (the table the golden model uses);
 * `in_inv` selects the inverse (the sign of the sine) per line and travels with it. The arithmetic is golden.ts's:
 * exact products, one round-half-up of (a ± b·W)/2 per stage, saturation to SInt(w).
 */
import { defineModule, In, Out, Vec, SInt, Bool, mux, type ModuleBuilder, type Signal } from '../../dsl/index.js';
import { twiddleTable, bitReverse, log2Exact } from './twiddle.js';

export interface FftLineParams {
  n: number;
  w: number;
  t: number;
}

export const fftLinePorts = (p: FftLineParams) => ({
  in_valid: In(Bool),
  in_inv: In(Bool),
  in_re: Vec(p.n, In(SInt(p.w))),
  in_im: Vec(p.n, In(SInt(p.w))),
  out_valid: Out(Bool),
  out_re: Vec(p.n, Out(SInt(p.w))),
  out_im: Vec(p.n, Out(SInt(p.w))),
});

/** sat_w(round_half_up(v / 2^t)) for v at scale 2^(t−1)·2 (the butterfly's sum before its halving). */
function roundSat(m: ModuleBuilder, name: string, v: Signal, w: number, t: number): Signal {
  const q = m.named(`${name}_q`, v.add(2 ** (t - 1)).shr(t));
  const hi = 2 ** (w - 1) - 1;
  const lo = -(2 ** (w - 1));
  return m.named(name, mux(q.gt(hi), q.lit(hi), mux(q.lt(lo), q.lit(lo), q)).trunc(w));
}

export const FftLine = defineModule('fft_line', fftLinePorts, (m, io, p) => {
  const L = log2Exact(p.n);
  const tw = twiddleTable(p.n, p.t);
  // stage 0 position i holds x[bitrev(i)]
  let re: Signal[] = Array.from({ length: p.n }, (_, i) => io.in_re[bitReverse(i, L)]!);
  let im: Signal[] = Array.from({ length: p.n }, (_, i) => io.in_im[bitReverse(i, L)]!);
  let valid: Signal = io.in_valid;
  let inv: Signal = io.in_inv;
  for (let s = 0; s < L; s++) {
    const half = 2 ** s;
    const nr = [...re];
    const ni = [...im];
    for (let g = 0; g < p.n; g += 2 * half)
      for (let j = 0; j < half; j++) {
        const k = j * (p.n / (2 * half));
        const top = g + j;
        const bot = top + half;
        const c = tw.cos[k]!;
        const sn = tw.sin[k]!;
        const nm = `s${s}_bf${top}`;
        const br = re[bot]!;
        const bi = im[bot]!;
        // forward W = c − i·S, inverse c + i·S: pr = br·c ± bi·S, pi = bi·c ∓ br·S
        const brc = br.mul(c);
        const biS = bi.mul(sn);
        const bic = bi.mul(c);
        const brS = br.mul(sn);
        const pr = m.named(`${nm}_pr`, mux(inv, brc.sub(biS), brc.add(biS)));
        const pi = m.named(`${nm}_pi`, mux(inv, bic.add(brS), bic.sub(brS)));
        const ar = re[top]!.shl(p.t - 1);
        const ai = im[top]!.shl(p.t - 1);
        nr[top] = roundSat(m, `${nm}_r0`, ar.add(pr), p.w, p.t);
        ni[top] = roundSat(m, `${nm}_i0`, ai.add(pi), p.w, p.t);
        nr[bot] = roundSat(m, `${nm}_r1`, ar.sub(pr), p.w, p.t);
        ni[bot] = roundSat(m, `${nm}_i1`, ai.sub(pi), p.w, p.t);
      }
    re = nr.map((v, i) => m.regNext(`st${s + 1}_re_${i}`, v));
    im = ni.map((v, i) => m.regNext(`st${s + 1}_im_${i}`, v));
    valid = m.regNext(`st${s + 1}_valid`, valid);
    inv = m.regNext(`st${s + 1}_inv`, inv);
  }
  io.out_valid.set(valid);
  for (let i = 0; i < p.n; i++) {
    io.out_re[i]!.set(re[i]!);
    io.out_im[i]!.set(im[i]!);
  }
});
