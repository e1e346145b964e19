/** `hwgen list`: the example designs (later also configurations and generators). */
import type { Example } from '../../examples/index.js';
import { formatTable } from '../table.js';

export function formatDesignList(designs: readonly Example[]): string {
  return formatTable(
    ['design', 'module', 'parameters', 'description'],
    designs.map((d) => [d.name, d.def.name, JSON.stringify(d.params) ?? '', d.description]),
  );
}
