/**
 * The standard library (dsl/lib), tested like the operators: every block against a reference model written from its
 * documented behaviour (models.ts), on random stimulus (fast-check) in the built-in simulator, then one long stimulus
 * in Icarus and Verilator (all blocks in one top, one build each); the blocks' assertions hold throughout (a firing
 * assertion stops every simulator) and Yosys proves them by induction; lint and synthesis are clean.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, writeVerilog, Queue, RegSlice, StreamArbiter, HwError, defineModule, Out, UInt, connect, Stream } from '../../../dsl/index.js';
import { simulate, type SimName } from '../../../sim/simulate.ts';
import { lintVerilator } from '../../../sim/verilator.ts';
import { yosysCheck } from '../../../sim/lint.ts';
import { proveVerilog } from '../../../sim/formal.ts';
import { scratchDir } from '../../helpers/tmp.ts';
import { LibTop, Q_DEPTH, QP_DEPTH, CHAIN_DEPTH, ARB_N, CTR_LAST, SHIFT_N, PRIO_N } from './designs.ts';
import { FifoModel, ArbiterModel, CounterModel, ShiftModel, priority } from './models.ts';

type Cycle = Record<string, bigint>;
const b = (x: boolean): bigint => (x ? 1n : 0n);

const STREAMS = ['q', 'qp', 'rs', 'ch'] as const;
const ARBS = ['fx', 'rr'] as const;

/** one cycle's random inputs */
const cycleArb: fc.Arbitrary<Cycle> = fc
  .record({
    s: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { minLength: 4, maxLength: 4 }),
    a: fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: ARB_N, maxLength: ARB_N }), fc.boolean()), { minLength: 2, maxLength: 2 }),
    ad: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: ARB_N, maxLength: ARB_N }),
    ctr: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 15 })),
    sh: fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 255 })),
    pr: fc.integer({ min: 0, max: 2 ** PRIO_N - 1 }),
  })
  .map((r) => {
    const c: Cycle = { rst: 0n };
    STREAMS.forEach((s, k) => {
      const [v, d, rdy] = r.s[k]!;
      c[`${s}_enq_valid`] = b(v);
      c[`${s}_enq_data`] = BigInt(d);
      c[`${s}_deq_ready`] = b(rdy !== 0); // ready 3 times in 4: queues both fill and drain
    });
    ARBS.forEach((a, k) => {
      const [valids, rdy] = r.a[k]!;
      valids.forEach((v, i) => {
        c[`${a}_req_${i}_valid`] = b(v);
        c[`${a}_req_${i}_data`] = BigInt(r.ad[i]! ^ (k * 0x5a));
      });
      c[`${a}_out_ready`] = b(rdy);
    });
    c.ctr_en = b(r.ctr[0] !== 0);
    c.ctr_clear = b(r.ctr[1] === 0);
    c.sh_en = b(r.sh[0]);
    c.sh_din = BigInt(r.sh[1]);
    c.pr_reqs = BigInt(r.pr);
    return c;
  });

/** The expected outputs per cycle (undefined: not compared, e.g. data while not valid) from the models. */
function expected(cycles: Cycle[]): Array<Record<string, bigint | undefined>> {
  const fifo = { q: new FifoModel(Q_DEPTH), qp: new FifoModel(QP_DEPTH, true), rs: new FifoModel(2) };
  const chQ = new FifoModel(CHAIN_DEPTH);
  const chS = new FifoModel(2);
  const arb = { fx: new ArbiterModel(ARB_N, false), rr: new ArbiterModel(ARB_N, true) };
  const ctr = new CounterModel(CTR_LAST);
  const sh = new ShiftModel(SHIFT_N);
  const out: Array<Record<string, bigint | undefined>> = [];
  for (const c of cycles) {
    const o: Record<string, bigint | undefined> = {};
    const on = (k: string): boolean => c[k] === 1n;
    for (const s of ['q', 'qp', 'rs'] as const) {
      const f = fifo[s];
      o[`${s}_enq_ready`] = b(f.ready(on(`${s}_deq_ready`)));
      o[`${s}_deq_valid`] = b(f.valid);
      o[`${s}_deq_data`] = f.head;
      o[s === 'rs' ? 'rs_occupancy' : `${s}_count`] = BigInt(f.count);
    }
    // the chain: the slice's readiness and the queue's head decide the middle handshake from the state alone
    o.ch_enq_ready = b(chQ.ready(chS.ready(false)));
    o.ch_deq_valid = b(chS.valid);
    o.ch_deq_data = chS.head;
    for (const a of ARBS) {
      const valid = Array.from({ length: ARB_N }, (_, i) => on(`${a}_req_${i}_valid`));
      const w = arb[a].winner(valid);
      o[`${a}_out_valid`] = b(w >= 0);
      o[`${a}_out_data`] = w >= 0 ? c[`${a}_req_${w}_data`] : undefined;
      o[`${a}_grant`] = BigInt(Math.max(0, w));
      for (let i = 0; i < ARB_N; i++) o[`${a}_req_${i}_ready`] = b(w === i && on(`${a}_out_ready`));
    }
    o.ctr_value = BigInt(ctr.value);
    o.ctr_wrap = b(ctr.wrap(on('ctr_en')));
    sh.taps.forEach((t, i) => (o[`sh_taps_${i}`] = t));
    const p = priority(Number(c.pr_reqs), PRIO_N);
    o.pr_valid = b(p.valid);
    o.pr_index = BigInt(p.index);
    o.pr_grant = BigInt(p.grant);
    out.push(o);
    if (c.rst === 1n) throw new Error('the models start after reset: give reset in the first cycle only');
    // the clock edge
    for (const s of ['q', 'qp', 'rs'] as const) fifo[s].edge(on(`${s}_enq_valid`), c[`${s}_enq_data`]!, on(`${s}_deq_ready`));
    const mid = { valid: chQ.valid, data: chQ.head ?? 0n, ready: chS.ready(false) };
    chS.edge(mid.valid, mid.data, on('ch_deq_ready'));
    chQ.edge(on('ch_enq_valid'), c.ch_enq_data!, mid.ready);
    for (const a of ARBS) arb[a].edge(Array.from({ length: ARB_N }, (_, i) => on(`${a}_req_${i}_valid`)), on(`${a}_out_ready`));
    ctr.edge(on('ctr_en'), on('ctr_clear'));
    sh.edge(on('sh_en'), c.sh_din!);
  }
  return out;
}

const compiled = compile(LibTop, undefined);
const SAMPLE = topOutputs();

function topOutputs(): string[] {
  const top = compiled.optimized.modules.find((m) => m.name === compiled.optimized.top)!;
  return top.ports.filter((p) => p.dir === 'output').map((p) => p.name);
}

async function check(sim: SimName, body: Cycle[]): Promise<void> {
  const cycles = [{ ...body[0]!, rst: 1n }, ...body];
  const r = await simulate(sim, { design: compiled.optimized, verilog: compiled.verilog, cycles, sample: SAMPLE });
  const want = expected(body);
  for (const port of SAMPLE) {
    const got = r.trace[port]!.slice(1);
    const exp = want.map((o) => o[port]);
    const masked = got.map((v, t) => (exp[t] === undefined ? undefined : v));
    expect(masked, `${sim}: ${port}`).toEqual(exp);
  }
}

describe('dsl/lib: every block against its reference model', () => {
  it('the built-in simulator, 40 random stimuli of 60 cycles (fast-check)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(cycleArb, { minLength: 60, maxLength: 60 }), async (body) => check('builtin', body)), { numRuns: 40, seed: 7 });
  });

  it.each(['icarus', 'verilator'] as const)('%s, one stimulus of 400 cycles (all blocks in one build)', async (sim) => {
    const [body] = fc.sample(fc.array(cycleArb, { minLength: 400, maxLength: 400 }), { numRuns: 1, seed: 11 });
    await check(sim, body!);
  }, 300_000);

  it('stays lint clean (verilator -Wall) and passes yosys check', async () => {
    const dir = path.join(await scratchDir('hwgen-lib-'), 'lib_top');
    const files = writeVerilog(dir, 'lib_top', compiled.verilog);
    expect(compiled.ir.warnings).toEqual([]);
    expect((await lintVerilator(files, compiled.verilog.top)).map((w) => `${w.code} ${w.message}`)).toEqual([]);
    const rep = await yosysCheck(files, compiled.verilog.top);
    expect(rep.totalCells).toBeGreaterThan(0);
  }, 300_000);
});

describe('dsl/lib: the blocks prove their own invariants', () => {
  for (const [name, def, params, asserts] of [
    ['queue', Queue, { width: 4, depth: 3 }, 3],
    ['queue_pipe', Queue, { width: 4, depth: 4, pipe: true }, 3],
    ['reg_slice', RegSlice, { width: 4 }, 2],
    ['rr_arbiter', StreamArbiter, { n: 3, width: 2, policy: 'round-robin' }, 1],
  ] as const) {
    it(`${name}: every assertion proven by induction`, async () => {
      const c = compile(def as typeof Queue, params as never);
      const files = writeVerilog(path.join(await scratchDir('hwgen-lib-prove-'), name), name, c.verilog);
      const r = await proveVerilog(files, c.verilog.top, true, { depth: 8 });
      expect(r.status).toBe('proven');
      expect(r.asserts).toBe(asserts);
    }, 120_000);
  }
});

describe('dsl/lib: misuse is refused with the problem named', () => {
  it('connect refuses two drivable sides, mismatched bundles and a bad depth', () => {
    const Bad = defineModule('bad_connect', { a: Stream(UInt(4)), b: Stream(UInt(4)) }, (_m, io) => connect(io.a, io.b));
    expect(() => compile(Bad, undefined)).toThrow(/connect: (data|valid): both sides are drivable/);
    const Shape = defineModule('bad_shape', { a: Stream(UInt(4)), n: Out(UInt(1)) }, (m, io) => {
      const q = m.instance('q', Queue, { width: 4, depth: 2 });
      connect(q.deq, { valid: io.a.valid, data: io.a.data });
      io.n.set(0);
    });
    expect(() => compile(Shape, undefined)).toThrow(/connect: .*fields differ/);
    expect(() => compile(Queue, { width: 4, depth: 0 })).toThrow(HwError);
  });
});
