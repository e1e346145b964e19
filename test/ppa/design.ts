/** Writing a compiled design for the PPA tests: one .v per module (filelist order) and the top's ports, clk/rst included. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { compile } from '../../dsl/index.js';
import type { PortSpec } from '../../ppa/fpga.ts';

export function writeDesign(dir: string, c: ReturnType<typeof compile>): { files: string[]; ports: PortSpec[] } {
  const files: string[] = [];
  for (const [name, text] of c.verilog.files) {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    files.push(f);
  }
  const top = c.optimized.modules.find((m) => m.name === c.verilog.top)!;
  const ports: PortSpec[] = [
    ...(top.clock ? [{ name: 'clk', dir: 'input' as const, width: 1 }] : []),
    ...(top.reset ? [{ name: 'rst', dir: 'input' as const, width: 1 }] : []),
    ...top.ports.map((p) => ({ name: p.name, dir: p.dir, width: p.width })),
  ];
  return { files, ports };
}
