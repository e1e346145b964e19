/**
 * Splitting a layer that does not fit the on-chip memories: chunks of output rows (as many as the output, input and
 * weight memories allow) times chunks of output channels. A row chunk gets exactly the input rows its windows read
 * (the top padding stays in the hardware as pad_y; rows past the tile's last row are the layer's bottom padding).
 * A channel chunk gets the prediction unit's rows of Q and b̂ for its channels (P is shared).
 */
import { type PredictHwParams, derived } from './params.js';
import { outSize, type PredLayer, type Predictor } from './golden.js';
import { PredictFitError } from './driver.js';
import { cutLayer, tileName, type RowSpan } from '../common/tiling.js';

export interface PredictTile {
  layer: PredLayer;
  pred: Predictor | null;
  m0: number;
  m1: number;
  y0: number;
  y1: number;
}

export type TileSpan = RowSpan;

/** The tile spans of a layer shape (largest tiles that fit). */
export function tileSpans(name: string, s: PredLayer['shape'], hw: PredictHwParams): TileSpan[] {
  const d = derived(hw);
  const { OH, OW } = outSize(s);
  const padTop = s.padY ?? s.pad;
  const nchunk = Math.ceil((s.C * s.R) / hw.chunkRows);
  const wb = Math.ceil(s.W / d.NBk);
  const mChunk = Math.min(s.M, hw.maxM, Math.floor(hw.weightWords / nchunk), Math.floor(hw.outWords / OW));
  if (mChunk < 1) throw new PredictFitError(`layer '${name}': one channel needs ${nchunk} weight words and ${OW} output words; raise weightWords/outWords`);
  const rowsOf = (y0: number, y1: number): [number, number] => [Math.max(0, y0 * s.stride - padTop), Math.min(s.H - 1, (y1 - 1) * s.stride - padTop + s.R - 1)];
  const spans: TileSpan[] = [];
  for (let m0 = 0; m0 < s.M; m0 += mChunk) {
    const m1 = Math.min(s.M, m0 + mChunk);
    for (let y0 = 0; y0 < OH; ) {
      let ys = Math.min(OH - y0, Math.floor(hw.outWords / ((m1 - m0) * OW)));
      const fits = (n: number) => {
        const [lo, hi] = rowsOf(y0, y0 + n);
        return s.C * Math.max(1, hi - lo + 1) * wb <= hw.ifmapWords;
      };
      while (ys > 0 && !fits(ys)) ys--;
      if (ys < 1) throw new PredictFitError(`layer '${name}': output row ${y0} does not fit (input ${hw.ifmapWords} words per bank, output ${hw.outWords}); raise those sizes`);
      const [rlo, rhiRaw] = rowsOf(y0, y0 + ys);
      spans.push({ m0, m1, y0, y1: y0 + ys, rlo, rhi: Math.max(rlo, rhiRaw) });
      y0 += ys;
    }
  }
  return spans;
}

export function slicePredictor(pred: Predictor, m0: number, m1: number): Predictor {
  const r = pred.rank;
  return { ...pred, Q: Array.from({ length: (m1 - m0) * r }, (_, i) => pred.Q[m0 * r + i]!), bhat: Array.from({ length: m1 - m0 }, (_, i) => pred.bhat[m0 + i]!) };
}

/** Tiles covering the whole output, each fitting the hardware (the layer itself when it fits). */
export function tilePredict<L extends PredLayer>(l: L, pred: Predictor | null, hw: PredictHwParams): Array<PredictTile & { layer: L }> {
  const s = l.shape;
  const spans = tileSpans(l.name, s, hw);
  const { OH } = outSize(s);
  if (spans.length === 1 && spans[0]!.y1 === OH && spans[0]!.m1 === s.M) return [{ layer: l, pred, m0: 0, m1: s.M, y0: 0, y1: OH }];
  const padTop = s.padY ?? s.pad;
  return spans.map((t) => {
    const Hs = t.rhi - t.rlo + 1;
    const shape = { ...s, H: Hs, M: t.m1 - t.m0, padY: padTop - t.y0 * s.stride + t.rlo, OH: t.y1 - t.y0 };
    const layer = cutLayer(l, t.m0, t.m1, t.rlo, Hs, shape, tileName(l.name, t.m0, t.m1, t.y0, t.y1));
    return { layer, pred: pred ? slicePredictor(pred, t.m0, t.m1) : null, m0: t.m0, m1: t.m1, y0: t.y0, y1: t.y1 };
  });
}
