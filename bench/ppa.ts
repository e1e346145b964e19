/**
 * Energy columns for every family (ppa/): each family's configured workload layers (whole layers, every tile) costed
 * with the reference energy table, beside the dense baseline (configs/dense.json's 8×8 array) on the same layers, and
 * the papers' figures with their nodes. Energy comes from action counts × table energies (dynamic energy of the
 * arithmetic and SRAM accesses; no leakage, clock tree, wires or host loads).
 *
 *   npx tsx bench/ppa.ts [--energy TABLE.yaml]
 */
import { loadConfig, parseConfig, type LoadedConfig } from '../generators/registry.js';
import { layerActions } from '../ppa/actions/index.ts';
import { energyOf, topsPerWatt } from '../ppa/energy/model.ts';
import { loadTable } from '../ppa/run.ts';
import { printTable, writeBenchJson } from './util.js';

const args = process.argv.slice(2);
const ei = args.indexOf('--energy');
const { table, name: tableName } = loadTable(ei >= 0 ? args[ei + 1] : undefined);
const dense = loadConfig('configs/dense.json');

/** The layers of a config, on the family's hardware and on the dense baseline. */
function rows(c: LoadedConfig) {
  // the dense baseline runs the same layer specifications (family-specific fields such as a sparsity are dropped)
  const specs = c.config.workload.layers.map((s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => DENSE_LAYER_FIELDS.has(k))));
  const base = parseConfig({ name: 'dense_baseline', generator: 'dense', hw: dense.config.hw, workload: { layers: specs } }, c.file);
  const baseLayers = base.family.workload(base.config);
  const isaacCfg = isaacOf();
  const isaacLayers = isaacCfg?.family.workload(isaacCfg.config);
  return c.family.workload(c.config).map((w, i) => {
    const l = w.load();
    const a = layerActions(c.family.name, c.config, l);
    const e = energyOf(a.counts, table, tableName);
    const b = layerActions('dense', base.config, baseLayers[i]!.load());
    const be = energyOf(b.counts, table, tableName);
    // FDA's paper compares with an ISAAC-like mapping: the crossbar family's ISAAC preset on the same layer
    const isaac = isaacLayers?.[i] ? energyOf(layerActions('crossbar', isaacCfg!.config, isaacLayers[i]!.load()).counts, table, tableName).total : undefined;
    return { layer: w.name, macs: a.macs, cycles: a.cycles, energyPj: e.total, denseCycles: b.cycles, denseEnergyPj: be.total, ...(isaac !== undefined ? { isaacEnergyPj: isaac } : {}), nodes: [...new Set([...e.nodes, ...be.nodes])] };
  });
  function isaacOf() {
    if (c.family.name !== 'fda') return undefined;
    return parseConfig({ name: 'isaac_baseline', generator: 'crossbar', preset: 'isaac', hw: {}, workload: { layers: specs } }, c.file);
  }
}

const DENSE_LAYER_FIELDS = new Set(['source', 'layer', 'image', 'maxTiles', 'name', 'C', 'H', 'W', 'M', 'R', 'S', 'stride', 'pad', 'seed', 'zeros', 'relu', 'requant']);

const PAPER: Record<string, string> = {
  dense: 'baseline (no paper figure)',
  zas: 'ZAS paper (AICAS 2021): 1.94 TOPS/W effective, UMC 55 nm, 100 MHz, 1.08 V, whole accelerator (not comparable to ops+SRAM only at 45 nm)',
  linac: 'LINAC paper (IEEE CAL 2022): the abstract gives no energy figure',
  svd: 'SVD output-sparsity paper (IEEE TPDS 2023): 55.3% energy reduction against dense networks (node not given in the abstract; whole accelerator)',
  fda: 'FDA paper (IEEE TPDS 2023): energy against an ISAAC-like mapping (the crossbar ISAAC preset on the same layer: column "ISAAC µJ")',
  crossbar: 'ISAAC (ISCA 2016, 32 nm): the periphery figures of the table are its own; the analog array read and the eDRAM/input traffic are not counted here',
};

const out: Record<string, unknown> = { table: tableName };
for (const file of ['configs/dense.json', 'configs/zas.json', 'configs/linac.json', 'configs/pragmatic.json', 'configs/svd.json', 'configs/isaac.json', 'configs/prime.json', 'configs/fda.json']) {
  const c = loadConfig(file);
  console.error(`${c.config.name}: costing ${c.config.workload.layers.length} layers ...`);
  const r = rows(c);
  console.log(`\n${c.config.name} (${c.family.name}) against the dense 8×8 baseline, same layers, ${tableName}`);
  printTable(
    ['layer', 'MACs', 'cycles', 'energy µJ', 'pJ/MAC', 'TOPS/W', 'dense µJ', 'energy / dense', 'reduction', 'ISAAC µJ', 'nodes'],
    r.map((x) => [
      x.layer,
      x.macs.toLocaleString('en-US'),
      x.cycles.toLocaleString('en-US'),
      (x.energyPj / 1e6).toFixed(3),
      (x.energyPj / x.macs).toFixed(3),
      topsPerWatt(x.macs, x.energyPj).toFixed(2),
      (x.denseEnergyPj / 1e6).toFixed(3),
      (x.energyPj / x.denseEnergyPj).toFixed(3),
      `${(100 * (1 - x.energyPj / x.denseEnergyPj)).toFixed(1)}%`,
      x.isaacEnergyPj !== undefined ? `${(x.isaacEnergyPj / 1e6).toFixed(3)} (ratio ${(x.energyPj / x.isaacEnergyPj).toFixed(2)})` : '—',
      x.nodes.join('+'),
    ]),
  );
  console.log(`  - paper: ${PAPER[c.family.name] ?? ''}`);
  out[c.config.name] = r;
}
console.log('\n  - Bit Prudent (HPCA 2019): 2% area overhead per processor die (the insram family has no action-count emitter in ppa/actions/ yet; `hwgen ppa configs/insram.json` gives its area and timing)');
console.log(`  - sources: every figure of ${tableName} names its node and source (Horowitz ISSCC 2014 at 45 nm; ISAAC ISCA 2016 at 32 nm via Accelergy hwcomponents); the nodes column says which a row used`);
console.log(`\nwrote ${writeBenchJson('ppa', out)}`);
