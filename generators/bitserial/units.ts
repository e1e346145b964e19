/**
 * The bit-serial unit library (used by LINAC, mechanism (a)), each a parameterised DSL module with its golden model in
 * golden.ts:
 *
 *  - StripesMul  serial-parallel shift-add multiplier: unsigned activation bit-serial (MSB first), signed weight
 *                bit-parallel; `busy` is high for exactly aBits cycles, then `done` pulses with the exact product.
 *  - NafStream   NAF term encoder: loads a signed value and emits its signed power-of-two terms, lowest exponent first,
 *                one per `next` (golden: nafTerms).
 *  - EbLane      essential-bit lane (Pragmatic-style): holds a bit-parallel weight and the remaining NAF digits of its
 *                value; each step it retires its lowest remaining term when that term lies within 2^B − 1 of the tile's
 *                minimum m, and emits sign·w << (e − m) (the first shifter stage, 2^B positions).
 *  - EbTile      L lanes, the group minimum m (lowest set bit of the OR of the lanes' digit masks), the adder tree, the
 *                shared second shifter stage (<< m) and the accumulator. After `start`, `busy` is high for exactly
 *                termCycles(group, B) cycles; `done` then pulses and `result` holds acc + Σ value·weight.
 *
 * NAF digits in hardware: for x in two's complement, the positive digits are (3x & ~x) >> 1 and the negative digits
 * (~3x & x) >> 1 (a VB-bit signed value has digits at positions 0..VB−1 only).
 */
import { defineModule, type ModuleBuilder, type Signal, In, Out, Vec, UInt, SInt, Bool, mux, when, clog2, addrWidth, lowestOneHot, oneHotIndex } from '../../dsl/index.js';

/** Positive and negative NAF digit masks (UInt(vBits) each) of a signed value. */
export function nafMasks(x: Signal): { pos: Signal; neg: Signal } {
  const vb = x.width;
  const xe = x.ext(vb + 2);
  const x3 = x.add(x.shl(1)).ext(vb + 2); // 3x, exact in vb + 2 bits
  const pos = x3.and(xe.not()).asUInt().slice(vb, 1);
  const neg = x3.not().and(xe).asUInt().slice(vb, 1);
  return { pos, neg };
}

/** The lowest set bit as a one-hot, and the index of a one-hot's bit: the standard library's (dsl/lib/priority.ts). */
export { lowestOneHot, oneHotIndex as encodeOneHot };

// ---------------------------------------------------------------------------------------------------------------

export interface StripesParams {
  aBits: number;
  wBits: number;
}

export const StripesMul = defineModule(
  'stripes_mul',
  (p: StripesParams) => ({
    start: In(Bool),
    a: In(UInt(p.aBits)),
    w: In(SInt(p.wBits)),
    busy: Out(Bool),
    done: Out(Bool),
    product: Out(SInt(p.aBits + p.wBits)),
  }),
  (m, io, p) => {
    const pw = p.aBits + p.wBits;
    const cb = addrWidth(p.aBits + 1);
    const busy = m.reg('busy_q', Bool);
    const done = m.reg('done_q', Bool);
    const aSh = m.reg('a_sh', UInt(p.aBits));
    const wQ = m.reg('w_q', SInt(p.wBits));
    const cnt = m.reg('cnt', UInt(cb));
    const acc = m.reg('acc', SInt(pw));
    done.set(0);
    when(busy, () => {
      // MSB first: acc = 2·acc + bit·w
      const bit = aSh.bit(p.aBits - 1);
      acc.set(acc.shl(1).trunc(pw).addw(mux(bit, wQ, 0).ext(pw)));
      aSh.set(p.aBits > 1 ? aSh.shl(1).trunc(p.aBits) : m.const(0, UInt(1)));
      cnt.set(cnt.subw(1));
      when(cnt.eq(1), () => {
        busy.set(0);
        done.set(1);
      });
    }).elsewhen(io.start, () => {
      busy.set(1);
      aSh.set(io.a);
      wQ.set(io.w);
      cnt.set(p.aBits);
      acc.set(0);
    });
    io.busy.set(busy);
    io.done.set(done);
    io.product.set(acc);
  },
);

/**
 * The lanes' invariants (simulated everywhere, proven by `hwgen prove`): a step retires exactly one digit that is still
 * present, so no term is ever emitted twice; and no digit position is both positive and negative (the NAF masks).
 */
function assertRetireOnce(m: ModuleBuilder, fire: Signal, clear: Signal, pos: Signal, neg: Signal): void {
  const present = pos.or(neg);
  const oneDigit = clear.orR().and(lowestOneHot(clear).eq(clear)).and(clear.and(present).eq(clear));
  m.assert(fire.not().or(oneDigit), 'bit-serial lane: each step retires one digit still present (no term twice)');
  m.assert(pos.and(neg).eq(0), 'bit-serial lane: no digit is both positive and negative');
}

// ---------------------------------------------------------------------------------------------------------------

export interface NafParams {
  vBits: number;
}

export const NafStream = defineModule(
  'naf_stream',
  (p: NafParams) => ({
    load: In(Bool),
    value: In(SInt(p.vBits)),
    next: In(Bool),
    valid: Out(Bool),
    /** 1: the term is −2^exp */
    sign: Out(Bool),
    exp: Out(UInt(addrWidth(p.vBits))),
  }),
  (m, io, p) => {
    const pos = m.reg('pos', UInt(p.vBits));
    const neg = m.reg('neg', UInt(p.vBits));
    const nz = m.named('nz', pos.or(neg));
    const oh = m.named('low', lowestOneHot(nz));
    const valid = m.named('valid_w', nz.orR());
    when(io.load, () => {
      const d = nafMasks(io.value);
      pos.set(d.pos);
      neg.set(d.neg);
    }).elsewhen(io.next.and(valid), () => {
      pos.set(pos.and(oh.not()));
      neg.set(neg.and(oh.not()));
    });
    io.valid.set(valid);
    io.sign.set(neg.and(oh).orR());
    io.exp.set(oneHotIndex(oh));
  },
);

// ---------------------------------------------------------------------------------------------------------------

export interface LaneParams {
  /** width of the signed value streamed as terms */
  vBits: number;
  /** width of the signed bit-parallel weight */
  wBits: number;
  /** first shifter stage: 2^B positions */
  B: number;
}

/** Width of the exponent (and of m): clog2(vBits), at least 1. */
export const expBits = (vBits: number): number => addrWidth(vBits);
/** Width of a lane's term: the weight shifted by up to 2^B − 1, negated. */
export const termBits = (p: LaneParams): number => p.wBits + 2 ** p.B;

export const EbLane = defineModule(
  'eb_lane',
  (p: LaneParams) => ({
    load: In(Bool),
    value: In(SInt(p.vBits)),
    weight: In(SInt(p.wBits)),
    step: In(Bool),
    /** the tile's minimum exponent this cycle */
    m: In(UInt(expBits(p.vBits))),
    /** remaining digit positions (for the tile's minimum) */
    mask: Out(UInt(p.vBits)),
    /** this step's term: ±w << (e − m), or 0 */
    term: Out(SInt(termBits(p))),
    /** digits remain after this step */
    left: Out(Bool),
  }),
  (m, io, p) => {
    const win = 2 ** p.B;
    const nb = Math.max(p.vBits, win);
    const pos = m.reg('pos', UInt(p.vBits));
    const neg = m.reg('neg', UInt(p.vBits));
    const w = m.reg('w_q', SInt(p.wBits));
    const nz = m.named('nz', pos.or(neg));
    // first stage: the digits within [m, m + 2^B − 1]
    const window = m.named('window', nz.ext(nb).shrDyn(io.m).slice(win - 1, 0));
    const negWin = neg.ext(nb).shrDyn(io.m).slice(win - 1, 0);
    const oh = m.named('win_low', lowestOneHot(window));
    const fire = m.named('fire', window.orR().and(io.step));
    const d = win === 1 ? undefined : oneHotIndex(oh);
    const tb = termBits(p);
    const mag = d ? w.ext(tb - 1).shlDyn(d) : w.ext(tb - 1);
    const isNeg = negWin.and(oh).orR();
    const signed = mux(isNeg, mag.neg(), mag.ext(tb));
    io.term.set(m.named('term_w', mux(fire, signed, 0)));
    const clear = m.named('clear', mux(fire, oh.ext(nb).shlDyn(io.m).trunc(p.vBits), 0));
    const posN = pos.and(clear.not());
    const negN = neg.and(clear.not());
    assertRetireOnce(m, fire, clear, pos, neg);
    when(io.load, () => {
      const dm = nafMasks(io.value);
      pos.set(dm.pos);
      neg.set(dm.neg);
      w.set(io.weight);
    }).otherwise(() => {
      pos.set(posN);
      neg.set(negN);
    });
    io.mask.set(nz);
    io.left.set(posN.or(negN).orR());
  },
);

export interface TileParams extends LaneParams {
  lanes: number;
  accBits: number;
}

/** Width of the adder-tree sum of one cycle. */
export const treeBits = (p: TileParams): number => termBits(p) + clog2(p.lanes);

/** Sum a list of signed signals exactly with a balanced tree. */
export function adderTree(xs: Signal[]): Signal {
  let level = xs;
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.add(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** The tile's datapath inside any module: L lanes, minimum, adder tree, second stage. Returns the shifted cycle sum. */
export function tileDatapath(m: ModuleBuilder, p: TileParams, load: Signal, step: Signal, values: Signal[], weights: Signal[], prefix = 'lane'): { sum: Signal; anyLeft: Signal } {
  const lanes = Array.from({ length: p.lanes }, (_, i) => m.instance(`${prefix}_${i}`, EbLane, { vBits: p.vBits, wBits: p.wBits, B: p.B }));
  const all = m.named(`${prefix}_or`, lanes.map((l) => l.mask as Signal).reduce((a, b) => a.or(b)));
  const mMin = m.named(`${prefix}_m`, oneHotIndex(lowestOneHot(all)));
  lanes.forEach((l, i) => {
    l.load.set(load);
    l.value.set(values[i]!);
    l.weight.set(weights[i]!);
    l.step.set(step);
    l.m.set(mMin.resize(expBits(p.vBits)));
  });
  const tree = m.named(`${prefix}_tree`, adderTree(lanes.map((l) => l.term as Signal)));
  const sum = m.named(`${prefix}_shifted`, tree.ext(p.accBits).shlDyn(mMin));
  const anyLeft = m.named(`${prefix}_left`, lanes.map((l) => l.left as Signal).reduce((a, b) => a.or(b)));
  return { sum, anyLeft };
}

export const EbTile = defineModule(
  'eb_tile',
  (p: TileParams) => ({
    start: In(Bool),
    /** start a new sum (else the group adds to the previous result) */
    clear: In(Bool),
    values: Vec(p.lanes, In(SInt(p.vBits))),
    weights: Vec(p.lanes, In(SInt(p.wBits))),
    busy: Out(Bool),
    done: Out(Bool),
    result: Out(SInt(p.accBits)),
  }),
  (m, io, p) => {
    const busy = m.reg('busy_q', Bool);
    const done = m.reg('done_q', Bool);
    const acc = m.reg('acc', SInt(p.accBits));
    const load = m.named('load', io.start.and(busy.not()));
    const dp = tileDatapath(m, p, load, busy, io.values, io.weights);
    done.set(0);
    when(busy, () => {
      acc.set(acc.addw(dp.sum));
      when(dp.anyLeft.not(), () => {
        busy.set(0);
        done.set(1);
      });
    }).elsewhen(load, () => {
      busy.set(1);
      when(io.clear, () => acc.set(0));
    });
    io.busy.set(busy);
    io.done.set(done);
    io.result.set(acc);
  },
);

// ---------------------------------------------------------------------------------------------------------------

export interface MacParams {
  aBits: number;
  wBits: number;
  accBits: number;
}

/** A bit-parallel MAC of the same operand widths (signed a × signed w, accumulated): the cell-count reference. */
export const ParallelMac = defineModule(
  'parallel_mac',
  (p: MacParams) => ({ clear: In(Bool), a: In(SInt(p.aBits)), w: In(SInt(p.wBits)), acc: Out(SInt(p.accBits)) }),
  (m, io, p) => {
    const acc = m.reg('acc_q', SInt(p.accBits));
    const prod = io.a.mul(io.w).ext(p.accBits);
    when(io.clear, () => acc.set(prod)).otherwise(() => acc.set(acc.addw(prod)));
    io.acc.set(acc);
  },
);

// ---------------------------------------------------------------------------------------------------------------

export interface LaneFParams extends LaneParams {
  /** filters sharing this lane's term stream (one bit-parallel weight each) */
  filters: number;
}

/**
 * An essential-bit lane whose term stream feeds `filters` weights (Pragmatic's organisation: one term front end — NAF
 * digits, window, first-stage offset and sign — shared by the filters of a tile column; one shifter per weight).
 */
export const EbLaneF = defineModule(
  'eb_lane_f',
  (p: LaneFParams) => ({
    load: In(Bool),
    value: In(SInt(p.vBits)),
    weights: Vec(p.filters, In(SInt(p.wBits))),
    step: In(Bool),
    m: In(UInt(expBits(p.vBits))),
    mask: Out(UInt(p.vBits)),
    terms: Vec(p.filters, Out(SInt(termBits(p)))),
    left: Out(Bool),
  }),
  (m, io, p) => {
    const win = 2 ** p.B;
    const nb = Math.max(p.vBits, win);
    const pos = m.reg('pos', UInt(p.vBits));
    const neg = m.reg('neg', UInt(p.vBits));
    const ws = Array.from({ length: p.filters }, (_, f) => m.reg(`w_q_${f}`, SInt(p.wBits)));
    const nz = m.named('nz', pos.or(neg));
    const window = m.named('window', nz.ext(nb).shrDyn(io.m).slice(win - 1, 0));
    const negWin = neg.ext(nb).shrDyn(io.m).slice(win - 1, 0);
    const oh = m.named('win_low', lowestOneHot(window));
    const fire = m.named('fire', window.orR().and(io.step));
    const d = win === 1 ? undefined : m.named('offset', oneHotIndex(oh));
    const isNeg = m.named('is_neg', negWin.and(oh).orR());
    const tb = termBits(p);
    ws.forEach((w, f) => {
      const mag = d ? w.ext(tb - 1).shlDyn(d) : w.ext(tb - 1);
      io.terms[f]!.set(mux(fire, mux(isNeg, mag.neg(), mag.ext(tb)), 0));
    });
    const clear = m.named('clear', mux(fire, oh.ext(nb).shlDyn(io.m).trunc(p.vBits), 0));
    const posN = pos.and(clear.not());
    const negN = neg.and(clear.not());
    assertRetireOnce(m, fire, clear, pos, neg);
    when(io.load, () => {
      const dm = nafMasks(io.value);
      pos.set(dm.pos);
      neg.set(dm.neg);
      ws.forEach((w, f) => w.set(io.weights[f]!));
    }).otherwise(() => {
      pos.set(posN);
      neg.set(negN);
    });
    io.mask.set(nz);
    io.left.set(posN.or(negN).orR());
  },
);
