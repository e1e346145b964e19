/**
 * Golden models of the output-sign-prediction accelerator, in plain TypeScript (never imports the DSL or another
 * generator): for every output, y, the skip mask and the executed MAC count, plus the PE step cycles it costs.
 *
 *   window x (K = C·R·S values, k = (c·R + r)·S + s):  x_k = a(c, oy·stride + r − padY, ox·stride + s − pad), 0 outside
 *   prediction:  z_j = sat16((P_j·x + 2^(zshift−1)) >> zshift),  ŷ_m = Q_m·z + b̂_m (int32),  skip(m) = ŷ_m ≤ τ
 *   PE:          y_m = skip ? 0 : post(W_m·x + b_m)   (post = ReLU if the layer has one, then rq if given)
 *   MACs:        skipped 0; executed: the non-zero pairs #{k : x_k ≠ 0 and w_mk ≠ 0} (zero activations are dropped by
 *                non-zero detection, zero weights by instruction bypass)
 *   steps:       the kernel rows are grouped in chunks of `chunkRows` rows; a PE consumes up to `npc` pairs of one
 *                chunk per cycle and spends at least one cycle on every chunk: Σ_chunks max(1, ceil(pairs/npc))
 *
 * Exact mode (after SnaPEA; no prediction): the pairs are taken positive weights first (pass 1 over the chunks), then
 * negative weights (pass 2), in k order within a pass, `npc` per step, the partial sum starting at the bias. After
 * the last step of pass 1 and after every step of pass 2, a partial sum ≤ 0 ends the output: every remaining term is
 * ≤ 0 (weight < 0, activation ≥ 0), so ReLU gives 0 and the rest is skipped. y equals ReLU(conv) exactly.
 */
import { postValue } from '../common/rq.js';
import { outDims, type ConvLayer, type ConvShape } from '../common/shape.js';

/** The common conv shape (`padY` and `OH` when a tile gives its own). */
export type PredShape = ConvShape;

/** The common conv layer: uint activations CHW, int weights MCRS. */
export type PredLayer = ConvLayer;

/** The integer prediction unit of one layer (offline preparation in prep.ts). */
export interface Predictor {
  rank: number;
  /** r × K, int8, natural k order */
  P: ArrayLike<number>;
  /** M × r, int8 */
  Q: ArrayLike<number>;
  /** M, int32 */
  bhat: ArrayLike<number>;
  zshift: number;
  tau: number;
}

export interface Schedule {
  chunkRows: number;
  npc: number;
  exact: boolean;
}

export function outSize(s: PredShape): { OH: number; OW: number } {
  const { OH, OW } = outDims(s);
  return { OH, OW };
}

/** Every window of a layer (raster order) as its K-vector, then every output channel m of it with its CHW index o. */
function eachOutput(l: PredLayer, fn: (x: Int32Array, m: number, o: number) => void): void {
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const x = new Int32Array(s.C * s.R * s.S);
  for (let oy = 0; oy < OH; oy++)
    for (let ox = 0; ox < OW; ox++) {
      windowVector(l, oy, ox, x);
      for (let m = 0; m < s.M; m++) fn(x, m, (m * OH + oy) * OW + ox);
    }
}

/** The K-vector of window (oy, ox) into `out`. */
export function windowVector(l: PredLayer, oy: number, ox: number, out: Int32Array): void {
  const s = l.shape;
  const padY = s.padY ?? s.pad;
  let k = 0;
  for (let c = 0; c < s.C; c++)
    for (let r = 0; r < s.R; r++) {
      const y = oy * s.stride + r - padY;
      for (let q = 0; q < s.S; q++, k++) {
        const x = ox * s.stride + q - s.pad;
        out[k] = y >= 0 && y < s.H && x >= 0 && x < s.W ? l.input[(c * s.H + y) * s.W + x]! : 0;
      }
    }
}

const sat16 = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);

/** z = sat16((P·x + 2^(zshift−1)) >> zshift) (arithmetic shift) into `z`; exact in doubles (|P·x| < 2^31). */
export function lowRank(pred: Predictor, x: Int32Array, K: number, z: Int32Array): void {
  const rnd = pred.zshift === 0 ? 0 : 2 ** (pred.zshift - 1);
  for (let j = 0; j < pred.rank; j++) {
    let acc = 0;
    const base = j * K;
    for (let k = 0; k < K; k++) acc += pred.P[base + k]! * x[k]!;
    z[j] = sat16(Math.floor((acc + rnd) / 2 ** pred.zshift));
  }
}

/** ŷ_m = Q_m·z + b̂_m. */
export function yhatOf(pred: Predictor, z: Int32Array, m: number): number {
  let v = pred.bhat[m]!;
  for (let j = 0; j < pred.rank; j++) v += pred.Q[m * pred.rank + j]! * z[j]!;
  return v;
}

/** Per output (CHW): the exact pre-activation sum, the non-zero pairs and the PE steps (predict-mode schedule). */
export interface OutputStats {
  OH: number;
  OW: number;
  acc: Float64Array;
  pairs: Int32Array;
  steps: Int32Array;
}

/** The sizes and the zeroed per-output arrays both schedules fill. */
function statsOf(l: PredLayer): OutputStats & { K: number; CR: number; n: number } {
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const n = s.M * OH * OW;
  return { OH, OW, K: s.C * s.R * s.S, CR: s.C * s.R, n, acc: new Float64Array(n), pairs: new Int32Array(n), steps: new Int32Array(n) };
}

export function outputStats(l: PredLayer, chunkRows: number, npc: number): OutputStats {
  const s = l.shape;
  const { OH, OW, K, CR, acc, pairs, steps } = statsOf(l);
  eachOutput(l, (x, m, o) => {
    let a = l.bias[m]!;
    let p = 0;
    let st = 0;
    const wb = m * K;
    for (let i0 = 0; i0 < CR; i0 += chunkRows) {
      const k1 = Math.min(CR, i0 + chunkRows) * s.S;
      let pc = 0;
      for (let k = i0 * s.S; k < k1; k++) {
        const w = l.weights[wb + k]!;
        const v = x[k]!;
        if (w !== 0 && v !== 0) {
          a += w * v;
          pc++;
        }
      }
      p += pc;
      st += Math.max(1, Math.ceil(pc / npc));
    }
    acc[o] = a;
    pairs[o] = p;
    steps[o] = st;
  });
  return { OH, OW, acc, pairs, steps };
}

/** Exact mode per output: MACs executed, steps, and whether the output ended early (its ReLU is 0). */
export function exactStats(l: PredLayer, chunkRows: number, npc: number): OutputStats & { stopped: Uint8Array } {
  const s = l.shape;
  const { OH, OW, K, CR, n, acc, pairs, steps } = statsOf(l);
  const stopped = new Uint8Array(n);
  const sel: number[] = [];
  eachOutput(l, (x, m, o) => {
    let a = l.bias[m]!;
    let macs = 0;
    let st = 0;
    let stop = false;
    const wb = m * K;
    for (let pass = 0; pass < 2 && !stop; pass++)
      for (let i0 = 0; i0 < CR && !stop; i0 += chunkRows) {
        const k1 = Math.min(CR, i0 + chunkRows) * s.S;
        sel.length = 0;
        for (let k = i0 * s.S; k < k1; k++) {
          const w = l.weights[wb + k]!;
          if (x[k]! !== 0 && (pass === 0 ? w > 0 : w < 0)) sel.push(k);
        }
        const lastChunk = i0 + chunkRows >= CR;
        const nSteps = Math.max(1, Math.ceil(sel.length / npc));
        for (let t = 0; t < nSteps; t++) {
          for (let i = t * npc; i < Math.min(sel.length, (t + 1) * npc); i++) {
            a += l.weights[wb + sel[i]!]! * x[sel[i]!]!;
            macs++;
          }
          st++;
          const checks = pass === 1 || (lastChunk && t === nSteps - 1);
          if (checks && a <= 0) {
            stop = true;
            break;
          }
        }
      }
    acc[o] = a;
    pairs[o] = macs;
    steps[o] = st;
    stopped[o] = stop ? 1 : 0;
  });
  return { OH, OW, acc, pairs, steps, stopped };
}

/** ŷ for every output (CHW). */
export function predictAll(l: PredLayer, pred: Predictor): Int32Array {
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const x = new Int32Array(K);
  const z = new Int32Array(pred.rank);
  const out = new Int32Array(s.M * OH * OW);
  for (let oy = 0; oy < OH; oy++)
    for (let ox = 0; ox < OW; ox++) {
      windowVector(l, oy, ox, x);
      lowRank(pred, x, K, z);
      for (let m = 0; m < s.M; m++) out[(m * OH + oy) * OW + ox] = yhatOf(pred, z, m);
    }
  return out;
}

/** ReLU and channel m's requantisation (common/rq.ts). */
export function post(l: PredLayer, v: number, m: number): number {
  return postValue(v, l.relu, l.rq, m);
}

export interface GoldenResult {
  OH: number;
  OW: number;
  /** CHW */
  y: Int32Array;
  skip: Uint8Array;
  macs: Int32Array;
  /** PE cycles spent on each output (0 when skipped) */
  steps: Int32Array;
  /** executed outputs whose sum came out ≤ 0 (exact mode: those that ended early) */
  nonpos: Uint8Array;
}

/**
 * The golden model: predict mode with a predictor (or none: every output executed, zero skipping only), or exact mode.
 */
export function goldenPredict(l: PredLayer, pred: Predictor | null, sched: Schedule): GoldenResult {
  if (sched.exact) {
    if (!l.relu) throw new Error(`layer '${l.name}': exact mode needs a layer with ReLU (its early end is ReLU's 0)`);
    const st = exactStats(l, sched.chunkRows, sched.npc);
    const y = new Int32Array(st.acc.length);
    const plane = st.OH * st.OW;
    for (let i = 0; i < y.length; i++) y[i] = post(l, st.stopped[i] ? 0 : st.acc[i]!, Math.floor(i / plane));
    return { OH: st.OH, OW: st.OW, y, skip: new Uint8Array(y.length), macs: st.pairs, steps: st.steps, nonpos: Uint8Array.from(st.acc, (a) => (a <= 0 ? 1 : 0)) };
  }
  const st = outputStats(l, sched.chunkRows, sched.npc);
  const n = st.acc.length;
  const skip = new Uint8Array(n);
  if (pred) {
    const yh = predictAll(l, pred);
    for (let i = 0; i < n; i++) skip[i] = yh[i]! <= pred.tau ? 1 : 0;
  }
  const y = new Int32Array(n);
  const macs = new Int32Array(n);
  const steps = new Int32Array(n);
  const nonpos = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (skip[i]) continue;
    y[i] = post(l, st.acc[i]!, Math.floor(i / (st.OH * st.OW)));
    macs[i] = st.pairs[i]!;
    steps[i] = st.steps[i]!;
    nonpos[i] = st.acc[i]! <= 0 ? 1 : 0;
  }
  return { OH: st.OH, OW: st.OW, y, skip, macs, steps, nonpos };
}
