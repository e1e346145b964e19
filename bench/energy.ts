/**
 * The energy columns a family's bench prints after its own tables (ppa/columns.ts: every layer of the family's
 * configurations, the dense baseline beside it, every figure's node and source) and writes to
 * bench-out/<family>-energy.json. `--no-energy` skips them; `--energy TABLE.yaml` swaps the reference table.
 */
import { familyEnergy } from '../ppa/columns.ts';
import { printTable, writeBenchJson } from './util.js';

export function printEnergy(family: string, args: readonly string[]): void {
  if (args.includes('--no-energy')) return;
  const i = args.indexOf('--energy');
  const res = familyEnergy(family, { ...(i >= 0 && args[i + 1] ? { energy: args[i + 1]! } : {}), log: (m) => console.error(m) });
  for (const t of res.tables) {
    console.log(`\n${t.title}`);
    printTable(t.header, t.rows);
    for (const n of t.notes) console.log(`  - ${n}`);
  }
  console.log(`\nwrote ${writeBenchJson(`${family}-energy`, res.json)}`);
}
