/**
 * A tiny writer (and header reader) for NumPy's .npy format, version 1.0: the magic `\x93NUMPY`, version 1.0, a
 * little-endian uint16 header length, then an ASCII Python dict `{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }`
 * padded with spaces and a final newline so that the data starts at a multiple of 64 bytes; then the data, C order.
 * `numpy.load(file)` reads the result.
 */
import { writeFileSync } from 'node:fs';

/** dtype descr → bytes per element and how to store one value */
const DTYPES: Record<string, { size: number; set(v: DataView, o: number, x: number | bigint): void }> = {
  '|u1': { size: 1, set: (v, o, x) => v.setUint8(o, Number(x)) },
  '|i1': { size: 1, set: (v, o, x) => v.setInt8(o, Number(x)) },
  '<u2': { size: 2, set: (v, o, x) => v.setUint16(o, Number(x), true) },
  '<i2': { size: 2, set: (v, o, x) => v.setInt16(o, Number(x), true) },
  '<u4': { size: 4, set: (v, o, x) => v.setUint32(o, Number(x), true) },
  '<i4': { size: 4, set: (v, o, x) => v.setInt32(o, Number(x), true) },
  '<i8': { size: 8, set: (v, o, x) => v.setBigInt64(o, BigInt(x), true) },
  '<f8': { size: 8, set: (v, o, x) => v.setFloat64(o, Number(x), true) },
};

export const NPY_DTYPES = Object.keys(DTYPES);

/** Range of each integer dtype, to refuse a value that would wrap. */
const RANGES: Record<string, [bigint, bigint]> = {
  '|u1': [0n, 255n], '|i1': [-128n, 127n], '<u2': [0n, 65535n], '<i2': [-32768n, 32767n],
  '<u4': [0n, 2n ** 32n - 1n], '<i4': [-(2n ** 31n), 2n ** 31n - 1n], '<i8': [-(2n ** 63n), 2n ** 63n - 1n],
};

export function npyHeader(descr: string, shape: readonly number[]): string {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + dict.length + 1;
  return dict + ' '.repeat((64 - (total % 64)) % 64) + '\n';
}

/** The bytes of an .npy file holding `data` (row-major) with the given dtype and shape. */
export function encodeNpy(descr: string, shape: readonly number[], data: ArrayLike<number> | ArrayLike<bigint>): Uint8Array {
  const dt = DTYPES[descr];
  if (!dt) throw new Error(`npy: unsupported dtype '${descr}' (supported: ${NPY_DTYPES.join(', ')})`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape (${shape.join(', ')}) holds ${count} values, the data has ${data.length}`);
  const header = npyHeader(descr, shape);
  if (header.length > 0xffff) throw new Error('npy: header too long for version 1.0');
  const out = new Uint8Array(10 + header.length + count * dt.size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const base = 10 + header.length;
  const range = RANGES[descr];
  for (let i = 0; i < count; i++) {
    const x = data[i]!;
    if (range) {
      const b = typeof x === 'bigint' ? x : BigInt(x);
      if (b < range[0] || b > range[1]) throw new Error(`npy: value ${b} at index ${i} does not fit '${descr}'`);
    }
    dt.set(view, base + i * dt.size, x);
  }
  return out;
}

export function writeNpy(file: string, descr: string, shape: readonly number[], data: ArrayLike<number> | ArrayLike<bigint>): void {
  writeFileSync(file, encodeNpy(descr, shape, data));
}

/** Parse an .npy v1.0 header: dtype, order, shape and where the data starts (for tests and tools). */
export function parseNpyHeader(bytes: Uint8Array): { descr: string; fortranOrder: boolean; shape: number[]; dataOffset: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error('npy: bad magic');
  if (bytes[6] !== 1 || bytes[7] !== 0) throw new Error(`npy: version ${bytes[6]}.${bytes[7]}, expected 1.0`);
  const len = bytes[8]! | (bytes[9]! << 8);
  const text = String.fromCharCode(...bytes.subarray(10, 10 + len));
  const m = /^\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \(([\d, ]*)\), \} *\n$/.exec(text);
  if (!m) throw new Error(`npy: cannot parse header ${JSON.stringify(text)}`);
  const shape = m[3]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr: m[1]!, fortranOrder: m[2] === 'True', shape, dataOffset: 10 + len };
}
