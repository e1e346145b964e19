/** The action-count emitter of each generator family (by the registry's family name). */
import type { DenseLayer } from '../../generators/dense/driver.js';
import type { DenseHwParams } from '../../generators/dense/params.js';
import type { ZasLayer } from '../../generators/zas/driver.js';
import type { ZasHwParams } from '../../generators/zas/params.js';
import type { LinacLayerData } from '../../generators/linac/golden.js';
import type { LinacHwParams } from '../../generators/linac/params.js';
import { denseActions, type LayerActions } from './dense.ts';
import { zasActions } from './zas.ts';
import { linacActions } from './linac.ts';

export type { LayerActions } from './dense.ts';

type Emitter = (hw: unknown, layer: unknown) => LayerActions;

const EMITTERS: Record<string, Emitter> = {
  dense: (hw, l) => denseActions(l as DenseLayer, hw as DenseHwParams),
  zas: (hw, l) => zasActions(l as ZasLayer, hw as ZasHwParams),
  linac: (hw, l) => linacActions(l as LinacLayerData, hw as LinacHwParams),
};

/** The families with an action-count emitter. */
export const ACTION_FAMILIES = Object.keys(EMITTERS);

/** Action counts of one workload layer on a family's hardware. @throws naming the families that have an emitter. */
export function layerActions(family: string, hw: unknown, layer: unknown): LayerActions {
  const e = EMITTERS[family];
  if (!e) throw new Error(`no action-count emitter for generator '${family}' (have: ${ACTION_FAMILIES.join(', ')}); add one in ppa/actions/`);
  return e(hw, layer);
}
