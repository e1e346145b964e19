/**
 * Parameters of the crossbar tile and of the ISAAC-like spatial accelerator, and every size derived from them (the one
 * place the hardware, the driver and the cycle model compute them). Plain TypeScript: no DSL.
 */
import { type AdcMode, type Mapping, type XbarArith, clog2, colsPerWeight, cellsPerWeight, lanesPerTile, maxColumnSum, slicesFor } from './golden.js';

/** One crossbar tile: the analog array (as a memory of conductance levels) and its periphery. */
export interface XbarTileParams {
  /** R: word lines (inputs summed on one bit line) */
  rows: number;
  /** bit lines (cell columns) */
  cols: number;
  /** b_c: bits per cell (conductance levels 0 .. 2^b_c − 1) */
  cellBits: number;
  /** b_d: bits per DAC input slice */
  dacBits: number;
  /** 'ideal' (identity, exact) or 'limited' (clamp(round_half_up(v/Δ), 0, 2^b_a − 1)·Δ) */
  adc: AdcMode;
  /** b_a */
  adcBits: number;
  /** Δ = 2^deltaLog2 cell LSBs */
  deltaLog2: number;
  /** columns per ADC (a power of two dividing cols): an activation's columns are converted over adcShare cycles */
  adcShare: number;
  /** 0: no perturbation; k: a programmed cell is moved by ±1 level with probability 2^−k (seeded LFSR) */
  perturbLog2: number;
  /** width of the tag that travels with an activation to its ADC outputs (for the user's bookkeeping; 1 if unused) */
  tagBits: number;
}

export interface XbarHwParams extends Omit<XbarTileParams, 'tagBits'> {
  /** widest input (the input SRAM word; up to ceil(inputBits / dacBits) slices per input vector) */
  inputBits: number;
  /** w: signed weight width (offset binary over ceil(w / b_c) cells, or two such groups in differential mapping) */
  weightBits: number;
  mapping: Mapping;
  /** tiles stacked along K (row blocks summed digitally) and side by side along M */
  rowTiles: number;
  colTiles: number;
  /** input vectors (output pixels) per pass: the depth of the input and output SRAMs */
  pixels: number;
  /** width of the output/partial-sum words (signed) */
  accBits: number;
  multBits: number;
  shiftBits: number;
  /** base seed of the perturbation LFSRs */
  seed: number;
}

/** Memory selector values on `load_sel`. */
export const LOAD_CELL = 0;
export const LOAD_INPUT = 1;
export const LOAD_BIAS = 2;
/** the per-channel requantisation table (common/rqtable.ts), word l: lane l's mult · 2^shiftBits + shift */
export const LOAD_RQ = 3;

export function arithOf(p: XbarHwParams): XbarArith {
  return {
    rows: p.rows, cols: p.cols, cellBits: p.cellBits, dacBits: p.dacBits, inputBits: p.inputBits, weightBits: p.weightBits, mapping: p.mapping,
    adc: p.adc, adcBits: p.adcBits, deltaLog2: p.deltaLog2, perturbLog2: p.perturbLog2, seed: p.seed,
  };
}

function bitsOf(n: bigint): number {
  return n.toString(2).length;
}

/** Sizes of a tile. */
export function tileDerived(p: XbarTileParams) {
  const maxSum = maxColumnSum(p);
  const colBits = clog2(maxSum + 1);
  const delta = 2 ** p.deltaLog2;
  /** largest ADC output (cell LSBs) */
  const adcMax = p.adc === 'ideal' ? maxSum : Math.min(2 ** p.adcBits - 1, Math.floor((maxSum + (p.deltaLog2 === 0 ? 0 : delta / 2)) / delta)) * delta;
  return {
    maxSum,
    colBits,
    adcMax,
    adcOutBits: p.adc === 'ideal' ? colBits : p.adcBits + p.deltaLog2,
    nAdc: p.cols / p.adcShare,
    shareBits: clog2(p.adcShare),
    stepBits: Math.max(1, clog2(p.adcShare)),
    rowAddrBits: Math.max(1, clog2(p.rows)),
    colAddrBits: Math.max(1, clog2(p.cols)),
  };
}

export function tileParamsOf(p: XbarHwParams, tagBits: number): XbarTileParams {
  return {
    rows: p.rows, cols: p.cols, cellBits: p.cellBits, dacBits: p.dacBits, adc: p.adc, adcBits: p.adcBits, deltaLog2: p.deltaLog2,
    adcShare: p.adcShare, perturbLog2: p.perturbLog2, tagBits,
  };
}

/** Sizes of the accelerator. */
export function derived(p: XbarHwParams) {
  const a = arithOf(p);
  const nc = cellsPerWeight(a);
  const cpw = colsPerWeight(a);
  const lanesT = lanesPerTile(a);
  const lanes = lanesT * p.colTiles;
  const krows = p.rowTiles * p.rows;
  const maxSlices = slicesFor(p.inputBits, p.dacBits);
  const tile = tileDerived({ ...p, tagBits: 1 });
  const sliceBits = clog2(maxSlices);
  const tBits = Math.max(1, sliceBits);
  /** the unit column of one slice: Σ of krows slices */
  const unitBits = clog2(krows * (2 ** p.dacBits - 1) + 1);
  const sumT = (2n ** BigInt(maxSlices * p.dacBits) - 1n) / (2n ** BigInt(p.dacBits) - 1n);
  const sumS = (2n ** BigInt(nc * p.cellBits) - 1n) / (2n ** BigInt(p.cellBits) - 1n);
  /** |lane accumulator| ≤ rowTiles·adcMax·Σ_s 2^(s·b_c)·Σ_t 2^(t·b_d) (each polarity) */
  const laneMax = BigInt(p.rowTiles) * BigInt(tile.adcMax) * sumS * sumT;
  const laneBits = bitsOf(laneMax) + 1;
  const corrBits = clog2(krows * (2 ** (maxSlices * p.dacBits) - 1) + 1);
  const tileCount = p.rowTiles * p.colTiles;
  return {
    ...tile,
    nc,
    cpw,
    lanesT,
    lanes,
    used: lanesT * cpw,
    krows,
    maxSlices,
    tBits,
    unitBits,
    /** the tag of tile 0: the slice index, and in offset mapping the unit column's sum */
    tagBits: tBits + (p.mapping === 'offset' ? unitBits : 0),
    laneBits,
    corrBits,
    tileCount,
    pixAddrBits: Math.max(1, clog2(p.pixels)),
    pixCountBits: clog2(p.pixels + 1),
    sliceCountBits: Math.max(1, clog2(maxSlices + 1)),
    laneSelBits: Math.max(1, clog2(lanes)),
    loadBankBits: Math.max(1, clog2(Math.max(tileCount, krows, 2))),
    loadAddrBits: Math.max(1, clog2(p.rows * p.cols), clog2(p.pixels), clog2(lanes)),
    loadDataBits: Math.max(p.cellBits, p.inputBits, p.accBits, p.multBits + p.shiftBits),
    evBits: 40,
    /** cycles from the last activation's first ADC output to `done`: see model.ts */
    latency: 3,
  };
}

/** A hardware parameter set that cannot be built: one line naming the field and the fix. */
export class XbarParamError extends Error {
  override name = 'XbarParamError';
}

export function checkHw(p: XbarHwParams): void {
  const fail = (m: string): never => {
    throw new XbarParamError(m);
  };
  const pow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
  if (!pow2(p.adcShare)) fail(`adcShare = ${p.adcShare} is not a power of two; use 1, 2, 4, ... up to cols`);
  if (!pow2(p.cols) || p.cols < 2) fail(`cols = ${p.cols} is not a power of two ≥ 2; use 2, 4, ... (the load address is row·cols + column)`);
  if (p.cols % p.adcShare !== 0) fail(`adcShare = ${p.adcShare} does not divide cols = ${p.cols}; make cols a multiple of adcShare`);
  const a = arithOf(p);
  if (lanesPerTile(a) < 1)
    fail(`a ${p.weightBits}-bit weight needs ${colsPerWeight(a)} columns of ${p.cellBits}-bit cells (${p.mapping}), more than cols = ${p.cols}; raise cols or cellBits`);
  const d = derived(p);
  if (d.laneBits + 2 > p.accBits) fail(`the lane sums need ${d.laneBits + 2} bits, accBits is ${p.accBits}; raise accBits to ${d.laneBits + 2}`);
  if (d.corrBits + p.weightBits + 1 > p.accBits) fail(`the unit-column correction needs ${d.corrBits + p.weightBits + 1} bits, accBits is ${p.accBits}; raise accBits`);
  if (p.seed < 0 || p.seed > 0xffff || !Number.isInteger(p.seed)) fail(`seed = ${p.seed} is not a 16-bit value`);
}

/** Preset hardware (after CrossSim's ISAAC and PRIME configurations; see README.md for the sources of each value). */
export const ISAAC_HW: XbarHwParams = {
  rows: 128, cols: 128, cellBits: 2, dacBits: 1, adc: 'limited', adcBits: 9, deltaLog2: 0, adcShare: 128, perturbLog2: 0,
  inputBits: 16, weightBits: 16, mapping: 'offset', rowTiles: 2, colTiles: 2, pixels: 64, accBits: 48, multBits: 16, shiftBits: 6, seed: 1,
};

export const PRIME_HW: XbarHwParams = {
  rows: 256, cols: 256, cellBits: 4, dacBits: 3, adc: 'limited', adcBits: 6, deltaLog2: 0, adcShare: 16, perturbLog2: 0,
  inputBits: 8, weightBits: 8, mapping: 'differential', rowTiles: 1, colTiles: 1, pixels: 64, accBits: 40, multBits: 16, shiftBits: 6, seed: 1,
};
