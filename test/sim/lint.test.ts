import { describe, expect, it } from 'vitest';
import { DesignCheckError, yosysCheck, yosysStat } from '../../sim/lint.ts';
import { lintVerilator } from '../../sim/verilator.ts';
import { COUNTER, writeDesign } from './designs.ts';

const SLOPPY = `module sloppy (
  input [7:0] a,
  input [7:0] unused_in,
  output [3:0] y
);
  assign y = a;
endmodule
`;

const LATCHY = `module latchy (
  input en,
  input [3:0] d,
  output reg [3:0] q
);
  always @(*) begin
    if (en) q = d;
  end
endmodule
`;

const UNDRIVEN = `module undriven (
  input [3:0] a,
  output [3:0] y
);
  wire [3:0] w;
  assign y = a & w;
endmodule
`;

describe('lintVerilator', () => {
  it('reports width and unused-signal warnings for a sloppy design', async () => {
    const files = await writeDesign({ 'sloppy.v': SLOPPY });
    const warnings = await lintVerilator(files, 'sloppy');
    const codes = warnings.map((w) => w.code);
    expect(codes.some((c) => c.startsWith('WIDTH'))).toBe(true);
    expect(codes.some((c) => c.startsWith('UNUSED'))).toBe(true);
    const width = warnings.find((w) => w.code.startsWith('WIDTH'))!;
    expect(width.file).toBe(files[0]);
    expect(width.line).toBe(6);
    expect(width.message).toMatch(/bits/);
  });

  it('returns no warnings for a clean design', async () => {
    const files = await writeDesign({ 'counter.v': COUNTER });
    expect(await lintVerilator(files, 'counter')).toEqual([]);
  });
});

describe('yosys', () => {
  it('yosysCheck flags an inferred latch', async () => {
    const files = await writeDesign({ 'latchy.v': LATCHY });
    const err = await yosysCheck(files, 'latchy').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DesignCheckError);
    expect((err as DesignCheckError).report.latches).toEqual(['latchy.q']);
    expect((err as Error).message).toMatch(/latch inferred for latchy\.q/);
  });

  it('yosysCheck flags an undriven net with the yosys message', async () => {
    const files = await writeDesign({ 'undriven.v': UNDRIVEN });
    await expect(yosysCheck(files, 'undriven')).rejects.toThrow(/undriven\.\\w \[\d\] is used but has no driver/);
  });

  it('yosysCheck passes a clean counter and counts its cells', async () => {
    const files = await writeDesign({ 'counter.v': COUNTER });
    const r = await yosysCheck(files, 'counter');
    expect(r.latches).toEqual([]);
    expect(r.problems).toEqual([]);
    const dffs = Object.entries(r.cells).filter(([t]) => /DFF/.test(t)).reduce((s, [, n]) => s + n, 0);
    expect(dffs).toBe(8);
    expect(r.totalCells).toBeGreaterThan(8);
  });

  it('yosysStat reports latch cells without failing', async () => {
    const files = await writeDesign({ 'latchy.v': LATCHY });
    const r = await yosysStat(files, 'latchy');
    expect(r.cells['$_DLATCH_P_']).toBe(4);
    expect(r.latches).toEqual(['latchy.q']);
  });
});
