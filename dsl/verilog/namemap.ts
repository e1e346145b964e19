/**
 * The name map the Verilog backend returns: for every module of the design it was given, the Verilog name of each
 * IR node, memory and instance. Names in the IR are the designer's; the backend alone decides how they are spelled
 * in the text (reserved words get a trailing `_`, clashes with temporaries a suffix), so anything that addresses the
 * text by name (a testbench loading a memory, a waveform viewer) asks the map instead of assuming the IR's names.
 */
import type { IRDesign } from '../ir.js';

export interface ModuleNames {
  /** per IR node: the Verilog name that carries its value, or undefined (written inline, or folded away) */
  readonly nodes: ReadonlyArray<string | undefined>;
  /** per IR memory: its Verilog name, or undefined when the text has none (legalisation left nothing reading it) */
  readonly mems: ReadonlyArray<string | undefined>;
  /** per IR instance: its Verilog instance name */
  readonly instances: readonly string[];
}

/** By IR module name. */
export type NameMap = ReadonlyMap<string, ModuleNames>;

/**
 * The Verilog path of a memory given by its IR path below the top (`u_buf.mem`: instance names, then the memory's
 * name, as the designer wrote them), or undefined when the emitted text has no such memory.
 * @throws Error when the path names no memory of the IR design.
 */
export function verilogMemPath(design: IRDesign, names: NameMap, irPath: string): string | undefined {
  const parts = irPath.split('.');
  const out: string[] = [];
  let mod = design.modules.find((m) => m.name === design.top)!;
  const where = (i: number): string => `'${irPath}'${i ? ` (in module '${mod.name}')` : ''}`;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = mod.instances.findIndex((x) => x.name === parts[i]);
    if (k < 0) throw new Error(`no instance '${parts[i]}' on the path ${where(i)}; instances: ${mod.instances.map((x) => x.name).join(', ') || 'none'}`);
    out.push(names.get(mod.name)!.instances[k]!);
    mod = design.modules.find((m) => m.name === mod.instances[k]!.module)!;
  }
  const k = mod.mems.findIndex((x) => x.name === parts.at(-1));
  if (k < 0) throw new Error(`no memory '${parts.at(-1)}' on the path ${where(parts.length - 1)}; memories: ${mod.mems.map((x) => x.name).join(', ') || 'none'}`);
  const v = names.get(mod.name)!.mems[k];
  return v === undefined ? undefined : [...out, v].join('.');
}
