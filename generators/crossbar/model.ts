/**
 * Golden cycle and event models (never import the DSL).
 *
 * One pass of the RTL accelerator (accel.ts) over P input vectors of T slices, counted from the cycle `start` is 1
 * to the first cycle `done` is 1: an activation every adcShare cycles from cycle 1, the last activation's last ADC
 * output 3 + adcShare − 1 cycles after it, then the three post-processing stages and the done register:
 *   cycles = P·T·adcShare + 7
 * Every tile of the hardware is activated with each slice (rowTiles·colTiles per activation cycle); each activation
 * converts every column (Cols ADC conversions) and drives every row (R DAC conversions); every converted column that
 * belongs to a lane is one shift-and-add.
 *
 * The ISAAC-like spatial mapping of a whole layer (every weight resident: ceil(K/R)·ceil(M/lanes) arrays, all
 * activated with each slice of each output pixel, pipelined): cycles = P·T·adcShare + 7 with P the output pixels.
 */
import { colsPerWeight, lanesPerTile, type XbarArith } from './golden.js';

export interface XbarEvents {
  cycles: number;
  activations: number;
  dacConversions: number;
  adcConversions: number;
  shiftAdds: number;
}

export const PASS_OVERHEAD = 7;

/** The hardware's event counters (per pass, cleared by start), in read-port order: the XbarEvents without cycles. */
export const XBAR_COUNTERS = ['activations', 'dacConversions', 'adcConversions', 'shiftAdds'] as const;

export interface PassHw {
  rows: number;
  cols: number;
  adcShare: number;
  tiles: number;
  /** columns that belong to a lane, per tile */
  used: number;
}

export function passModel(P: number, T: number, hw: PassHw): XbarEvents {
  const activations = P * T * hw.tiles;
  return {
    cycles: P * T * hw.adcShare + PASS_OVERHEAD,
    activations,
    dacConversions: activations * hw.rows,
    adcConversions: activations * hw.cols,
    shiftAdds: activations * hw.used,
  };
}

/** The spatial (all weights resident) mapping of a K×M matrix applied to P vectors of T slices. */
export function spatialModel(P: number, K: number, M: number, T: number, a: XbarArith, adcShare: number): XbarEvents & { arrays: number } {
  const lanes = lanesPerTile(a);
  const arrays = Math.ceil(K / a.rows) * Math.ceil(M / lanes);
  return { arrays, ...passModel(P, T, { rows: a.rows, cols: a.cols, adcShare, tiles: arrays, used: lanes * colsPerWeight(a) }) };
}

export function addEvents(x: XbarEvents, y: XbarEvents): XbarEvents {
  return {
    cycles: x.cycles + y.cycles,
    activations: x.activations + y.activations,
    dacConversions: x.dacConversions + y.dacConversions,
    adcConversions: x.adcConversions + y.adcConversions,
    shiftAdds: x.shiftAdds + y.shiftAdds,
  };
}

export const NO_EVENTS: XbarEvents = { cycles: 0, activations: 0, dacConversions: 0, adcConversions: 0, shiftAdds: 0 };
