/**
 * Verification of the output-sign-prediction accelerator on a layer, through the shared tile-verify loop
 * (common/verify.ts with svdHooks): every output's y, skip bit and executed-MAC count against the golden model
 * (computed once on the whole layer), every tile's cycles and counters against the cycle model.
 */
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { verifyTiles, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import type { PredictHwParams } from './params.js';
import type { PredLayer, Predictor } from './golden.js';
import { svdHooks } from './driver.js';

export interface PredictVerdict extends Verdict {
  /** outputs compared, and how many of them the hardware skipped */
  outputs: Verdict['outputs'];
  compared: number;
  skipped: number;
}

export async function verifyPredict(l: PredLayer, pred: Predictor | null, hw: PredictHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {}): Promise<PredictVerdict> {
  if (l.shape.padY !== undefined || l.shape.OH !== undefined) throw new Error('verifyPredict: give a whole layer (symmetric padding); it tiles the layer itself');
  const v = await verifyTiles(svdHooks, { ...l, pred }, hw, compiled, sim, opts);
  const sk = v.outputs.skip!;
  let skipped = 0;
  for (let i = 0; i < sk.checked.length; i++) if (sk.checked[i]) skipped += Number(sk.rtl[i]!);
  return { ...v, compared: v.fields.y!.compared, skipped };
}
