/**
 * Splitting a layer that does not fit the on-chip memories into tiles that do: chunks of output rows (greedy, as many
 * rows as the partial buffer, the output memory, the row table and — data-dependent, since only non-zeros are stored —
 * the non-zero memory allow) and chunks of output channels (multiples of P, as many as the weight, bias and output
 * memories allow). A row chunk gets exactly the input rows its outputs need (no padding rows: the scatter needs no
 * rows below the map, and the top padding stays in the hardware as pad_y), so a tile's cost is its non-zeros. Input
 * rows that two row chunks both need are streamed by both: that is the tiling's share of the edge overhead.
 */
import { type ZasHwParams, derived } from './params.js';
import { ZasFitError, weightWordsPerTile, type ZasLayer, type ZasShape } from './driver.js';
import { outDims } from '../common/shape.js';
import { cutLayer, tileName, type Tile, type RowSpan } from '../common/tiling.js';

export type ZasTile = Tile<ZasLayer>;

/** A tile before it is cut: its channels and rows, the input rows rlo..rhi of the full layer it reads, its shape. */
export interface TilePlan extends RowSpan {
  shape: ZasShape;
}

/** Plan the tiles of a layer; `rowNnz[y]` = non-zeros of input row y summed over the channels (data-dependent fit). */
export function planTiles(name: string, s: ZasShape, hw: ZasHwParams, rowNnz: ArrayLike<number>): TilePlan[] {
  const d = derived(hw);
  const { OH, OW, padY: padTop } = outDims(s);
  const wb = Math.ceil(OW / d.BS);
  const prefix = new Float64Array(s.H + 1);
  for (let y = 0; y < s.H; y++) prefix[y + 1] = prefix[y]! + rowNnz[y]!;
  const wtile = weightWordsPerTile(s, hw);
  const nmtW = Math.min(Math.floor(hw.weightWords / wtile), hw.biasWords);
  if (nmtW < 1) throw new ZasFitError(`layer '${name}': one channel tile needs ${wtile} weight words per tap bank (passes × C × stride²), the weight SRAM has ${hw.weightWords}; raise weightWords`);
  const ysCap = Math.min(OH, Math.floor(hw.partialWords / wb) * d.BR, Math.floor(hw.outWords / OW));
  const rowsOf = (y0: number, y1: number): [number, number] => [
    Math.max(0, y0 * s.stride - padTop),
    Math.min(s.H - 1, (y1 - 1) * s.stride - padTop + s.R - 1),
  ];
  const fits = (y0: number, y1: number): boolean => {
    const [lo, hi] = rowsOf(y0, y1);
    if (hi < lo) return true;
    return s.C * (hi - lo + 1) <= hw.rowWords && prefix[hi + 1]! - prefix[lo]! <= hw.nzWords;
  };
  const tiles: TilePlan[] = [];
  for (let y0 = 0; y0 < OH; ) {
    let ys = Math.min(ysCap, OH - y0);
    while (ys > 0 && !fits(y0, y0 + ys)) ys--;
    if (ys < 1)
      throw new ZasFitError(
        `layer '${name}': output row ${y0} does not fit (partial buffer ${hw.partialWords} words/bank for ${wb} per row-of-banks, output ${hw.outWords} words for ${OW}, row table ${hw.rowWords}, non-zero memory ${hw.nzWords}); raise those sizes`,
      );
    const y1 = y0 + ys;
    const [rlo, rhiRaw] = rowsOf(y0, y1);
    const rhi = Math.max(rlo, rhiRaw);
    const nmt = Math.max(1, Math.min(nmtW, Math.floor(hw.outWords / (ys * OW))));
    const mChunk = Math.min(s.M, nmt * hw.P);
    for (let m0 = 0; m0 < s.M; m0 += mChunk) {
      const m1 = Math.min(s.M, m0 + mChunk);
      tiles.push({
        m0, m1, y0, y1, rlo, rhi,
        shape: { ...s, H: rhi - rlo + 1, M: m1 - m0, padY: padTop - y0 * s.stride + rlo, OH: ys },
      });
    }
    y0 = y1;
  }
  return tiles;
}

export function rowNonZeros(l: ZasLayer): Float64Array {
  const s = l.shape;
  const n = new Float64Array(s.H);
  for (let c = 0; c < s.C; c++)
    for (let y = 0; y < s.H; y++) {
      let k = 0;
      const base = (c * s.H + y) * s.W;
      for (let x = 0; x < s.W; x++) if (l.input[base + x] !== 0) k++;
      n[y]! += k;
    }
  return n;
}

/** Tiles covering the whole output, each fitting the hardware (the layer itself when it fits). */
export function tileZas(l: ZasLayer, hw: ZasHwParams): ZasTile[] {
  const s = l.shape;
  const plans = planTiles(l.name, s, hw, rowNonZeros(l));
  if (plans.length === 1 && plans[0]!.rlo === 0 && plans[0]!.rhi === s.H - 1) return [{ layer: l, m0: 0, m1: s.M, y0: 0, y1: plans[0]!.y1 }];
  return plans.map((t) => ({
    layer: cutLayer(l, t.m0, t.m1, t.rlo, t.rhi - t.rlo + 1, t.shape, tileName(l.name, t.m0, t.m1, t.y0, t.y1)),
    m0: t.m0,
    m1: t.m1,
    y0: t.y0,
    y1: t.y1,
  }));
}
