/** The .npy v1.0 writer: header layout, 64-byte alignment, little-endian data; numpy reads it back when it is installed. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { encodeNpy, npyHeader, parseNpyHeader, writeNpy } from '../../cli/npy.js';
import { scratchDir } from '../helpers/tmp.ts';

describe('npy writer', () => {
  it('writes the v1.0 header, padded so the data starts at a multiple of 64', () => {
    const b = encodeNpy('<i4', [2, 3], Int32Array.from([1, -2, 3, 4, 5, -2147483648]));
    expect(Array.from(b.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const h = parseNpyHeader(b);
    expect(h).toEqual({ descr: '<i4', fortranOrder: false, shape: [2, 3], dataOffset: 128 }); // 10 + 60-char dict + newline, padded to 128
    const text = String.fromCharCode(...b.subarray(10, h.dataOffset));
    expect(text).toMatch(/^\{'descr': '<i4', 'fortran_order': False, 'shape': \(2, 3\), \} +\n$/);
    expect(b.length).toBe(128 + 6 * 4);
    const v = new DataView(b.buffer, h.dataOffset);
    expect([0, 1, 2, 3, 4, 5].map((i) => v.getInt32(i * 4, true))).toEqual([1, -2, 3, 4, 5, -2147483648]);
  });

  it('1-d shapes keep the trailing comma; uint8 and int64 (bigint) data', () => {
    expect(npyHeader('|u1', [5])).toContain("'shape': (5,), }");
    const u = encodeNpy('|u1', [5], Uint8Array.from([0, 1, 2, 254, 255]));
    expect(Array.from(u.subarray(parseNpyHeader(u).dataOffset))).toEqual([0, 1, 2, 254, 255]);
    const big = encodeNpy('<i8', [1, 2], BigInt64Array.from([-(2n ** 40n), 7n]));
    const off = parseNpyHeader(big).dataOffset;
    expect(off % 64).toBe(0);
    const v = new DataView(big.buffer, off);
    expect([v.getBigInt64(0, true), v.getBigInt64(8, true)]).toEqual([-(2n ** 40n), 7n]);
    for (const shape of [[], [1], [10, 20, 30], [123456, 7]]) expect((10 + npyHeader('<i4', shape).length) % 64).toBe(0);
  });

  it('refuses a wrong element count, an unknown dtype and a value that would wrap', () => {
    expect(() => encodeNpy('<i4', [2, 2], [1, 2, 3])).toThrow('shape (2, 2) holds 4 values, the data has 3');
    expect(() => encodeNpy('<c16', [1], [1])).toThrow("unsupported dtype '<c16'");
    expect(() => encodeNpy('|u1', [2], [1, 256])).toThrow("value 256 at index 1 does not fit '|u1'");
  });

  it('numpy.load reads what writeNpy wrote (skipped without python3/numpy)', async () => {
    const probe = await execa('python3', ['-c', 'import numpy'], { reject: false });
    if (probe.exitCode !== 0) return;
    const dir = await scratchDir('hwgen-npy-');
    writeNpy(path.join(dir, 'a.npy'), '<i4', [2, 3], [1, -2, 3, 4, 5, 6]);
    writeNpy(path.join(dir, 'b.npy'), '|u1', [4], [0, 9, 200, 255]);
    writeNpy(path.join(dir, 'c.npy'), '<i8', [2], [-(2n ** 40n), 3n]);
    const r = await execa('python3', ['-c', `
import numpy as np, sys
d = sys.argv[1]
for n in 'abc':
    x = np.load(d + '/' + n + '.npy')
    print(n, x.dtype.str, x.shape, x.ravel().tolist())
`, dir]);
    expect(r.stdout.split('\n')).toEqual(['a <i4 (2, 3) [1, -2, 3, 4, 5, 6]', 'b |u1 (4,) [0, 9, 200, 255]', 'c <i8 (2,) [-1099511627776, 3]']);
    expect(readFileSync(path.join(dir, 'a.npy')).length).toBe(128 + 24);
  });
});
