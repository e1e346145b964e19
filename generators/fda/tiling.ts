/**
 * Overlap-save tiling for the hardware: a layer becomes runs of one N-point input patch (N×N, or N×N×N in 3D) × a
 * chunk of at most maxM output channels. A run's patch starts at its first output in padded input coordinates (zeros
 * outside the layer), so the run is a plain unpadded stride-1 convolution of an N^d input whose N − kernel + 1
 * outputs per dimension are the layer's stride-1 outputs from the patch's origin; at stride s the layer's outputs are
 * every s-th of them (the run computes them all; golden.ts fdaDims gives the grid). The outputs past the layer's edge
 * are computed and not read. No DSL.
 */
import type { Tile } from '../common/tiling.js';
import { sliceRq } from '../common/rq.js';
import { fdaDims, layerArith, type FdaLayer } from './golden.js';
import { fdaArithOf } from './params.js';
import type { FdaHwParams } from './params.js';

/** The run that computes the layer's outputs from (z0, y0, x0) (strided output indices) for channels m0..m1−1. */
export function runLayer(l: FdaLayer, hw: Pick<FdaHwParams, 'n' | 'dims'>, m0: number, m1: number, z0: number, y0: number, x0: number): FdaLayer {
  const s = l.shape;
  const d = fdaDims(s, hw);
  const n = hw.n;
  const three = hw.dims === 3;
  const E = d.nz * n * n;
  const input = new Uint16Array(s.C * E);
  const padY = s.padY ?? s.pad;
  // the patch's origin in padded input coordinates: the first output's stride-1 position
  const py = y0 * d.stride;
  const px = x0 * d.stride;
  for (let c = 0; c < s.C; c++)
    for (let z = 0; z < d.nz; z++) {
      const iz = z0 + z - d.padD;
      if (iz < 0 || iz >= d.D) continue;
      for (let y = 0; y < n; y++) {
        const iy = py + y - padY;
        if (iy < 0 || iy >= s.H) continue;
        for (let x = 0; x < n; x++) {
          const ix = px + x - s.pad;
          if (ix >= 0 && ix < s.W) input[c * E + (z * n + y) * n + x] = l.input[((c * d.D + iz) * s.H + iy) * s.W + ix]!;
        }
      }
    }
  const K = s.C * d.T * s.R * s.S;
  const shape = { C: s.C, H: n, W: n, M: m1 - m0, R: s.R, S: s.S, stride: 1, pad: 0, ...(three ? { D: n, T: d.T, padD: 0 } : {}) };
  return {
    name: `${l.name}[m${m0}:${m1},${three ? `z${z0},` : ''}y${y0},x${x0}]`,
    shape,
    input,
    weights: Int32Array.from({ length: (m1 - m0) * K }, (_, i) => l.weights[m0 * K + i]!),
    bias: Int32Array.from({ length: m1 - m0 }, (_, i) => l.bias[m0 + i]!),
    relu: l.relu,
    ...(l.rq ? { rq: sliceRq(l.rq, m0, m1) } : {}),
    ...(l.yShift !== undefined ? { yShift: l.yShift } : {}),
    tile: { m0, z0, y0, x0, nz: Math.min(d.vz, d.OD - z0), ny: Math.min(d.ky, d.OH - y0), nx: Math.min(d.kx, d.OW - x0), stride: d.stride },
  };
}

/** Every run of a layer: output-channel chunks (outermost), then patches along z, y, x. */
export function tileFda(l0: FdaLayer, hw: FdaHwParams): Array<Tile<FdaLayer>> {
  // every run takes its layer's yShift (from all of the layer's weights)
  const l = { ...l0, yShift: layerArith(l0, fdaArithOf(hw)).yShift };
  const d = fdaDims(l.shape, hw);
  const out: Array<Tile<FdaLayer>> = [];
  for (let m0 = 0; m0 < l.shape.M; m0 += hw.maxM)
    for (let iz = 0; iz < d.tz; iz++)
      for (let iy = 0; iy < d.ty; iy++)
        for (let ix = 0; ix < d.tx; ix++) {
          const m1 = Math.min(l.shape.M, m0 + hw.maxM);
          const t = runLayer(l, hw, m0, m1, iz * d.vz, iy * d.ky, ix * d.kx);
          out.push({ layer: t, m0, m1, y0: iy * d.ky, y1: iy * d.ky + t.tile!.ny });
        }
  return out;
}

/** Where word i of a run's outputs (m, z, y, x over the outputs inside the layer) goes in the layer's output. */
export function placeFda(t: Tile<FdaLayer>, _field: string, i: number, layer: FdaLayer, hw: Pick<FdaHwParams, 'n' | 'dims'>): number {
  const r = t.layer.tile!;
  const d = fdaDims(layer.shape, hw);
  const x = i % r.nx;
  const y = Math.floor(i / r.nx) % r.ny;
  const z = Math.floor(i / (r.nx * r.ny)) % r.nz;
  const m = Math.floor(i / (r.nx * r.ny * r.nz));
  return (((r.m0 + m) * d.OD + r.z0 + z) * d.OH + r.y0 + y) * d.OW + r.x0 + x;
}
