/**
 * Energy columns for the benches: each configuration's workload layers (whole layers, every tile) costed with an
 * energy table, beside the dense baseline (configs/dense.json's 8×8 array) on the same layer specifications, the
 * paper's figure with its node, and every row's technology nodes. `familyEnergy(family)` is what bench/<family>.ts
 * calls; bench/ppa.ts calls `energyColumns` on every family's configurations. Dynamic energy of the counted
 * arithmetic and memory accesses only (no leakage, clock tree, wires or host loads).
 */
import { loadConfig, parseConfig, type LoadedConfig } from '../generators/registry.js';
import { layerActions } from './actions/index.ts';
import { energyOf, topsPerWatt, type EnergyBreakdown } from './energy/model.ts';
import { loadTable } from './run.ts';
import type { EnergyTable } from './energy/table.ts';

/** The configurations each family's bench costs. */
export const FAMILY_CONFIGS: Readonly<Record<string, readonly string[]>> = {
  dense: ['configs/dense.json'],
  zas: ['configs/zas.json'],
  linac: ['configs/linac.json', 'configs/pragmatic.json', 'configs/linac-plane.json'],
  svd: ['configs/svd.json', 'configs/svd-exact.json'],
  crossbar: ['configs/isaac.json', 'configs/prime.json'],
  fda: ['configs/fda.json'],
  insram: ['configs/insram.json', 'configs/bitprudent.json', 'configs/bitprudent-overlap.json'],
  fft: ['configs/fft.json'],
};

/** The papers' figures, with their nodes, printed beside each family's rows. */
export const PAPER: Readonly<Record<string, string>> = {
  dense: 'baseline (no paper figure)',
  zas: 'ZAS paper (AICAS 2021): 1.94 TOPS/W effective, UMC 55 nm, 100 MHz, 1.08 V, whole accelerator (not comparable to ops+SRAM only at 45 nm)',
  linac: 'LINAC paper (IEEE CAL 2022): the abstract gives no energy figure',
  svd: 'SVD output-sparsity paper (IEEE TPDS 2023): 55.3% energy reduction against dense networks (node not given in the abstract; whole accelerator)',
  fda: 'FDA paper (IEEE TPDS 2023): energy against an ISAAC-like mapping (the crossbar ISAAC preset on the same layer: column "ISAAC µJ")',
  crossbar: 'ISAAC (ISCA 2016, 32 nm): the periphery figures of the table are its own; the analog array read and the eDRAM/input traffic are not counted here',
  insram: 'Bit Prudent (HPCA 2019): 2% area overhead per processor die, 1.6× over Neural Cache (an area and a speed figure, no energy figure; column "own dense µJ" is the same arrays with the dense, unpruned mapping: Neural Cache\'s)',
  fft: 'no paper figure (the FFT unit alone: a building block of the frequency-domain accelerator); "MACs" are butterflies; no dense baseline (not a convolution)',
};

const DENSE_LAYER_FIELDS = new Set(['source', 'layer', 'image', 'maxTiles', 'name', 'C', 'H', 'W', 'M', 'R', 'S', 'stride', 'pad', 'seed', 'zeros', 'relu', 'requant']);

export interface EnergyRow {
  layer: string;
  macs: number;
  cycles: number;
  energyPj: number;
  /** pJ per component (summed over its actions) */
  byComponent: Record<string, number>;
  denseCycles?: number;
  denseEnergyPj?: number;
  /** FDA: the crossbar ISAAC preset on the same layer */
  isaacEnergyPj?: number;
  /** insram: the same arrays with the dense, unpruned mapping (Neural Cache's) */
  ownDenseEnergyPj?: number;
  nodes: string[];
}

function byComponent(e: EnergyBreakdown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of e.lines) out[l.component] = (out[l.component] ?? 0) + l.energy;
  return out;
}

/**
 * Each layer of a configuration costed, with the baselines that apply to its family; a layer the configuration
 * cannot load (its fit check fails) is left out and its message pushed to `skipped`.
 */
export function energyRows(c: LoadedConfig, table: EnergyTable, tableName: string, skipped?: string[]): EnergyRow[] {
  const fam = c.family.name;
  const specs = (c.config.workload.layers as Array<Record<string, unknown>>).map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => DENSE_LAYER_FIELDS.has(k))));
  const dense = fam === 'fft' ? undefined : parseConfig({ name: 'dense_baseline', generator: 'dense', hw: loadConfig('configs/dense.json').config.hw, workload: { layers: specs } }, c.file);
  const isaac = fam === 'fda' ? parseConfig({ name: 'isaac_baseline', generator: 'crossbar', preset: 'isaac', hw: {}, workload: { layers: specs } }, c.file) : undefined;
  const own = fam === 'insram' && (c.config.mapping !== 'dense' || c.config.pruning !== 0) ? parseConfig({ ...c.config, mapping: 'dense', pruning: 0 }, c.file) : undefined;
  const layersOf = (x: LoadedConfig | undefined) => x?.family.workload(x.config);
  const [dl, il, ol] = [layersOf(dense), layersOf(isaac), layersOf(own)];
  const cost = (x: LoadedConfig, l: unknown) => {
    const a = layerActions(x.family.name, x.config, l);
    return { a, e: energyOf(a.counts, table, tableName) };
  };
  const rows: EnergyRow[] = [];
  c.family.workload(c.config).forEach((w, i) => {
    let l: unknown;
    try {
      l = w.load();
    } catch (err) {
      // a layer this configuration cannot take (its fit check names why): listed, not costed
      skipped?.push(`${w.name}: ${(err as Error).message}`);
      return;
    }
    const { a, e } = cost(c, l);
    const b = dense && dl?.[i] ? cost(dense, dl[i]!.load()) : undefined;
    const isaacE = isaac && il?.[i] ? cost(isaac, il[i]!.load()).e.total : undefined;
    const ownE = own && ol?.[i] ? cost(own, ol[i]!.load()).e.total : undefined;
    rows.push({
      layer: w.name, macs: a.macs, cycles: a.cycles, energyPj: e.total, byComponent: byComponent(e),
      ...(b ? { denseCycles: b.a.cycles, denseEnergyPj: b.e.total } : {}),
      ...(isaacE !== undefined ? { isaacEnergyPj: isaacE } : {}),
      ...(ownE !== undefined ? { ownDenseEnergyPj: ownE } : {}),
      nodes: [...new Set([...e.nodes, ...(b?.e.nodes ?? [])])].sort(),
    });
  });
  return rows;
}

export interface EnergyTableOut {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

const uj = (pj: number) => (pj / 1e6).toFixed(3);
const ratio = (x: number, base: number | undefined) => (base !== undefined ? `${uj(base)} (ratio ${(x / base).toFixed(2)})` : '—');

/** One table per configuration (and its JSON rows), the table's sources in the notes. */
export function energyColumns(files: readonly string[], opts: { energy?: string; log?: (m: string) => void } = {}): { tables: EnergyTableOut[]; json: Record<string, unknown> } {
  const { table, name } = loadTable(opts.energy);
  const tables: EnergyTableOut[] = [];
  const json: Record<string, unknown> = { table: name };
  for (const file of files) {
    const c = loadConfig(file);
    opts.log?.(`${c.config.name}: costing ${c.config.workload.layers.length} layers ...`);
    const skipped: string[] = [];
    const r = energyRows(c, table, name, skipped);
    json[c.config.name] = r;
    if (skipped.length) json[`${c.config.name}:skipped`] = skipped;
    tables.push({
      title: `energy: ${c.config.name} (${c.family.name}) ${c.family.name === 'fft' ? '' : 'against the dense 8×8 baseline, same layers, '}${name}`,
      header: ['layer', 'MACs', 'cycles', 'energy µJ', 'pJ/MAC', 'TOPS/W', 'dense µJ', 'energy / dense', 'reduction', 'ISAAC µJ', 'own dense µJ', 'nodes'],
      rows: r.map((x) => [
        x.layer,
        x.macs.toLocaleString('en-US'),
        x.cycles.toLocaleString('en-US'),
        uj(x.energyPj),
        (x.energyPj / x.macs).toFixed(3),
        topsPerWatt(x.macs, x.energyPj).toFixed(2),
        x.denseEnergyPj !== undefined ? uj(x.denseEnergyPj) : '—',
        x.denseEnergyPj !== undefined ? (x.energyPj / x.denseEnergyPj).toFixed(3) : '—',
        x.denseEnergyPj !== undefined ? `${(100 * (1 - x.energyPj / x.denseEnergyPj)).toFixed(1)}%` : '—',
        ratio(x.energyPj, x.isaacEnergyPj),
        ratio(x.energyPj, x.ownDenseEnergyPj),
        x.nodes.map((n) => n.replace('nm', ' nm')).join(' + '),
      ]),
      notes: [
        `paper: ${PAPER[c.family.name] ?? ''}`,
        `sources: every figure of ${name} names its node and source (Horowitz ISSCC 2014 at 45 nm; ISAAC ISCA 2016 at 32 nm via Accelergy hwcomponents; derived entries say how); the nodes column says which a row used; dynamic energy of the counted arithmetic and memory accesses only`,
        ...skipped.map((m) => `not costed: ${m}`),
      ],
    });
  }
  return { tables, json };
}

/** The energy columns of one family's bench (its configurations of FAMILY_CONFIGS). @throws naming the families. */
export function familyEnergy(family: string, opts: { energy?: string; log?: (m: string) => void } = {}): { tables: EnergyTableOut[]; json: Record<string, unknown> } {
  const files = FAMILY_CONFIGS[family];
  if (!files) throw new Error(`no energy columns for family '${family}' (have: ${Object.keys(FAMILY_CONFIGS).join(', ')})`);
  return energyColumns(files, opts);
}
