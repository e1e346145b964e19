/**
 * Energy reference tables in Accelergy's style (an ERT: per component, per action, energy in pJ), as YAML files the
 * project writes with the `yaml` package. Every entry names its source and technology node; a user can pass their own
 * table (same format) to `hwgen ppa --energy TABLE.yaml`.
 *
 *   ERT:
 *     version: "0.4"
 *     unit: pJ
 *     tables:
 *       - component: mult8
 *         description: ...
 *         actions:
 *           - { action: mult, energy: 0.2, node: 45nm, source: "..." }
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

export const ertSchema = z.strictObject({
  ERT: z.strictObject({
    version: z.string(),
    unit: z.literal('pJ'),
    tables: z.array(
      z.strictObject({
        component: z.string().min(1),
        description: z.string().optional(),
        actions: z
          .array(
            z.strictObject({
              action: z.string().min(1),
              energy: z.number().nonnegative(),
              node: z.string().min(1),
              source: z.string().min(1),
              derivation: z.string().optional(),
            }),
          )
          .min(1),
      }),
    ),
  }),
});

export type EnergyTable = z.infer<typeof ertSchema>;

export interface TableEntry {
  component: string;
  action: string;
  energy: number;
  node: string;
  source: string;
  derivation?: string;
}

/** Flat entries keyed `component.action`. */
export function entries(t: EnergyTable): Map<string, TableEntry> {
  const out = new Map<string, TableEntry>();
  for (const c of t.ERT.tables)
    for (const a of c.actions) {
      const key = `${c.component}.${a.action}`;
      if (out.has(key)) throw new Error(`energy table: ${key} is listed twice; keep one entry per component and action`);
      out.set(key, { component: c.component, ...a });
    }
  return out;
}

/** Parse a table's YAML text; `file` names it in messages. */
export function parseEnergyTable(text: string, file: string): EnergyTable {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = ertSchema.safeParse(raw);
  if (!r.success) {
    const iss = r.error.issues[0]!;
    throw new Error(`${file}: ${iss.path.join('.') || '(top)'}: ${iss.message}; see ppa/tables/reference.yaml for the format (ERT.tables[].actions[]: action, energy in pJ, node, source)`);
  }
  entries(r.data); // duplicates
  return r.data;
}

export function readEnergyTable(file: string): EnergyTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the energy table: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseEnergyTable(text, file);
}

export function energyTableYaml(t: EnergyTable): string {
  return stringify(t, { lineWidth: 0 });
}

export function writeEnergyTable(file: string, t: EnergyTable): void {
  writeFileSync(file, energyTableYaml(t));
}
