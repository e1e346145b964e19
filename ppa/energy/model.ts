/**
 * The energy model: energy = Σ over actions of count × the table's energy for (component, action).
 */
import { entries, type EnergyTable } from './table.ts';

/** One Accelergy-style action count. */
export interface ActionCount {
  component: string;
  action: string;
  count: number;
  /** what the count stands for (e.g. "PE multiplies: issued slots") */
  note?: string;
}

export interface EnergyLine extends ActionCount {
  /** pJ per action */
  perAction: number;
  /** pJ */
  energy: number;
  node: string;
  source: string;
}

export interface EnergyBreakdown {
  lines: EnergyLine[];
  /** pJ */
  total: number;
  /** the technology nodes the figures come from */
  nodes: string[];
}

/** Σ count × energy. @throws naming the component/action the table lacks and how to add it. */
export function energyOf(counts: readonly ActionCount[], table: EnergyTable, tableName = 'the energy table'): EnergyBreakdown {
  const ert = entries(table);
  const lines: EnergyLine[] = [];
  for (const c of counts) {
    const e = ert.get(`${c.component}.${c.action}`);
    if (!e) throw new Error(`${tableName} has no entry for component '${c.component}' action '${c.action}'; add it under ERT.tables (component: ${c.component}, actions: [{ action: ${c.action}, energy, node, source }])`);
    lines.push({ ...c, perAction: e.energy, energy: c.count * e.energy, node: e.node, source: e.source });
  }
  return { lines, total: lines.reduce((s, l) => s + l.energy, 0), nodes: [...new Set(lines.filter((l) => l.count > 0).map((l) => l.node))].sort() };
}

/** Merge counts with the same component and action (summing over tiles or layers). */
export function mergeCounts(lists: ReadonlyArray<readonly ActionCount[]>): ActionCount[] {
  const m = new Map<string, ActionCount>();
  for (const list of lists)
    for (const c of list) {
      const k = `${c.component}.${c.action}.${c.note ?? ''}`;
      const prev = m.get(k);
      if (prev) prev.count += c.count;
      else m.set(k, { ...c });
    }
  return [...m.values()];
}

/** TOPS/W from useful MACs (2 ops each) and energy in pJ: ops per pJ = TOPS/W. */
export function topsPerWatt(macs: number, energyPj: number): number {
  return energyPj > 0 ? (2 * macs) / energyPj : 0;
}
