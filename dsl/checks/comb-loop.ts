/**
 * Combinational structure of a module: finds combinational loops (an error that prints the path with the
 * designer's lines) and, for each output port, the input ports it depends on without a register in between.
 */
import type { IRModule, IRNode } from '../ir.js';
import { HwError } from '../errors.js';

/** The combinational fan-in of node id (registers and memory read ports have none). */
export function combArgs(m: IRModule, id: number, childDeps: (module: string) => Record<string, string[]>): number[] {
  const n = m.nodes[id]!;
  switch (n.op) {
    case 'reg':
    case 'memread':
    case 'input':
    case 'const':
      return [];
    case 'instout': {
      const inst = m.instances[n.inst!]!;
      const deps = childDeps(inst.module)[n.port!] ?? [];
      return inst.inputs.filter((i) => deps.includes(i.port)).map((i) => i.node);
    }
    default:
      return n.args;
  }
}

function label(n: IRNode): string {
  const what = n.name ? `'${n.name}'` : `(${n.op})`;
  return n.loc ? `${what} at ${n.loc}` : what;
}

/** Throws HwError on a combinational loop; returns output -> inputs it combinationally depends on. */
export function combDependencies(m: IRModule, childDeps: (module: string) => Record<string, string[]>): Record<string, string[]> {
  const N = m.nodes.length;
  const state = new Uint8Array(N); // 0 new, 1 on stack, 2 done
  const fanin: number[][] = new Array(N);
  const get = (id: number): number[] => (fanin[id] ??= combArgs(m, id, childDeps));
  for (let root = 0; root < N; root++) {
    if (state[root]) continue;
    const stack: number[] = [root];
    const pos: number[] = [0];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const args = get(top);
      const k = pos[pos.length - 1]!;
      if (k < args.length) {
        pos[pos.length - 1] = k + 1;
        const a = args[k]!;
        if (state[a] === 1) {
          const cyc = stack.slice(stack.indexOf(a)).reverse();
          const named = cyc.map((i) => m.nodes[i]!).filter((n) => n.name);
          const shown = (named.length ? named : cyc.map((i) => m.nodes[i]!)).map(label);
          const first = named[0] ?? m.nodes[a]!;
          throw new HwError(
            `combinational loop in module '${m.source}': ${[...shown, shown[0]].join(' -> ')}; ` +
              `break it with a register (m.reg / m.regNext)`,
            first.loc,
          );
        }
        if (state[a] === 0) {
          state[a] = 1;
          stack.push(a);
          pos.push(0);
        }
      } else {
        state[top] = 2;
        stack.pop();
        pos.pop();
      }
    }
  }
  const deps: Record<string, string[]> = {};
  const inputName = new Map<number, string>();
  for (const p of m.ports) if (p.dir === 'input') inputName.set(p.node, p.name);
  for (const p of m.ports) {
    if (p.dir !== 'output') continue;
    const seen = new Set<number>([p.node]);
    const work = [p.node];
    const found: string[] = [];
    while (work.length) {
      const id = work.pop()!;
      const nm = inputName.get(id);
      if (nm !== undefined) found.push(nm);
      for (const a of get(id)) if (!seen.has(a)) (seen.add(a), work.push(a));
    }
    deps[p.name] = found.sort();
  }
  return deps;
}
