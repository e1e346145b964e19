/** `hwgen generate`, `verify`, `list`, `schema` as subprocesses (through bin/hwgen.mjs), on the small random-layer config. */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/tmp.ts';
import { parseNpyHeader } from '../../cli/npy.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/hwgen.mjs');
const SMALL = 'configs/dense-small.json';

function hwgen(args: string[], cwd = ROOT) {
  return execa(process.execPath, [BIN, ...args], { cwd, reject: false, all: true, env: { ...process.env, NO_COLOR: '1' } });
}

async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(value, null, 2));
  return f;
}

describe('hwgen generate', () => {
  it('writes <out>/<name>/ with one .v per module, the filelist and the manifest', async () => {
    const out = path.join(await scratchDir('hwgen-gen-'), 'rtl');
    const r = await hwgen(['generate', SMALL, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(readdirSync(out)).toEqual(['dense_4x4']);
    const dir = path.join(out, 'dense_4x4');
    expect(readdirSync(dir).sort()).toEqual(['dense_4x4.f', 'dense_accel.v', 'dense_pe.v', 'manifest.json', 'post_proc.v']);
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ design: 'dense_4x4', top: 'dense_accel', filelist: 'dense_4x4.f', family: 'dense', configFile: SMALL });
    expect(m.params).toMatchObject({ rows: 4, cols: 4, accBits: 32, ifmapWords: 512 });
    expect(m.config.hw).toEqual(m.params);
    expect(readFileSync(path.join(dir, 'dense_4x4.f'), 'utf8').trim().split('\n')).toEqual(m.files);
    expect(m.ports).toContainEqual({ name: 'rd_data', dir: 'output', width: expect.any(Number), signed: expect.any(Boolean) });
    expect(m.memories.map((x: { name: string }) => x.name)).toContain('bias');
    expect(m.memories.find((x: { name: string }) => x.name === 'bias')).toMatchObject({ width: 32, depth: 32 });
    expect(r.stdout).toContain('dense_4x4/  top dense_accel');
  });

  it('a bad configuration exits 1 with the message and writes nothing, even beside a good one', async () => {
    const dir = await scratchDir('hwgen-gen-bad-');
    const bad = await writeJson(dir, 'bad.json', { name: '../escape', generator: 'dense', hw: { rows: 0 } });
    const out = path.join(dir, 'rtl');
    const r = await hwgen(['generate', SMALL, bad, '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`bad.json: name: got "../escape", must be an identifier`);
    expect(r.stderr).toContain('bad.json: hw.rows: got 0, must be a positive integer (1..256)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });

  it('two configurations naming the same design are refused before writing', async () => {
    const out = path.join(await scratchDir('hwgen-gen-dup-'), 'rtl');
    const r = await hwgen(['generate', SMALL, SMALL, '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("both name the design 'dense_4x4'");
    expect(existsSync(out)).toBe(false);
  });

  it('an accumulator too narrow for a listed layer is refused with the minimum accBits', async () => {
    const dir = await scratchDir('hwgen-gen-acc-');
    const cfg = JSON.parse(readFileSync(path.join(ROOT, SMALL), 'utf8'));
    cfg.hw.accBits = 16;
    const f = await writeJson(dir, 'narrow.json', cfg);
    const r = await hwgen(['generate', f, '--out', path.join(dir, 'rtl')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/narrow\.json: workload\.layers\[0\]: layer 'rand3x3': sums can reach ±\d+, which overflows the 16-bit accumulator; raise accBits to at least \d+/);
  });
});

describe('hwgen verify', () => {
  it('runs the small config in builtin and verilator, prints PASS rows and dumps .npy files', async () => {
    const dump = await scratchDir('hwgen-dump-');
    const r = await hwgen(['verify', SMALL, '--sim', 'builtin,verilator', '--dump', dump]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^rand/.test(l));
    expect(rows).toHaveLength(6);
    for (const l of rows) expect(l).toMatch(/\s(builtin|verilator)\s.*\sPASS$/);
    expect(r.stdout).toMatch(/^layer\s+sim\s+shape\s+tiles\s+cycles \(RTL\)\s+cycles \(model\)\s+MACs\s+PE util/m);
    expect(r.stdout).toContain('dense_4x4: 6 run(s) PASS');
    const d = path.join(dump, 'dense_4x4', 'rand3x3');
    expect(readdirSync(d).sort()).toEqual(['bias.npy', 'checked.npy', 'golden.npy', 'input.npy', 'meta.json', 'rtl_builtin.npy', 'rtl_verilator.npy', 'weights.npy']);
    const hdr = (f: string) => parseNpyHeader(readFileSync(path.join(d, f)));
    expect(hdr('input.npy')).toMatchObject({ descr: '|u1', shape: [3, 9, 11] });
    expect(hdr('weights.npy')).toMatchObject({ descr: '<i4', shape: [6, 3, 3, 3] });
    expect(hdr('bias.npy')).toMatchObject({ descr: '<i4', shape: [6] });
    expect(hdr('golden.npy')).toMatchObject({ descr: '<i4', shape: [6, 9, 11] });
    expect(hdr('rtl_verilator.npy')).toMatchObject({ descr: '<i8', shape: [6, 9, 11] });
    // the RTL outputs equal the golden ones, element by element, as read back from the files
    const g = readFileSync(path.join(d, 'golden.npy'));
    const v = readFileSync(path.join(d, 'rtl_verilator.npy'));
    const gv = new DataView(g.buffer, g.byteOffset + hdr('golden.npy').dataOffset);
    const vv = new DataView(v.buffer, v.byteOffset + hdr('rtl_verilator.npy').dataOffset);
    for (let i = 0; i < 6 * 9 * 11; i++) expect(vv.getBigInt64(i * 8, true)).toBe(BigInt(gv.getInt32(i * 4, true)));
    const meta = JSON.parse(readFileSync(path.join(d, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ design: 'dense_4x4', layer: 'rand3x3', relu: true, requant: { mult: expect.any(Array), shift: expect.any(Array) } });
    // one requantisation entry per output channel (the per-channel table; the random layer's entries differ)
    expect(meta.requant.mult).toHaveLength(6);
    expect(new Set(meta.requant.mult).size).toBeGreaterThan(1);
    expect(meta.results.map((x: { sim: string; pass: boolean }) => [x.sim, x.pass])).toEqual([['builtin', true], ['verilator', true]]);
  });

  it('--layer picks layers; an unknown layer or simulator is an error', async () => {
    const a = await hwgen(['verify', SMALL, '--sim', 'builtin', '--layer', 'rand5x5s2']);
    expect(a.exitCode, a.all).toBe(0);
    expect(a.stdout.split('\n').filter((l) => /^rand/.test(l))).toHaveLength(1);
    const b = await hwgen(['verify', SMALL, '--sim', 'builtin', '--layer', 'nope']);
    expect(b.exitCode).toBe(1);
    expect(b.stderr).toContain("no layer named 'nope'; the workload has: rand3x3, rand5x5s2, rand1x1_tiled");
    const c = await hwgen(['verify', SMALL, '--sim', 'modelsim']);
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toContain("--sim: got 'modelsim'");
  });
});

describe('hwgen list and schema', () => {
  it('list shows the configurations, generators and workloads', async () => {
    const r = await hwgen(['list']);
    expect(r.exitCode, r.all).toBe(0);
    for (const s of ['configs/dense.json', 'dense_8x8', 'configs/dense-small.json', 'dense_4x4', 'conv32_down', 'vgg16', 'alexnet', 'resnet50', 'facenet', 'counter'])
      expect(r.stdout).toContain(s);
    expect(r.stdout).toMatch(/^dense\s+configs\/dense\.json\s/m);
    const w = await hwgen(['list', 'workloads']);
    expect(w.stdout).toMatch(/^vgg16\s+conv5_3\s+512×14×14 → 512, 3×3\/1 p1\s+1$/m);
    expect(w.stdout).toMatch(/^facenet\s+conv64_1\/conv1\s/m);
  });

  it('schema --check passes on the committed schema; schema writes it', async () => {
    expect((await hwgen(['schema', '--check'])).exitCode).toBe(0);
    const out = await scratchDir('hwgen-schema-');
    const r = await hwgen(['schema', '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(out, 'dense.schema.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'configs/schema/dense.schema.json'), 'utf8'));
    writeFileSync(path.join(out, 'dense.schema.json'), '{}');
    const stale = await hwgen(['schema', '--check', '--out', out]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('dense.schema.json: out of date');
  });
});
