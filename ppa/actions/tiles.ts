/**
 * A family's action counts, tile by tile. Each emitter's counts are a function of a few quantities of one tile (the
 * family's `…Quantities`); a layer's counts are the sum over its tiles, taken in the verify loop's tile order, so
 * that measured.ts can replace a verified tile's counted quantities with the counters the RTL gave.
 */
import type { ActionCount } from '../energy/model.ts';

export interface LayerActions {
  counts: ActionCount[];
  /** useful MACs (M·OH·OW·C·R·S) */
  macs: number;
  cycles: number;
}

/** What every convolution family's tile quantities include (the post-processing and the totals). */
export interface TileOutputs {
  /** outputs the tile writes */
  outputs: number;
  /** requantised (per channel) */
  rq: boolean;
  /** useful MACs */
  macs: number;
  cycles: number;
}

/** What a family's per-tile emitter is made of. */
export interface TileEmitter<L, H, Q> {
  /** the tiles of a layer, in the verify loop's order (the family's hooks.tiles or its tiling function) */
  tiles: (l: L, hw: H) => ReadonlyArray<{ layer: L }>;
  /** the quantities of one tile (a tile's layer) */
  quantities: (l: L, hw: H) => Q;
  /** the action counts of one tile's quantities */
  counts: (q: Q, hw: H) => LayerActions;
}

/** The quantities of each tile of a layer, in the verify loop's tile order. */
export function tileQuantities<L, H, Q>(e: TileEmitter<L, H, Q>, l: L, hw: H): Q[] {
  return e.tiles(l, hw).map((t) => e.quantities(t.layer, hw));
}

/** The actions of a whole layer: its tiles' counts summed (each tile a run). */
export function tileActions<L, H, Q>(e: TileEmitter<L, H, Q>, l: L, hw: H): LayerActions {
  return combine(tileQuantities(e, l, hw).map((q) => e.counts(q, hw)));
}

/** The sum of several runs' actions (the same count list in the same order). */
export function combine(parts: readonly LayerActions[]): LayerActions {
  const counts = parts[0]?.counts.map((c) => ({ ...c, count: 0 })) ?? [];
  for (const p of parts) p.counts.forEach((c, i) => (counts[i]!.count += c.count));
  return { counts, macs: parts.reduce((s, p) => s + p.macs, 0), cycles: parts.reduce((s, p) => s + p.cycles, 0) };
}
