/**
 * Golden cycle model of the micro-sequencer: for every instruction, the array steps it takes (row activations) and the
 * cycles, as arithmetic on its fields — the schedule of isa.ts written as counts, without simulating anything.
 *
 * A step is one cycle in which the array activates one wordline (a read: TAG, the ~b pass of SUB, MOVE), two wordlines
 * (a sense-amplifier AND/NOR: every add step, XNOR, AND), and/or writes one wordline. Per instruction:
 *
 *   op     steps                                 two-row reads   one-row reads         writes
 *   CLR    n                                     0               0                     n
 *   TAG    1                                     0               1                     0
 *   ADD    n + cout                              n               0                     n + cout
 *   SUB    2n                                    n               n                     2n
 *   MUL    unsigned b: nb·(n + 2)                nb·n            nb                    nb·(n + 1)
 *          signed b:   (nb−1)(n+2) + 1 + 2(n+1)  (nb−1)n + n+1   nb + n+1              (nb−1)(n+1) + 2(n+1)
 *   MOVE   n                                     0               n                     n
 *   XNOR   n                                     n               0                     n
 *   AND    n                                     n               0                     n
 *   XPOSE  n (+ cols + 2 gather cycles)          0               0                     n
 *
 * Cycles: 1 (first fetch) + Σ over instructions (1 decode cycle + steps + XPOSE gather cycles) + 1 (END decoded, done
 * raised): what the RTL measures from start to done.
 */
import type { Instr } from './isa.js';
import type { InsramHwParams } from './params.js';

export interface StepCounts {
  /** array steps (row activations): cycles in which a wordline is read and/or written */
  steps: number;
  reads2: number;
  reads1: number;
  writes: number;
  /** transpose-unit gather cycles (no array activation) */
  gather: number;
  /** cycles including the decode cycle of each instruction */
  cycles: number;
}

/** The hardware's counters in read-port order: the StepCounts, and busy (cycles from the one after start to done). */
export const INSRAM_COUNTERS = ['steps', 'reads2', 'reads1', 'writes', 'gather', 'busy'] as const;

/** The counters' figures of a run. */
export function counterFigures(c: StepCounts): Record<(typeof INSRAM_COUNTERS)[number], number> {
  return { steps: c.steps, reads2: c.reads2, reads1: c.reads1, writes: c.writes, gather: c.gather, busy: c.cycles - 1 };
}

export const ZERO_COUNTS: StepCounts = { steps: 0, reads2: 0, reads1: 0, writes: 0, gather: 0, cycles: 0 };

export function addCounts(a: StepCounts, b: StepCounts, times = 1): StepCounts {
  return {
    steps: a.steps + times * b.steps,
    reads2: a.reads2 + times * b.reads2,
    reads1: a.reads1 + times * b.reads1,
    writes: a.writes + times * b.writes,
    gather: a.gather + times * b.gather,
    cycles: a.cycles + times * b.cycles,
  };
}

/** The counts of one instruction. */
export function instrCounts(ins: Instr, hw: Pick<InsramHwParams, 'cols'>): StepCounts {
  const n = ins.n ?? 0;
  const nb = ins.nb ?? n;
  const c = (steps: number, reads2: number, reads1: number, writes: number, gather = 0): StepCounts => ({
    steps, reads2, reads1, writes, gather, cycles: 1 + steps + gather,
  });
  switch (ins.op) {
    case 'END': return c(0, 0, 0, 0);
    case 'CLR': return c(n, 0, 0, n);
    case 'TAG': return c(1, 0, 1, 0);
    case 'ADD': { const co = ins.cout ? 1 : 0; return c(n + co, n, 0, n + co); }
    case 'SUB': return c(2 * n, n, n, 2 * n);
    case 'MUL':
      return ins.sx
        ? c((nb - 1) * (n + 2) + 1 + 2 * (n + 1), (nb - 1) * n + n + 1, nb + n + 1, (nb - 1) * (n + 1) + 2 * (n + 1))
        : c(nb * (n + 2), nb * n, nb, nb * (n + 1));
    case 'MOVE': return c(n, 0, n, n);
    case 'XNOR': return c(n, n, 0, n);
    case 'AND': return c(n, n, 0, n);
    case 'XPOSE': return c(n, 0, 0, n, hw.cols + 2);
  }
}

/** The counts of a whole program run (start to done), END appended if missing. */
export function programCounts(prog: readonly Instr[], hw: Pick<InsramHwParams, 'cols'>): StepCounts {
  let acc: StepCounts = { ...ZERO_COUNTS, cycles: 2 };
  for (const ins of prog) acc = addCounts(acc, instrCounts(ins, hw));
  if (!prog.length || prog[prog.length - 1]!.op !== 'END') acc = addCounts(acc, instrCounts({ op: 'END' }, hw));
  return acc;
}
