/** `hwgen list`: the example designs, the configurations, the generator families and the workloads hwgen knows. */
import type { Example } from '../../examples/index.js';
import { families, loadConfig, ConfigError, displayPath } from '../../generators/registry.js';
import { layerShapes } from '../../workloads/facenet/index.js';
import { VGG16, ALEXNET, RESNET50, type ConvShape } from '../../workloads/shapes.js';
import { formatTable } from '../table.js';
import { findConfigs } from './generate.js';

export function formatDesignList(designs: readonly Example[]): string {
  return formatTable(
    ['design', 'module', 'parameters', 'description'],
    designs.map((d) => [d.name, d.def.name, JSON.stringify(d.params) ?? '', d.description]),
  );
}

/** Every configuration of `dir`, loaded and checked; an invalid one shows its first error. */
export function formatConfigList(dir = 'configs'): string {
  const files = findConfigs(dir);
  if (files.length === 0) return `(no configurations in ${dir})`;
  return formatTable(
    ['config', 'design', 'generator', 'array', 'layers', 'status'],
    files.map((f) => {
      try {
        const { config, family } = loadConfig(f);
        const hw = config.hw as { rows?: number; cols?: number } | undefined;
        const layers = (config.workload?.layers ?? []) as Array<{ source: string; layer?: string; name?: string }>;
        return [displayPath(f), config.name, family.name, hw?.rows !== undefined ? `${hw.rows}×${hw.cols}` : '-', layers.map((l) => l.layer ?? l.name).join(', ') || '-', 'ok'];
      } catch (e) {
        const msg = e instanceof ConfigError ? e.lines[0]! : (e as Error).message;
        return [displayPath(f), '-', '-', '-', '-', `INVALID: ${msg}${e instanceof ConfigError && e.lines.length > 1 ? ` (+${e.lines.length - 1} more)` : ''}`];
      }
    }),
  );
}

export function formatGeneratorList(): string {
  return formatTable(
    ['generator', 'default config', 'description'],
    families.map((f) => [f.name, f.defaultConfig, f.description]),
  );
}

interface Network {
  name: string;
  layers: ReadonlyArray<Omit<ConvShape, 'repeat'> & { repeat?: number }>;
  note: string;
}

function networks(): Network[] {
  return [
    { name: 'facenet', layers: layerShapes(), note: "face-api face-recognition ResNet, real activations of 6 sample images (config source \"facenet\")" },
    { name: 'vgg16', layers: VGG16, note: 'shapes only' },
    { name: 'alexnet', layers: ALEXNET, note: 'shapes only (ungrouped)' },
    { name: 'resnet50', layers: RESNET50, note: 'shapes only (v1.5; repeat = occurrences)' },
  ];
}

const shape = (s: Omit<ConvShape, 'repeat'>) => `${s.C}×${s.H}×${s.W} → ${s.M}, ${s.R}×${s.S}/${s.stride} p${s.pad}`;

/** One line per network (names of its layers), or with `full` one row per layer. */
export function formatWorkloads(full = false): string {
  const nets = networks();
  if (!full)
    return formatTable(
      ['workload', 'layers', 'first … last', 'note'],
      nets.map((n) => [n.name, n.layers.length, `${n.layers[0]!.name} … ${n.layers[n.layers.length - 1]!.name}`, n.note]),
    );
  return formatTable(
    ['workload', 'layer', 'shape (C×H×W → M, R×S/stride pad)', 'repeat'],
    nets.flatMap((n) => n.layers.map((l) => [n.name, l.name, shape(l), l.repeat ?? 1])),
  );
}
