/**
 * Code generation for the built-in simulator: a flattened design becomes straight-line JavaScript.
 *
 * - Wires are aliases: a wire shares the storage of its driver (no copy at run time).
 * - Every remaining node (its "representative") has a slot: narrow values (<= 32 bits) in the Int32Array `N`,
 *   wide ones (BigInt) in the array `B`. State (registers, read ports) takes the first slots of each.
 * - Combinational nodes are evaluated once per settle in a topological order computed here. An unnamed node with a
 *   single consumer is inlined into that consumer's expression; the others are stored in their slot.
 * - `ev()` settles combinational logic and computes every register's and read port's next value into `TN`/`TB`;
 *   `edge()` applies memory writes (with the settled values), then commits `TN`/`TB` (read-first by construction).
 * - The code is split into functions of bounded size so that V8 optimises each of them.
 */
import type { FlatDesign, FlatNode } from './flatten.ts';
import { isWide, literal, num, opExpr, type Operand } from './ops.ts';
import { parseHex } from '../../dsl/bits.ts';

const COMB = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor', 'not', 'eq', 'ne', 'lt', 'le', 'shl', 'shr', 'sra', 'redand', 'redor', 'redxor', 'mux', 'concat', 'slice', 'ext']);

/**
 * Source characters per generated function: small functions are optimised by V8 sooner (a 68k-cycle dense tile's
 * first run took 2.6 s of CPU with 24k-character functions, 0.7 s with 3k; the steady state is the same).
 */
const CHUNK_CHARS = 3000;
/** Maximal nesting of inlined expressions. */
const MAX_INLINE_DEPTH = 12;

/** Storage of one node: which array, and where. */
export interface Slot {
  wide: boolean;
  index: number;
}

/** What the simulator needs to know about the generated code. */
export interface Generated {
  /** Body of `new Function('N', 'B', 'TN', 'TB', 'M', 'H', body)`, returning `{ ev, edge }`. */
  body: string;
  /** Per flattened node, the slot holding its value. */
  slots: Slot[];
  /** Sizes of N, B, TN (narrow state), TB (wide state). */
  nN: number;
  nB: number;
  nTN: number;
  nTB: number;
  /** Constant slots and their canonical values, written once at start. */
  consts: Array<{ slot: Slot; bits: bigint; width: number }>;
}

/** Build the simulation code of a flattened design. @throws Error on a combinational loop. */
export function generate(fd: FlatDesign): Generated {
  const nodes = fd.nodes;
  const n = nodes.length;

  // 1. wires alias their drivers
  const rep = new Int32Array(n).fill(-1);
  const onPath = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (rep[i]! >= 0) continue;
    const path: number[] = [];
    let x = i;
    while (rep[x]! < 0 && nodes[x]!.op === 'wire') {
      if (onPath[x]) throw new Error(`builtin sim: combinational loop through wire '${nodes[x]!.path ?? x}'`);
      onPath[x] = 1;
      path.push(x);
      const d = nodes[x]!.args[0]!;
      if (nodes[d]!.width !== nodes[x]!.width)
        throw new Error(`builtin sim: wire '${nodes[x]!.path ?? x}' (${nodes[x]!.width} bits) driven by ${nodes[d]!.width} bits`);
      x = d;
    }
    const r = rep[x]! >= 0 ? rep[x]! : x;
    rep[x] = r;
    for (const p of path) (rep[p] = r), (onPath[p] = 0);
  }

  // 2. slots: state first
  const slots: Slot[] = new Array<Slot>(n);
  let nN = 0;
  let nB = 0;
  const isState = (x: FlatNode): boolean => x.op === 'reg' || x.op === 'memread';
  const alloc = (i: number): void => {
    const wide = isWide(nodes[i]!.width);
    slots[i] = { wide, index: wide ? nB++ : nN++ };
  };
  for (let i = 0; i < n; i++) if (rep[i] === i && isState(nodes[i]!)) alloc(i);
  const nTN = nN;
  const nTB = nB;
  for (let i = 0; i < n; i++) if (rep[i] === i && !isState(nodes[i]!)) alloc(i);
  for (let i = 0; i < n; i++) slots[i] = slots[rep[i]!]!;

  // 3. uses: which comb nodes must be stored, which can be inlined into their one consumer
  const uses = new Int32Array(n);
  const forced = new Uint8Array(n);
  const use = (i: number, force: boolean): void => {
    const r = rep[i]!;
    uses[r]++;
    if (force) forced[r] = 1;
  };
  for (let i = 0; i < n; i++) {
    const x = nodes[i]!;
    if (x.path !== undefined) forced[rep[i]!] = 1;
    if (rep[i] !== i) continue;
    if (COMB.has(x.op)) for (const a of x.args) use(a, false);
    else if (x.op === 'reg') {
      use(x.args[0]!, false);
      if (x.en !== undefined) use(x.en, true);
    } else if (x.op === 'memread') for (const a of x.args) use(a, true);
  }
  for (const m of fd.mems) for (const w of m.writes) (use(w.addr, true), use(w.data, true), use(w.en, true));
  // properties read their condition and enable from slots after each settle
  for (const p of fd.props) (use(p.cond, true), p.en !== undefined && use(p.en, true));

  // 4. topological order of the combinational representatives
  const order: number[] = [];
  const state = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    if (rep[s] !== s || !COMB.has(nodes[s]!.op) || state[s]) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    state[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, k] = top;
      const args = nodes[v]!.args;
      if (k < args.length) {
        top[1]++;
        const a = rep[args[k]!]!;
        if (!COMB.has(nodes[a]!.op)) continue;
        if (state[a] === 1) throw new Error(`builtin sim: combinational loop through node ${nodes[a]!.path ?? a}`);
        if (state[a] === 0) {
          state[a] = 1;
          stack.push([a, 0]);
        }
      } else {
        state[v] = 2;
        order.push(v);
        stack.pop();
      }
    }
  }
  const inl = new Uint8Array(n);
  const depth = new Int32Array(n);
  for (const v of order) {
    let d = 0;
    for (const a of nodes[v]!.args) if (inl[rep[a]!]) d = Math.max(d, depth[rep[a]!]!);
    depth[v] = d + 1;
    inl[v] = !forced[v] && uses[v] === 1 && d + 1 <= MAX_INLINE_DEPTH ? 1 : 0;
  }

  // 5. emission
  const slotRef = (i: number): string => `${slots[i]!.wide ? 'B' : 'N'}[${slots[i]!.index}]`;
  const rstRef = fd.rst !== undefined ? slotRef(fd.rst) : undefined;
  const funcs: string[] = [];
  const calls: { ev: string[]; edge: string[] } = { ev: [], edge: [] };
  let cur: string[] = [];
  let curSize = 0;
  let locals = new Set<number>();
  let pre: string[] = [];
  let tmp = 0;
  const flush = (kind: 'ev' | 'edge'): void => {
    if (!cur.length) return;
    const name = `f${funcs.length}`;
    // rst is an input, never written by the generated code: each function reads it once
    const rs = rstRef !== undefined && cur.some((l) => l.includes('(rs?')) ? `const rs=${rstRef}!==0;\n` : '';
    funcs.push(`function ${name}(){\n${rs}${cur.join('\n')}\n}`);
    calls[kind].push(`${name}();`);
    cur = [];
    curSize = 0;
    locals = new Set();
  };
  const emit = (kind: 'ev' | 'edge', s: string): void => {
    const full = pre.length ? `${pre.join('')}${s}` : s;
    pre = [];
    cur.push(full);
    curSize += full.length;
    if (curSize > CHUNK_CHARS) flush(kind);
  };
  const atom = (e: string): string => {
    if (/^[\w.[\]]+$/.test(e)) return e;
    const t = `t${tmp++}`;
    pre.push(`const ${t}=${e};`);
    return t;
  };
  const ref = (i: number): string => {
    const r = rep[i]!;
    const x = nodes[r]!;
    if (x.op === 'const') return literal(parseHex(x.value!), x.width);
    if (inl[r]) return expr(r);
    if (locals.has(r)) return `v${r}`;
    return slotRef(r);
  };
  const operand = (i: number): Operand => ({ e: ref(i), n: nodes[i]! });
  const expr = (r: number): string => {
    const x = nodes[r]!;
    return opExpr(x, x.args.map(operand), atom);
  };

  const asyncForce: string[] = [];
  const nodeInit = (x: FlatNode): string => literal(parseHex(x.value ?? '0'), x.width);
  if (rstRef)
    for (let i = 0; i < n; i++) {
      const x = nodes[i]!;
      if (x.op === 'reg' && x.reset === 'async') asyncForce.push(`${slotRef(i)}=${nodeInit(x)};`);
    }
  if (asyncForce.length) emit('ev', `if(${rstRef}!==0){${asyncForce.join('')}}`);

  for (const v of order) {
    if (inl[v]) continue;
    const e = expr(v);
    locals.add(v); // before emit: a flush inside emit starts a new function without it
    emit('ev', `const v${v}=${e};${slotRef(v)}=v${v};`);
  }
  // next state
  for (let i = 0; i < n; i++) {
    const x = nodes[i]!;
    const self = slotRef(i);
    const t = `${slots[i]!.wide ? 'TB' : 'TN'}[${slots[i]!.index}]`;
    if (x.op === 'reg') {
      let e = rep[x.args[0]!] === i ? self : ref(x.args[0]!);
      if (x.en !== undefined && e !== self) e = `(${ref(x.en)}?${e}:${self})`;
      if (x.reset !== 'none' && rstRef) e = `(rs?${nodeInit(x)}:${e})`;
      emit('ev', `${t}=${e};`);
    } else if (x.op === 'memread') {
      const mem = fd.mems[x.mem!]!;
      const a = atom(num(operand(x.args[0]!)));
      const zero = isWide(mem.width) ? '0n' : '0';
      emit('ev', `${t}=${ref(x.args[1]!)}?(${a}<${mem.depth}?M${x.mem}[${a}]:${zero}):${self};`);
    }
  }
  flush('ev');
  // edge: memory writes, then commit
  fd.mems.forEach((m, mi) => {
    for (const w of m.writes) {
      const a = atom(num(operand(w.addr)));
      emit('edge', `if(${ref(w.en)}){${a}<${m.depth}&&(M${mi}[${a}]=${ref(w.data)});}`);
    }
  });
  flush('edge');
  const commit: string[] = [];
  if (nTN) commit.push('N.set(TN);');
  if (nTB) commit.push(`for(let i=0;i<${nTB};i++)B[i]=TB[i];`);

  const consts: Generated['consts'] = [];
  for (let i = 0; i < n; i++)
    if (rep[i] === i && nodes[i]!.op === 'const') consts.push({ slot: slots[i]!, bits: parseHex(nodes[i]!.value!), width: nodes[i]!.width });

  const body = [
    '"use strict";',
    'const par32=H.par32,parb=H.parb;',
    ...fd.mems.map((_, i) => `const M${i}=M[${i}];`),
    ...funcs,
    `return {ev(){${calls.ev.join('')}},edge(){${calls.edge.join('')}${commit.join('')}}};`,
  ].join('\n');
  return { body, slots, nN, nB, nTN, nTB, consts };
}
