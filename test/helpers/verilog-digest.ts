/**
 * Compile an example design and print a digest of its Verilog (file names and bytes), for the cross-process
 * determinism test. Usage: node --import tsx test/helpers/verilog-digest.ts <example-name>
 */
import { createHash } from 'node:crypto';
import { compile, type VerilogOutput } from '../../dsl/index.js';
import { DETERMINISM_DESIGNS } from '../dsl/determinism.designs.ts';

export function digest(v: VerilogOutput): string {
  const h = createHash('sha256');
  h.update(`top ${v.top}\n${v.filelist}`);
  for (const [f, t] of v.files) h.update(`\0${f}\0${t}`);
  return h.digest('hex');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const name = process.argv[2]!;
  const d = DETERMINISM_DESIGNS[name];
  if (!d) throw new Error(`unknown design '${name}'`);
  process.stdout.write(digest(compile(d.def, d.params).verilog) + '\n');
}
