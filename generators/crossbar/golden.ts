/**
 * Golden model of a ReRAM crossbar matrix–vector product (mechanism (d), crossbar part): plain integers, never imports
 * the DSL or the generators. It is the arithmetic the RTL tile and accelerator must reproduce bit for bit.
 *
 * A tile is R rows × Cols cell columns of b_c-bit conductance levels. A w-bit signed weight W occupies
 * nc = ceil(w / b_c) adjacent columns (its "column group", slice s = 0 lowest):
 *   offset        the cells hold u = W + 2^(w−1) in offset binary, cell s = (u >> s·b_c) mod 2^b_c; the product is
 *                 corrected by the unit column: − 2^(w−1)·Σx (read exactly, digitally)
 *   differential  2·nc columns: nc for P = max(W, 0), then nc for N = max(−W, 0) (the positive and negative arrays);
 *                 each column is converted on its own and N's are subtracted after the ADC
 * A tile holds floor(Cols / cpw) weights per row (cpw = nc or 2·nc columns per weight); column c < lanes·cpw belongs
 * to lane c div cpw. The K inputs are unsigned `inputBits`-bit values, applied in T slices of b_d bits (slice t =
 * bits t·b_d .. t·b_d + b_d − 1) through DACs. Per tile, slice and column:
 *   v = Σ_{r<R} x_t[r] · g[r][c]                                   (the analog column sum, in cell LSBs)
 *   ideal     ADC(v) = v
 *   limited   ADC(v) = clamp(round_half_up(v / Δ), 0, 2^b_a − 1) · Δ,   Δ = 2^deltaLog2 cell LSBs
 *   y_m = Σ_blocks Σ_t Σ_s ± 2^(t·b_d + s·b_c) · ADC(v)   (− 2^(w−1)·Σx in offset mode)
 * Rows beyond R belong to the next row block: a block is a separate tile with its own ADCs, summed digitally.
 * Lossless (limited = ideal for every input) iff 2^b_a − 1 ≥ R·(2^b_d − 1)·(2^b_c − 1) when Δ = 1.
 *
 * Optional deterministic conductance perturbation: a 16-bit LFSR (x^16 + x^14 + x^13 + x^11 + 1, Fibonacci, shifting
 * right) walks the cells of a tile in programming order (row-major: r, then c), restarting from the tile's seed at
 * cell (0, 0); a cell is perturbed when the low `perturbLog2` bits of the state are 0, by −1 if bit 15 is set and +1
 * otherwise, clamped to 0 .. 2^b_c − 1. The state then steps once.
 */

export type Mapping = 'offset' | 'differential';
export type AdcMode = 'ideal' | 'limited';

/** The arithmetic of a crossbar tile and its weight format (what the golden model needs of the hardware). */
export interface XbarArith {
  rows: number;
  cols: number;
  cellBits: number;
  dacBits: number;
  /** width of the unsigned inputs (T = ceil(inputBits / dacBits) slices) */
  inputBits: number;
  weightBits: number;
  mapping: Mapping;
  adc: AdcMode;
  adcBits: number;
  /** Δ = 2^deltaLog2 cell LSBs */
  deltaLog2: number;
  /** 0: no perturbation; k: a cell is perturbed with probability 2^−k */
  perturbLog2: number;
  /** base seed of the perturbation LFSR (tile i uses tileSeed(seed, i)) */
  seed: number;
}

export function clog2(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/** Cell columns per weight slice set: nc = ceil(w / b_c). */
export function cellsPerWeight(a: Pick<XbarArith, 'weightBits' | 'cellBits'>): number {
  return Math.ceil(a.weightBits / a.cellBits);
}

/** Columns one weight occupies: nc (offset) or 2·nc (differential). */
export function colsPerWeight(a: Pick<XbarArith, 'weightBits' | 'cellBits' | 'mapping'>): number {
  return cellsPerWeight(a) * (a.mapping === 'differential' ? 2 : 1);
}

/** Weights (output lanes) per tile row. */
export function lanesPerTile(a: Pick<XbarArith, 'weightBits' | 'cellBits' | 'mapping' | 'cols'>): number {
  return Math.floor(a.cols / colsPerWeight(a));
}

/** Input slices for inputs of `bits` bits. */
export function slicesFor(bits: number, dacBits: number): number {
  return Math.ceil(bits / dacBits);
}

/** Largest column sum: R·(2^b_d − 1)·(2^b_c − 1). */
export function maxColumnSum(a: Pick<XbarArith, 'rows' | 'dacBits' | 'cellBits'>): number {
  return a.rows * (2 ** a.dacBits - 1) * (2 ** a.cellBits - 1);
}

/** The smallest lossless ADC width at Δ = 1: ceil(log2(R·(2^b_d − 1)·(2^b_c − 1) + 1)). */
export function losslessAdcBits(a: Pick<XbarArith, 'rows' | 'dacBits' | 'cellBits'>): number {
  return clog2(maxColumnSum(a) + 1);
}

/** The ADC rule on one column sum v ≥ 0 (in cell LSBs); the result is in cell LSBs too. */
export function adcConvert(v: number, a: Pick<XbarArith, 'adc' | 'adcBits' | 'deltaLog2'>): number {
  if (a.adc === 'ideal') return v;
  const delta = 2 ** a.deltaLog2;
  const code = Math.floor((v + (a.deltaLog2 === 0 ? 0 : delta / 2)) / delta);
  return Math.min(code, 2 ** a.adcBits - 1) * delta;
}

/** The cell levels of one weight: `nc` levels (offset) or `2·nc` (positive then negative, differential). */
export function weightLevels(w: number, a: Pick<XbarArith, 'weightBits' | 'cellBits' | 'mapping'>): number[] {
  const nc = cellsPerWeight(a);
  const mask = 2 ** a.cellBits;
  const lo = -(2 ** (a.weightBits - 1));
  const hi = 2 ** (a.weightBits - 1) - 1;
  if (!Number.isInteger(w) || w < lo || w > hi) throw new RangeError(`weight ${w} is not a ${a.weightBits}-bit signed integer`);
  const split = (u: number) => Array.from({ length: nc }, (_, s) => Math.floor(u / 2 ** (s * a.cellBits)) % mask);
  if (a.mapping === 'offset') return split(w + 2 ** (a.weightBits - 1));
  return [...split(Math.max(w, 0)), ...split(Math.max(-w, 0))];
}

/** One step of the perturbation LFSR. */
export function lfsrStep(s: number): number {
  const bit = (s ^ (s >> 2) ^ (s >> 3) ^ (s >> 5)) & 1;
  return (s >> 1) | (bit << 15);
}

/** The seed of physical tile i: never 0 (the LFSR's lock-up state). */
export function tileSeed(seed: number, i: number): number {
  const s = (seed ^ Math.imul(i, 0x9e37)) & 0xffff;
  return s === 0 ? 0xace1 : s;
}

/** Apply the programming perturbation to a tile's levels (R·Cols, row-major), as the RTL's write path does. */
export function perturbLevels(levels: Uint8Array, a: Pick<XbarArith, 'rows' | 'cols' | 'cellBits' | 'perturbLog2'>, seed: number): Uint8Array {
  if (a.perturbLog2 === 0) return levels;
  const out = new Uint8Array(levels.length);
  const mask = 2 ** a.perturbLog2 - 1;
  const top = 2 ** a.cellBits - 1;
  let s = seed;
  for (let i = 0; i < a.rows * a.cols; i++) {
    if (i === 0) s = seed;
    let v = levels[i]!;
    if ((s & mask) === 0) v = (s >> 15) & 1 ? Math.max(0, v - 1) : Math.min(top, v + 1);
    out[i] = v;
    s = lfsrStep(s);
  }
  return out;
}

/**
 * The levels of one tile (R·Cols, row-major) holding weights W[k][m] for rows k0 .. k0+R−1 and lanes m0 .. m0+lanes−1
 * of a K×M weight matrix (`wAt(k, m)`); rows ≥ K and lanes ≥ M are programmed 0 (so they contribute nothing: their
 * inputs are 0 too, or their lanes are never read).
 */
export function tileLevels(wAt: (k: number, m: number) => number, K: number, M: number, k0: number, m0: number, a: XbarArith): Uint8Array {
  const lv = new Uint8Array(a.rows * a.cols);
  const cpw = colsPerWeight(a);
  const lanes = lanesPerTile(a);
  for (let r = 0; r < a.rows && k0 + r < K; r++)
    for (let l = 0; l < lanes && m0 + l < M; l++) {
      const cells = weightLevels(wAt(k0 + r, m0 + l), a);
      for (let j = 0; j < cpw; j++) lv[r * a.cols + l * cpw + j] = cells[j]!;
    }
  return lv;
}

export interface MvmEvents {
  /** array activations (one per tile per input slice per input vector) */
  activations: number;
  /** DAC conversions: R per activation */
  dacConversions: number;
  /** ADC conversions: Cols per activation (every column of an activated tile is converted) */
  adcConversions: number;
  /** shift-and-add operations: one per converted column that belongs to a lane (lanes·cpw per activation) */
  shiftAdds: number;
  /** column sums of weights < M that the ADC changed (clamped or rounded): 0 when no conversion lost anything */
  lossyConversions: number;
}

export interface MvmResult {
  /** P×M outputs (row-major) */
  y: Float64Array;
  events: MvmEvents;
}

export interface MvmOptions {
  /** slices actually applied (default ceil(inputBits / dacBits)); inputs must fit slices·b_d bits */
  slices?: number;
  /** the physical tile grid (row tiles × column tiles) a pass maps onto, for the perturbation seeds (default 1 × 1) */
  grid?: { rowTiles: number; colTiles: number };
}

/**
 * y = X·W through the bit-sliced crossbar: X is P×K unsigned (row-major), W is K×M signed (`wAt(k, m)`). Row block b
 * holds rows b·R .. b·R + R − 1, column block q holds lanes q·lanes .. ; block (b, q) sits on physical tile
 * (b mod rowTiles)·colTiles + (q mod colTiles) of its pass (which only matters for the perturbation seed).
 */
export function xbarMvm(X: ArrayLike<number>, P: number, K: number, wAt: (k: number, m: number) => number, M: number, a: XbarArith, opts: MvmOptions = {}): MvmResult {
  const R = a.rows;
  const Cols = a.cols;
  const T = opts.slices ?? slicesFor(a.inputBits, a.dacBits);
  const grid = opts.grid ?? { rowTiles: 1, colTiles: 1 };
  const cpw = colsPerWeight(a);
  const nc = cellsPerWeight(a);
  const lanes = lanesPerTile(a);
  const used = lanes * cpw;
  const nb = Math.ceil(K / R);
  const nq = Math.ceil(M / lanes);
  const dmask = 2 ** a.dacBits - 1;
  const y = new Float64Array(P * M);
  const ev: MvmEvents = { activations: 0, dacConversions: 0, adcConversions: 0, shiftAdds: 0, lossyConversions: 0 };
  const xs = new Int32Array(R);
  const col = new Float64Array(Cols);
  const colW = new Float64Array(Cols);
  for (let c = 0; c < used; c++) {
    const j = c % cpw;
    colW[c] = (j >= nc ? -1 : 1) * 2 ** ((j % nc) * a.cellBits);
  }
  for (let p = 0; p < P; p++)
    for (let k = 0; k < K; k++) {
      const v = X[p * K + k]!;
      if (!Number.isInteger(v) || v < 0 || v >= 2 ** (T * a.dacBits)) throw new RangeError(`input ${v} does not fit ${T} slices of ${a.dacBits} bits`);
    }
  for (let q = 0; q < nq; q++)
    for (let b = 0; b < nb; b++) {
      const tile = (b % grid.rowTiles) * grid.colTiles + (q % grid.colTiles);
      const g = perturbLevels(tileLevels(wAt, K, M, b * R, q * lanes, a), a, tileSeed(a.seed, tile));
      const rowsHere = Math.min(R, K - b * R);
      for (let p = 0; p < P; p++) {
        const xrow = p * K + b * R;
        for (let t = 0; t < T; t++) {
          const div = 2 ** (t * a.dacBits);
          col.fill(0);
          for (let r = 0; r < rowsHere; r++) {
            const x = Math.floor(X[xrow + r]! / div) & dmask;
            xs[r] = x;
            if (x === 0) continue;
            const base = r * Cols;
            for (let c = 0; c < used; c++) col[c] += x * g[base + c]!;
          }
          for (let l = 0; l < lanes && q * lanes + l < M; l++) {
            let acc = 0;
            for (let j = 0; j < cpw; j++) {
              const c = l * cpw + j;
              const v = col[c]!;
              const d = adcConvert(v, a);
              if (d !== v) ev.lossyConversions++;
              acc += colW[c]! * d;
            }
            y[p * M + q * lanes + l] += acc * div;
          }
        }
      }
    }
  // the unit column (offset mapping): − 2^(w−1)·Σx, exact
  if (a.mapping === 'offset') {
    const off = 2 ** (a.weightBits - 1);
    for (let p = 0; p < P; p++) {
      let sx = 0;
      for (let k = 0; k < K; k++) sx += X[p * K + k]!;
      for (let m = 0; m < M; m++) y[p * M + m] -= off * sx;
    }
  }
  const acts = P * T * nb * nq;
  ev.activations = acts;
  ev.dacConversions = acts * R;
  ev.adcConversions = acts * Cols;
  ev.shiftAdds = acts * used;
  return { y, events: ev };
}

/** The exact product X·W (P×M), for comparison. */
export function exactMvm(X: ArrayLike<number>, P: number, K: number, wAt: (k: number, m: number) => number, M: number): Float64Array {
  const y = new Float64Array(P * M);
  for (let p = 0; p < P; p++)
    for (let m = 0; m < M; m++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += X[p * K + k]! * wAt(k, m);
      y[p * M + m] = s;
    }
  return y;
}
