/**
 * Tiling of layers too big for the LINAC cores' SRAMs: chunks of filters (multiples of F) and of output rows, the
 * vertical padding turned into zero rows (common/tiling.ts subLayer). Never imports the DSL.
 */
import { outDims, type LinacLayerData } from './golden.js';
import type { LinacHwParams, PlaneHwParams } from './params.js';
import { LinacFitError } from './driver.js';
import { planeStream } from './plane_driver.js';
import { gridTiles, subLayer, type Tile } from '../common/tiling.js';

export { subLayer };
export type LinacTile = Tile<LinacLayerData>;

/** Split a layer into chunks of filters (multiples of F) and output rows that fit; vertical padding becomes zero rows. */
export function tileLinac(l: LinacLayerData, hw: LinacHwParams): LinacTile[] {
  const s = l.shape;
  const { OH, OW, Wp } = outDims(s);
  const K = s.C * s.R * s.S;
  const G = Math.ceil(K / hw.lanes);
  let mChunk = Math.min(s.M, Math.max(hw.filters, Math.floor(Math.min(hw.weightWords / G, hw.biasWords)) * hw.filters));
  if (G > hw.weightWords) throw new LinacFitError(`layer '${l.name}': one filter tile needs ${G} weight words per bank, the weight SRAM has ${hw.weightWords}; raise weightWords`);
  const rowsFit = (ys: number): boolean => s.C * ((ys - 1) * s.stride + s.R) * Wp <= hw.ifmapWords && Math.ceil(mChunk / hw.filters) * ys * OW <= hw.outWords;
  while (mChunk > hw.filters && !rowsFit(1)) mChunk -= hw.filters;
  if (!rowsFit(1)) throw new LinacFitError(`layer '${l.name}': one output row does not fit the input/output SRAMs; raise ifmapWords/outWords`);
  let yChunk = OH;
  while (!rowsFit(yChunk)) yChunk--;
  return gridTiles(l, mChunk, yChunk);
}

/**
 * Tiles for the wgt_plane core: chunks of consecutive filters whose weight streams fit the slot memory together (a
 * filter's stream length depends on its weights only, so it is the same in every tile) and the bias memory, and
 * chunks of output rows whose padded input and outputs fit.
 */
export function tilePlane(l: LinacLayerData, hw: PlaneHwParams): LinacTile[] {
  const s = l.shape;
  const { OH, OW, Hp, Wp } = outDims(s);
  const nxb = Math.ceil(OW / hw.cols);
  const words = planeStream(l, hw.lanes).map((g) => g.length);
  const chunks: Array<[number, number]> = [];
  for (let m0 = 0; m0 < s.M; ) {
    let m1 = m0;
    let w = 0;
    while (m1 < s.M && m1 - m0 < hw.biasWords && w + words[m1]! <= hw.slotWords) w += words[m1++]!;
    if (m1 === m0) throw new LinacFitError(`layer '${l.name}': the weight stream of filter ${m0} needs ${words[m0]} words per lane, the slot SRAM has ${hw.slotWords}; raise slotWords`);
    chunks.push([m0, m1]);
    m0 = m1;
  }
  const mMax = Math.max(...chunks.map(([a, b]) => b - a));
  if (chunks.length === 1 && s.C * Hp * Wp <= hw.ifmapWords && s.M * OH * nxb <= hw.outWords) return [{ layer: l, m0: 0, m1: s.M, y0: 0, y1: OH }];
  const rowsFit = (ys: number): boolean => s.C * ((ys - 1) * s.stride + s.R) * Wp <= hw.ifmapWords && mMax * ys * nxb <= hw.outWords;
  if (!rowsFit(1)) throw new LinacFitError(`layer '${l.name}': one output row does not fit the input/output SRAMs; raise ifmapWords/outWords`);
  let yChunk = OH;
  while (!rowsFit(yChunk)) yChunk--;
  const tiles: LinacTile[] = [];
  for (const [m0, m1] of chunks)
    for (let y0 = 0; y0 < OH; y0 += yChunk) {
      const y1 = Math.min(OH, y0 + yChunk);
      tiles.push({ layer: subLayer(l, m0, m1, y0, y1), m0, m1, y0, y1 });
    }
  return tiles;
}
