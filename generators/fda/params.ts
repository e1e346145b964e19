/**
 * Hardware parameters of the frequency-domain accelerator, their bounds and defaults, and the sizes derived from them
 * (the one place the hardware, the driver and the cycle model compute them). No DSL.
 */
import { clog2, addrWidth } from '../../dsl/bits.js';
import type { FieldBounds } from '../common/schema.js';
import { pow2In } from '../common/schema.js';
import { cellsPerWeight, colsPerWeight, lanesPerTile, maxColumnSum, slicesFor, type Mapping, type XbarArith } from '../crossbar/golden.js';
import type { XbarTileParams } from '../crossbar/params.js';
import type { FdaArith } from './golden.js';

/** The crossbar tile's fields (rows, cols, cellBits, dacBits, adc, adcBits, deltaLog2, adcShare) are crossbar/params.ts's. */
export interface FdaHwParams extends Omit<XbarTileParams, 'perturbLog2' | 'tagBits'> {
  /** 2: 2D convolution (N×N transforms); 3: 3D (N×N×N) */
  dims: 2 | 3;
  /** N: FFT points per dimension */
  n: number;
  /** largest input-channel count (crossbar rows over ceil(maxC / rows) row tiles) */
  maxC: number;
  /** largest output-channel count (2 lanes per channel: Re W and Im W) */
  maxM: number;
  /** largest kernel side (the output tile is N − kernel + 1 per dimension) */
  maxKernel: number;
  /** frequency-domain weight width (signed) and its cell mapping */
  weightBits: number;
  mapping: Mapping;
  /** activations are unsigned inBits; the FFT sees them shifted left by guardBits */
  inBits: number;
  guardBits: number;
  /** forward FFT data width (the crossbar inputs are offset binary of this width), twiddle width */
  fftBits: number;
  twBits: number;
  /** frequency-domain weights' fraction bits, the largest per-layer shift of Y into the IFFT (cfg yshift), the IFFT data width */
  wFracBits: number;
  maxYShift: number;
  ifftBits: number;
  /** output words (signed) and the requantisation fields */
  accBits: number;
  multBits: number;
  shiftBits: number;
}

export const DEFAULT_HW: FdaHwParams = {
  dims: 2, n: 8, maxC: 4, maxM: 2, maxKernel: 3,
  rows: 4, cols: 32, cellBits: 2, dacBits: 1, adc: 'limited', adcBits: 5, deltaLog2: 0, adcShare: 8, weightBits: 16, mapping: 'offset',
  inBits: 8, guardBits: 3, fftBits: 12, twBits: 12, wFracBits: 3, maxYShift: 24, ifftBits: 24, accBits: 32, multBits: 16, shiftBits: 6,
};

/** Bounds of every integer hardware field (adc, mapping and dims have their own schemas). */
export const HW_FIELDS: Record<Exclude<keyof FdaHwParams, 'adc' | 'mapping' | 'dims'>, FieldBounds> = {
  n: [pow2In(4, 16), 'FFT points per dimension (a power of two, 4..16)'],
  maxC: [1, 256, 'largest input-channel count of a run (crossbar rows)'],
  maxM: [1, 64, 'largest output-channel count of a run (two crossbar lanes each)'],
  maxKernel: [1, 7, 'largest kernel side'],
  rows: [1, 256, 'crossbar rows (input channels summed on one bitline)'],
  cols: [pow2In(2, 256), 'crossbar columns (a power of two)'],
  cellBits: [1, 4, 'bits per cell'],
  dacBits: [1, 4, 'bits per DAC slice'],
  adcBits: [1, 16, 'ADC resolution (limited mode)'],
  deltaLog2: [0, 12, 'ADC step Δ = 2^deltaLog2 cell LSBs'],
  adcShare: [pow2In(1, 256), 'columns per ADC (a power of two dividing cols)'],
  weightBits: [2, 24, 'frequency-domain weight width (signed)'],
  inBits: [1, 8, 'activation width (unsigned)'],
  guardBits: [0, 8, 'left shift of the activations into the FFT'],
  fftBits: [4, 24, 'forward FFT data width (signed)'],
  twBits: [2, 20, 'twiddle width parameter: round_half_away(cos/sin·2^(t−1))'],
  wFracBits: [0, 12, 'fraction bits of the frequency-domain weights'],
  maxYShift: [0, 31, 'largest right shift (round half up) of the products into the IFFT: the range of the per-layer cfg yshift field'],
  ifftBits: [4, 24, 'inverse FFT data width (signed)'],
  accBits: [8, 48, 'output word width (signed)'],
  multBits: [1, 32, 'requantisation multiplier width'],
  shiftBits: [1, 8, 'requantisation shift width'],
};

export function xbarArithOf(p: FdaHwParams): XbarArith {
  return {
    rows: p.rows, cols: p.cols, cellBits: p.cellBits, dacBits: p.dacBits, inputBits: p.fftBits, weightBits: p.weightBits, mapping: p.mapping,
    adc: p.adc, adcBits: p.adcBits, deltaLog2: p.deltaLog2, perturbLog2: 0, seed: 1,
  };
}

/** The hardware's arithmetic; yShift is the layer's (golden.ts layerArith), 0 here. */
export function fdaArithOf(p: FdaHwParams): FdaArith {
  return {
    dims: p.dims, n: p.n, inBits: p.inBits, guardBits: p.guardBits, fftBits: p.fftBits, twBits: p.twBits, wFracBits: p.wFracBits,
    yShift: 0, ifftBits: p.ifftBits, xbar: xbarArithOf(p), cChunk: p.maxC,
  };
}

function bitsOf(n: bigint): number {
  return n.toString(2).length;
}

/** Sizes of the accelerator. */
export function derived(p: FdaHwParams) {
  const x = xbarArithOf(p);
  const lg = clog2(p.n);
  const nz = p.dims === 3 ? p.n : 1;
  const bins = nz * p.n * (p.n / 2 + 1);
  const elements = nz * p.n * p.n;
  const nc = cellsPerWeight(x);
  const cpw = colsPerWeight(x);
  const lanesT = lanesPerTile(x);
  const rowTiles = Math.ceil(p.maxC / p.rows);
  const colTiles = Math.ceil((2 * p.maxM) / Math.max(1, lanesT));
  const slices = slicesFor(p.fftBits, p.dacBits);
  const maxSum = maxColumnSum(x);
  const colBits = clog2(maxSum + 1);
  const delta = 2 ** p.deltaLog2;
  const adcMax = p.adc === 'ideal' ? maxSum : Math.min(2 ** p.adcBits - 1, Math.floor((maxSum + (p.deltaLog2 === 0 ? 0 : delta / 2)) / delta)) * delta;
  const sumT = (2n ** BigInt(slices * p.dacBits) - 1n) / (2n ** BigInt(p.dacBits) - 1n);
  const sumS = (2n ** BigInt(nc * p.cellBits) - 1n) / (2n ** BigInt(p.cellBits) - 1n);
  const laneBits = bitsOf(BigInt(rowTiles) * BigInt(adcMax) * sumS * sumT) + 1;
  /** Σ_c X' (offset binary inputs of one part) */
  const unitBits = clog2(p.maxC * (2 ** p.fftBits - 1) + 1);
  const tBits = Math.max(1, clog2(slices));
  const corrBits = bitsOf(BigInt(2 * p.maxC) * 2n ** BigInt(p.fftBits - 1) * 2n ** BigInt(p.weightBits - 1)) + 2;
  const lgN = clog2(p.n);
  /** the net output exponent without yShift: e = eBase − yshift (golden.ts outExponent) */
  const eBase = p.guardBits + p.wFracBits - p.dims * lgN;
  /** the largest left shift of the IFFT output to the convolution's scale */
  const maxLeft = Math.max(0, p.maxYShift - eBase);
  return {
    lg,
    nz,
    bins,
    elements,
    nc,
    cpw,
    lanesT,
    rowTiles,
    colTiles,
    tilesPerBin: rowTiles * colTiles,
    lanes: colTiles * lanesT,
    used: lanesT * cpw,
    slices,
    colBits,
    adcMax,
    laneBits,
    unitBits,
    tBits,
    corrBits,
    eBase,
    maxLeft,
    ysBits: clog2(p.maxYShift + 1),
    /** the bias-added output sum: exact for every yshift */
    sumBits: Math.max(p.accBits, p.ifftBits + maxLeft) + 1,
    /** the complex products Σ_c X·W before the shift into the IFFT */
    prodBits: Math.max(laneBits, corrBits, p.weightBits + unitBits) + 3,
    nAdc: p.cols / p.adcShare,
    stepBits: Math.max(1, clog2(p.adcShare)),
    binBits: addrWidth(bins),
    elemBits: Math.max(1, p.dims * lgN),
    cBits: addrWidth(p.maxC),
    mBits: addrWidth(p.maxM),
    kBits: clog2(p.maxKernel + 1),
    tileIdxBits: addrWidth(bins * rowTiles * colTiles),
    /** the input tile: word c·elements + element */
    inAddrBits: addrWidth(p.maxC * elements),
    /** the output memory: word m·elements + element */
    outAddrBits: addrWidth(p.maxM * elements),
  };
}

/** Memory selector values on `load_sel`. */
export const LOAD_INPUT = 0;
/** bank = tile index (bin·tilesPerBin + rb·colTiles + cb), addr = row·cols + column */
export const LOAD_CELL = 1;
/** bank = output channel, addr = bin, data = {cIm, cRe} */
export const LOAD_CORR = 2;
export const LOAD_BIAS = 3;
/** the per-channel requantisation table (common/rqtable.ts), word m: channel m's mult · 2^shiftBits + shift */
export const LOAD_RQ = 4;

/** A hardware parameter set that cannot be built: the field and what it must be (the config schema's wording). */
export class FdaParamError extends Error {
  override name = 'FdaParamError';
  constructor(
    readonly field: keyof FdaHwParams,
    readonly must: string,
    got: number,
  ) {
    super(`${field} = ${got} must be ${must}`);
  }
}

export function checkHw(p: FdaHwParams): void {
  const fail = (field: keyof FdaHwParams, must: string): never => {
    throw new FdaParamError(field, must, p[field] as number);
  };
  if (p.cols % p.adcShare !== 0) fail('adcShare', `a divisor of cols = ${p.cols}`);
  const x = xbarArithOf(p);
  if (lanesPerTile(x) < 1) fail('cols', `at least ${colsPerWeight(x)} (a ${p.weightBits}-bit weight in ${p.cellBits}-bit cells)`);
  if (p.maxKernel > p.n) fail('maxKernel', `at most the transform size n = ${p.n}`);
  if (p.inBits + p.guardBits + 1 > p.fftBits) fail('fftBits', `at least inBits + guardBits + 1 = ${p.inBits + p.guardBits + 1}`);
  if (p.dims === 3 && p.n ** 3 > 4096) fail('n', 'at most 16 in 3D (n^3 ≤ 4096 elements)');
}
