/** Pieces of `hwgen verify` as units: the verdict text and table (a failing verdict too), --sim parsing, safe names, the progress line. */
import { describe, expect, it } from 'vitest';
import { formatVerifyTable, formatVerifyReport, verdictText, parseSims, safeName, shapeText, type VerifyRow } from '../../cli/commands/verify.js';
import { designDir } from '../../cli/commands/generate.js';
import { progressLine, Progress } from '../../cli/progress.js';
import type { Verdict as LayerVerdict } from '../../generators/common/verdict.js';

function verdict(o: Partial<LayerVerdict>): LayerVerdict {
  return {
    layer: 'conv32_1/conv1', sim: 'icarus', shape: { C: 32, H: 35, W: 35, M: 32, R: 3, S: 3, stride: 1, pad: 1 },
    tiles: 2, rtlCycles: 1000, modelCycles: 1000, macs: 40000, utilization: 0.625, lanes: 64, pass: true,
    fields: {}, counters: {}, tileRecords: [], outputs: {}, golden: new Int32Array(0), rtl: new BigInt64Array(0), simMs: 1, ...o,
  };
}

describe('verify output', () => {
  it('a failing verdict names the first mismatching output and both values', () => {
    expect(verdictText(verdict({}))).toBe('PASS');
    expect(verdictText(verdict({ pass: false, mismatch: { field: 'y', index: 1234, rtl: 17n, golden: 18 } }))).toBe('FAIL at output 1234: rtl 17, golden 18');
    expect(verdictText(verdict({ pass: false, mismatch: { tile: 'c[m0:8,y0:4]', rtlCycles: 99, modelCycles: 98 } }))).toBe(
      'FAIL cycles of c[m0:8,y0:4]: rtl 99, model 98',
    );
  });

  it('the table has one row per layer and simulator with every column', () => {
    const rows: VerifyRow[] = [
      { verdict: verdict({}), totalTiles: 2, layerModelCycles: 1000 },
      { verdict: verdict({ sim: 'verilator', tiles: 1, pass: false, mismatch: { field: 'y', index: 5, rtl: -3n, golden: 0 } }), totalTiles: 2, layerModelCycles: 2000 },
    ];
    const t = formatVerifyTable(rows).split('\n');
    expect(t[0]).toMatch(/^layer\s+sim\s+shape\s+tiles\s+cycles \(RTL\)\s+cycles \(model\)\s+MACs\s+PE util\s+layer cycles \(model\)\s+result$/);
    expect(t[2]).toMatch(/^conv32_1\/conv1\s+icarus\s+32×35×35 → 32×35×35, 3×3\/1 p1\s+2\s+1000\s+1000\s+40000\s+62\.5%\s+1000\s+PASS$/);
    expect(t[3]).toMatch(/verilator .* 1 of 2 .* FAIL at output 5: rtl -3, golden 0$/);
    const report = formatVerifyReport({ design: 'd', rows, ok: false, dumped: [], ms: 1 });
    expect(report).toContain('d: 1 of 2 run(s) FAILED');
    expect(report).toContain('"layer cycles (model)" is the cycle model for every tile');
  });

  it('a passing report says "every output" only when every tile of every layer was verified', () => {
    const whole: VerifyRow[] = [{ verdict: verdict({}), totalTiles: 2, layerModelCycles: 1000 }];
    const sampled: VerifyRow[] = [...whole, { verdict: verdict({ sim: 'verilator', tiles: 1 }), totalTiles: 3, layerModelCycles: 3000 }];
    const all = formatVerifyReport({ design: 'd', rows: whole, ok: true, dumped: [], ms: 1 });
    expect(all).toContain('d: 1 run(s) PASS, every output equal to the golden model');
    expect(all).not.toContain('verified tiles');
    const some = formatVerifyReport({ design: 'd', rows: sampled, ok: true, dumped: [], ms: 1 });
    expect(some).toContain('d: 2 run(s) PASS, every output of the verified tiles equal to the golden model');
    expect(some).not.toContain('every output equal');
  });

  it('hwgen generate leaves its design folder with the permissions mkdir gives (not a temporary folder\'s 0700)', async () => {
    const { mkdtempSync, mkdirSync, statSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { generateFiles } = await import('../../cli/commands/generate.js');
    const root = mkdtempSync(path.join(tmpdir(), 'hwgen-perm-'));
    try {
      mkdirSync(path.join(root, 'plain'));
      const usual = statSync(path.join(root, 'plain')).mode & 0o777;
      const [d] = generateFiles(['configs/dense-small.json'], path.join(root, 'out'));
      expect((statSync(d!.dir).mode & 0o777).toString(8)).toBe(usual.toString(8));
      // written again over an existing folder: the same
      const [e] = generateFiles(['configs/dense-small.json'], path.join(root, 'out'));
      expect((statSync(e!.dir).mode & 0o777).toString(8)).toBe(usual.toString(8));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('shapes show input, output, kernel, stride and padding', () => {
    expect(shapeText({ C: 3, H: 150, W: 150, M: 32, R: 7, S: 7, stride: 2, pad: 0 })).toBe('3×150×150 → 32×72×72, 7×7/2');
  });

  it('--sim accepts one simulator, a list or all', () => {
    expect(parseSims(undefined)).toEqual(['verilator']);
    expect(parseSims('icarus')).toEqual(['icarus']);
    expect(parseSims('icarus,verilator')).toEqual(['icarus', 'verilator']);
    expect(parseSims('all')).toEqual(['builtin', 'icarus', 'verilator']);
    expect(() => parseSims('modelsim')).toThrow("--sim: got 'modelsim', must be one of builtin, icarus, verilator, all");
  });

  it('names never leave their folder', () => {
    expect(safeName('conv32_1/conv1')).toBe('conv32_1_conv1');
    expect(safeName('../..')).toBe('layer______');
    expect(designDir('out', 'dense_8x8')).toMatch(/out\/dense_8x8$/);
    for (const bad of ['../x', '..', '.', 'a/b', '/etc', ''])
      expect(() => designDir('out', bad), bad).toThrow(`design name '${bad}' would be written outside out`);
  });

  it('the progress bar draws on a TTY only', () => {
    expect(progressLine(3, 12, 'conv32_down in icarus', 61000, 12)).toBe('[###---------]  3/12 tiles  conv32_down in icarus  1m 01s, about 3m 03s left');
    expect(progressLine(0, 12, 'x', 5000, 12)).toBe('[------------]  0/12 tiles  x  5.0 s');
    const tty: string[] = [];
    const p = new Progress(4, { isTTY: true, columns: 200, write: (s: string) => tty.push(s) });
    p.tick(2, 'x');
    p.note('a line');
    p.stop();
    expect(tty.join('')).toContain('[############------------] 2/4 tiles  x');
    expect(tty.join('')).toContain('a line\n');
    const plain: string[] = [];
    const q = new Progress(4, { isTTY: false, write: (s: string) => plain.push(s) });
    q.tick(1, 'y');
    q.note('only this');
    q.stop();
    expect(plain).toEqual(['only this\n']);
  });
});

describe('verifyConfig with a failing layer', () => {
  it('reports the mismatch and is not ok (the CLI exits 1 on !ok)', async () => {
    const { loadConfig } = await import('../../generators/registry.js');
    const { verifyConfig } = await import('../../cli/commands/verify.js');
    const real = loadConfig('configs/dense-small.json');
    // a family that wraps dense but corrupts one RTL output before comparing: the hardware itself has no honest way to fail
    const family = {
      ...real.family,
      async verifyLayer(...args: Parameters<typeof real.family.verifyLayer>) {
        const v = await real.family.verifyLayer(...args);
        const rtl = v.rtl.slice();
        rtl[3] = rtl[3]! + 1n;
        return { ...v, rtl, pass: false, mismatch: { field: 'y', index: 3, rtl: rtl[3]!, golden: v.golden[3]! } };
      },
    };
    const r = await verifyConfig({ ...real, family }, { sims: ['builtin'], layers: ['rand3x3'], log: () => {} });
    expect(r.ok).toBe(false);
    expect(formatVerifyReport(r)).toMatch(/rand3x3 .* FAIL at output 3: rtl \d+, golden \d+\n/);
    expect(formatVerifyReport(r)).toContain('dense_4x4: 1 of 1 run(s) FAILED');
  });
});
