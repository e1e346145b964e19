/**
 * Golden cycle model of the output-sign-prediction accelerator: the schedule of accel.ts and pe.ts as arithmetic
 * (never imports the DSL). Counted from the cycle in which `start` is 1 to the first cycle in which `done` is 1.
 *
 *   front window     Tf = C·R + 1 (fetch one kernel row per cycle; the last row lands)  + M + 1 with prediction,
 *                    and then C·R·rowCycles: a time-multiplexed prediction unit holds each row rowCycles cycles
 *   PE l, window w   S_l = Σ over its channels (the executed channels dealt round-robin) of the channel's steps
 *   Fs(0) = 1,  Fe(w) = Fs(w) + Tf − 1,  Fs(w+1) = max(Fe(w), Td(w−1)) + 1            (two window buffers)
 *   Tg(w) = max(Fe(w), Td(w−1)) + 1                                                 (PE go)
 *   Td(w) = Tg(w) + 1 + (any work ? 1 + max_l S_l : 0)                               (all PEs idle again)
 *   cycles = Td(last) + 2                                                            (write pipeline, done register)
 *
 * The counters the hardware keeps (SVD_COUNTERS): busy (the front's state machine not idle: from the cycle after start
 * to the cycle of `finished`, cycles − 2), windows (windows the PEs
 * finished), skipped (outputs the prediction unit skipped), front_wait (cycles the front waited for a free window
 * buffer: the PE-bound part).
 */
import { outSize, type GoldenResult, type PredShape } from './golden.js';

/**
 * The hardware's performance counters, in read-port order. The last four attribute the cycles (gap.ts): any_run =
 * cycles in which at least one PE takes a step (Σ over windows of the slowest PE's steps); lane_idle = PEs without a
 * step in those cycles, summed (lane imbalance); slot_idle = multiplier slots a stepping PE leaves unused (npc − pairs
 * taken: the ceil of pairs/npc per chunk, and chunks with no pair); nonpos_macs = MACs of executed outputs whose sum
 * came out ≤ 0 (outputs an ideal predictor would have skipped).
 */
export const SVD_COUNTERS = ['busy', 'windows', 'skipped', 'front_wait', 'any_run', 'lane_idle', 'slot_idle', 'nonpos_macs'] as const;

export interface PredictSchedule {
  PE: number;
  /** pairs a PE takes per step */
  npc: number;
  /** front cycles per kernel row while the prediction unit is on (params.ts derived().rowCycles) */
  rowCycles: number;
  /** prediction on (the front runs stage 2, M + 1 cycles per window) */
  predict: boolean;
}

export interface PredictCycles {
  cycles: number;
  windows: number;
  /** front cycles per window */
  front: number;
  /** Σ over windows of the slowest PE's steps (the PE-bound part) */
  peSteps: number;
  /** Σ over windows of the mean PE steps (what a perfectly balanced deal would cost) */
  peStepsBalanced: number;
  /** executed MACs in the PEs, and the prediction unit's r·(K + M) per window */
  macs: number;
  predMacs: number;
  /** windows whose PE time exceeded the front's (PE-bound) */
  peBound: number;
  /** the counters' figures */
  counters: Record<(typeof SVD_COUNTERS)[number], number>;
}

/** The cycle model from the golden model's per-output steps (and skip mask). */
export function predictCycles(s: PredShape, g: GoldenResult, sch: PredictSchedule, rank: number): PredictCycles {
  const { OH, OW } = outSize(s);
  const nwin = OH * OW;
  const Tf = s.C * s.R * (sch.predict ? sch.rowCycles : 1) + 1 + (sch.predict ? s.M + 1 : 0);
  let fe = 0;
  let tdPrev = 0;
  let fs = 1;
  let peSteps = 0;
  let bal = 0;
  let macs = 0;
  let peBound = 0;
  let skipped = 0;
  let wait = 0;
  let laneIdle = 0;
  let slotIdle = 0;
  let nonposMacs = 0;
  const lane = new Float64Array(sch.PE);
  for (let w = 0; w < nwin; w++) {
    fe = fs + Tf - 1;
    lane.fill(0);
    let k = 0;
    let total = 0;
    for (let m = 0; m < s.M; m++) {
      const o = m * nwin + w;
      macs += g.macs[o]!;
      skipped += g.skip[o]!;
      if (g.skip[o]) continue;
      slotIdle += sch.npc * g.steps[o]! - g.macs[o]!;
      if (g.nonpos[o]) nonposMacs += g.macs[o]!;
      const l = sch.predict ? k % sch.PE : m % sch.PE;
      lane[l]! += g.steps[o]!;
      total += g.steps[o]!;
      k++;
    }
    let mx = 0;
    for (const v of lane) mx = Math.max(mx, v);
    for (const v of lane) laneIdle += mx - v;
    const work = k > 0;
    const tg = Math.max(fe, tdPrev) + 1;
    const td = tg + 1 + (work ? 1 + mx : 0);
    if ((work ? 2 + mx : 1) > Tf) peBound++;
    peSteps += mx;
    bal += total / sch.PE;
    if (w < nwin - 1) wait += Math.max(fe, tdPrev) - fe;
    fs = Math.max(fe, tdPrev) + 1;
    tdPrev = td;
  }
  const K = s.C * s.R * s.S;
  const cycles = tdPrev + 2;
  const counters = { busy: cycles - 2, windows: nwin, skipped, front_wait: wait, any_run: peSteps, lane_idle: laneIdle, slot_idle: slotIdle, nonpos_macs: nonposMacs };
  return { cycles, windows: nwin, front: Tf, peSteps, peStepsBalanced: bal, macs, predMacs: sch.predict ? nwin * rank * (K + s.M) : 0, peBound, counters };
}
