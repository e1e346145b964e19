/**
 * A small bench-out folder in the shapes the real benchmarks write (records per layer with nested objects and short
 * lists, key/value headers), with numbers that are not round, so that rounding in the page cannot hide a wrong cell.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const layers = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1'];

/** bench name -> its JSON; `fft` is left out on purpose (its section must say how to write it). */
export const FIXTURE: Record<string, unknown> = {
  zas: {
    hw: { P: 8, KR: 3, KS: 3, actBits: 8 },
    vgg16: layers.flatMap((layer, i) =>
      [0, 0.5, 0.9].map((sparsity) => {
        const measuredSparsity = sparsity * (1 - 0.013 * i);
        const denseCycles = 1211112 - 98765 * i;
        const zasCycles = Math.round((denseCycles * (1 - measuredSparsity)) / 0.87 + 311 * i);
        return { layer, sparsity, measuredSparsity, denseArray: `${18 - i}x4`, denseCycles, zasCycles, speedup: denseCycles / zasCycles };
      }),
    ),
  },
  ppa: {
    table: 'reference 45 nm',
    dense_8x8: layers.slice(0, 3).map((layer, i) => ({ layer, macs: 86704128 / (i + 1), cycles: 1354752 + 17 * i, energyPj: 2.0543e8 / (i + 1.5), byComponent: { mult8: 1.7341e7 / (i + 1), add32: 8.731e6 / (i + 1.1), sram_8KB: 1.3548e7 / (i + 1.3) }, denseEnergyPj: 3.1187e8 / (i + 1.25), nodes: ['45 nm', 'sram'] })),
    zas_8pe: layers.slice(0, 2).map((layer, i) => ({ layer, macs: 11289600 * (i + 1), cycles: 138102 + 9 * i, energyPj: 6.307e7 / (i + 1), byComponent: { mult16: 2.2581e6 * (i + 1), sram_4KB: 5.0813e7 / (i + 1), add32: 9.91e5 }, denseEnergyPj: 6.8582e6 * (i + 1), nodes: ['45 nm'] })),
    area: {
      dense_8x8: {
        abc: 'fast',
        logicAreaUm2: 412358.4,
        memoryBits: 262144,
        fmaxMHz: 187.3,
        modules: [
          { name: 'dense_top', ownArea: 23456.7, area: 412358.4, cells: 51234, instances: 1, shareOfLogic: 0.0569 },
          { name: 'dense_pe', ownArea: 5123.4, area: 5123.4, cells: 611, instances: 64, shareOfLogic: 0.7952 },
          { name: 'dense_ctrl', ownArea: 61004.1, area: 61004.1, cells: 7003, instances: 1, shareOfLogic: 0.1479 },
        ],
      },
    },
  },
  linac: {
    engine: { lanes: 16, filters: 8, B: 8 },
    bits8: layers.slice(0, 3).map((layer, i) => ({
      layer,
      values: 67500 * (i + 1),
      termsRaw: 1.5215703 + 0.1 * i,
      termsDelta: 1.1248148 - 0.05 * i,
      cycles: { dense: 762048 * (i + 1), stripes: 829440 * (i + 1), linacDelta: 246694 * (i + 1) + 13 },
    })),
  },
  svd: {
    tradeoff: [2, 4, 8].flatMap((rank) => ['τ=0', 'fs≤1.0%'].map((tau, k) => ({ rank, tau, speedupAll3x3: 1.648 / (rank / 2) ** 0.3 - 0.07 * k, meanCosine: 0.9152 + rank / 200 + 0.011 * k }))),
  },
  sim: {
    bench: 'sim',
    design: 'mac mesh',
    runs: 3,
    results: ['builtin', 'verilator', 'icarus'].map((sim, i) => ({
      n: 16,
      sim,
      cyclesPerSec: 123456.789 / (i + 1) ** 2,
      runsMs: [10.25 + i, 11.5 + i, 12.125 + i],
      startup: { buildMs: 3.14159 * (i + 1), ok: i !== 2 },
    })),
  },
};

export function writeFixture(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of Object.entries(FIXTURE)) writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
