/**
 * Splitting a layer that does not fit the on-chip SRAMs into tiles that do: chunks of output channels and of
 * output rows. A row chunk carries its vertical padding as explicit zero rows (padY = 0), so every tile is an
 * ordinary layer for the hardware; the horizontal padding stays in the hardware.
 */
import { type DenseHwParams, derived } from './params.js';
import { DenseFitError, type DenseLayer } from './driver.js';
import type { ConvShape } from './model.js';

export interface DenseTile {
  layer: DenseLayer;
  /** output channels m0..m1-1 and output rows y0..y1-1 of the full layer */
  m0: number;
  m1: number;
  y0: number;
  y1: number;
}

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
  const K = s.C * s.R * s.S;
  const OH = Math.floor((s.H + 2 * s.pad - s.R) / s.stride) + 1;
  const OW = Math.floor((s.W + 2 * s.pad - s.S) / s.stride) + 1;
  const nxt = Math.ceil(OW / hw.rows);
  const wb = Math.ceil(s.W / d.ifBanks);
  const mFit = Math.min(s.M, hw.biasWords, Math.floor(hw.weightWords / K) * hw.cols);
  if (mFit < 1) throw new DenseFitError(`layer '${name}': one filter needs ${K} weight words per bank, the weight SRAM has ${hw.weightWords}; raise weightWords`);
  // channel chunks are whole channel tiles (multiples of cols) where possible; shrink them until one output row fits
  let mChunk = mFit >= s.M ? s.M : Math.max(Math.min(hw.cols, s.M), Math.floor(mFit / hw.cols) * hw.cols);
  const rowsFit = (ys: number): boolean => s.C * ((ys - 1) * s.stride + s.R) * wb <= hw.ifmapWords && mChunk * ys * nxt <= hw.outWords;
  while (mChunk > 1 && !rowsFit(1)) mChunk = mChunk > hw.cols ? mChunk - hw.cols : mChunk - 1;
  if (!rowsFit(1))
    throw new DenseFitError(`layer '${name}': one output row does not fit the input/output SRAMs (${s.C * s.R * wb} input words per bank needed, ${hw.ifmapWords} available; ${nxt} output words per channel, ${hw.outWords} available); raise ifmapWords/outWords`);
  let yChunk = OH;
  while (!rowsFit(yChunk)) yChunk--;
  if (mChunk === s.M && yChunk === OH) return [{ m0: 0, m1: s.M, y0: 0, y1: OH, shape: s }];
  const tiles: TileShape[] = [];
  for (let m0 = 0; m0 < s.M; m0 += mChunk)
    for (let y0 = 0; y0 < OH; y0 += yChunk) {
      const m1 = Math.min(s.M, m0 + mChunk);
      const y1 = Math.min(OH, y0 + yChunk);
      tiles.push({ m0, m1, y0, y1, shape: { ...s, H: (y1 - y0 - 1) * s.stride + s.R, M: m1 - m0, padY: 0 } });
    }
  return tiles;
}

/** Tiles covering the whole output, each fitting the hardware (the layer itself when it fits). */
export function tileLayer(l: DenseLayer, hw: DenseHwParams): DenseTile[] {
  const tiles = tileShapes(l.name, l.shape, hw);
  if (tiles.length === 1) return [{ layer: l, m0: 0, m1: l.shape.M, y0: 0, y1: tiles[0]!.y1 }];
  return tiles.map((t) => ({ layer: subLayer(l, t.m0, t.m1, t.y0, t.y1), m0: t.m0, m1: t.m1, y0: t.y0, y1: t.y1 }));
}

function subLayer(l: DenseLayer, m0: number, m1: number, y0: number, y1: number): DenseLayer {
  const s = l.shape;
  const Hs = (y1 - y0 - 1) * s.stride + s.R;
  const top = y0 * s.stride - s.pad;
  const input = new Uint16Array(s.C * Hs * s.W);
  for (let c = 0; c < s.C; c++)
    for (let j = 0; j < Hs; j++) {
      const src = top + j;
      if (src < 0 || src >= s.H) continue;
      for (let x = 0; x < s.W; x++) input[(c * Hs + j) * s.W + x] = l.input[(c * s.H + src) * s.W + x]!;
    }
  const K = s.C * s.R * s.S;
  const weights = Array.from({ length: (m1 - m0) * K }, (_, i) => l.weights[m0 * K + i]!);
  const bias = Array.from({ length: m1 - m0 }, (_, i) => l.bias[m0 + i]!);
  return {
    name: `${l.name}[m${m0}:${m1},y${y0}:${y1}]`,
    shape: { ...s, H: Hs, M: m1 - m0, padY: 0 },
    input,
    weights,
    bias,
    relu: l.relu,
    ...(l.rq ? { rq: l.rq } : {}),
  };
}
