/**
 * What `hwgen generate / verify / bench crossbar` needs: `crossbarFamily` (registered in generators/registry.ts;
 * configs/isaac.json is its default configuration) and the library's public pieces (the reusable tile, the golden
 * model, the cycle model) for other families, such as a frequency-domain accelerator built on the same tile.
 */
import type { z } from 'zod';
import type { AnyModuleDef } from '../../dsl/index.js';
import { defineFamily } from '../family.js';
import { XbarAccel } from './accel.js';
import { xbarHooks, checkLayer, type XbarLayer, type XbarPlan } from './driver.js';
import { checkHw, XbarParamError, type XbarHwParams } from './params.js';
import { xbarConfigSchema, hwOf, materializeXbarLayer, type XbarConfig } from './config.js';

export { XbarTile, tree } from './tile.js';
export { XbarAccel } from './accel.js';
export { ISAAC_HW, PRIME_HW, derived as xbarDerived, tileDerived, tileParamsOf, arithOf, checkHw, type XbarHwParams, type XbarTileParams } from './params.js';
export * from './golden.js';
export { xbarConv, im2col, postProcess, outSize as xbarOutSize, type ConvShape } from './conv.js';
export { passModel, spatialModel, XBAR_COUNTERS, type XbarEvents } from './model.js';
export { tileXbar, checkLayer as checkXbarLayer, xbarHooks, xbarGolden, planXbar, XbarFitError, type XbarLayer, type XbarPlan } from './driver.js';
export { verifyXbar, exactConv, type XbarVerdict } from './verify.js';
export { xbarConfigSchema, hwOf as xbarHwOf, PRESETS as XBAR_PRESETS, type XbarConfig } from './config.js';

export const crossbarFamily = defineFamily<XbarConfig, XbarHwParams, XbarLayer, XbarPlan>({
  name: 'crossbar',
  description: 'ReRAM crossbar tiles (bit-sliced MVM, DACs, shared ADCs, ISAAC/PRIME presets) in an ISAAC-like spatial conv accelerator',
  schema: xbarConfigSchema as () => z.ZodType<XbarConfig>,
  defaultConfig: 'configs/isaac.json',
  build: (c) => ({ def: XbarAccel as AnyModuleDef, params: hwOf(c) }),
  hw: hwOf,
  hooks: (c) => xbarHooks(hwOf(c)),
  checkConfig: (c) => {
    try {
      checkHw(hwOf(c));
      return [];
    } catch (e) {
      if (!(e instanceof XbarParamError)) throw e;
      return [['hw', e.message]];
    }
  },
  load: (spec, c) => materializeXbarLayer(spec, hwOf(c)),
  fits: (l, c) => checkLayer(l, hwOf(c)),
  dumpMeta: (c) => ({
    hw: hwOf(c),
    convention:
      'y = sum over row blocks, input slices t, weight slices s of ±2^(t·b_d + s·b_c)·ADC(sum_r x_t[r]·g_s[r]) (− 2^(w−1)·sum x in offset mapping), + bias; then ReLU; then rq(v) = clamp((v·mult + 2^(shift−1)) >> shift, 0, 255); golden = that model (equal to the exact conv in ideal mode)',
  }),
});
