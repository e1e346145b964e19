/** Shared assertion of the counter tests: on every verified tile every counter equals the model's figure, and the measured categories partition busy. */
import { expect } from 'vitest';
import { parseConfig } from '../../../generators/registry.js';
import { compile } from '../../../dsl/index.js';
import type { Verdict } from '../../../generators/common/verdict.js';

export function expectCounters(v: Verdict, names: readonly string[], partition: readonly string[]): void {
  expect(v.pass, `${v.layer}: ${JSON.stringify(v.mismatch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`).toBe(true);
  expect(v.tileRecords.length).toBeGreaterThan(0);
  for (const t of v.tileRecords) {
    expect(Object.keys(t.counters)).toEqual([...names]);
    for (const [k, c] of Object.entries(t.counters)) expect(c.rtl, `${t.name}: counter ${k}`).toBe(c.model);
    // busy runs from the cycle after start up to done; the categories the hardware counts split it exactly
    expect(t.counters.busy!.rtl).toBe(t.rtlCycles - 1);
    expect(partition.reduce((s, k) => s + t.counters[k]!.rtl, 0), t.name).toBe(t.counters.busy!.rtl);
  }
}

/** Every layer of an in-memory configuration through the built-in simulator (all tiles). */
export async function verifyAll(raw: unknown): Promise<Verdict[]> {
  const { family, config } = parseConfig(raw, 'test.json');
  const { def, params } = family.build(config);
  const c = compile(def, params);
  const out: Verdict[] = [];
  for (const e of family.workload(config)) out.push(await family.verifyLayer(config, e.load(), c, 'builtin', undefined));
  return out;
}
