/** Dense configuration files: the schema's error messages, the load-time fit checks, the committed configs and JSON Schema. */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, parseConfig, jsonSchemaOf, familyByName } from '../../../generators/registry.js';
import { denseConfigSchema, tileSample, materializeLayer } from '../../../generators/dense/index.js';
import { DEFAULT_HW } from '../../../generators/dense/params.js';
import { staleSchemas } from '../../../cli/commands/schema.js';
import { findConfigs } from '../../../cli/commands/generate.js';
import { scratchDir } from '../../helpers/tmp.ts';
import { errorOf } from '../../helpers/config-error.ts';

const base = { name: 'd', generator: 'dense' };

describe('dense configuration errors', () => {
  it('an unknown field names its path and the allowed fields', () => {
    expect(errorOf({ ...base, colour: 'red' })).toBe(
      'bad.json: colour: unknown field; allowed fields here: $schema, name, generator, description, hw, workload',
    );
    expect(errorOf({ ...base, hw: { rows: 4, rowz: 4 } })).toMatch(/^bad\.json: hw\.rowz: unknown field; allowed fields here: rows, cols, actBits, /);
    expect(errorOf({ ...base, workload: { layers: [{ source: 'facenet', layer: 'conv32_down', tiles: 3 }] } })).toBe(
      'bad.json: workload.layers[0].tiles: unknown field; allowed fields here: source, layer, image, quant, maxTiles',
    );
  });

  it('zero, negative and fractional sizes name the field, the value and the range', () => {
    expect(errorOf({ ...base, hw: { rows: 0 } })).toBe('bad.json: hw.rows: got 0, must be a positive integer (1..256)');
    expect(errorOf({ ...base, hw: { ifmapWords: -5 } })).toBe('bad.json: hw.ifmapWords: got -5, must be a positive integer (1..1048576)');
    expect(errorOf({ ...base, hw: { cols: 2.5 } })).toBe('bad.json: hw.cols: got 2.5, must be a positive integer (1..256)');
    expect(errorOf({ ...base, hw: { dimBits: 99 } })).toBe('bad.json: hw.dimBits: got 99, must be an integer in 4..24');
    expect(errorOf({ ...base, hw: { rows: '8' } })).toBe('bad.json: hw.rows: got "8", must be a positive integer (1..256)');
    const layer = { source: 'random', name: 'r', C: 0, H: 4, W: 4, M: -1, R: 3, seed: 1 };
    expect(errorOf({ ...base, workload: { layers: [layer] } }).split('\n')).toEqual([
      'bad.json: workload.layers[0].C: got 0, must be a positive integer (1..4096)',
      'bad.json: workload.layers[0].M: got -1, must be a positive integer (1..4096)',
    ]);
  });

  it('every problem is reported, one line each', () => {
    expect(errorOf({ ...base, hw: { rows: 0, cols: 0 }, extra: 1 }).split('\n')).toHaveLength(3);
  });

  it('a name that could leave the output folder, or is not an identifier, is refused', () => {
    const rule = 'must be an identifier: letters, digits and _, starting with a letter (no path separators, no ..)';
    expect(errorOf({ ...base, name: '../evil' })).toBe(`bad.json: name: got "../evil", ${rule}`);
    expect(errorOf({ ...base, name: 'a/b' })).toBe(`bad.json: name: got "a/b", ${rule}`);
    expect(errorOf({ ...base, name: '..' })).toBe(`bad.json: name: got "..", ${rule}`);
    expect(errorOf({ ...base, name: 'dense-8x8' })).toBe(`bad.json: name: got "dense-8x8", ${rule}`);
    expect(errorOf({ ...base, name: '8x8' })).toBe(`bad.json: name: got "8x8", ${rule}`);
    expect(errorOf({ generator: 'dense' })).toBe(`bad.json: name: missing, ${rule}`);
    const layer = { source: 'random', name: '../x', C: 1, H: 4, W: 4, M: 1, R: 3, seed: 1 };
    expect(errorOf({ ...base, workload: { layers: [layer] } })).toBe(`bad.json: workload.layers[0].name: got "../x", ${rule}`);
  });

  it('an unknown generator, source or face-net layer lists what is allowed', () => {
    expect(errorOf({ ...base, generator: 'eyeriss' })).toBe('bad.json: generator: got "eyeriss", must be one of "dense", "zas", "linac", "insram", "svd", "crossbar", "fft", "fda"');
    expect(errorOf({ name: 'x' })).toBe('bad.json: generator: got nothing, must be one of "dense", "zas", "linac", "insram", "svd", "crossbar", "fft", "fda"');
    expect(errorOf({ ...base, workload: { layers: [{ source: 'imagenet' }] } })).toBe(
      'bad.json: workload.layers[0].source: got "imagenet", must be a layer with "source": "facenet" or "random"',
    );
    expect(errorOf({ ...base, workload: { layers: [{ source: 'facenet', layer: 'conv99' }] } })).toMatch(
      /^bad\.json: workload\.layers\[0\]\.layer: got "conv99", must be one of the face-net layers: conv32_down, conv32_1\/conv1, /,
    );
    expect(errorOf({ ...base, workload: { layers: [{ source: 'facenet', layer: 'conv32_down', image: 6 }] } })).toBe(
      'bad.json: workload.layers[0].image: got 6, must be a non-negative integer (0..5)',
    );
  });

  it('an accumulator too narrow for a listed layer fails at load time, naming the layer and the minimum accBits', () => {
    // conv32_down: K = 3·7·7 = 147; 255·128·147 = 4798080 needs 24 bits (sign included)
    expect(errorOf({ ...base, hw: { accBits: 16 }, workload: { layers: [{ source: 'facenet', layer: 'conv32_down' }] } })).toBe(
      "bad.json: workload.layers[0]: layer 'conv32_down': sums can reach ±4798080, which overflows the 16-bit accumulator; raise accBits to at least 24",
    );
    const layer = { source: 'random', name: 'wide', C: 64, H: 6, W: 6, M: 4, R: 3, pad: 1, seed: 7 };
    const msg = errorOf({ ...base, hw: { accBits: 24 }, workload: { layers: [{ source: 'facenet', layer: 'conv32_down' }, layer] } });
    expect(msg).toMatch(/^bad\.json: workload\.layers\[1\]: layer 'wide': sums can reach ±\d+, which overflows the 24-bit accumulator; raise accBits to at least 2[67]$/);
    // and the same config with a wide enough accumulator loads
    expect(() => parseConfig({ ...base, hw: { accBits: 27 }, workload: { layers: [layer] } }, 'ok.json')).not.toThrow();
  });

  it('other fit limits (stride) name the layer and the fix', () => {
    const layer = { source: 'random', name: 's3', C: 1, H: 9, W: 9, M: 2, R: 3, stride: 3, seed: 1 };
    expect(errorOf({ ...base, workload: { layers: [layer] } })).toBe(
      "bad.json: workload.layers[0]: layer 's3': stride 3 is not in 1..2; raise maxStride in the config",
    );
  });

  it('a kernel larger than the padded input is refused', () => {
    const layer = { source: 'random', name: 'tiny', C: 1, H: 2, W: 4, M: 1, R: 3, seed: 1 };
    expect(errorOf({ ...base, workload: { layers: [layer] } })).toBe(
      "bad.json: workload.layers[0].H: got 2, must be at least 3 so that H + 2·pad (pad = 0) reaches the kernel's R = 3; else the output is empty",
    );
  });

  it('a file that is not JSON, or missing, names the file', async () => {
    const dir = await scratchDir('hwgen-config-');
    const f = path.join(dir, 'broken.json');
    writeFileSync(f, '{ "name": ');
    expect(() => loadConfig(f)).toThrow(/broken\.json: not valid JSON: /);
    expect(() => loadConfig(path.join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read: ENOENT/);
    writeFileSync(f, '[1, 2]');
    expect(() => loadConfig(f)).toThrow(/broken\.json: got \[1,2\], must be a JSON object$/);
  });
});

describe('dense configurations', () => {
  it('defaults fill every hardware field; the default config is DEFAULT_HW', () => {
    const c = parseConfig({ ...base }, 'x.json').config;
    expect(c.hw).toEqual(DEFAULT_HW);
    expect(c.workload.layers).toEqual([]);
    const d = loadConfig(familyByName('dense')!.defaultConfig).config;
    expect(d.hw).toEqual(DEFAULT_HW);
    expect(d.workload.layers.length).toBeGreaterThanOrEqual(3);
    expect(d.workload.layers.every((l: { source: string }) => l.source === 'facenet')).toBe(true);
  });

  it('every configuration in configs/ loads', () => {
    const files = findConfigs('configs');
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(() => loadConfig(f), f).not.toThrow();
  });

  it('configs/schema/dense.schema.json is up to date (`hwgen schema` writes it)', () => {
    expect(staleSchemas()).toEqual([]);
  });

  it('the JSON Schema is strict and carries the bounds and defaults', () => {
    const s = jsonSchemaOf(familyByName('dense')!) as { additionalProperties: boolean; properties: Record<string, any>; required: string[] };
    expect(s.additionalProperties).toBe(false);
    expect(s.required.sort()).toEqual(['generator', 'name']);
    const hw = s.properties.hw;
    expect(hw.additionalProperties).toBe(false);
    expect(hw.properties.rows).toMatchObject({ type: 'integer', minimum: 1, maximum: 256, default: 8 });
    expect(s.properties.name.pattern).toBe('^[A-Za-z][A-Za-z0-9_]*$');
  });

  it('random layers are deterministic per seed', () => {
    const spec = denseConfigSchema().parse({ ...base, workload: { layers: [{ source: 'random', name: 'r', C: 2, H: 5, W: 6, M: 3, R: 3, seed: 9, requant: true }] } }).workload.layers[0]!;
    const a = materializeLayer(spec, DEFAULT_HW);
    const b = materializeLayer(spec, DEFAULT_HW);
    expect(Array.from(a.input)).toEqual(Array.from(b.input));
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.rq).toBeDefined();
    expect(a.shape).toMatchObject({ C: 2, H: 5, W: 6, M: 3, R: 3, S: 3, stride: 1, pad: 0 });
  });

  it('tileSample spreads the verified tiles over the layer, first and last included', () => {
    const pick = (max: number, total: number) => Array.from({ length: total }, (_, i) => i).filter((i) => tileSample(max)!(i, total));
    expect(tileSample(undefined)).toBeUndefined();
    expect(pick(2, 6)).toEqual([0, 5]);
    expect(pick(3, 7)).toEqual([0, 3, 6]);
    expect(pick(1, 6)).toEqual([0]);
    expect(pick(9, 4)).toEqual([0, 1, 2, 3]);
  });
});
