/**
 * Action counts of the ReRAM crossbar accelerator (ISAAC-like periphery), from its event model (generators/crossbar/
 * model.ts) per verification tile of the RTL configuration: every pass over K activates each of the rowTiles ×
 * colTiles tiles once per input slice of each pixel; an activation drives every row (a 1-bit DAC conversion per row
 * and slice), converts every column (an ADC conversion) and shifts-and-adds every column that belongs to a lane. Per
 * output: the bias add, the requantisation multiply when enabled, one output-SRAM write. The analog array read
 * itself (cell currents) has no entry in the reference table and is not counted; neither are the input SRAM reads.
 */
import { xbarHooks, planXbar, type XbarLayer } from '../../generators/crossbar/driver.js';
import type { XbarHwParams } from '../../generators/crossbar/params.js';
import { outSize } from '../../generators/crossbar/conv.js';
import { combine, type LayerActions } from './dense.ts';
import { sramOf } from './sram.ts';

/** What the crossbar's action counts of one tile depend on; the conversions are the RTL's counters of the same names. */
export interface XbarQuantities {
  dacConversions: number;
  adcConversions: number;
  shiftAdds: number;
  outputs: number;
  rq: boolean;
  macs: number;
  cycles: number;
}

export function xbarQuantities(l: XbarLayer, hw: XbarHwParams): XbarQuantities {
  const plan = planXbar(l, hw);
  const t = plan.span;
  const n = t.passes.length;
  const outputs = (t.m1 - t.m0) * (t.p1 - t.p0);
  const p = plan.pass;
  return { dacConversions: n * p.dacConversions, adcConversions: n * p.adcConversions, shiftAdds: n * p.shiftAdds, outputs, rq: l.rq !== undefined, macs: outputs * l.shape.C * l.shape.R * l.shape.S, cycles: plan.cycles };
}

export function xbarCounts(q: XbarQuantities, hw: XbarHwParams): LayerActions {
  return {
    counts: [
      { component: 'isaac_dac', action: 'drive', count: q.dacConversions, note: 'DAC conversions (row drives per slice)' },
      { component: 'isaac_adc', action: 'convert', count: q.adcConversions, note: 'ADC conversions' },
      { component: 'isaac_shift_add', action: 'shift_add', count: q.shiftAdds, note: 'shift-and-adds (lane columns)' },
      { component: 'add32', action: 'add', count: q.outputs, note: 'bias adds' },
      { component: 'mult32', action: 'mult', count: q.rq ? q.outputs : 0, note: 'requantisation multiplies' },
      { component: sramOf(hw.pixels, hw.accBits), action: 'write_bit', count: q.outputs * hw.accBits, note: 'output SRAM writes' },
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

/** The quantities of each tile of a layer, in the verify loop's tile order. */
export function xbarTiles(l: XbarLayer, hw: XbarHwParams): XbarQuantities[] {
  return xbarHooks(hw).tiles(l, hw).map((t) => xbarQuantities(t.layer, hw));
}

export function xbarActions(l: XbarLayer, hw: XbarHwParams): LayerActions {
  const { OH, OW } = outSize(l.shape);
  const a = combine(xbarTiles(l, hw).map((q) => xbarCounts(q, hw)));
  return { ...a, macs: l.shape.M * OH * OW * l.shape.C * l.shape.R * l.shape.S };
}
