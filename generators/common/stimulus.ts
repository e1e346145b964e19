/**
 * The host side of the shared interface (common/host.ts) as cycle-by-cycle stimulus: reset, configure, optional load
 * cycles, start, wait for the cycle model's count plus a margin, then read back every output word of each named field
 * and every performance counter through the read port; and the decoding of a simulation trace (cycles from start to
 * done, the read words by field, the counters). Plain TypeScript: no DSL.
 */

/** One read through the port: the output bank and word (rd_bank, rd_addr). */
export interface ReadAddr {
  bank: number;
  addr: number;
}

export interface HostRun {
  cycles: Array<Record<string, bigint>>;
  /** cycle in which start is 1 */
  startCycle: number;
  /** first cycle of the read-back; read i is sampled at readStart + 1 + i */
  readStart: number;
  /** cycles allowed for the computation (the model's prediction plus a margin) */
  budget: number;
  /** the fields read back, in order, with their word counts */
  fields: Array<{ name: string; count: number }>;
  /** the counters read back after the fields, in order */
  counters: readonly string[];
}

export interface HostRunSpec {
  /** configuration inputs (`cfg_*`), applied from the cycle after reset */
  cfg: Record<string, bigint>;
  /** cycles between configuration and start (e.g. streaming data through a load port) */
  load?: Array<Record<string, bigint>>;
  /** the cycle model's count from start to done */
  cycles: number;
  margin?: number;
  /** per output field, the read addresses in the field's (tile-local) order */
  reads: Record<string, readonly ReadAddr[]>;
  /** performance counters to read (their index on rd_addr with rd_ctr = 1 is their position here) */
  counters?: readonly string[];
  /** false: no reset cycle (a run continuing from the previous run's state in the same simulation); default true */
  reset?: boolean;
}

/** Reset (unless `reset` is false), configure, load, start, wait `cycles + margin`, then read every field and counter. */
export function hostStimulus(o: HostRunSpec): HostRun {
  const cycles: Array<Record<string, bigint>> = [...(o.reset === false ? [] : [{ rst: 1n }]), { rst: 0n, ...o.cfg }];
  for (const c of o.load ?? []) cycles.push(c);
  if (o.load?.length) cycles.push({ load_en: 0n });
  const startCycle = cycles.length;
  cycles.push({ start: 1n });
  cycles.push({ start: 0n });
  const budget = o.cycles + (o.margin ?? 16);
  for (let i = 2; i < budget; i++) cycles.push({});
  const readStart = cycles.length;
  const fields = Object.entries(o.reads).map(([name, rs]) => {
    for (const r of rs) cycles.push({ rd_en: 1n, rd_bank: BigInt(r.bank), rd_addr: BigInt(r.addr) });
    return { name, count: rs.length };
  });
  const counters = o.counters ?? [];
  counters.forEach((_, i) => cycles.push({ rd_en: 0n, rd_ctr: 1n, rd_addr: BigInt(i) }));
  cycles.push(counters.length ? { rd_en: 0n, rd_ctr: 0n } : { rd_en: 0n });
  return { cycles, startCycle, readStart, budget, fields, counters };
}

export interface Readback {
  /** cycles from start to the first cycle with done = 1, or −1 if done never rose */
  cycles: number;
  fields: Record<string, bigint[]>;
  counters: Record<string, bigint>;
}

/** Decode a trace sampled on `done` and `rd_data`. */
export function decodeHostRun(trace: Record<string, bigint[]>, run: HostRun): Readback {
  const done = trace.done!;
  let cycles = -1;
  for (let c = run.startCycle + 1; c < run.readStart; c++)
    if (done[c] === 1n) {
      cycles = c - run.startCycle;
      break;
    }
  const rd = trace.rd_data!;
  let at = run.readStart + 1;
  const fields: Record<string, bigint[]> = {};
  for (const f of run.fields) {
    fields[f.name] = rd.slice(at, at + f.count);
    at += f.count;
  }
  const counters: Record<string, bigint> = {};
  for (const c of run.counters) counters[c] = rd[at++]!;
  return { cycles, fields, counters };
}

/** Reads of a conv tile's outputs o(m, y, x) in CHW order, the word of each given by `at`. */
export function chwReads(M: number, OH: number, OW: number, at: (m: number, y: number, x: number) => ReadAddr): ReadAddr[] {
  const out: ReadAddr[] = [];
  for (let m = 0; m < M; m++) for (let y = 0; y < OH; y++) for (let x = 0; x < OW; x++) out.push(at(m, y, x));
  return out;
}

/** Width of the hardware's performance counters behind a read port of `accBits` (read as non-negative SInt(accBits)). */
export function counterBits(accBits: number): number {
  return Math.min(accBits - 1, 32);
}
