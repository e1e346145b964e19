/**
 * Action counts of the zero-activation-skipping accelerator, from its cycle model (generators/zas/model.ts) per tile.
 * Per channel tile the encoded map streams once per kernel pass (F of them, model.ts zasFolds): each stream cycle
 * reads one non-zero word and one row-end word; each issued non-zero reads KR·KS weights in every one of the P PEs and multiplies them (P·KR·KS slots, edge taps and
 * lanes past M included); each product with a target is accumulated into a partial-sum bank (read, add, write). The
 * partial buffers are cleared once per tile and drained once per channel tile (one read per output position and PE);
 * every output written costs the post-processing and one output-SRAM write.
 *
 * The counts are a function of the tile's ZasQuantities; `issued`, `stream` and `clear` are what the RTL's `nonzero`,
 * `nonzero + empty_row` and `clear` counters measure (measured.ts).
 */
import { tileZas } from '../../generators/zas/tiling.js';
import { planZas, type ZasLayer } from '../../generators/zas/driver.js';
import { derived, type ZasHwParams } from '../../generators/zas/params.js';
import { tileActions, type LayerActions, type TileEmitter, type TileOutputs } from './tiles.ts';
import { postCounts, outputWrites } from './post.ts';
import { sramOf } from './sram.ts';

/** What the ZAS accelerator's action counts of one tile depend on. */
export interface ZasQuantities extends TileOutputs {
  /** non-zeros issued (nnz × kernel passes × channel tiles); the RTL's `nonzero` counter */
  issued: number;
  /** stream cycles (issued + empty rows that cost a cycle); the RTL's `nonzero + empty_row` */
  stream: number;
  /** clear cycles of the partial buffers (each writes one word of every bank of every PE); the RTL's `clear` */
  clear: number;
  /** products with a target (accumulated) */
  accumulates: number;
  /** drain reads (output positions × channel tiles × PEs) */
  drains: number;
  channelTiles: number;
}

export function zasQuantities(l: ZasLayer, hw: ZasHwParams): ZasQuantities {
  const plan = planZas(l, hw);
  const z = plan.model;
  return {
    issued: z.nnz * z.nmt * z.F,
    stream: z.stream * z.nmt * z.F,
    clear: z.clear,
    accumulates: z.macs,
    drains: z.drain * z.nmt * hw.P,
    channelTiles: z.nmt,
    outputs: l.shape.M * z.OH * z.OW,
    rq: l.rq !== undefined,
    macs: l.shape.M * z.OH * z.OW * l.shape.C * l.shape.R * l.shape.S,
    cycles: plan.cycles,
  };
}

export function zasCounts(q: ZasQuantities, hw: ZasHwParams): LayerActions {
  const d = derived(hw);
  const slots = q.issued * hw.P * d.taps;
  const part = sramOf(hw.partialWords, hw.accBits);
  return {
    counts: [
      { component: sramOf(hw.nzWords, d.nzBits), action: 'read_bit', count: q.stream * d.nzBits, note: 'non-zero reads' },
      { component: sramOf(d.rowBankWords, d.ptrBits), action: 'read_bit', count: q.stream * d.ptrBits, note: 'row-end reads' },
      { component: sramOf(hw.weightWords, hw.wBits), action: 'read_bit', count: slots * hw.wBits, note: 'weight SRAM reads' },
      { component: 'mult8', action: 'mult', count: slots, note: 'PE multiplies (issued slots)' },
      { component: 'add32', action: 'add', count: q.accumulates, note: 'partial-sum accumulates (products with a target)' },
      { component: part, action: 'read_bit', count: q.accumulates * hw.accBits, note: 'partial-sum reads (accumulates)' },
      { component: part, action: 'read_bit', count: q.drains * hw.accBits, note: 'partial-sum reads (drain)' },
      { component: part, action: 'write_bit', count: q.accumulates * hw.accBits, note: 'partial-sum writes (accumulates)' },
      { component: part, action: 'write_bit', count: q.clear * d.NB * hw.P * hw.accBits, note: 'partial-sum writes (clear)' },
      { component: sramOf(hw.biasWords, hw.accBits), action: 'read_bit', count: q.channelTiles * hw.P * hw.accBits, note: 'bias reads' },
      ...postCounts(q.outputs, q.rq),
      outputWrites(q.outputs, hw.outWords, hw.accBits),
    ],
    macs: q.macs,
    cycles: q.cycles,
  };
}

export const zasEmitter: TileEmitter<ZasLayer, ZasHwParams, ZasQuantities> = { tiles: tileZas, quantities: zasQuantities, counts: zasCounts };

export const zasActions = (l: ZasLayer, hw: ZasHwParams): LayerActions => tileActions(zasEmitter, l, hw);
