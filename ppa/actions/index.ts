/** The action-count emitter of each generator family (by the registry's family name). */
import type { DenseLayer } from '../../generators/dense/driver.js';
import type { DenseHwParams } from '../../generators/dense/params.js';
import type { ZasLayer } from '../../generators/zas/driver.js';
import type { ZasHwParams } from '../../generators/zas/params.js';
import type { LinacLayerData } from '../../generators/linac/golden.js';
import type { LinacHwParams } from '../../generators/linac/params.js';
import type { SvdLayer } from '../../generators/predict/driver.js';
import type { PredictHwParams } from '../../generators/predict/params.js';
import type { XbarLayer } from '../../generators/crossbar/driver.js';
import { hwOf, type XbarConfig } from '../../generators/crossbar/config.js';
import { denseActions } from './dense.ts';
import type { LayerActions } from './tiles.ts';
import { zasActions } from './zas.ts';
import { linacActions } from './linac.ts';
import { svdActions } from './svd.ts';
import { xbarActions } from './crossbar.ts';
import { fdaActions } from './fda.ts';
import type { FdaLayer } from '../../generators/fda/golden.js';
import type { FdaHwParams } from '../../generators/fda/params.js';
import type { PlaneHwParams } from '../../generators/linac/params.js';
import { planeActions } from './linac-plane.ts';
import { insramActions } from './insram.ts';
import type { InsramLayer } from '../../generators/insram/driver.js';
import type { InsramHwParams } from '../../generators/insram/params.js';
import { fftActions } from './fft.ts';
import type { FftLayer } from '../../generators/fft/tiling.js';
import type { FftHwParams } from '../../generators/fft/params.js';

export type { LayerActions } from './tiles.ts';

/** A configuration as the emitters see it: its hardware fields (and, for the crossbar, its preset). */
export interface ActionConfig {
  hw: unknown;
  preset?: unknown;
}

type Emitter = (c: ActionConfig, layer: unknown) => LayerActions;

const EMITTERS: Record<string, Emitter> = {
  dense: (c, l) => denseActions(l as DenseLayer, c.hw as DenseHwParams),
  zas: (c, l) => zasActions(l as ZasLayer, c.hw as ZasHwParams),
  linac: (c, l) => ((c.hw as { mode?: string }).mode === 'wgt_plane' ? planeActions(l as LinacLayerData, c.hw as PlaneHwParams) : linacActions(l as LinacLayerData, c.hw as LinacHwParams)),
  svd: (c, l) => svdActions(l as SvdLayer, c.hw as PredictHwParams),
  crossbar: (c, l) => xbarActions(l as XbarLayer, hwOf(c as Pick<XbarConfig, 'preset' | 'hw'>)),
  fda: (c, l) => fdaActions(l as FdaLayer, c.hw as FdaHwParams),
  insram: (c, l) => insramActions(l as InsramLayer, c.hw as InsramHwParams),
  fft: (c, l) => fftActions(l as FftLayer, c.hw as FftHwParams),
};

/** The families with an action-count emitter. */
export const ACTION_FAMILIES = Object.keys(EMITTERS);

/** Action counts of one workload layer on a configuration's hardware. @throws naming the families that have an emitter. */
export function layerActions(family: string, config: ActionConfig, layer: unknown): LayerActions {
  const e = EMITTERS[family];
  if (!e) throw new Error(`no action-count emitter for generator '${family}' (have: ${ACTION_FAMILIES.join(', ')}); add one in ppa/actions/`);
  return e(config, layer);
}
