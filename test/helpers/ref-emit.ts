/**
 * A reference translation of a combinational IR module to Verilog, written independently of dsl/verilog/emit.ts
 * and straight from the operator semantics in dsl/ir.ts: one wire per node, every signed reading spelled with
 * $signed() (an unsigned operand of a signed operation is zero-prefixed first). Used as the gold side of equivalence
 * proofs against the real backend.
 */
import type { IRModule } from '../../dsl/index.js';

export function refVerilog(m: IRModule, name: string): string {
  const n = (i: number): string => `n${i}`;
  const node = (i: number) => m.nodes[i]!;
  /** the value of node i read by its own signedness, as a signed Verilog expression */
  const sv = (i: number): string => (node(i).signed ? `$signed(${n(i)})` : `$signed({1'b0, ${n(i)}})`);
  const decls: string[] = [];
  const assigns: string[] = [];
  m.nodes.forEach((x, i) => {
    decls.push(`  wire [${x.width - 1}:0] ${n(i)};`);
    const a = x.args;
    let e: string;
    switch (x.op) {
      case 'input': e = x.name!; break;
      case 'const': e = `${x.width}'h${x.value}`; break;
      case 'wire': e = n(a[0]!); break;
      case 'add': e = `${n(a[0]!)} + ${n(a[1]!)}`; break;
      case 'sub': e = `${n(a[0]!)} - ${n(a[1]!)}`; break;
      case 'mul': e = `${sv(a[0]!)} * ${sv(a[1]!)}`; break;
      case 'and': e = `${n(a[0]!)} & ${n(a[1]!)}`; break;
      case 'or': e = `${n(a[0]!)} | ${n(a[1]!)}`; break;
      case 'xor': e = `${n(a[0]!)} ^ ${n(a[1]!)}`; break;
      case 'not': e = `~${n(a[0]!)}`; break;
      case 'eq': e = `${n(a[0]!)} == ${n(a[1]!)}`; break;
      case 'ne': e = `${n(a[0]!)} != ${n(a[1]!)}`; break;
      case 'lt': e = `${sv(a[0]!)} < ${sv(a[1]!)}`; break;
      case 'le': e = `${sv(a[0]!)} <= ${sv(a[1]!)}`; break;
      case 'shl': e = `${n(a[0]!)} << ${n(a[1]!)}`; break;
      case 'shr': e = `${n(a[0]!)} >> ${n(a[1]!)}`; break;
      case 'sra': e = `$signed(${n(a[0]!)}) >>> ${n(a[1]!)}`; break;
      case 'redand': e = `&${n(a[0]!)}`; break;
      case 'redor': e = `|${n(a[0]!)}`; break;
      case 'redxor': e = `^${n(a[0]!)}`; break;
      case 'mux': e = `${n(a[0]!)} ? ${n(a[1]!)} : ${n(a[2]!)}`; break;
      case 'concat': e = `{${a.map(n).join(', ')}}`; break;
      case 'slice': e = `${n(a[0]!)}[${x.hi}:${x.lo}]`; break;
      case 'ext': e = node(a[0]!).signed ? `$signed(${n(a[0]!)})` : n(a[0]!); break;
      default: throw new Error(`refVerilog: '${x.op}' is not combinational`);
    }
    assigns.push(`  assign ${n(i)} = ${e};`);
  });
  const ports = m.ports.map((p) => `  ${p.dir} [${p.width - 1}:0] ${p.name}`);
  const outs = m.ports.filter((p) => p.dir === 'output').map((p) => `  assign ${p.name} = ${n(p.node)};`);
  // output port nodes are 'wire' nodes named after the port: their n-wire is assigned from the driver above
  return [`module ${name} (`, ports.join(',\n'), ');', ...decls, ...assigns, ...outs, 'endmodule', ''].join('\n');
}
