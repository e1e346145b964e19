/**
 * The measurement on the real network (face-api's face-recognition ResNet, six sample images) behind `hwgen bench svd`:
 * per 3×3 layer and image the exact sums, non-zero pairs and PE steps; per rank the raw P·x; per (rank, τ setting,
 * image) the leave-one-out prediction unit (zshift and τ calibrated on the other five images), its skip mask and the
 * cycle model's cycles; and the end-to-end drift: the whole network run (float) with the skipped outputs zeroed, the
 * integer predictor fed with the quantised activations of that run, descriptor cosine against the unmodified run.
 */
import { activationScales, descriptorDrift, layerShapes, NUM_SAMPLES, quantizeActivation, type NamedLayerShape } from '../../workloads/facenet/index.js';
import { facenetLayerData } from '../common/layers.js';
import { denseCycles } from '../dense/model.js';
import { type PredictHwParams, derived } from './params.js';
import { exactStats, outputStats, predictAll, type GoldenResult, type OutputStats, type PredLayer, type Predictor } from './golden.js';
import { buildPredictor, calibrateTau, chooseZshift, factorsOf, maxAbsOf, quantizeP, rawLowRank, windowsOf, yhatFromRaw } from './prep.js';
import { predictCycles, type PredictCycles } from './model.js';
import type { GapInput } from './gap.js';

/** A τ setting: a calibrated false-skip target, or τ = 0 (the sign itself). */
export type TauSetting = { falseSkip: number } | 'tau0';
export const tauName = (t: TauSetting): string => (t === 'tau0' ? 'τ=0' : `fs≤${(t.falseSkip * 100).toFixed(1)}%`);

export interface LayerImageStats {
  layer: string;
  image: number;
  outputs: number;
  /** truly ≤ 0 */
  nonPositive: number;
  skipped: number;
  falseSkips: number;
  peMacs: number;
  predMacs: number;
  cycles: number;
  /** Σ over windows of the slowest PE's steps, of the mean PE's steps, and of the pairs / (PE·npc) */
  peSteps: number;
  peStepsBalanced: number;
  idealSteps: number;
  /** windows where the PEs took longer than the front end */
  peBound: number;
  windows: number;
  /** cycles, executed MACs and the gap counters (gap.ts) */
  gap: GapInput;
}

/** Best dense schedule with N multipliers: the rows×cols factorisation with the fewest cycles. */
export function denseBest(s: PredLayer['shape'], N: number): { cycles: number; rows: number; cols: number } {
  let best = { cycles: Infinity, rows: 1, cols: N };
  for (let rows = 1; rows <= N; rows++) {
    if (N % rows) continue;
    const c = denseCycles(s, { rows, cols: N / rows }).cycles;
    if (c < best.cycles) best = { cycles: c, rows, cols: N / rows };
  }
  return best;
}

export class NetStudy {
  readonly layers: NamedLayerShape[];
  private readonly data = new Map<string, PredLayer[]>();
  private readonly stats = new Map<string, OutputStats[]>();
  private readonly raws = new Map<string, Float64Array[][]>();
  private readonly preds = new Map<string, Predictor>();

  constructor(readonly hw: PredictHwParams) {
    this.layers = layerShapes().filter((s) => s.R === 3 && s.S === 3);
  }

  /** Layers the prediction unit applies to: ReLU right after the conv (every block's conv1). */
  predictable(name: string): boolean {
    return this.layers.find((s) => s.name === name)?.relu ?? false;
  }

  layerData(name: string): PredLayer[] {
    let d = this.data.get(name);
    // per-channel weight scales and requantisation table (the default; config.ts does the same)
    if (!d) this.data.set(name, (d = Array.from({ length: NUM_SAMPLES }, (_, i) => facenetLayerData(name, i))));
    return d;
  }

  statsOf(name: string): OutputStats[] {
    let s = this.stats.get(name);
    if (!s) this.stats.set(name, (s = this.layerData(name).map((l) => outputStats(l, this.hw.chunkRows, this.hw.npc))));
    return s;
  }

  private rawOf(name: string, rank: number): Float64Array[][] {
    const key = `${name}|${rank}`;
    let r = this.raws.get(key);
    if (!r) {
      const ls = this.layerData(name);
      const qp = quantizeP(factorsOf(ls[0]!), rank);
      this.raws.set(key, (r = ls.map((l) => rawLowRank(qp, windowsOf(l)))));
    }
    return r;
  }

  /** The prediction unit for `image` at rank r and τ setting t, calibrated on the other images. */
  predictor(name: string, rank: number, t: TauSetting, image: number): Predictor {
    const key = `${name}|${rank}|${tauName(t)}|${image}`;
    const hit = this.preds.get(key);
    if (hit) return hit;
    const ls = this.layerData(name);
    const raws = this.rawOf(name, rank);
    const others = ls.map((_, i) => i).filter((i) => i !== image);
    const f = factorsOf(ls[0]!);
    const qp = quantizeP(f, rank);
    const zs = chooseZshift(maxAbsOf(others.map((i) => raws[i]!)));
    const base = buildPredictor(f, qp, zs, ls[0]!.bias, 0);
    let tau = 0;
    if (t !== 'tau0') {
      const st = this.statsOf(name);
      tau = calibrateTau(others.map((i) => yhatFromRaw(raws[i]!, base, ls[0]!.shape.M)), others.map((i) => st[i]!.acc), t.falseSkip);
    }
    const p = { ...base, tau };
    this.preds.set(key, p);
    return p;
  }

  /**
   * Figures of one layer on one image; rank 0 = no prediction (zero skipping only). `front` (default: the study's
   * hardware) gives another PE array or prediction-unit width with the same chunks and pair rate.
   */
  measure(name: string, image: number, rank: number, t: TauSetting, front: Pick<PredictHwParams, 'PE' | 'predSlots'> = this.hw): LayerImageStats {
    const l = this.layerData(name)[image]!;
    const st = this.statsOf(name)[image]!;
    const n = st.acc.length;
    const pred = rank > 0 && this.predictable(name) ? this.predictor(name, rank, t, image) : null;
    const skip = new Uint8Array(n);
    if (pred) {
      const yh = yhatFromRaw(this.rawOf(name, rank)[image]!, pred, l.shape.M);
      for (let i = 0; i < n; i++) skip[i] = yh[i]! <= pred.tau ? 1 : 0;
    }
    return this.figures(l, st, skip, pred, rank, image, { ...this.hw, ...front });
  }

  private figures(l: PredLayer, st: OutputStats, skip: Uint8Array, pred: Predictor | null, rank: number, image: number, hw: PredictHwParams): LayerImageStats {
    const n = st.acc.length;
    const g: GoldenResult = { OH: st.OH, OW: st.OW, y: new Int32Array(0), skip, macs: new Int32Array(n), steps: new Int32Array(n), nonpos: new Uint8Array(n) };
    let nonPositive = 0;
    let skipped = 0;
    let falseSkips = 0;
    for (let i = 0; i < n; i++) {
      if (st.acc[i]! <= 0) nonPositive++;
      if (skip[i]) {
        skipped++;
        if (st.acc[i]! > 0) falseSkips++;
      } else {
        g.macs[i] = st.pairs[i]!;
        g.steps[i] = st.steps[i]!;
        g.nonpos[i] = st.acc[i]! <= 0 ? 1 : 0;
      }
    }
    const c = predictCycles(l.shape, g, { PE: hw.PE, npc: hw.npc, rowCycles: derived(hw).rowCycles, predict: pred !== null }, rank);
    return { layer: l.name, image, outputs: n, nonPositive, skipped, falseSkips, peMacs: c.macs, predMacs: c.predMacs, cycles: c.cycles, ...this.balance(c) };
  }

  private balance(c: PredictCycles) {
    return {
      peSteps: c.peSteps, peStepsBalanced: c.peStepsBalanced, idealSteps: c.macs / (this.hw.PE * this.hw.npc), peBound: c.peBound, windows: c.windows,
      gap: { cycles: c.cycles, macs: c.macs, counters: c.counters },
    };
  }

  /** Exact mode (after SnaPEA) on one layer and image: PE MACs and cycles. */
  measureExact(name: string, image: number): LayerImageStats {
    const l = this.layerData(name)[image]!;
    const ex = exactStats(l, this.hw.chunkRows, this.hw.npc);
    const n = ex.acc.length;
    const g: GoldenResult = { OH: ex.OH, OW: ex.OW, y: new Int32Array(0), skip: new Uint8Array(n), macs: ex.pairs, steps: ex.steps, nonpos: ex.stopped };
    const c = predictCycles(l.shape, g, { PE: this.hw.PE, npc: this.hw.npc, rowCycles: 1, predict: false }, 0);
    const acc = this.statsOf(name)[image]!.acc;
    let nonPositive = 0;
    for (let i = 0; i < n; i++) if (acc[i]! <= 0) nonPositive++;
    let stopped = 0;
    for (const v of ex.stopped) stopped += v;
    return { layer: name, image, outputs: n, nonPositive, skipped: stopped, falseSkips: 0, peMacs: c.macs, predMacs: 0, cycles: c.cycles, ...this.balance(c) };
  }

  /** Descriptor cosine (prediction on vs off) for one image: the whole network with every skipped output zeroed. */
  drift(image: number, rank: number, t: TauSetting): { cosine: number; skipped: number; outputs: number } {
    const scales = activationScales();
    let skipped = 0;
    let outputs = 0;
    const on = descriptorDrift(image, { onConv: (def, input, preact) => {
      if (!this.predictable(def.name)) return;
      const pred = this.predictor(def.name, rank, t, image);
      const ref = this.layerData(def.name)[image]!;
      const l: PredLayer = { ...ref, input: quantizeActivation(input, scales.get(def.inputKey)!) };
      const yh = predictAll(l, pred);
      for (let i = 0; i < yh.length; i++)
        if (yh[i]! <= pred.tau) {
          preact[i] = 0;
          skipped++;
        }
      outputs += yh.length;
    } });
    return { cosine: on.cosine, skipped, outputs };
  }
}

