/**
 * Verification of the crossbar accelerator on a conv layer through the shared tile-verify loop (common/verify.ts with
 * xbarHooks): every tile's passes run through a simulator (partial sums carried from pass to pass in the output SRAMs:
 * the RTL's own partials are preloaded into the next pass), the final outputs compared bit for bit with the golden
 * crossbar model (golden.ts, on the tile's pixels and channels) and, in ideal mode, also with the exact reference
 * convolution (field `exact`); every pass's cycles and event counts compared with the model.
 */
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { verifyTiles, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import { referenceConv } from '../common/reference.js';
import type { XbarHwParams } from './params.js';
import { checkLayer, isExactHw, tileXbar, xbarHooks, type XbarHookOptions, type XbarLayer } from './driver.js';
import type { XbarEvents } from './model.js';

export interface XbarVerdict extends Verdict {
  /** passes simulated (one run each) */
  passes: number;
  /** cycles and the four event counts, summed over the passes: RTL and model */
  rtlEvents: XbarEvents;
  modelEvents: XbarEvents;
  /** exact hardware (ideal ADCs, no perturbation): whether the RTL also equals the exact convolution */
  exact?: boolean;
}

/** The exact reference output (bias, ReLU, requantisation) in CHW order, from models/conv2d.ts. */
export const exactConv = (l: XbarLayer): Int32Array => referenceConv(l);

export type XbarVerifyOptions = VerifyOptions & XbarHookOptions;

function events(v: Verdict, side: 'rtl' | 'model'): XbarEvents {
  const c = (k: string) => v.counters[k]?.[side] ?? 0;
  return { cycles: side === 'rtl' ? v.rtlCycles : v.modelCycles, activations: c('activations'), dacConversions: c('dacConversions'), adcConversions: c('adcConversions'), shiftAdds: c('shiftAdds') };
}

export async function verifyXbar(l: XbarLayer, hw: XbarHwParams, compiled: Compiled, sim: SimName, opts: XbarVerifyOptions = {}): Promise<XbarVerdict> {
  checkLayer(l, hw);
  const { viaPort, ...rest } = opts;
  const v = await verifyTiles(xbarHooks(hw, viaPort ? { viaPort } : {}), l, hw, compiled, sim, rest);
  const all = tileXbar(l, hw);
  const passes = v.tileRecords.reduce((n, t) => n + all[t.index]!.passes.length, 0);
  const ex = v.fields.exact;
  return { ...v, passes, rtlEvents: events(v, 'rtl'), modelEvents: events(v, 'model'), ...(isExactHw(hw) && ex ? { exact: ex.mismatches === 0 } : {}) };
}
