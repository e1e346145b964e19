/**
 * The spec interpreter (sim/fuzz/interp.ts): the intended meaning of conditionals, registers and memories on small
 * hand-written designs, with expected values worked out from that meaning (not from any simulator), and its taints.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interpret, X_TAINT, RACE_TAINT } from '../../../sim/fuzz/interp.ts';
import { pattern, wrap } from '../../../sim/fuzz/interp-ops.ts';
import type { DesignSpec, Node, Stmt, RegSpec, MemSpec, Ty } from '../../../sim/fuzz/spec.ts';

const U = (w: number): Ty => ({ w, s: false });
const S = (w: number): Ty => ({ w, s: true });

function design(p: Partial<DesignSpec> & { ins: Ty[]; nodes: Node[]; outs: number[] }): DesignSpec {
  return { name: 't', regs: [], mems: [], insts: [], stmts: [], children: [], ...p };
}
const reg = (t: Ty, o: Partial<RegSpec> = {}): RegSpec => ({ t, reset: 'sync', init: '0', ...o });
const mem = (t: Ty, depth: number, data: string[], kind: MemSpec['kind'] = 'init'): MemSpec => ({ t, depth, kind, data });
const cycles = (...cs: Array<Record<string, number>>): Array<Record<string, bigint>> =>
  cs.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, BigInt(v)])));

describe('spec interpreter', () => {
  it('when/elsewhen/otherwise: the first arm whose condition holds wins, otherwise the last', () => {
    // w = default 0; when(a) w = 1; elsewhen(b) w = 2; otherwise w = 3
    const d = design({
      ins: [U(1), U(1)],
      nodes: [
        { k: 'in', i: 0 }, { k: 'in', i: 1 },
        { k: 'const', t: U(2), v: '0' }, { k: 'const', t: U(2), v: '1' }, { k: 'const', t: U(2), v: '2' }, { k: 'const', t: U(2), v: '3' },
        {
          k: 'cw', t: U(2), def: 2,
          body: [{ k: 'when', arms: [{ c: 0, body: [{ k: 'set', r: -1, v: 3 }] }, { c: 1, body: [{ k: 'set', r: -1, v: 4 }] }], other: [{ k: 'set', r: -1, v: 5 }] }],
        },
      ],
      outs: [6],
    });
    const r = interpret(d, cycles({ i0: 1, i1: 1 }, { i0: 0, i1: 1 }, { i0: 1, i1: 0 }, { i0: 0, i1: 0 }));
    expect(r.trace.o0).toEqual([1n, 2n, 1n, 3n]);
    expect(r.taint.o0).toEqual([0, 0, 0, 0]);
  });

  it('switch: the first matching case wins (values wrap to the selector type), default otherwise; a later connection overrides', () => {
    const sel: Stmt = {
      k: 'switch', sel: 0,
      cases: [{ vals: ['-1', '1'], body: [{ k: 'set', r: -1, v: 2 }] }, { vals: ['1', '2'], body: [{ k: 'set', r: -1, v: 3 }] }],
      dflt: [{ k: 'set', r: -1, v: 4 }],
    };
    const d = design({
      ins: [S(2)],
      nodes: [
        { k: 'in', i: 0 }, { k: 'const', t: U(3), v: '0' },
        { k: 'const', t: U(3), v: '5' }, { k: 'const', t: U(3), v: '6' }, { k: 'const', t: U(3), v: '7' },
        { k: 'cw', t: U(3), def: 1, body: [sel] },
        // the same switch, then an unconditional override
        { k: 'cw', t: U(3), def: 1, body: [sel, { k: 'set', r: -1, v: 1 }] },
      ],
      outs: [5, 6],
    });
    const r = interpret(d, cycles({ i0: -1 }, { i0: 1 }, { i0: -2 }, { i0: 0 }));
    // -1 and 1 hit the first case (1 is in both); '2' wraps to -2 in SInt(2); 0 matches nothing
    expect(r.trace.o0).toEqual([5n, 5n, 6n, 7n]);
    expect(r.trace.o1).toEqual([0n, 0n, 0n, 0n]);
  });

  it('registers: reset dominates the enable, a disabled register holds, statements override the next value in order', () => {
    // r: UInt(4), init 9, enable i1, next = i0, and when(i2) r := 15
    const d = design({
      ins: [U(4), U(1), U(1)],
      nodes: [{ k: 'in', i: 0 }, { k: 'in', i: 1 }, { k: 'in', i: 2 }, { k: 'reg', r: 0 }, { k: 'const', t: U(4), v: '15' }],
      regs: [reg(U(4), { init: '9', en: 1, next: 0 })],
      stmts: [{ k: 'when', arms: [{ c: 2, body: [{ k: 'set', r: 0, v: 4 }] }] }],
      outs: [3],
    });
    const r = interpret(d, cycles(
      { rst: 1, i0: 3, i1: 0, i2: 0 }, // reset (enable low): 9
      { rst: 0, i0: 3, i1: 1, i2: 0 }, // takes 3
      { i0: 4, i1: 0 }, // disabled: holds 3
      { i0: 5, i1: 1, i2: 1 }, // the when overrides: 15
      { i0: 6, i1: 1, i2: 0 },
      {},
    ));
    expect(r.trace.o0).toEqual([0n, 9n, 3n, 3n, 15n, 6n]);
    // X until the first reset edge, defined after
    expect(r.taint.o0).toEqual([X_TAINT, 0, 0, 0, 0, 0]);
  });

  it('an async register shows its reset value while rst is high; cycle 0 carries the race taint', () => {
    const d = design({ ins: [U(2)], nodes: [{ k: 'in', i: 0 }, { k: 'reg', r: 0 }], regs: [reg(U(2), { reset: 'async', init: '2', next: 0 })], outs: [1] });
    const r = interpret(d, cycles({ rst: 1, i0: 1 }, { rst: 0, i0: 3 }, { rst: 1 }, { rst: 0 }));
    expect(r.trace.o0).toEqual([2n, 2n, 2n, 2n]);
    expect(r.taint.o0).toEqual([RACE_TAINT, 0, 0, 0]);
  });

  it('memories: read-first on a write to the same word, past the end reads 0 and writes nothing, last write wins', () => {
    // mem: 3 words of UInt(4) [1, 2, 3]; write i1 at i0 twice (second: i1 + 1 wrapped); read port at i0
    const d = design({
      ins: [U(2), U(4)],
      nodes: [{ k: 'in', i: 0 }, { k: 'in', i: 1 }, { k: 'rd', mem: 0, addr: 0 }, { k: 'op', op: 'addw', a: [1], lit: '1' }],
      mems: [mem(U(4), 3, ['1', '2', '3'])],
      stmts: [{ k: 'memw', mem: 0, addr: 0, data: 1 }, { k: 'memw', mem: 0, addr: 0, data: 3 }],
      outs: [2],
    });
    const r = interpret(d, cycles({ i0: 1, i1: 7 }, { i0: 1, i1: 15 }, { i0: 3, i1: 5 }, { i0: 1 }, { i0: 2 }));
    // cycle 1 shows word 1 before the edge-0 write (2); cycle 2 the word written at edge 0 (7 + 1); the edge-2 write
    // to address 3 is dropped and its read gives 0
    expect(r.trace.o0).toEqual([0n, 2n, 8n, 0n, 0n]);
    expect(r.taint.o0).toEqual([X_TAINT, 0, 0, 0, 0]);
  });

  it('a word written with an undefined value stays tainted until it is overwritten with a defined one', () => {
    // an unreset register q (X until written) is written to word 0 in cycle 0 only (enable = i0)
    const d = design({
      ins: [U(1), U(4)],
      nodes: [{ k: 'in', i: 0 }, { k: 'in', i: 1 }, { k: 'reg', r: 0 }, { k: 'const', t: U(1), v: '0' }, { k: 'rd', mem: 0, addr: 3 }],
      regs: [reg(U(4), { reset: 'none', next: 1 })],
      mems: [mem(U(4), 2, ['0', '0'])],
      stmts: [{ k: 'memw', mem: 0, addr: 3, data: 2, en: 0 }],
      outs: [4],
    });
    const r = interpret(d, cycles({ i0: 1, i1: 5 }, { i0: 0 }, {}, { i0: 1 }, { i0: 0 }, {}));
    // cycle 1 reads word 0 before the X write of edge 0; the write of edge 3 cleans it, seen from cycle 5 (read-first)
    expect(r.taint.o0).toEqual([X_TAINT, 0, X_TAINT, X_TAINT, X_TAINT, 0]);
    expect(r.trace.o0.at(-1)).toBe(5n);
  });

  it('two\'s complement helpers agree with the definition on random values', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), fc.integer({ min: 1, max: 130 }), fc.boolean(), (v, w, s) => {
        const p = pattern(v, w);
        expect(p >= 0n && p < 1n << BigInt(w)).toBe(true);
        expect((p - v) % (1n << BigInt(w))).toBe(0n);
        const x = wrap(v, { w, s });
        const lo = s ? -(1n << BigInt(w - 1)) : 0n;
        expect(x >= lo && x < lo + (1n << BigInt(w))).toBe(true);
        expect(pattern(x, w)).toBe(p);
      }),
    );
  });
});
