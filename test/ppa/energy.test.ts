/**
 * The energy model on hand-computed examples: a user's table in YAML, action counts, Σ count × energy; the dense
 * array's action counts on a layer small enough to count by hand; the reference table's YAML is what the code
 * writes (regenerate with `hwgen ppa --write-table ppa/tables/reference.yaml`), and every entry names its source and node.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { energyOf, topsPerWatt } from '../../ppa/energy/model.ts';
import { parseEnergyTable, energyTableYaml, entries } from '../../ppa/energy/table.ts';
import { REFERENCE_TABLE } from '../../ppa/energy/reference.ts';
import { denseActions } from '../../ppa/actions/dense.ts';
import { DEFAULT_HW } from '../../generators/dense/params.js';

const USER_TABLE = `
ERT:
  version: "0.4"
  unit: pJ
  tables:
    - component: mac
      actions:
        - { action: mac, energy: 0.25, node: 45nm, source: test }
    - component: buf
      actions:
        - { action: read, energy: 2, node: 45nm, source: test }
        - { action: write, energy: 3, node: 45nm, source: test }
`;

describe('energy model', () => {
  it('sums count × energy over the actions of a user table', () => {
    const t = parseEnergyTable(USER_TABLE, 'user.yaml');
    const e = energyOf(
      [
        { component: 'mac', action: 'mac', count: 1000 },
        { component: 'buf', action: 'read', count: 40 },
        { component: 'buf', action: 'write', count: 10 },
      ],
      t,
    );
    // 1000·0.25 + 40·2 + 10·3 = 250 + 80 + 30
    expect(e.total).toBeCloseTo(360, 10);
    expect(e.lines.map((l) => l.energy)).toEqual([250, 80, 30]);
    expect(e.nodes).toEqual(['45nm']);
    // 1000 MACs = 2000 ops in 360 pJ: 5.56 ops/pJ = 5.56 TOPS/W
    expect(topsPerWatt(1000, e.total)).toBeCloseTo(2000 / 360, 10);
  });

  it('names a missing component/action and a malformed table', () => {
    const t = parseEnergyTable(USER_TABLE, 'user.yaml');
    expect(() => energyOf([{ component: 'buf', action: 'erase', count: 1 }], t, 'user.yaml')).toThrow(/user.yaml has no entry for component 'buf' action 'erase'/);
    expect(() => parseEnergyTable(USER_TABLE.replace('energy: 2,', 'energy: -2,'), 'bad.yaml')).toThrow(/bad.yaml: ERT.tables.1.actions.0.energy/);
    const dup = `${USER_TABLE}    - component: mac\n      actions:\n        - { action: mac, energy: 1, node: 45nm, source: test }\n`;
    expect(() => parseEnergyTable(dup, 'dup.yaml')).toThrow(/mac\.mac is listed twice/);
  });

  it("counts the dense array's actions on a layer by hand", () => {
    // 2×2 array; C=2, 4×4 input, M=2, 3×3 kernel, no padding: OH = OW = 2, K = 18; tiles = ceil(M/cols)·ceil(OH·OW/rows) = 2
    const hw = { ...DEFAULT_HW, rows: 2, cols: 2 };
    const shape = { C: 2, H: 4, W: 4, M: 2, R: 3, S: 3, stride: 1, pad: 0 };
    const l = { name: 'hand', shape, input: new Uint8Array(32).fill(1), weights: new Int8Array(36).fill(1), bias: new Int32Array(2), relu: false };
    const a = denseActions(l, hw);
    const by = (what: string) => a.counts.find((c) => c.note === what)!.count;
    expect(by('PE multiplies (issued slots)')).toBe(2 * 18 * 4); // 36 steps × 4 PEs
    expect(by('PE accumulates (issued slots)')).toBe(144);
    expect(by('input SRAM reads')).toBe(36 * 2 * 8); // a word per row per step, bits
    expect(by('weight SRAM reads')).toBe(36 * 2 * 8);
    expect(by('bias reads')).toBe(2 * 2 * 32);
    expect(by("requantisation-table reads (the channel's mult and shift)")).toBe(0); // no requantisation
    expect(by('bias adds')).toBe(8);
    expect(by('requantisation multiplies')).toBe(0);
    expect(by('output SRAM writes')).toBe(8 * 32);
    expect(a.macs).toBe(8 * 18);
    // the SRAMs: input 4096×8 b = 4 KB, weights 8192×8 b = 8 KB, bias 512×32 b = 2 KB, requantisation table 512×22 b
    // (2 KB class), output 4096×32 b = 16 KB;
    // Horowitz: 64-bit access 10 pJ at 8 KB, 20 pJ at 32 KB, so 10·(size/8 KB)^0.5 pJ in between and below
    const perBit = (kb: number) => (10 * Math.sqrt(kb / 8)) / 64;
    expect(a.counts.map((c) => c.component)).toEqual(['mult8', 'add32', 'sram_4KB', 'sram_8KB', 'sram_2KB', 'sram_2KB', 'add32', 'mult32', 'sram_16KB']);
    const hand = 144 * 0.2 + 152 * 0.1 + 576 * perBit(4) + 576 * perBit(8) + 128 * perBit(2) + 256 * perBit(16);
    expect(energyOf(a.counts, REFERENCE_TABLE).total).toBeCloseTo(hand, 9);
  });

  it('writes the reference table as the committed YAML, every entry with a source and a node', () => {
    expect(readFileSync('ppa/tables/reference.yaml', 'utf8')).toBe(energyTableYaml(REFERENCE_TABLE));
    const e = entries(parseEnergyTable(readFileSync('ppa/tables/reference.yaml', 'utf8'), 'reference.yaml'));
    expect(e.get('mult8.mult')).toMatchObject({ energy: 0.2, node: '45nm' });
    expect(e.get('add8.add')?.energy).toBe(0.03);
    expect(e.get('add32.add')?.energy).toBe(0.1);
    expect(e.get('mult32.mult')?.energy).toBe(3.1);
    expect(e.get('sram_8KB.read_bit')?.energy).toBeCloseTo(10 / 64, 12);
    expect(e.get('sram_32KB.read_bit')?.energy).toBeCloseTo(20 / 64, 12);
    expect(e.get('sram_1MB.write_bit')?.energy).toBeCloseTo(100 / 64, 12);
    expect(e.get('isaac_adc.convert')).toMatchObject({ node: '32nm' });
    for (const x of e.values()) expect(x.source.length).toBeGreaterThan(10);
  });
});
