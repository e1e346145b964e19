/**
 * The dense baseline's utilisation on a network beside SCALE-Sim v2's output-stationary formula (scalesim.ts), layer
 * by layer and in total. What is held equal: the array (rows × cols PEs) and the layers. What each side counts:
 *   ours       the cycle model of every SRAM tile of the layer (tiling.ts: chunks that fit the configured banks), each
 *              tile a run of its own paying its start, flush, drain and post-processing (model.ts)
 *   SCALE-Sim  its compute cycles with unlimited SRAM and bandwidth and nothing between layers (its best case)
 * A layer that occurs `repeat` times counts that many times. Plain TypeScript: no DSL.
 */
import { denseCycles } from './model.js';
import { tileShapes } from './tiling.js';
import { scaleSimOsCycles } from './scalesim.js';
import type { DenseHwParams } from './params.js';
import type { ConvShape } from '../common/shape.js';

export interface NetLayer extends ConvShape {
  name: string;
  repeat?: number;
}

export interface LayerUtil {
  layer: string;
  repeat: number;
  macs: number;
  tiles: number;
  cycles: number;
  scaleSimCycles: number;
}

export interface NetUtil {
  rows: number;
  cols: number;
  macs: number;
  cycles: number;
  scaleSimCycles: number;
  /** MACs / (cycles · rows · cols) */
  utilization: number;
  scaleSimUtilization: number;
  layers: LayerUtil[];
}

/** One layer: our cycles over its SRAM tiles and SCALE-Sim's, for one occurrence. */
export function layerUtil(l: NetLayer, hw: DenseHwParams): LayerUtil {
  const tiles = tileShapes(l.name, l, hw);
  const cycles = tiles.reduce((s, t) => s + denseCycles(t.shape, hw).cycles, 0);
  const ss = scaleSimOsCycles(l, hw);
  return { layer: l.name, repeat: l.repeat ?? 1, macs: ss.macs, tiles: tiles.length, cycles, scaleSimCycles: ss.cycles };
}

/** A whole network (repeats included) on one array. */
export function networkUtil(layers: readonly NetLayer[], hw: DenseHwParams): NetUtil {
  const rows = layers.map((l) => layerUtil(l, hw));
  const sum = (f: (r: LayerUtil) => number): number => rows.reduce((s, r) => s + r.repeat * f(r), 0);
  const macs = sum((r) => r.macs);
  const cycles = sum((r) => r.cycles);
  const scaleSimCycles = sum((r) => r.scaleSimCycles);
  const pes = hw.rows * hw.cols;
  return {
    rows: hw.rows,
    cols: hw.cols,
    macs,
    cycles,
    scaleSimCycles,
    utilization: macs / (cycles * pes),
    scaleSimUtilization: macs / (scaleSimCycles * pes),
    layers: rows,
  };
}
