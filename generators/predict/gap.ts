/**
 * Where the cycles of the output-sign-prediction accelerator go, from the counters the hardware keeps (model.ts's
 * SVD_COUNTERS; the RTL counts the same events and the verify loop compares them tile by tile) and the executed MACs it
 * reports per output. Plain arithmetic over measured sums, no model of its own.
 *
 * Every cycle, each of the L = PE·npc multiplier slots of the PE array is either used (a MAC), unused inside a PE step
 * (slot_idle), in a PE without a step while another PE steps (npc · lane_idle), or in a cycle in which no PE steps
 * (L · (cycles − any_run)). So, exactly,
 *
 *   cycles = MACs / L + slot_idle / L + lane_idle / PE + (cycles − any_run)
 *
 * and with the prediction unit's P multipliers beside the array (the dense baseline gets L + P), the ideal is
 * MACs / (L + P) and the gap splits into:
 *   pred mults   MACs / L − MACs / (L + P)   the prediction unit's multipliers, which do no PE work
 *   pair slots   slot_idle / L               the ceil of pairs/npc per chunk, and a cycle for a chunk with no pair
 *   imbalance    lane_idle / PE              PEs idle in a window while the slowest PE of the window still steps
 *   front        cycles − any_run            no PE stepping: the first window's fetch, the per-window start and
 *                                             drain cycles, waits for the front end (fetch and stage 2), the end
 * and, inside the ideal, `missed` = nonpos_macs / (L + P): MACs of executed outputs that came out ≤ 0 (what the
 * calibrated τ leaves executed to keep false skips low; an oracle predictor would have skipped them).
 */

export interface GapInput {
  cycles: number;
  /** executed MACs in the PEs (the sum of the per-output MAC counts) */
  macs: number;
  counters: { any_run: number; lane_idle: number; slot_idle: number; nonpos_macs: number };
}

export interface Gap {
  cycles: number;
  ideal: number;
  missed: number;
  predMults: number;
  pairSlots: number;
  imbalance: number;
  front: number;
}

/** Sum gap inputs (layers × images). */
export function sumGapInputs(xs: readonly GapInput[]): GapInput {
  const z: GapInput = { cycles: 0, macs: 0, counters: { any_run: 0, lane_idle: 0, slot_idle: 0, nonpos_macs: 0 } };
  for (const x of xs) {
    z.cycles += x.cycles;
    z.macs += x.macs;
    for (const k of Object.keys(z.counters) as Array<keyof GapInput['counters']>) z.counters[k] += x.counters[k];
  }
  return z;
}

/** The attribution; throws if the parts do not add up to the measured cycles (the counters are inconsistent). */
export function gapOf(x: GapInput, hw: { PE: number; npc: number }, predMultipliers: number): Gap {
  const L = hw.PE * hw.npc;
  const all = L + predMultipliers;
  const c = x.counters;
  const g: Gap = {
    cycles: x.cycles,
    ideal: x.macs / all,
    missed: c.nonpos_macs / all,
    predMults: x.macs / L - x.macs / all,
    pairSlots: c.slot_idle / L,
    imbalance: c.lane_idle / hw.PE,
    front: x.cycles - c.any_run,
  };
  const sum = g.ideal + g.predMults + g.pairSlots + g.imbalance + g.front;
  if (Math.abs(sum - x.cycles) > 1e-6 * Math.max(1, x.cycles))
    throw new Error(`svd gap: the parts add up to ${sum} cycles, measured ${x.cycles} (counters inconsistent)`);
  return g;
}
