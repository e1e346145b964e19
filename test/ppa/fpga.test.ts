/**
 * The iCE40 flow on small designs: the dense MAC PE placed and routed on a UP5K (one DSP, nextpnr's Fmax), and a
 * memory larger than the device's block RAMs refused with the limit named, before any place-and-route.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { compile, defineModule, In, Out, UInt, Bool } from '../../dsl/index.js';
import { DensePe } from '../../generators/dense/pe.js';
import { fpgaFlow, ioWrapper } from '../../ppa/fpga.ts';
import { writeDesign } from './design.ts';
import { scratchDir } from '../helpers/tmp.ts';

const BigRam = defineModule(
  'big_ram',
  () => ({ we: In(Bool), addr: In(UInt(12)), din: In(UInt(32)), dout: Out(UInt(32)) }),
  (m, io) => {
    const mem = m.mem('ram', UInt(32), 4096);
    mem.write(io.addr, io.din, io.we);
    io.dout.set(mem.read(io.addr));
  },
);

describe('iCE40 flow', () => {
  it('wraps every port bit: inputs from a shift register, outputs reduced to one pin', () => {
    const v = ioWrapper('x', [
      { name: 'clk', dir: 'input', width: 1 },
      { name: 'a', dir: 'input', width: 3 },
      { name: 'b', dir: 'input', width: 2 },
      { name: 'y', dir: 'output', width: 4 },
    ]);
    expect(v).toContain('reg [4:0] sh;');
    expect(v).toContain('sh <= {sh[3:0], si};');
    expect(v).toContain('x dut (.clk(clk), .a(sh[2:0]), .b(sh[4:3]), .y(o_y));');
    expect(v).toContain('so <= ^o_y;');
  });

  it('places and routes the MAC PE on a UP5K and reports its Fmax', async () => {
    const dir = await scratchDir('hwgen-ppa-ice40-');
    const { files, ports } = writeDesign(dir, compile(DensePe, { actBits: 8, wBits: 8, accBits: 32 }));
    const r = await fpgaFlow(files, 'dense_pe', ports, { device: 'up5k', workDir: path.join(dir, 'pnr') });
    expect(r.message).toBeUndefined();
    expect(r.fits).toBe(true);
    expect(r.dsps).toBe(1);
    expect(r.usedDsp).toBe(true);
    expect(r.flops).toBeGreaterThanOrEqual(8 + 8 + 1 + 32 + r.wrapperFlops);
    expect(r.fmaxMHz).toBeGreaterThan(5);
    expect(r.fmaxMHz).toBeLessThan(500);
  });

  it('names the block-RAM limit of a design that does not fit', async () => {
    const dir = await scratchDir('hwgen-ppa-ice40-');
    const { files, ports } = writeDesign(dir, compile(BigRam, undefined));
    const r = await fpgaFlow(files, 'big_ram', ports, { device: 'up5k', workDir: path.join(dir, 'pnr') });
    expect(r.fits).toBe(false);
    expect(r.brams).toBe(32); // 128 kbit in 4 kbit blocks
    expect(r.message).toBe('does not fit the iCE40 UP5K: needs 32 block RAMs (SB_RAM40_4K, 4 kbit), the iCE40 UP5K has 30');
    expect(r.fmaxMHz).toBeUndefined();
  });
});
