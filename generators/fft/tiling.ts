/**
 * The FFT family's workload: a layer is a list of blocks, each one transform of n^dims complex values (row-major,
 * x fastest), and every block is a tile. A face-net layer's input activations (C×H×W, real) are cut into blocks
 * along x (1D), into n×n blocks of every channel (2D), or into n×n×n blocks with depth along the channels (3D), zero
 * padded at the edges, as a frequency-domain accelerator transforms its input tiles. A random layer is blocks of
 * seeded full-range complex values (so the saturation is exercised). Plain TypeScript: no DSL.
 */
import type { ConvLayer } from '../common/shape.js';
import type { Tile } from '../common/tiling.js';
import type { ComplexInput } from './golden.js';
import { Prng } from '../../workloads/synthetic.js';

/** A layer of FFT blocks. The ConvLayer fields describe the data it came from (a face-net input, or the blocks). */
export interface FftLayer extends ConvLayer {
  /** n, dims of the blocks */
  n: number;
  dims: number;
  blocks: ComplexInput[];
  /** inverse transforms (IFFT) */
  inverse: boolean;
}

/** Blocks of a C×H×W real map (CHW), zero padded. */
export function mapBlocks(input: ArrayLike<number>, C: number, H: number, W: number, n: number, dims: number): ComplexInput[] {
  const at = (c: number, y: number, x: number) => (c < C && y < H && x < W ? input[(c * H + y) * W + x]! : 0);
  const out: ComplexInput[] = [];
  const E = n ** dims;
  const push = (c0: number, y0: number, x0: number) => {
    const re = new Int32Array(E);
    for (let i = 0; i < E; i++) {
      const x = i % n;
      const y = dims >= 2 ? Math.floor(i / n) % n : 0;
      const z = dims === 3 ? Math.floor(i / (n * n)) : 0;
      re[i] = at(c0 + z, y0 + y, x0 + x);
    }
    out.push({ re, im: new Int32Array(E) });
  };
  const cStep = dims === 3 ? n : 1;
  const yStep = dims >= 2 ? n : 1;
  for (let c = 0; c < C; c += cStep) for (let y = 0; y < H; y += yStep) for (let x = 0; x < W; x += n) push(c, y, x);
  return out;
}

/** `count` blocks of seeded complex values uniform over SInt(w). */
export function randomBlocks(count: number, n: number, dims: number, w: number, seed: number): ComplexInput[] {
  const g = new Prng(seed);
  const hi = 2 ** (w - 1) - 1;
  const E = n ** dims;
  return Array.from({ length: count }, () => ({
    re: Int32Array.from({ length: E }, () => g.int(-hi - 1, hi)),
    im: Int32Array.from({ length: E }, () => g.int(-hi - 1, hi)),
  }));
}

/** One tile per block: `name[b<i>]`, block index in m0. */
export function tileFft(l: FftLayer): Array<Tile<FftLayer>> {
  return l.blocks.map((b, i) => ({ layer: { ...l, name: `${l.name}[b${i}]`, blocks: [b] }, m0: i, m1: i + 1, y0: 0, y1: 1 }));
}
