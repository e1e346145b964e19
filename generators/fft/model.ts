/**
 * The cycle model of the FFT hardware (plain TypeScript). FftLine (line.ts) is fully pipelined: a register after
 * each of its log2 n stages, one line per cycle. FftNd (nd.ts) transforms its n^dims buffer in place in dims passes;
 * a pass reads one line per cycle (n^(dims−1) lines; synchronous reads, so the data is one cycle later), the line
 * leaves the butterfly pipeline log2 n cycles after it entered and is written back in that cycle; the next pass
 * starts reading in the cycle after the last write. With start in cycle s, pass p reads from cycle
 * s + 1 + p·(lines + log2 n + 1), the last write is in cycle s + dims·(lines + log2 n + 1), and done is 1 from the
 * cycle after it.
 */

/** log2 of a power of two. */
function log2(n: number): number {
  return Math.round(Math.log2(n));
}

/** Cycles from a line entering FftLine to it leaving. */
export function fftLineLatency(n: number): number {
  return log2(n);
}

/** Lines per pass: n^(dims−1). */
export function fftLinesPerPass(p: { n: number; dims: number }): number {
  return p.n ** (p.dims - 1);
}

/** Cycles of one pass of FftNd: issue every line, one cycle of read latency, the pipeline's latency. */
export function fftPassCycles(p: { n: number; dims: number }): number {
  return fftLinesPerPass(p) + fftLineLatency(p.n) + 1;
}

/** Cycles from start to the first cycle with done = 1. */
export function fftNdCycles(p: { n: number; dims: number }): number {
  return p.dims * fftPassCycles(p) + 1;
}

/** Cycles FftNd is busy (start + 1 .. the last write). */
export function fftBusyCycles(p: { n: number; dims: number }): number {
  return p.dims * fftPassCycles(p);
}

/** Line transforms of one run (lines entering the butterfly pipeline). */
export function fftLines(p: { n: number; dims: number }): number {
  return p.dims * fftLinesPerPass(p);
}

/** Butterflies of one run: n/2 per stage, log2 n stages per line. */
export function fftButterflies(p: { n: number; dims: number }): number {
  return fftLines(p) * (p.n / 2) * log2(p.n);
}
