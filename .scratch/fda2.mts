import { compile } from '/work/wt/fda/dsl/index.ts';
import { FdaAccel } from '/work/wt/fda/generators/fda/accel.ts';
import { DEFAULT_HW, type FdaHwParams } from '/work/wt/fda/generators/fda/params.ts';
import { verifyFda } from '/work/wt/fda/generators/fda/driver.ts';
import { Prng } from '/work/wt/fda/workloads/synthetic.ts';
const hw: FdaHwParams = { ...DEFAULT_HW, n: 4, maxC: 3, maxM: 2, adc: (process.argv[2] ?? 'limited') as 'limited', adcBits: 4, yShift: 4 };
const rng = new Prng(5);
const C = 3, M = 3, H = 5, W = 6;
const l = { name: 'r', shape: { C, H, W, M, R: 3, S: 3, stride: 1, pad: 1 }, input: Uint8Array.from({ length: C * H * W }, () => rng.int(0, 255)),
  weights: Int8Array.from({ length: M * C * 9 }, () => rng.int(-128, 127)), bias: Int32Array.from({ length: M }, () => rng.int(-5000, 5000)), relu: true };
const t0 = Date.now();
const c = compile(FdaAccel, hw);
console.log('compile ms', Date.now() - t0);
const v = await verifyFda(l, hw, c, (process.argv[3] ?? 'builtin') as 'builtin', { tileFilter: (i) => i < 2 });
console.log(JSON.stringify({ ...v, golden: undefined, rtl: undefined, outputs: undefined }, (k, x) => typeof x === 'bigint' ? String(x) : x).slice(0, 3000));
const o = v.outputs!.y!;
for (let i = 0; i < o.golden.length; i++) if (o.checked[i] && BigInt(o.golden[i]!) !== o.rtl[i]) console.log('mismatch', i, o.golden[i], o.rtl[i]);
