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
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts, outputWrites } from './post.ts';

/** What the crossbar's action counts of one tile depend on; the conversions are the RTL's counters of the same names. */
export interface XbarQuantities extends TileOutputs {
  dacConversions: number;
  adcConversions: number;
  shiftAdds: number;
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
      ...postCounts(q.outputs, q.rq),
      outputWrites(q.outputs, hw.pixels, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const xbarEmitter: TileEmitter<XbarLayer, XbarHwParams, XbarQuantities> = { tiles: (l, hw) => xbarHooks(hw).tiles(l, hw), quantities: xbarQuantities, counts: xbarCounts };

/** The layer's actions; its MACs are the layer's (a tile's passes over K each count the tile's outputs · C·R·S). */
export function xbarActions(l: XbarLayer, hw: XbarHwParams): LayerActions {
  const { OH, OW } = outSize(l.shape);
  return { ...tileActions(xbarEmitter, l, hw), macs: l.shape.M * OH * OW * l.shape.C * l.shape.R * l.shape.S };
}
