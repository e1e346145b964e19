/**
 * Golden cycle model of the ZAS accelerator: the controller's schedule (accel.ts) as arithmetic. Never imports the
 * DSL. Counted from the cycle in which `start` is 1 to the first cycle in which `done` is 1.
 *
 *   S   = one stream of the encoded map: a cycle per non-zero, and a cycle per empty row that the row walker does not
 *         skip: when a row finishes (its last non-zero issues, or it is empty and takes its one cycle), the walker also
 *         skips up to L−1 (L = rowLook) directly following empty rows, as long as they exist and the row after them is at
 *         most one channel further (y + 1 + j < 2H). So a run of E empty rows after a non-empty row costs
 *         ceil((E − (L−1)) / L) cycles (0 when E < L), and L = 1 gives Σ_rows max(len_r, 1)
 *   D   = OH·OW                                 one drain: a cycle per output position (all P channels in parallel)
 *   Q   = ceil(OH/BR)·ceil(OW/BS)               the initial clear of the partial buffers
 *   nmt = ceil(M/P)                             channel tiles; phase k streams tile k and drains tile k−1
 *   F   = FR·FS                                 passes of the stream per channel tile (kernel folding, `zasFolds`):
 *         1 when the kernel fits KR×KS; otherwise an activation (y, x) reaches only the taps r ≡ (y + pad) mod
 *         stride, ceil(R/stride) of them at most, and a PE applies KR of those per pass: FR = ceil(ceil(R/stride)/KR)
 *   cycles = Q + F·S + (nmt−1)·max(F·S, D) + D + nmt·gap + tail        (gap = 3, tail = 4: see params.ts)
 *
 * Counted events, so the gap to the ideal is visible: `ideal` = nnz·nmt·F (one cycle per non-zero, pass and
 * channel tile), `rowOverhead` = empty rows·nmt·F, `drainOverhead` = the drain cycles not hidden behind a stream,
 * `fixed` = clear + gaps + tail. cycles = ideal + rowOverhead + drainOverhead + fixed. MACs are the useful products;
 * `edgeSlots` the multiplier slots of issued non-zeros with no target (kernel taps off the output at the edges, taps
 * of other stride phases, taps beyond the layer's kernel in the last fold), `idleLanes` the PE slots of channel tiles
 * past M.
 */
import type { Encoded, ZasConvShape } from './golden.js';
import { outSizes, encodedSize } from './golden.js';

export interface ZasModelHw {
  P: number;
  KR: number;
  KS: number;
  /** row lookahead (default 1) */
  rowLook?: number;
}

export interface ZasCycles {
  cycles: number;
  /** passes of the stream per channel tile (zasFolds) */
  F: number;
  OH: number;
  OW: number;
  nmt: number;
  nnz: number;
  emptyRows: number;
  stream: number;
  drain: number;
  clear: number;
  ideal: number;
  rowOverhead: number;
  drainOverhead: number;
  fixed: number;
  macs: number;
  edgeSlots: number;
  idleLanes: number;
  encodedBytes: number;
  denseBytes: number;
}

export const GAP = 3;
export const TAIL = 4;

/**
 * How a kernel R×S at `stride` maps onto KR×KS multipliers per PE.
 *   direct (the kernel fits: R ≤ KR, S ≤ KS): slot (jr, js) is tap (jr, js); one pass; a channel's weights are one word
 *   phased (it does not): an activation at (y, x) reaches only the taps r ≡ (y + pad) mod stride, at most
 *     ceil(R/stride) of them; pass fr applies KR of those, so FR = ceil(ceil(R/stride)/KR) (FS likewise), and a
 *     channel's weights are a word per pass and stride phase (ss = stride² of them)
 */
export function zasFolds(s: { R: number; S: number; stride: number }, hw: { KR: number; KS: number }): { phased: boolean; FR: number; FS: number; F: number; ss: number } {
  if (s.R <= hw.KR && s.S <= hw.KS) return { phased: false, FR: 1, FS: 1, F: 1, ss: 1 };
  const FR = Math.ceil(Math.ceil(s.R / s.stride) / hw.KR);
  const FS = Math.ceil(Math.ceil(s.S / s.stride) / hw.KS);
  return { phased: true, FR, FS, F: FR * FS, ss: s.stride * s.stride };
}

function pow2(n: number): number {
  let b = 1;
  while (b < n) b *= 2;
  return b;
}

export function zasCycles(e: Encoded, s: ZasConvShape, hw: ZasModelHw): ZasCycles {
  const { OH, OW } = outSizes(e.H, e.W, s);
  const nmt = Math.ceil(s.M / hw.P);
  const rows = e.C * e.H;
  const L = hw.rowLook ?? 1;
  const nnz = e.words.length;
  let stream = 0;
  for (let r = 0; r < rows; ) {
    const end = e.rowEnd[r]!;
    stream += Math.max(end - (r === 0 ? 0 : e.rowEnd[r - 1]!), 1);
    const y = r % e.H;
    let j = 1;
    while (j < L && r + j < rows && e.rowEnd[r + j] === end && y + 1 + j < 2 * e.H) j++;
    r += j;
  }
  /** empty rows that cost a cycle */
  const emptyRows = stream - nnz;
  // targets per non-zero: (#valid r) × (#valid s), separable
  const tRows = new Int32Array(e.H);
  for (let y = 0; y < e.H; y++) tRows[y] = countTargets(y, s.padY, s.R, s.stride, OH);
  const tCols = new Int32Array(e.W);
  for (let x = 0; x < e.W; x++) tCols[x] = countTargets(x, s.padX, s.S, s.stride, OW);
  let targets = 0;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const ty = tRows[r % e.H]!;
    for (; k < e.rowEnd[r]!; k++) targets += ty * tCols[Math.floor(e.words[k]! / 2 ** e.actBits)]!;
  }
  const { F } = zasFolds(s, hw);
  const drain = OH * OW;
  const clear = Math.ceil(OH / pow2(hw.KR)) * Math.ceil(OW / pow2(hw.KS));
  const tileStream = F * stream;
  const cycles = clear + tileStream + (nmt - 1) * Math.max(tileStream, drain) + drain + nmt * GAP + TAIL;
  const ideal = nnz * nmt * F;
  const rowOverhead = emptyRows * nmt * F;
  const drainOverhead = (nmt - 1) * Math.max(0, drain - tileStream) + drain;
  const fixed = clear + nmt * GAP + TAIL;
  const size = encodedSize(e);
  return {
    cycles, F, OH, OW, nmt, nnz, emptyRows, stream, drain, clear, ideal, rowOverhead, drainOverhead, fixed,
    macs: targets * s.M,
    edgeSlots: (nnz * F * hw.KR * hw.KS - targets) * s.M,
    idleLanes: (nmt * hw.P - s.M) * nnz * F,
    encodedBytes: size.bytes,
    denseBytes: size.denseBytes,
  };
}

function countTargets(pos: number, pad: number, k: number, stride: number, out: number): number {
  let n = 0;
  for (let t = 0; t < k; t++) {
    const num = pos + pad - t;
    if (num >= 0 && num % stride === 0 && num / stride < out) n++;
  }
  return n;
}

/** The names of the ZAS accelerator's performance counters, in their read-port order. */
export const ZAS_COUNTERS = ['busy', 'clear', 'nonzero', 'empty_row', 'drain_only', 'gap', 'tail'] as const;

/**
 * The cycles from start to done split into the categories the accelerator's counters measure (accel.ts):
 *   busy       = cycles − 1           busy is high from the cycle after start up to done
 *   clear      = Q                    the initial clear of the partial buffers
 *   nonzero    = ideal = nnz·nmt·F    stream cycles that issue a non-zero
 *   empty_row  = rowOverhead          stream cycles of empty rows the walker does not skip
 *   drain_only = drainOverhead        phase cycles with the drain running and no stream
 *   gap        = nmt·GAP              the pipeline emptying between phases
 *   tail       = TAIL − 1             after the last drain read: PE read, bias, ReLU/multiply, round/clamp/write
 */
export function zasCounters(c: ZasCycles): Record<(typeof ZAS_COUNTERS)[number], number> {
  return { busy: c.cycles - 1, clear: c.clear, nonzero: c.ideal, empty_row: c.rowOverhead, drain_only: c.drainOverhead, gap: c.nmt * GAP, tail: TAIL - 1 };
}
