/**
 * Formal proof of a design's properties with Yosys: `read_verilog -formal` (the `ifdef FORMAL` blocks the backend
 * writes, dsl/verilog/props.ts), `prep`, covers removed (sat cannot import them), then temporal induction
 * `sat -tempinduct -prove-asserts -set-assumes` from the all-zero state (the built-in simulator's initial state)
 * with `rst` high in the first step, up to `depth` steps. Outcomes: proven (the induction step holds), failed (a
 * base case has a counterexample, dumped as VCD), or unknown (no counterexample within `depth` steps, induction not
 * reached). A counterexample replays in the built-in simulator, which must stop on an assertion.
 *
 * Step s of the proof is harness cycle s - 1. Yosys registers an immediate assertion of a clocked process, so the
 * failure of cycle c shows at step c + 2, the last step of the counterexample.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IRDesign } from '../dsl/ir.ts';
import { runTool } from './exec.ts';
import { runTrace } from './builtin/index.ts';
import { AssertionFailure } from './assertions.ts';

export interface ProveOptions {
  /** the longest base case and induction length tried (default 20) */
  depth?: number;
  /** where the counterexample VCD goes (default: not kept) */
  vcd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface ProveResult {
  status: 'proven' | 'failed' | 'unknown';
  /** proven: the induction length; failed: the counterexample's steps; unknown: the depth searched */
  depth: number;
  /** failed: the inputs of each harness cycle of the counterexample */
  cycles?: Array<Record<string, bigint>>;
  /** failed: the counterexample VCD text */
  vcdText?: string;
  /** the asserts and assumes Yosys saw */
  asserts: number;
  assumes: number;
  ms: number;
}

/** Prove the asserts of a design (its Verilog files and top) with Yosys. */
export async function proveVerilog(files: readonly string[], top: string, hasReset: boolean, opts: ProveOptions = {}): Promise<ProveResult> {
  const depth = opts.depth ?? 20;
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`prove: depth must be a positive integer, got ${depth}`);
  for (const f of files) if (/[\s"]/.test(f)) throw new Error(`prove: file path with whitespace or quotes is not supported: '${f}'`);
  const t0 = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hwgen-prove-'));
  try {
    const vcd = path.join(dir, 'cex.vcd');
    const log = path.join(dir, 'prove.log');
    const script = [
      ...files.map((f) => `read_verilog -formal ${path.resolve(f)}`),
      `prep -top ${top}`,
      'flatten',
      // memories become registers: sat reads no memory cells
      'memory',
      'opt_clean',
      `tee -q -o ${path.join(dir, 'stat.txt')} stat`,
      'chformal -cover -remove',
      // -seq 1: the reset step itself is not checked (the properties are reset-aware)
      `sat -tempinduct -prove-asserts -set-assumes -set-init-zero ${hasReset ? '-seq 1 -set-at 1 rst 1 ' : ''}` +
        `-maxsteps ${depth} -show-inputs -dump_vcd ${vcd}`,
    ].join('\n');
    await writeFile(path.join(dir, 'prove.ys'), `${script}\n`);
    await runTool('yosys', ['-q', '-l', log, '-s', path.join(dir, 'prove.ys')], { cwd: dir, env: opts.env ?? process.env, timeoutMs: opts.timeoutMs ?? 5 * 60 * 1000 });
    const text = await readFile(log, 'utf8');
    const stat = await readFile(path.join(dir, 'stat.txt'), 'utf8');
    const count = (cell: string): number => Number(new RegExp(`\\${cell}\\s+(\\d+)`).exec(stat)?.[1] ?? 0);
    const common = { asserts: count('$assert'), assumes: count('$assume'), ms: performance.now() - t0 };
    if (/Induction step proven: SUCCESS!/.test(text)) {
      const lens = [...text.matchAll(/Trying induction with length (\d+)/g)].map((m) => Number(m[1]));
      return { status: 'proven', depth: lens.length ? lens[lens.length - 1]! : 1, ...common };
    }
    if (/model found for base case: FAIL!/.test(text)) {
      const vcdText = await readFile(vcd, 'utf8');
      if (opts.vcd) await writeFile(opts.vcd, vcdText);
      const cycles = vcdInputs(vcdText, new Set(['clk']));
      return { status: 'failed', depth: cycles.length, cycles, vcdText, ...common };
    }
    return { status: 'unknown', depth, ...common };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The per-step values of the top-level signals of a Yosys `sat -dump_vcd` file (step 1 is dumped at time 0, step
 * s > 1 at time s; the last time stamp closes the dump), as one record per harness cycle. Only the signals Yosys shows
 * with -show-inputs whose names are plain identifiers are kept (the proof's internal wires are escaped names).
 */
export function vcdInputs(vcd: string, skip: ReadonlySet<string> = new Set()): Array<Record<string, bigint>> {
  const ids = new Map<string, string>();
  for (const m of vcd.matchAll(/\$var\s+\S+\s+\d+\s+(\S+)\s+\\?([A-Za-z_][A-Za-z0-9_]*)\s+\$end/g)) if (!skip.has(m[2]!)) ids.set(m[1]!, m[2]!);
  const body = vcd.slice(vcd.indexOf('$enddefinitions'));
  const steps = new Map<number, Record<string, bigint>>();
  let t = 0;
  const cur: Record<string, bigint> = {};
  const times: number[] = [];
  for (const tok of body.split(/\s+/).filter(Boolean).reduce<string[]>((acc, x) => {
    // `b0101 v3` is one change written as two tokens
    if (acc.length && /^b[01xz]+$/.test(acc[acc.length - 1]!)) acc[acc.length - 1] += ` ${x}`;
    else acc.push(x);
    return acc;
  }, [])) {
    if (tok.startsWith('#')) {
      steps.set(t, { ...cur });
      t = Number(tok.slice(1));
      times.push(t);
      continue;
    }
    const m = /^(?:b([01xz]+) (\S+)|([01xz])(\S+))$/.exec(tok);
    if (!m) continue;
    const id = m[2] ?? m[4]!;
    const name = ids.get(id);
    if (name === undefined) continue;
    cur[name] = BigInt(`0b${(m[1] ?? m[3]!).replace(/[xz]/g, '0')}`);
  }
  steps.set(t, { ...cur });
  // times 0, 2, 3, ..., S, S+1: steps 1..S
  const last = times.length ? times[times.length - 1]! : 0;
  const out: Array<Record<string, bigint>> = [];
  for (let s = 1; s < last; s++) out.push({ ...(steps.get(s === 1 ? 0 : s) ?? out[out.length - 1] ?? {}) });
  return out;
}

/** Replay a counterexample in the built-in simulator: the assertion it stops on, or undefined when none fires. */
export function replayCounterexample(design: IRDesign, cycles: Array<Record<string, bigint>>): AssertionFailure | undefined {
  const top = design.modules.find((m) => m.name === design.top)!;
  const inputs = new Set(top.ports.filter((p) => p.dir === 'input').map((p) => p.name));
  if (top.reset) inputs.add('rst');
  const stim = cycles.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => inputs.has(k))));
  try {
    runTrace(design, stim, []);
    return undefined;
  } catch (e) {
    if (e instanceof AssertionFailure) return e;
    throw e;
  }
}
