/**
 * Splitting a layer that does not fit the on-chip SRAMs into tiles that do: chunks of output channels and of
 * output rows. A row chunk carries its vertical padding as explicit zero rows (padY = 0), so every tile is an
 * ordinary layer for the hardware; the horizontal padding stays in the hardware.
 */
import { type DenseHwParams, derived, inputPitch } from './params.js';
import { DenseFitError, planLayer, type DenseLayer } from './driver.js';
import { outDims, type ConvShape } from '../common/shape.js';
import { denseCycles } from './model.js';
import { cutLayer, gridTiles, type Tile } from '../common/tiling.js';

export type DenseTile = Tile<DenseLayer>;

export interface TileShape {
  /** output channels m0..m1-1 and output rows y0..y1-1 of the full layer */
  m0: number;
  m1: number;
  y0: number;
  y1: number;
  /** the tile as a layer of its own (padY = 0: its vertical padding is explicit zero rows) */
  shape: ConvShape;
}

/** How a layer of this shape is split to fit the SRAMs (a single tile when it fits). Needs no data. */
export function tileShapes(name: string, s: ConvShape, hw: DenseHwParams): TileShape[] {
  const d = derived(hw);
  const { OH, OW, K } = outDims(s);
  const pitch = inputPitch(s.W, OW, s.stride, d.ifBanks);
  const mFit = Math.min(s.M, hw.biasWords, Math.floor(hw.weightWords / K) * hw.cols);
  if (mFit < 1) throw new DenseFitError(`layer '${name}': one filter needs ${K} weight words per bank, the weight SRAM has ${hw.weightWords}; raise weightWords`);
  // channel chunks are whole channel tiles (multiples of cols) where possible; shrink them until one output row fits
  let mChunk = mFit >= s.M ? s.M : Math.max(Math.min(hw.cols, s.M), Math.floor(mFit / hw.cols) * hw.cols);
  const inWords = (ys: number): number => Math.ceil((s.C * ((ys - 1) * s.stride + s.R) * pitch) / d.ifBanks);
  const outWords = (ys: number): number => mChunk * Math.ceil((ys * OW) / hw.rows);
  const rowsFit = (ys: number): boolean => inWords(ys) <= hw.ifmapWords && outWords(ys) <= hw.outWords;
  while (mChunk > 1 && !rowsFit(1)) mChunk = mChunk > hw.cols ? mChunk - hw.cols : mChunk - 1;
  if (!rowsFit(1))
    throw new DenseFitError(`layer '${name}': one output row does not fit the input/output SRAMs (${inWords(1)} input words per bank needed, ${hw.ifmapWords} available; ${outWords(1)} output words, ${hw.outWords} available); raise ifmapWords/outWords`);
  let yMax = OH;
  while (!rowsFit(yMax)) yMax--;
  if (mChunk === s.M && yMax === OH) return [{ m0: 0, m1: s.M, y0: 0, y1: OH, shape: s }];
  const grid = (yChunk: number): TileShape[] => {
    const tiles: TileShape[] = [];
    for (let m0 = 0; m0 < s.M; m0 += mChunk)
      for (let y0 = 0; y0 < OH; y0 += yChunk) {
        const m1 = Math.min(s.M, m0 + mChunk);
        const y1 = Math.min(OH, y0 + yChunk);
        tiles.push({ m0, m1, y0, y1, shape: { ...s, H: (y1 - y0 - 1) * s.stride + s.R, M: m1 - m0, padY: 0 } });
      }
    return tiles;
  };
  // the row chunk with the fewest cycles: a chunk of ys rows holds ceil(ys·OW / rows) pixel tiles, so the largest
  // chunk that fits is not always the best (ties go to the larger chunk: fewer tiles)
  const cost = (yChunk: number): number => {
    let c = 0;
    for (let y0 = 0; y0 < OH; y0 += yChunk) c += denseCycles({ ...s, H: (Math.min(OH, y0 + yChunk) - y0 - 1) * s.stride + s.R, M: mChunk, padY: 0 }, hw).cycles;
    return c;
  };
  let best = yMax;
  for (let ys = yMax - 1; ys >= 1; ys--) if (cost(ys) < cost(best)) best = ys;
  return grid(best);
}

/** Tiles covering the whole output, each fitting the hardware (the layer itself when it fits). */
export function tileLayer(l: DenseLayer, hw: DenseHwParams): DenseTile[] {
  const tiles = tileShapes(l.name, l.shape, hw);
  const t = tiles[0]!;
  return gridTiles(l, t.m1 - t.m0, t.y1 - t.y0);
}

/**
 * Check that a layer fits the hardware once tiled: every tile must pass planLayer. A failure throws the DenseFitError
 * of planLayer, naming the layer (not the tile) where the limit does not depend on the tiling (widths, stride, kernel).
 */
export function checkLayerFits(l: DenseLayer, hw: DenseHwParams): void {
  const s = l.shape;
  const { OH, OW } = outDims(s);
  if (OH < 1 || OW < 1)
    throw new DenseFitError(`layer '${l.name}': the ${s.R}×${s.S} kernel is larger than the ${s.H}×${s.W} input with padding ${s.pad} (no output); enlarge H/W or pad`);
  try {
    for (const t of tileLayer(l, hw)) planLayer(t.layer, hw);
  } catch (e) {
    if (!(e instanceof DenseFitError)) throw e;
    // the same layer against unbounded memories: the width/shape limits, reported for the layer itself
    const huge = 2 ** 48;
    const big = { ...hw, ifmapWords: huge, weightWords: huge, outWords: huge, biasWords: huge };
    planLayer(l, big);
    throw e;
  }
}

/**
 * A small layer of its own cut from the top of a layer: its first `m` channels and the input rows its first `ys`
 * output rows read, with the layer's own (symmetric) padding, so the golden model of the cut is the cut's own. Its
 * first `ys` output rows equal the layer's (the cut may have a further row or two that reads its bottom padding).
 * For checks on real data that must stay small (a simulator that runs a few thousand cycles per second).
 */
export function topCut(l: DenseLayer, m: number, ys: number): DenseLayer {
  const s = l.shape;
  const H = Math.min(s.H, Math.max(1, (ys - 1) * s.stride + s.R - s.pad));
  const M = Math.min(m, s.M);
  return cutLayer(l, 0, M, 0, H, { ...s, H, M }, `${l.name}[m0:${M},in0:${H}]`);
}
