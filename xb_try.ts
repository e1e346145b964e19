import { compile } from './dsl/index.js';
import { XbarAccel } from './generators/crossbar/accel.js';
import { verifyXbar } from './generators/crossbar/verify.js';
import { type XbarHwParams, ISAAC_HW, PRIME_HW } from './generators/crossbar/params.js';
import { facenetLayerData } from './generators/common/layers.js';
import { Prng } from './workloads/synthetic.js';
const base: XbarHwParams = { rows: 8, cols: 8, cellBits: 2, dacBits: 1, adc: 'ideal', adcBits: 4, deltaLog2: 0, adcShare: 4, perturbLog2: 0,
  inputBits: 8, weightBits: 4, mapping: 'offset', rowTiles: 2, colTiles: 2, pixels: 8, accBits: 32, multBits: 16, shiftBits: 6, seed: 7 };
for (const variant of [{}, { mapping: 'differential' as const, adc: 'limited' as const }, { adc: 'limited' as const, deltaLog2: 1, dacBits: 2, adcShare: 1 }, { perturbLog2: 2 }]) {
  const hw = { ...base, ...variant };
  const c = compile(XbarAccel, hw);
  const g = new Prng(3);
  const shape = { C: 3, H: 5, W: 6, M: 5, R: 3, S: 3, stride: 1, pad: 1 };
  const l = { name: 'r', shape, input: Uint8Array.from({ length: 90 }, () => g.int(0, 255)), weights: Int8Array.from({ length: 5 * 27 }, () => g.int(-8, 7)), bias: Int32Array.from({ length: 5 }, () => g.int(-100, 100)), relu: true };
  const v = await verifyXbar(l, hw, c, 'builtin', { viaPort: variant.perturbLog2 !== undefined });
  console.log(JSON.stringify(variant), v.pass, v.exact, v.tiles, v.passes, v.rtlCycles, v.modelCycles, JSON.stringify(v.mismatch, (_k, x) => typeof x === 'bigint' ? String(x) : x));
}
for (const [name, pre] of [['isaac', ISAAC_HW], ['prime', PRIME_HW]] as const) {
  const hw = { ...pre, pixels: 2 };
  let t0 = performance.now();
  const c = compile(XbarAccel, hw);
  console.log(name, 'compile', (performance.now() - t0).toFixed(0));
  const l = facenetLayerData('conv32_1/conv1', 0);
  t0 = performance.now();
  const v = await verifyXbar({ ...l, actBits: 8 }, hw, c, 'builtin', { tileFilter: (i) => i === 0 });
  console.log(name, v.pass, v.tiles, v.passes, v.rtlCycles, v.modelCycles, (performance.now() - t0).toFixed(0), JSON.stringify(v.mismatch, (_k, x) => typeof x === 'bigint' ? String(x) : x));
}
