/**
 * Code generation for the built-in simulator: a flattened design becomes straight-line JavaScript.
 *
 * - Wires are aliases: a wire shares the storage of its driver (no copy at run time).
 * - Every remaining node (its "representative") has a slot: narrow values (<= 32 bits) in the Int32Array `N`, mid ones
 *   (33..52 bits, exact JS numbers) in the Float64Array `F`, wide ones (BigInt) in the array `B` (ops.ts).
 *   State (registers, read ports) takes the first slots of each.
 * - Combinational nodes are evaluated once per settle in a topological order computed here. A node with a single
 *   consumer is inlined into that consumer's expression (unless it must stay visible); the others become locals.
 * - A local is also written to its slot only when something reads the slot: code in another generated function, a
 *   property, an output port of the top, or (with `observeAll`) anyone peeking the named signal. Without
 *   `observeAll`, named internal signals are not kept: `Generated.kept` says which slots hold a settled value, and the
 *   simulator switches to the `observeAll` code (same slots) when an internal signal is first read.
 * - `ev()` settles combinational logic and computes every register's and read port's next value into `TN`/`TF`/`TB`;
 *   `edge()` applies memory writes (with the settled values), then commits the next state (read-first by construction).
 * - The code is split into functions of bounded size so that V8 optimises each of them.
 */
import type { FlatDesign, FlatNode } from './flatten.ts';
import { literal, MID_HELPERS, num, opExpr, repOf, type Operand, type Rep } from './ops.ts';
import { parseHex } from '../../dsl/bits.ts';

const COMB = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor', 'not', 'eq', 'ne', 'lt', 'le', 'shl', 'shr', 'sra', 'redand', 'redor', 'redxor', 'mux', 'concat', 'slice', 'ext']);

/**
 * Source characters per generated function: small functions are optimised by V8 sooner (a 68k-cycle dense tile's
 * first run took 2.6 s of CPU with 24k-character functions, 0.7 s with 3k; the steady state is the same).
 */
const CHUNK_CHARS = 3000;
/** Registers per `if(rs){…}else{…}` group of the next-state code. */
const RESET_GROUP = 64;
/** Maximal nesting of inlined expressions. */
const MAX_INLINE_DEPTH = 12;

/** Storage of one node: which array (`n` N, `f` F, `b` B), and where. */
export interface Slot {
  rep: Rep;
  index: number;
}

/** The slot arrays by representation: values, and next state. */
const ARRAY: Record<Rep, string> = { n: 'N', f: 'F', b: 'B' };
const NEXT: Record<Rep, string> = { n: 'TN', f: 'TF', b: 'TB' };

/** The parameters of the generated body, in order. */
export const BODY_PARAMS = ['N', 'F', 'B', 'TN', 'TF', 'TB', 'M', 'H'] as const;

/** What the simulator needs to know about the generated code. */
export interface Generated {
  /** Body of `new Function(...BODY_PARAMS, body)`, returning `{ ev, edge }`. */
  body: string;
  /** Per flattened node, the slot holding its value. */
  slots: Slot[];
  /** Sizes of the value arrays N, F, B, and of the next-state arrays (the state slots come first). */
  size: Record<Rep, number>;
  state: Record<Rep, number>;
  /** Constant slots and their canonical values, written once at start. */
  consts: Array<{ slot: Slot; bits: bigint; width: number }>;
  /** Per flattened node: 1 when its slot holds its settled value after `ev()` (always, with `observeAll`). */
  kept: Uint8Array;
}

export interface GenerateOptions {
  /** keep every named signal in its slot (for peeking any of them, and for VCD); default false */
  observeAll?: boolean;
}

/** Build the simulation code of a flattened design. @throws Error on a combinational loop. */
export function generate(fd: FlatDesign, opts: GenerateOptions = {}): Generated {
  const nodes = fd.nodes;
  const n = nodes.length;
  const observeAll = opts.observeAll === true;

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

  // 2. slots: state first (the same layout whatever the options, so the simulator can switch code)
  const slots: Slot[] = new Array<Slot>(n);
  const size: Record<Rep, number> = { n: 0, f: 0, b: 0 };
  const isState = (x: FlatNode): boolean => x.op === 'reg' || x.op === 'memread';
  const alloc = (i: number): void => {
    const r = repOf(nodes[i]!.width);
    slots[i] = { rep: r, index: size[r]++ };
  };
  for (let i = 0; i < n; i++) if (rep[i] === i && isState(nodes[i]!)) alloc(i);
  const state = { ...size };
  for (let i = 0; i < n; i++) if (rep[i] === i && !isState(nodes[i]!)) alloc(i);
  for (let i = 0; i < n; i++) slots[i] = slots[rep[i]!]!;

  // 3. uses: which comb nodes must be stored, which can be inlined into their one consumer
  const uses = new Int32Array(n);
  const forced = new Uint8Array(n);
  // observed: the slot must hold the settled value for readers outside the generated code
  const observed = new Uint8Array(n);
  const use = (i: number, force: boolean): void => {
    const r = rep[i]!;
    uses[r]++;
    if (force) forced[r] = 1;
  };
  for (let i = 0; i < n; i++) {
    const x = nodes[i]!;
    if (x.path !== undefined && observeAll) forced[rep[i]!] = observed[rep[i]!] = 1;
    if (rep[i] !== i) continue;
    if (COMB.has(x.op)) for (const a of x.args) use(a, false);
    else if (x.op === 'reg') {
      use(x.args[0]!, false);
      if (x.en !== undefined) use(x.en, true);
    } else if (x.op === 'memread') for (const a of x.args) use(a, true);
  }
  for (const m of fd.mems) for (const w of m.writes) (use(w.addr, true), use(w.data, true), use(w.en, true));
  // properties read their condition and enable from slots after each settle
  for (const p of fd.props) for (const i of p.en === undefined ? [p.cond] : [p.cond, p.en]) (use(i, true), (observed[rep[i]!] = 1));
  // the top's outputs are always readable
  for (const p of fd.ports) if (p.dir === 'output') forced[rep[p.node]!] = observed[rep[p.node]!] = 1;

  // 4. topological order of the combinational representatives
  const order: number[] = [];
  const visit = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    if (rep[s] !== s || !COMB.has(nodes[s]!.op) || visit[s]) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    visit[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, k] = top;
      const args = nodes[v]!.args;
      if (k < args.length) {
        top[1]++;
        const a = rep[args[k]!]!;
        if (!COMB.has(nodes[a]!.op)) continue;
        if (visit[a] === 1) throw new Error(`builtin sim: combinational loop through node ${nodes[a]!.path ?? a}`);
        if (visit[a] === 0) {
          visit[a] = 1;
          stack.push([a, 0]);
        }
      } else {
        visit[v] = 2;
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
  const slotRef = (i: number): string => `${ARRAY[slots[i]!.rep]}[${slots[i]!.index}]`;
  const rstRef = fd.rst !== undefined ? slotRef(fd.rst) : undefined;
  const funcs: string[] = [];
  const calls: { ev: string[]; edge: string[] } = { ev: [], edge: [] };
  let cur: string[] = [];
  let curSize = 0;
  let locals = new Set<number>();
  let pre: string[] = [];
  let tmp = 0;
  // a comb node read from its slot (by code outside the function that computed it) must be written there
  const readFromSlot = new Uint8Array(n);
  const flush = (kind: 'ev' | 'edge'): void => {
    if (!cur.length) return;
    const name = `f${funcs.length}`;
    // rst is an input, never written by the generated code: each function reads it once
    const rs = rstRef !== undefined && cur.some((l) => l.includes('if(rs)')) ? `const rs=${rstRef}!==0;\n` : '';
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
    readFromSlot[r] = 1;
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

  // a stored local: `const v<i>=<e>;` and a mark replaced at the end by the slot write when the slot is read
  const STORE = (v: number): string => `\u0001${v}\u0001`;
  for (const v of order) {
    if (inl[v]) continue;
    const e = expr(v);
    locals.add(v); // before emit: a flush inside emit starts a new function without it
    emit('ev', `const v${v}=${e};${STORE(v)}`);
  }
  // next state; registers with a reset in groups `if(rs){their reset values}else{their next values}`, one test per group
  const resetGroup: { init: string[]; next: string[] } = { init: [], next: [] };
  const flushResets = (): void => {
    if (!resetGroup.init.length) return;
    emit('ev', `if(rs){${resetGroup.init.join('')}}else{${resetGroup.next.join('')}}`);
    resetGroup.init = [];
    resetGroup.next = [];
  };
  for (let i = 0; i < n; i++) {
    const x = nodes[i]!;
    const self = slotRef(i);
    const t = `${NEXT[slots[i]!.rep]}[${slots[i]!.index}]`;
    if (x.op === 'reg') {
      const grouped = x.reset !== 'none' && rstRef !== undefined;
      // a statement of its own goes after the pending group (whose expressions use this function's locals and atoms)
      if (!grouped) flushResets();
      let e = rep[x.args[0]!] === i ? self : ref(x.args[0]!);
      if (x.en !== undefined && e !== self) e = `(${ref(x.en)}?${e}:${self})`;
      if (grouped) {
        resetGroup.init.push(`${t}=${nodeInit(x)};`);
        resetGroup.next.push(`${t}=${e};`);
        if (resetGroup.init.length >= RESET_GROUP) flushResets();
      } else emit('ev', `${t}=${e};`);
    } else if (x.op === 'memread') {
      flushResets();
      const mem = fd.mems[x.mem!]!;
      const a = atom(num(operand(x.args[0]!)));
      const zero = repOf(mem.width) === 'b' ? '0n' : '0';
      emit('ev', `${t}=${ref(x.args[1]!)}?(${a}<${mem.depth}?M${x.mem}[${a}]:${zero}):${self};`);
    }
  }
  flushResets();
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
  if (state.n) commit.push('N.set(TN);');
  if (state.f) commit.push('F.set(TF);');
  if (state.b) commit.push(`for(let i=0;i<${state.b};i++)B[i]=TB[i];`);

  const consts: Generated['consts'] = [];
  for (let i = 0; i < n; i++)
    if (rep[i] === i && nodes[i]!.op === 'const') consts.push({ slot: slots[i]!, bits: parseHex(nodes[i]!.value!), width: nodes[i]!.width });

  // which slots hold settled values: inputs, constants, state, and the comb nodes written to their slot
  const kept = new Uint8Array(n);
  const stored = (r: number): boolean => !COMB.has(nodes[r]!.op) || (!inl[r] && (observed[r] === 1 || readFromSlot[r] === 1));
  for (let i = 0; i < n; i++) kept[i] = stored(rep[i]!) ? 1 : 0;
  const withStores = funcs.map((f) => f.replace(/\u0001(\d+)\u0001/g, (_, v: string) => (stored(Number(v)) ? `${slotRef(Number(v))}=v${v};` : '')));

  const body = [
    '"use strict";',
    'const par32=H.par32,parb=H.parb;',
    ...(size.f ? [MID_HELPERS] : []),
    ...fd.mems.map((_, i) => `const M${i}=M[${i}];`),
    ...withStores,
    `return {ev(){${calls.ev.join('')}},edge(){${calls.edge.join('')}${commit.join('')}}};`,
  ].join('\n');
  return { body, slots, size, state, consts, kept };
}
