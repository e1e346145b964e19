/**
 * Action counts of the zero-activation-skipping accelerator, from its cycle model (generators/zas/model.ts) per tile.
 * Per channel tile the encoded map streams once per kernel pass (F of them, model.ts zasFolds): each stream cycle reads one non-zero word and one row-end word; each
 * issued non-zero reads KR·KS weights in every one of the P PEs and multiplies them (P·KR·KS slots, edge taps and
 * lanes past M included); each product with a target is accumulated into a partial-sum bank (read, add, write). The
 * partial buffers are cleared once per tile and drained once per channel tile (one read per output position and PE);
 * every output written costs the post-processing and one output-SRAM write.
 */
import { tileZas } from '../../generators/zas/tiling.js';
import { planZas, type ZasLayer } from '../../generators/zas/driver.js';
import { derived, type ZasHwParams } from '../../generators/zas/params.js';
import { combine, type LayerActions } from './dense.ts';
import { sramOf } from './sram.ts';

export function zasTileActions(l: ZasLayer, hw: ZasHwParams): LayerActions {
  const d = derived(hw);
  const plan = planZas(l, hw);
  const z = plan.model;
  const issue = z.nnz * z.nmt * z.F;
  const streamCycles = z.stream * z.nmt * z.F;
  const slots = issue * hw.P * d.taps;
  const outputs = l.shape.M * z.OH * z.OW;
  const drains = z.drain * z.nmt * hw.P;
  const part = sramOf(hw.partialWords, hw.accBits);
  return {
    counts: [
      { component: sramOf(hw.nzWords, d.nzBits), action: 'read_bit', count: streamCycles * d.nzBits, note: 'non-zero reads' },
      { component: sramOf(d.rowBankWords, d.ptrBits), action: 'read_bit', count: streamCycles * d.ptrBits, note: 'row-end reads' },
      { component: sramOf(hw.weightWords, hw.wBits), action: 'read_bit', count: slots * hw.wBits, note: 'weight SRAM reads' },
      { component: 'mult8', action: 'mult', count: slots, note: 'PE multiplies (issued slots)' },
      { component: 'add32', action: 'add', count: z.macs, note: 'partial-sum accumulates (products with a target)' },
      { component: part, action: 'read_bit', count: (z.macs + drains) * hw.accBits, note: 'partial-sum reads (accumulate, drain)' },
      { component: part, action: 'write_bit', count: (z.macs + z.clear * d.NB * hw.P) * hw.accBits, note: 'partial-sum writes (accumulate, clear)' },
      { component: sramOf(hw.biasWords, hw.accBits), action: 'read_bit', count: z.nmt * hw.P * hw.accBits, note: 'bias reads' },
      { component: 'add32', action: 'add', count: outputs, note: 'bias adds' },
      { component: 'mult32', action: 'mult', count: l.rq ? outputs : 0, note: 'requantisation multiplies' },
      { component: sramOf(hw.outWords, hw.accBits), action: 'write_bit', count: outputs * hw.accBits, note: 'output SRAM writes' },
    ],
    macs: l.shape.M * z.OH * z.OW * l.shape.C * l.shape.R * l.shape.S,
    cycles: plan.cycles,
  };
}

export function zasActions(l: ZasLayer, hw: ZasHwParams): LayerActions {
  return combine(tileZas(l, hw).map((t) => zasTileActions(t.layer, hw)));
}
