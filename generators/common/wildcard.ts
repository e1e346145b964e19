/**
 * Whole-network workloads: a face-net workload entry may name every layer (`"layer": "*"`) and every sample image
 * (`"image": "*"`). The entry is expanded into one concrete entry per (layer, image) before the configuration is
 * checked, in the network's layer order, image by image; an expanded layer the family cannot take (for instance a
 * kernel larger than its PE) is skipped with a note instead of refusing the file, since the user asked for "every layer
 * this family accepts". `origin` maps each expanded entry back to the user's entry, so messages name the line they wrote.
 */
import { layerShapes, NUM_SAMPLES } from '../../workloads/facenet/index.js';

export const WILDCARD = '*';

export interface Expanded {
  /** the configuration with every wildcard entry expanded (the input itself when there is none) */
  raw: unknown;
  /** per expanded entry: the index of the entry in the file, and whether it came from a wildcard */
  origin: Array<{ index: number; wildcard: boolean }>;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

export function expandWorkload(raw: unknown): Expanded {
  const layers = isObject(raw) && isObject(raw.workload) ? raw.workload.layers : undefined;
  if (!Array.isArray(layers)) return { raw, origin: [] };
  const origin: Expanded['origin'] = [];
  const out: unknown[] = [];
  layers.forEach((e, index) => {
    const wild = isObject(e) && e.source === 'facenet' && (e.layer === WILDCARD || e.image === WILDCARD);
    if (!wild) {
      out.push(e);
      origin.push({ index, wildcard: false });
      return;
    }
    const names = e.layer === WILDCARD ? layerShapes().map((s) => s.name) : [e.layer];
    const images = e.image === WILDCARD ? Array.from({ length: NUM_SAMPLES }, (_, i) => i) : [e.image];
    for (const image of images)
      for (const layer of names) {
        out.push({ ...e, layer, ...(image === undefined ? {} : { image }) });
        origin.push({ index, wildcard: true });
      }
  });
  if (!origin.some((o) => o.wildcard)) return { raw, origin };
  const r = raw as Record<string, unknown> & { workload: Record<string, unknown> };
  return { raw: { ...r, workload: { ...r.workload, layers: out } }, origin };
}

/** A path into the expanded configuration, pointing at the user's entry instead (workload.layers[k] → [origin]). */
export function originalPath(path: ReadonlyArray<PropertyKey>, origin: Expanded['origin']): PropertyKey[] {
  if (path[0] === 'workload' && path[1] === 'layers' && typeof path[2] === 'number' && origin[path[2]]) return ['workload', 'layers', origin[path[2]]!.index, ...path.slice(3)];
  return [...path];
}

/** A workload entry's name with its image (`conv32_1/conv1@3`): unique among the entries of a whole-network workload. */
export function specLabel(spec: { source: string; layer?: string; image?: number; name?: string }): string {
  return spec.source === 'facenet' ? `${spec.layer}@${spec.image ?? 0}` : String(spec.name);
}

/** The entries' display names: the layer's own name, or with its image where the same layer appears more than once. */
export function entryNames<S extends { source: string; layer?: string; image?: number; name?: string }>(specs: readonly S[], nameOf: (s: S) => string): string[] {
  const names = specs.map(nameOf);
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  return specs.map((s, i) => (count.get(names[i]!)! > 1 && s.source === 'facenet' ? specLabel(s) : names[i]!));
}
