/**
 * The two pieces every accelerator on crossbar tiles repeats (crossbar/accel.ts, fda/cmac.ts):
 *
 *   sliceSequencer   an activation every adcShare cycles over (outer index, DAC slice): IDLE → RUN on start, the slice
 *                    counting 0 .. last, then the outer index (an input vector, a part) advancing; after the last outer
 *                    value's last slice WAIT until the caller's `finished`, then IDLE
 *   laneStepTerm     the converted columns of one output lane at one ADC step, each shifted by its cell slice
 *                    (s·cellBits), the negative column group subtracted (differential mapping): the lane's shift-add term
 *                    before the input-slice shift
 *
 * The sequencer is built in two steps so a caller can declare signals between them in its own order (the registers
 * and the activation first, then `advance()` writes the state machine).
 */
import { UInt, Bool, mux, when, switch_, type ModuleBuilder, type Signal, type Wire } from '../../dsl/index.js';
import { clog2 } from '../../dsl/bits.js';

const IDLE = 0;
const RUN = 1;
const WAIT = 2;

export interface SliceSequencer {
  state: Signal;
  /** the outer index (vector, part) and the DAC slice of the activation */
  outer: Signal;
  slice: Signal;
  /** cycles since the last activation, modulo adcShare */
  cnt: Signal;
  /** the caller drives it: WAIT → IDLE */
  finished: Wire;
  /** an activation this cycle */
  act: Signal;
  lastSlice: Signal;
  lastOuter: Signal;
  startNow: Signal;
  /** the state machine (call once, after the caller's own declarations that must come first) */
  advance(): void;
}

export interface SliceSequencerSpec {
  start: Signal;
  /** the outer index register's name and width */
  outerName: string;
  outerBits: number;
  tBits: number;
  stepBits: number;
  adcShare: number;
  /** the last slice / the last outer value, from the registers */
  lastSlice: (slice: Signal) => Signal;
  lastOuter: (outer: Signal) => Signal;
  /** name the RUN state (`running`) before the activation */
  nameRunning?: boolean;
}

export function sliceSequencer(m: ModuleBuilder, s: SliceSequencerSpec): SliceSequencer {
  const state = m.reg('state', UInt(2));
  const outer = m.reg(s.outerName, UInt(s.outerBits));
  const t = m.reg('slice', UInt(s.tBits));
  const cnt = m.reg('share_cnt', UInt(s.stepBits));
  const finished = m.wire('finished', Bool);
  const run = s.nameRunning ? m.named('running', state.eq(RUN)) : state.eq(RUN);
  const act = m.named('act', run.and(cnt.eq(0)));
  const lastSlice = m.named('last_slice', s.lastSlice(t));
  const lastOuter = m.named(`last_${s.outerName}`, s.lastOuter(outer));
  const startNow = m.named('start_now', s.start.and(state.eq(IDLE)));
  const advance = () =>
    switch_(state)
      .is(IDLE, () => {
        when(s.start, () => {
          state.set(RUN);
          outer.set(0);
          t.set(0);
          cnt.set(0);
        });
      })
      .is(RUN, () => {
        cnt.set(s.adcShare === 1 ? m.const(0, UInt(s.stepBits)) : cnt.addw(1));
        when(act, () => {
          when(lastSlice, () => {
            t.set(0);
            outer.set(outer.addw(1));
            when(lastOuter, () => state.set(WAIT));
          }).otherwise(() => t.set(t.addw(1)));
        });
      })
      .default(() => when(finished, () => state.set(IDLE)));
  return { state, outer, slice: t, cnt, finished, act, lastSlice, lastOuter, startNow, advance };
}

/** A lane's columns: cpw per weight (nc cells of cellBits; in differential mapping the second nc negative). */
export interface LaneGeometry {
  cpw: number;
  nc: number;
  cellBits: number;
  adcShare: number;
}

/**
 * Lane l of a column tile at ADC step `step`: Σ over its columns c = l·cpw + jj converted at this step (ADC c >> log2
 * adcShare, step c mod adcShare) of ±rowSum[ADC]·2^(s·cellBits), s = jj mod nc; signed.
 */
export function laneStepTerm(m: ModuleBuilder, rowSum: readonly Signal[], step: Signal, l: number, g: LaneGeometry): Signal {
  const sb = clog2(g.adcShare);
  const pos: Signal[] = [];
  const neg: Signal[] = [];
  for (let jj = 0; jj < g.cpw; jj++) {
    const c = l * g.cpw + jj;
    const a = c >> sb;
    const j = c & (g.adcShare - 1);
    const s = jj % g.nc;
    const v = rowSum[a]!;
    const hit = g.adcShare === 1 ? m.const(1, Bool) : step.eq(j);
    const term = mux(hit, v, m.const(0, v.type)).shl(s * g.cellBits);
    (jj >= g.nc ? neg : pos).push(term);
  }
  const sum = (xs: Signal[]) => xs.reduce((x, y) => x.add(y));
  return neg.length ? sum(pos).sub(sum(neg)) : sum(pos).toSInt();
}
