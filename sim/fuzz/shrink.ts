/**
 * Shrinking a failing design. The design is plain data (spec.ts), so every step is a data edit: keep one output,
 * replace a node by one of its operands or by a constant, drop statements, enables and next values, narrow inputs,
 * registers and constants, and cut the stimulus after the failing cycle. Each round generates every one-step
 * candidate (keeping only legal, X-safe ones), runs them as ONE batch (one Icarus compile / one Verilator build for
 * all of them), and continues from the smallest candidate that still fails; it stops when no candidate fails.
 * Only the simulators needed to see the difference run: the odd one out and the cheapest other one.
 */
import path from 'node:path';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { compile, type IRDesign } from '../../dsl/index.ts';
import { writeVerilog } from '../../dsl/verilog/write.ts';
import { defineDesign, preloadsOf } from './build.ts';
import { explain } from './known.ts';
import {
  type DesignSpec, type Node, type Stmt, clone, compact, checkSpec, xViolations, inferTypes, nodeRefs, specSize, opsUsed, wrapTo,
} from './spec.ts';
import {
  type Case, type Mismatch, type SimName, type Injection, type Prepared, renamed, runBatch, fitCycles, topPorts, preloadsFor, simulate, compare, interpTrace,
} from './run.ts';

export interface ShrinkOptions {
  sims: readonly SimName[];
  work: string;
  log?: (l: string) => void;
  inject?: Injection;
  /** give up after this many rounds (default 200) or this much time (default 5 minutes) */
  maxRounds?: number;
  maxMs?: number;
  /** candidates per simulator run (default 60) */
  chunk?: number;
}

export interface ShrinkResult {
  case: Case;
  /** the mismatch of the final design, with every simulator's value */
  mismatch: Mismatch | undefined;
  original: { name: string; size: number; mismatch: Mismatch };
  size: number;
  ops: string[];
  rounds: number;
  /** simulators used while shrinking */
  sims: SimName[];
}

const COST: Record<SimName, number> = { spec: 0, builtin: 1, icarus: 2, verilator: 3 };

/**
 * The simulators needed to see the difference again, and no more. When Icarus or Verilator is the odd one out, the
 * two Verilog simulators are compared (a bug of the Verilog text itself, which both see, cannot then pass for it);
 * when the built-in simulator or the spec interpreter is, it is compared with the cheapest other one.
 */
export function shrinkSims(m: Mismatch, available: readonly SimName[]): SimName[] {
  const inv = (Object.keys(m.values) as SimName[]).filter((s) => available.includes(s));
  if (m.odd === 'icarus' && inv.includes('verilator')) return ['icarus', 'verilator'];
  if (m.odd === 'verilator' && inv.includes('icarus')) return ['verilator', 'icarus'];
  if (m.odd === 'builtin' || m.odd === 'spec') {
    const odd = m.odd;
    const other = inv.filter((s) => s !== odd).sort((a, b) => COST[a] - COST[b])[0];
    if (other) return [odd, other];
  }
  return inv;
}

// ---- candidate edits ------------------------------------------------------------------------------------------

/** Replace every reference to node i by node j (j < i). */
function subst(d0: DesignSpec, i: number, j: number): DesignSpec {
  const d = clone(d0);
  const f = (x: number): number => (x === i ? j : x);
  const fs = (ss: Stmt[]): void => {
    for (const s of ss) {
      if (s.k === 'set') s.v = f(s.v);
      else if (s.k === 'memw') {
        s.addr = f(s.addr);
        s.data = f(s.data);
        if (s.en !== undefined) s.en = f(s.en);
      } else if (s.k === 'when') {
        for (const a of s.arms) {
          a.c = f(a.c);
          fs(a.body);
        }
        if (s.other) fs(s.other);
      } else {
        s.sel = f(s.sel);
        for (const c of s.cases) fs(c.body);
        if (s.dflt) fs(s.dflt);
      }
    }
  };
  d.nodes.forEach((n) => {
    if (n.k === 'op') n.a = n.a.map(f);
    else if (n.k === 'rd') {
      n.addr = f(n.addr);
      if (n.en !== undefined) n.en = f(n.en);
    } else if (n.k === 'cw') {
      n.def = f(n.def);
      fs(n.body);
    }
  });
  for (const r of d.regs) {
    if (r.en !== undefined) r.en = f(r.en);
    if (r.next !== undefined) r.next = f(r.next);
  }
  fs(d.stmts);
  for (const x of d.insts) x.ins = x.ins.map(f);
  d.outs = d.outs.map(f);
  return d;
}

function withNode(d0: DesignSpec, i: number, n: Node): DesignSpec {
  const d = clone(d0);
  d.nodes[i] = n;
  return d;
}

/** Statement-list edits: drop one statement, or replace a when/switch by one of its bodies. */
function stmtEdits(ss: Stmt[]): Stmt[][] {
  const out: Stmt[][] = [];
  ss.forEach((s, i) => {
    const rest = (rep: Stmt[]): Stmt[] => [...ss.slice(0, i), ...rep, ...ss.slice(i + 1)];
    out.push(rest([]));
    if (s.k === 'when') {
      for (const a of s.arms) out.push(rest(a.body));
      if (s.other) out.push(rest(s.other));
      if (s.arms.length > 1) s.arms.forEach((_, k) => out.push(rest([{ ...s, arms: s.arms.filter((_, x) => x !== k) }])));
      if (s.other) out.push(rest([{ k: 'when', arms: s.arms }]));
      s.arms.forEach((a, k) =>
        stmtEdits(a.body).forEach((b) => out.push(rest([{ ...s, arms: s.arms.map((x, y) => (y === k ? { c: x.c, body: b } : x)) }]))),
      );
      if (s.other) stmtEdits(s.other).forEach((b) => out.push(rest([{ ...s, other: b }])));
    } else if (s.k === 'switch') {
      for (const c of s.cases) out.push(rest(c.body));
      if (s.cases.length > 1) s.cases.forEach((_, k) => out.push(rest([{ ...s, cases: s.cases.filter((_, x) => x !== k) }])));
      if (s.dflt) out.push(rest([{ k: 'switch', sel: s.sel, cases: s.cases }]));
      s.cases.forEach((c, k) =>
        stmtEdits(c.body).forEach((b) => out.push(rest([{ ...s, cases: s.cases.map((x, y) => (y === k ? { vals: x.vals, body: b } : x)) }]))),
      );
      if (s.dflt) stmtEdits(s.dflt).forEach((b) => out.push(rest([{ ...s, dflt: b }])));
    }
  });
  return out;
}

const half = (w: number): number => Math.max(1, w >> 1);

/** Every one-step simplification of a design (not yet checked for legality). */
export function edits(d: DesignSpec): DesignSpec[] {
  const out: DesignSpec[] = [];
  if (d.outs.length > 1) d.outs.forEach((o) => out.push({ ...clone(d), outs: [o] }));
  const types = inferTypes(d).nodes;
  for (let i = d.nodes.length - 1; i >= 0; i--) {
    const n = d.nodes[i]!;
    if (n.k === 'in') continue;
    const t = types[i]!;
    // by an operand
    for (const j of new Set(n.k === 'cw' ? [n.def] : n.k === 'rd' ? [n.addr] : nodeRefs(n))) if (j < i) out.push(subst(d, i, j));
    // by a constant
    if (n.k !== 'const') out.push(withNode(d, i, { k: 'const', t, v: '0' }));
    // a condition that must hold for the failure: all ones
    if (n.k !== 'const' && t.w === 1) out.push(withNode(d, i, { k: 'const', t, v: t.s ? '-1' : '1' }));
    if (n.k === 'const') {
      if (n.v !== '0') out.push(withNode(d, i, { ...n, v: '0' }));
      if (n.t.w > 1) out.push(withNode(d, i, { ...n, t: { ...n.t, w: half(n.t.w) }, v: String(wrapTo(BigInt(n.v), { ...n.t, w: half(n.t.w) })) }));
      if (n.t.s) out.push(withNode(d, i, { ...n, t: { ...n.t, s: false }, v: String(BigInt.asUintN(n.t.w, BigInt(n.v))) }));
    }
    if (n.k === 'op') {
      if (n.lit !== undefined && n.lit !== '0') out.push(withNode(d, i, { ...n, lit: '0' }));
      if (n.lit !== undefined && n.lit.replace('-', '').length > 1) out.push(withNode(d, i, { ...n, lit: String(BigInt(n.lit) / 2n) }));
      if (n.p) n.p.forEach((v, k) => {
        if (v > 0) out.push(withNode(d, i, { ...n, p: n.p!.map((x, y) => (y === k ? x >> 1 : x)) }));
      });
      if (n.op === 'cat' && n.a.length > 2) n.a.forEach((_, k) => out.push(withNode(d, i, { ...n, a: n.a.filter((_, y) => y !== k) })));
    }
    if (n.k === 'rd' && n.en !== undefined) out.push(withNode(d, i, { k: 'rd', mem: n.mem, addr: n.addr }));
    if (n.k === 'cw') {
      for (const b of stmtEdits(n.body)) out.push(withNode(d, i, { ...n, body: b }));
      if (n.t.w > 1) out.push(withNode(d, i, { ...n, t: { ...n.t, w: half(n.t.w) } }));
    }
  }
  for (const b of stmtEdits(d.stmts)) out.push({ ...clone(d), stmts: b });
  d.regs.forEach((r, i) => {
    const mod = (f: (x: DesignSpec['regs'][number]) => void): void => {
      const c = clone(d);
      f(c.regs[i]!);
      out.push(c);
    };
    if (r.en !== undefined) mod((x) => delete x.en);
    if (r.next !== undefined) mod((x) => delete x.next);
    if (r.init !== '0') mod((x) => (x.init = '0'));
    if (r.t.w > 1) mod((x) => ((x.t = { ...x.t, w: half(x.t.w) }), (x.init = String(wrapTo(BigInt(x.init), x.t)))));
    if (r.t.s) mod((x) => ((x.t = { ...x.t, s: false }), (x.init = String(BigInt.asUintN(x.t.w, BigInt(x.init))))));
  });
  d.mems.forEach((m, i) => {
    if (m.data.some((v) => v !== '0')) {
      const c = clone(d);
      c.mems[i]!.data = m.data.map(() => '0');
      out.push(c);
    }
  });
  d.ins.forEach((t, k) => {
    if (t.w > 1) {
      const c = clone(d);
      c.ins[k] = { ...t, w: half(t.w) };
      out.push(c);
    }
    if (t.s) {
      const c = clone(d);
      c.ins[k] = { ...t, s: false };
      out.push(c);
    }
  });
  // children: shrink them too (every instance sees the edit)
  d.children.forEach((ch, ci) => {
    for (const e of edits(ch)) {
      if (e.outs.length !== ch.outs.length) continue; // ports of the child must stay
      const c = clone(d);
      c.children[ci] = e;
      out.push(c);
    }
  });
  return out;
}

/** A legal, X-safe, compacted candidate, or undefined. */
function legal(d: DesignSpec): DesignSpec | undefined {
  const c = compact(d);
  if (checkSpec(c) !== undefined) return undefined;
  if (xViolations(c).length) return undefined;
  return c;
}

// ---- the shrink loop ------------------------------------------------------------------------------------------

export async function shrinkCase(c0: Case, m0: Mismatch, o: ShrinkOptions): Promise<ShrinkResult> {
  const log = o.log ?? (() => {});
  const sims = shrinkSims(m0, o.sims);
  const chunk = o.chunk ?? 60;
  const t0 = performance.now();
  let cur: Case = { spec: compact(c0.spec), cycles: c0.cycles.slice(0, m0.cycle + 1) };
  const seen = new Set<string>([JSON.stringify(cur.spec)]);
  let origKnown: string | undefined;
  try {
    origKnown = explain(compile(defineDesign(c0.spec), undefined).optimized, m0);
  } catch {
    origKnown = undefined;
  }
  let rounds = 0;
  let batchNo = 0;
  const fails = async (cands: DesignSpec[]): Promise<number[]> => {
    const cases = cands.map((s, k) => ({ spec: renamed(s, `s${k}`), cycles: cur.cycles }));
    const r = await runBatch(cases, {
      sims,
      workDir: path.join(o.work, `w${batchNo}`),
      cacheDir: path.join(o.work, 'cache'),
      ...(o.inject ? { inject: o.inject } : {}),
    });
    batchNo++;
    // a candidate that fails because of a different, already known bug does not count
    return r.mismatches
      .filter((m) => {
        let k: string | undefined;
        try {
          k = explain(compile(defineDesign(cases[m.design]!.spec), undefined).optimized, m);
        } catch {
          k = undefined;
        }
        return k === undefined || k === origKnown || !sims.includes('builtin');
      })
      .map((m) => m.design)
      .sort((a, b) => a - b);
  };
  try {
    // the isolated design must still fail
    if ((await fails([cur.spec])).length === 0) {
      log(`  shrink: ${c0.spec.name} does not fail on its own; keeping it whole`);
    } else {
      for (; rounds < (o.maxRounds ?? 200) && performance.now() - t0 < (o.maxMs ?? 5 * 60_000); rounds++) {
        const cands: DesignSpec[] = [];
        for (const e of edits(cur.spec)) {
          const l = legal(e);
          if (!l) continue;
          const key = JSON.stringify(l);
          if (seen.has(key)) continue;
          seen.add(key);
          cands.push(l);
        }
        // shorter stimulus: try cutting the last cycles too (cheap, as its own candidate set)
        let next: DesignSpec | undefined;
        for (let k = 0; k < cands.length && !next; k += chunk) {
          const part = cands.slice(k, k + chunk);
          const failing = await fails(part);
          if (failing.length) next = failing.map((x) => part[x]!).sort((a, b) => specSize(a) - specSize(b))[0];
        }
        if (!next) break;
        cur = { spec: next, cycles: cur.cycles };
        log(`  shrink round ${rounds + 1}: ${specSize(cur.spec)} nodes`);
      }
    }
    // the final design, run alone with every simulator, for the report
    const fin = await runSingle(cur, o.sims, path.join(o.work, 'final'), o.inject);
    // cut the stimulus after the first failing cycle of the final design
    if (fin.mismatch) cur = { spec: cur.spec, cycles: cur.cycles.slice(0, fin.mismatch.cycle + 1) };
    return {
      case: cur,
      mismatch: fin.mismatch,
      original: { name: c0.spec.name, size: specSize(c0.spec), mismatch: m0 },
      size: specSize(cur.spec),
      ops: opsUsed(cur.spec),
      rounds,
      sims,
    };
  } finally {
    await rm(o.work, { recursive: true, force: true });
  }
}

/** A single design as its own top (ports i<k>, o<k>, clk, rst): what a reproducer holds. */
export function prepareSingle(c: Case): Prepared {
  const compiled = compile(defineDesign(c.spec), undefined);
  const ports = topPorts(compiled.ir);
  const inputs = new Set(ports.filter((p) => p.dir === 'input').map((p) => p.name));
  const cycles = fitCycles(c.spec, c.cycles).map((cyc) => Object.fromEntries(Object.entries(cyc).filter(([k]) => inputs.has(k))));
  return {
    ir: compiled.ir,
    optimized: compiled.optimized,
    verilog: compiled.verilog.files,
    filelist: compiled.verilog.filelist,
    top: compiled.ir.top,
    ports,
    cycles,
    ...preloadsFor(compiled, preloadsOf(c.spec)),
    outputs: [c.spec.outs.map((_, k) => `o${k}`)],
    interp: () => interpTrace([c], (_j, k) => `o${k}`),
  };
}

/** Run one design alone in the simulators; the first mismatch (values of every simulator), if any. */
export async function runSingle(
  c: Case,
  sims: readonly SimName[],
  work: string,
  inject?: Injection,
): Promise<{ mismatch: Mismatch | undefined; prepared: Prepared }> {
  const p = prepareSingle(c);
  await mkdir(work, { recursive: true });
  try {
    const { traces, unknown, taint } = await simulate(p, { sims, workDir: work, cacheDir: path.join(work, 'cache'), ...(inject ? { inject } : {}) });
    const r = compare(p, traces, unknown, taint);
    const m = r.mismatches[0];
    if (m) m.output = m.output.replace(/^.*_(o\d+)$/, '$1');
    return { mismatch: m, prepared: p };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const big = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** Write a reproducer folder: Verilog + filelist, stimulus.json, spec.json, README.md. Returns the folder. */
export async function writeReproducer(s: ShrinkResult, dir: string, seed: number, inject?: Injection): Promise<string> {
  const p = prepareSingle(s.case);
  const out = { top: p.top, files: p.verilog, filelist: p.filelist };
  const stim = {
    top: p.top,
    files: [...p.verilog.keys()],
    ports: p.ports,
    cycles: p.cycles,
    preload: p.preloadHdl,
    sample: p.outputs[0],
  };
  const m = s.mismatch;
  const lines = [
    `# Fuzz reproducer ${path.basename(dir)}`,
    '',
    `Seed ${seed}; original design ${s.original.name} (${s.original.size} nodes), shrunk in ${s.rounds} rounds to ${s.size} nodes ` +
      `(shrinking ran: ${s.sims.join(', ')}).`,
    '',
    `Operators in the reproducer: ${s.ops.join(', ')}`,
    '',
    m
      ? `Mismatch: output \`${m.output}\` at cycle ${m.cycle}: ` +
        Object.entries(m.values).map(([k, v]) => (k === 'icarus' && m.x ? 'icarus = X' : `${k} = ${v}`)).join(', ') +
        ` (odd one out: ${m.odd}${m.x ? '; Icarus shows X where the design defines the value' : ''}).`
      : 'The shrunk design no longer fails when run alone with every simulator (see the original mismatch below).',
    '',
    `Original mismatch: ${s.original.mismatch.output} at cycle ${s.original.mismatch.cycle}: ` +
      Object.entries(s.original.mismatch.values).map(([k, v]) => `${k} = ${v}`).join(', '),
    '',
    inject ? '**Note: this run had a deliberately injected fault (test of the fuzzer); the Verilog here is unmodified.**\n' : '',
    'Files: the Verilog of the design (top `' + p.top + '`), `' + p.top + '.f` (filelist), `stimulus.json` (sim/harness.ts Stimulus: ' +
      'inputs per cycle, rst high in cycle 0; memory preloads), `spec.json` (the fuzzer\'s design data).',
    '',
    'Replay: `node --import tsx sim/fuzz/replay.ts ' + dir + '`',
    '',
  ];
  await mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  writeVerilog(dir, p.top, out, {
    'stimulus.json': JSON.stringify(stim, big, 1),
    'spec.json': JSON.stringify({ spec: s.case.spec, cycles: s.case.cycles }, big, 1),
    'README.md': lines.join('\n'),
  });
  return dir;
}

export type { IRDesign };
export { writeFile };
