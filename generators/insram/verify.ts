/**
 * Verification of a conv layer on the in-SRAM accelerator through the shared tile-verify loop (common/verify.ts with
 * insramHooks): plan the mapping, run passes (tiles) through a simulator, compare every result with the reference
 * convolution on the pruned weights (models/conv2d.ts, which shares no code with mapping.ts) and every pass's step
 * counters and cycles with the cycle model (model.ts).
 */
import type { Compiled } from '../../dsl/index.js';
import type { SimName } from '../../sim/simulate.js';
import { verifyTiles, type VerifyOptions } from '../common/verify.js';
import type { Verdict } from '../common/verdict.js';
import type { InsramHwParams } from './params.js';
import type { Precision } from './program.js';
import type { ConvData, MappingKind } from './mapping.js';
import type { ChannelMask } from './prune.js';
import { insramHooks, insramLayer } from './driver.js';

export { goldenConv } from './driver.js';

export interface InsramVerdict extends Verdict {
  kind: MappingKind;
  /** passes of the whole layer (tiles = the passes verified) */
  totalTiles: number;
  /** outputs compared */
  checked: number;
  /** row activations (array steps) of the verified passes: RTL counter and model */
  rtlSteps: number;
  modelSteps: number;
}

export async function verifyInsram(
  name: string, l: ConvData, mask: ChannelMask, kind: MappingKind, prec: Precision, hw: InsramHwParams, compiled: Compiled, sim: SimName, opts: VerifyOptions = {},
): Promise<InsramVerdict> {
  const layer = insramLayer(name, l, mask, kind, prec);
  const v = await verifyTiles(insramHooks, layer, hw, compiled, sim, opts);
  const steps = v.counters.steps ?? { rtl: 0, model: 0 };
  return { ...v, kind, totalTiles: insramHooks.tiles(layer, hw).length, checked: v.fields.y!.compared, rtlSteps: steps.rtl, modelSteps: steps.model };
}
