/** A top module that instantiates many modules side by side (each port brought out), so one Verilator run lints all. */
import type { IRPort } from '../../dsl/index.js';

export function wrapperTop(top: string, modules: ReadonlyArray<{ name: string; ports: ReadonlyArray<Pick<IRPort, 'name' | 'dir' | 'width' | 'signed'>> }>): string {
  const ports: string[] = [];
  const insts: string[] = [];
  modules.forEach((m, i) => {
    const conns = m.ports.map((p) => {
      ports.push(`  ${p.dir} ${p.signed ? 'signed ' : ''}${p.width > 1 ? `[${p.width - 1}:0] ` : ''}m${i}_${p.name}`);
      return `.${p.name}(m${i}_${p.name})`;
    });
    insts.push(`  ${m.name} u${i} (${conns.join(', ')});`);
  });
  return [`module ${top} (`, ports.join(',\n'), ');', ...insts, 'endmodule', ''].join('\n');
}
