/**
 * Tiling helpers shared by the families: a tile type (a sub-layer and where its outputs go in the full layer), the
 * sub-layer cut (a chunk of output channels and of output rows), and the evenly spread tile sample of `maxTiles`.
 * Plain TypeScript: no DSL.
 */
import { outDims, type ConvLayer, type ConvShape } from './shape.js';
import { sliceRq } from './rq.js';

/** A tile: a layer of its own that computes output channels m0..m1−1 and output rows y0..y1−1 of the full layer. */
export interface Tile<L extends ConvLayer = ConvLayer> {
  layer: L;
  m0: number;
  m1: number;
  y0: number;
  y1: number;
}

/** Output channels m0..m1−1 and rows y0..y1−1 of a layer, and the input rows rlo..rhi they read (a tile before it is cut). */
export interface RowSpan {
  m0: number;
  m1: number;
  y0: number;
  y1: number;
  rlo: number;
  rhi: number;
}

/**
 * Cut channels m0..m1−1 and input rows top..top+H−1 out of a layer (rows outside the input are zeros), with the given
 * shape for the result (its H and M must be H and m1 − m0).
 */
export function cutLayer<L extends ConvLayer>(l: L, m0: number, m1: number, top: number, H: number, shape: ConvShape, name: string): L {
  const s = l.shape;
  const input = new Uint16Array(s.C * H * s.W);
  for (let c = 0; c < s.C; c++)
    for (let j = 0; j < H; j++) {
      const src = top + j;
      if (src < 0 || src >= s.H) continue;
      for (let x = 0; x < s.W; x++) input[(c * H + j) * s.W + x] = l.input[(c * s.H + src) * s.W + x]!;
    }
  const K = s.C * s.R * s.S;
  return {
    ...l,
    name,
    shape,
    input,
    weights: Array.from({ length: (m1 - m0) * K }, (_, i) => l.weights[m0 * K + i]!),
    bias: Array.from({ length: m1 - m0 }, (_, i) => l.bias[m0 + i]!),
    ...(l.rq ? { rq: sliceRq(l.rq, m0, m1) } : {}),
  };
}

/** The usual name of a tile: `layer[m0:m1,y0:y1]`. */
export function tileName(name: string, m0: number, m1: number, y0: number, y1: number): string {
  return `${name}[m${m0}:${m1},y${y0}:${y1}]`;
}

/**
 * Output channels m0..m1−1 and output rows y0..y1−1 as a layer of their own: exactly the input rows those outputs
 * read, the vertical padding turned into explicit zero rows (padY = 0), so the hardware sees an ordinary layer.
 */
export function subLayer<L extends ConvLayer>(l: L, m0: number, m1: number, y0: number, y1: number): L {
  const s = l.shape;
  const H = (y1 - y0 - 1) * s.stride + s.R;
  const { OH: _oh, ...rest } = s;
  return cutLayer(l, m0, m1, y0 * s.stride - outDims(s).padY, H, { ...rest, H, M: m1 - m0, padY: 0 }, tileName(l.name, m0, m1, y0, y1));
}

/** Chunks of channels × chunks of output rows, each a sub-layer (the layer itself when one chunk covers it). */
export function gridTiles<L extends ConvLayer>(l: L, mChunk: number, yChunk: number): Array<Tile<L>> {
  const s = l.shape;
  const { OH } = outDims(s);
  if (mChunk >= s.M && yChunk >= OH) return [{ layer: l, m0: 0, m1: s.M, y0: 0, y1: OH }];
  const tiles: Array<Tile<L>> = [];
  for (let m0 = 0; m0 < s.M; m0 += mChunk)
    for (let y0 = 0; y0 < OH; y0 += yChunk) {
      const m1 = Math.min(s.M, m0 + mChunk);
      const y1 = Math.min(OH, y0 + yChunk);
      tiles.push({ layer: subLayer(l, m0, m1, y0, y1), m0, m1, y0, y1 });
    }
  return tiles;
}

/** Which tiles of `total` to verify when at most `max` are wanted: evenly spread, first and last included. */
export function tileSample(max: number | undefined): ((index: number, total: number) => boolean) | undefined {
  if (max === undefined) return undefined;
  return (i, total) => {
    if (total <= max) return true;
    if (max === 1) return i === 0;
    for (let k = 0; k < max; k++) if (Math.round((k * (total - 1)) / (max - 1)) === i) return true;
    return false;
  };
}

/** The indices of the tiles `maxTiles` selects out of `total`. */
export function sampledTiles(total: number, maxTiles: number | undefined): number[] {
  const f = tileSample(maxTiles);
  return Array.from({ length: total }, (_, i) => i).filter((i) => !f || f(i, total));
}

/** A shard K/N of a tile list: every N-th entry from K (0 ≤ K < N). */
export interface Shard {
  k: number;
  n: number;
}

export function shardOf<T>(xs: readonly T[], shard: Shard | undefined): T[] {
  return shard ? xs.filter((_, i) => i % shard.n === shard.k) : [...xs];
}
