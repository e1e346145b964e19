/**
 * Verification of the crossbar accelerator on a conv layer: every tile's passes run through a simulator (partial sums
 * carried from pass to pass in the output SRAMs: the RTL's own partials are preloaded into the next pass), the final
 * outputs compared bit for bit with the golden crossbar model (golden.ts, on the tile's pixels and channels) and, in ideal mode, also with the exact
 * reference convolution (models/conv2d.ts); every pass's cycles and event counts compared with the model.
 */
import type { Compiled } from '../../dsl/index.js';
import { simulate, type SimName } from '../../sim/simulate.js';
import type { HarnessOptions } from '../../sim/harness.js';
import { conv2d, conv2dRequant, tensor3, weights4 } from '../../models/conv2d.js';
import { type XbarHwParams, arithOf } from './params.js';
import { im2col, outSize, postProcess } from './conv.js';
import { xbarMvm } from './golden.js';
import { tileXbar, passImages, passStimulus, decodePass, checkLayer, layerSlices, type XbarLayer } from './driver.js';
import { addEvents, NO_EVENTS, type XbarEvents } from './model.js';

export interface XbarVerdict {
  layer: string;
  sim: SimName;
  shape: XbarLayer['shape'];
  tiles: number;
  passes: number;
  rtlCycles: number;
  modelCycles: number;
  rtlEvents: XbarEvents;
  modelEvents: XbarEvents;
  macs: number;
  /** outputs compared with the golden model */
  compared: number;
  pass: boolean;
  /** ideal mode: the golden model also equals the exact convolution on the checked outputs */
  exact?: boolean;
  mismatch?: { index: number; rtl: bigint; golden: number } | { tile: string; pass: number; what: string; rtl: number; model: number };
  golden: Int32Array;
  rtl: BigInt64Array;
  simMs: number;
}

/** The exact reference output (bias, ReLU, requantisation) in CHW order, from models/conv2d.ts. */
export function exactConv(l: XbarLayer): Int32Array {
  const s = l.shape;
  const a = tensor3(s.C, s.H, s.W, Uint16Array.from(l.input));
  const w = weights4(s.M, s.C, s.R, s.S, Int32Array.from(l.weights));
  const opts = { stride: s.stride, pad: s.pad, relu: l.relu };
  return l.rq ? Int32Array.from(conv2dRequant(a, w, l.bias, { ...opts, ...l.rq }).data) : conv2d(a, w, l.bias, opts).data;
}

export interface XbarVerifyOptions {
  onTile?: (done: number, total: number) => void;
  tileFilter?: (index: number, total: number) => boolean;
  /** program the cells through the load port (exercises the perturbation write path) instead of preloading them */
  viaPort?: boolean;
  /** build and run timeouts of Icarus/Verilator (the presets' Verilator builds take minutes on a busy machine) */
  harness?: HarnessOptions;
}

export async function verifyXbar(l: XbarLayer, hw: XbarHwParams, compiled: Compiled, sim: SimName, opts: XbarVerifyOptions = {}): Promise<XbarVerdict> {
  checkLayer(l, hw);
  const s = l.shape;
  const { OH, OW } = outSize(s);
  const K = s.C * s.R * s.S;
  const a = arithOf(hw);
  const T = layerSlices(l, hw);
  const golden = new Int32Array(s.M * OH * OW);
  const rtl = new BigInt64Array(golden.length);
  const checked = new Uint8Array(golden.length);
  const all = tileXbar(l, hw);
  const chosen = all.filter((_, i) => !opts.tileFilter || opts.tileFilter(i, all.length));
  let rtlEv = NO_EVENTS;
  let modelEv = NO_EVENTS;
  let simMs = 0;
  let passes = 0;
  let mismatch: XbarVerdict['mismatch'];
  for (const [n, t] of chosen.entries()) {
    const X = im2col(s, l.input, t.p0, t.p1);
    const P = t.p1 - t.p0;
    const Mt = t.m1 - t.m0;
    const g = xbarMvm(X, P, K, (k, m) => l.weights[(t.m0 + m) * K + k]!, Mt, a, { slices: T, grid: { rowTiles: hw.rowTiles, colTiles: hw.colTiles } });
    const sums = new Float64Array(Mt * P);
    for (let m = 0; m < Mt; m++) for (let p = 0; p < P; p++) sums[m * P + p] = g.y[p * Mt + m]! + l.bias[t.m0 + m]!;
    const gout = postProcess(sums, l.relu, l.rq);
    for (let m = 0; m < Mt; m++) golden.set(gout.subarray(m * P, (m + 1) * P), (t.m0 + m) * OH * OW + t.p0);
    let partial: bigint[][] | undefined;
    for (let pi = 0; pi < t.passes.length; pi++) {
      const run = passStimulus(l, hw, t, pi, opts.viaPort ?? false);
      const r = await simulate(sim, {
        design: compiled.optimized,
        verilog: compiled.verilog,
        cycles: run.cycles,
        sample: ['done', 'rd_data', 'ev_act', 'ev_dac', 'ev_adc', 'ev_sa'],
        preload: passImages(l, hw, t, pi, X, partial, !opts.viaPort),
      }, opts.harness);
      simMs += r.runMs;
      passes++;
      // let the event loop run between passes (the built-in simulator is synchronous)
      await new Promise((resolve) => setImmediate(resolve));
      const got = decodePass(r.trace, run);
      const gotEv: XbarEvents = { cycles: got.cycles, ...got.events };
      rtlEv = addEvents(rtlEv, gotEv);
      modelEv = addEvents(modelEv, run.model);
      if (!mismatch)
        for (const k of Object.keys(run.model) as Array<keyof XbarEvents>)
          if (gotEv[k] !== run.model[k]) {
            mismatch = { tile: t.name, pass: pi, what: k, rtl: gotEv[k], model: run.model[k] };
            break;
          }
      partial = got.outputs;
    }
    for (let m = t.m0; m < t.m1; m++)
      for (let p = t.p0; p < t.p1; p++) {
        const gi = m * OH * OW + p;
        rtl[gi] = partial![m - t.m0]![p - t.p0]!;
        checked[gi] = 1;
      }
    opts.onTile?.(n + 1, chosen.length);
  }
  if (!mismatch)
    for (let i = 0; i < golden.length; i++)
      if (checked[i] && rtl[i] !== BigInt(golden[i]!)) {
        mismatch = { index: i, rtl: rtl[i]!, golden: golden[i]! };
        break;
      }
  let exact: boolean | undefined;
  if (hw.adc === 'ideal' && hw.perturbLog2 === 0) {
    const ref = exactConv(l);
    exact = ref.every((v, i) => !checked[i] || v === golden[i]);
  }
  return {
    layer: l.name, sim, shape: s, tiles: chosen.length, passes, rtlCycles: rtlEv.cycles, modelCycles: modelEv.cycles, rtlEvents: rtlEv, modelEvents: modelEv,
    macs: chosen.reduce((sum, t) => sum + (t.p1 - t.p0) * (t.m1 - t.m0) * K, 0),
    compared: checked.reduce((n, c) => n + c, 0),
    pass: !mismatch && exact !== false, ...(mismatch ? { mismatch } : {}), ...(exact !== undefined ? { exact } : {}), golden, rtl, simMs,
  };
}
