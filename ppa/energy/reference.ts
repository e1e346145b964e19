/**
 * The reference energy table (written to ppa/tables/reference.yaml). Sources:
 *   Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014, 45 nm, 0.9 V: 8-bit add 0.03 pJ,
 *     32-bit add 0.1 pJ, 8-bit multiply 0.2 pJ, 32-bit multiply 3.1 pJ, SRAM 64-bit access about 10 pJ (8 KB),
 *     20 pJ (32 KB), 100 pJ (1 MB).
 *   ISAAC (Shafiee et al., ISCA 2016), 32 nm, as collected in Accelergy's hwcomponents library (isaac.py): 8-bit ADC
 *     1.67 pJ per conversion, 1-bit DAC 0.417 pJ per drive, 16-bit shift-and-add 0.021 pJ, 256-bit × 2048 eDRAM
 *     20.45 pJ per access.
 * Entries marked with a derivation are computed from these (stated per entry), never measured here.
 */
import type { EnergyTable } from './table.ts';
import { sramComponent, SRAM_SIZES } from '../actions/sram.ts';

/** Horowitz's SRAM points: (bytes, pJ per 64-bit access). */
const HOROWITZ_SRAM: ReadonlyArray<[number, number]> = [
  [8 * 1024, 10],
  [32 * 1024, 20],
  [1024 * 1024, 100],
];

/**
 * pJ per 64-bit access of an SRAM of `bytes`: piecewise linear in log-log between Horowitz's points, extrapolated
 * below 8 KB with the 8→32 KB slope (energy ∝ size^0.5) and above 1 MB with the 32 KB→1 MB slope.
 */
export function sramAccess64(bytes: number): number {
  const pts = HOROWITZ_SRAM;
  let i = 0;
  while (i < pts.length - 2 && bytes > pts[i + 1]![0]) i++;
  const [s0, e0] = pts[i]!;
  const [s1, e1] = pts[i + 1]!;
  const k = Math.log(e1 / e0) / Math.log(s1 / s0);
  return e0 * (bytes / s0) ** k;
}

function sramEntries(): EnergyTable['ERT']['tables'] {
  return SRAM_SIZES.map((bytes) => {
    const e = sramAccess64(bytes) / 64;
    const exact = HOROWITZ_SRAM.find(([b]) => b === bytes);
    const how = exact
      ? `${bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`} SRAM 64-bit access ${exact[1]} pJ, divided by 64 bits (linear in word width)`
      : `interpolated in log-log between Horowitz's 8 KB (10 pJ), 32 KB (20 pJ) and 1 MB (100 pJ) 64-bit accesses${bytes < 8192 ? ' (extrapolated below 8 KB with the 8→32 KB slope, energy ∝ size^0.5)' : ''}, divided by 64 bits`;
    return {
      component: sramComponent(bytes),
      description: `on-chip SRAM of ${sramComponent(bytes).slice(5)} (a memory is costed at the next power of two), per bit accessed`,
      actions: [
        { action: 'read_bit', energy: e, node: '45nm', source: H, derivation: how },
        { action: 'write_bit', energy: e, node: '45nm', source: H, derivation: `${how}; a write taken equal to a read` },
      ],
    };
  });
}

const H = 'Horowitz, ISSCC 2014 (Computing\'s energy problem), table of 45 nm energies';
const I = 'ISAAC, Shafiee et al., ISCA 2016, as collected in Accelergy hwcomponents-library isaac.py';

export const REFERENCE_TABLE: EnergyTable = {
  ERT: {
    version: '0.4',
    unit: 'pJ',
    tables: [
      { component: 'add8', description: '8-bit integer adder', actions: [{ action: 'add', energy: 0.03, node: '45nm', source: H }] },
      {
        component: 'add16',
        description: '16-bit integer adder',
        actions: [{ action: 'add', energy: 0.03 + (0.1 - 0.03) / 3, node: '45nm', source: H, derivation: 'linear in width between the 8-bit (0.03 pJ) and 32-bit (0.1 pJ) adds' }],
      },
      { component: 'add32', description: '32-bit integer adder (also used for wider accumulators)', actions: [{ action: 'add', energy: 0.1, node: '45nm', source: H }] },
      { component: 'mult8', description: '8-bit integer multiplier', actions: [{ action: 'mult', energy: 0.2, node: '45nm', source: H }] },
      {
        component: 'mult16x8',
        description: '16-bit × 8-bit integer multiplier',
        actions: [{ action: 'mult', energy: 0.4, node: '45nm', source: H, derivation: "the 8-bit multiply's 0.2 pJ scaled by the product of the operand widths, (16·8)/(8·8) = 2 (Horowitz's 32-bit 3.1 pJ is 15.5× the 8-bit for 16× the product)" }],
      },
      {
        component: 'mult16',
        description: '16-bit × 16-bit integer multiplier',
        actions: [{ action: 'mult', energy: 0.8, node: '45nm', source: H, derivation: "the 8-bit multiply's 0.2 pJ scaled by the product of the operand widths, (16·16)/(8·8) = 4" }],
      },
      {
        component: 'mult24x16',
        description: '24-bit × 16-bit integer multiplier',
        actions: [{ action: 'mult', energy: 1.2, node: '45nm', source: H, derivation: "the 8-bit multiply's 0.2 pJ scaled by the product of the operand widths, (24·16)/(8·8) = 6" }],
      },
      { component: 'mult32', description: '32-bit integer multiplier (used for the 32×16 requantisation multiply: an upper bound)', actions: [{ action: 'mult', energy: 3.1, node: '45nm', source: H }] },
      ...sramEntries(),
      { component: 'isaac_shift_add', description: '16-bit shift-and-add', actions: [{ action: 'shift_add', energy: 0.021, node: '32nm', source: I }] },
      { component: 'isaac_adc', description: '8-bit SAR ADC, 1.2 GS/s', actions: [{ action: 'convert', energy: 1.666666667, node: '32nm', source: I }] },
      { component: 'isaac_dac', description: '1-bit DAC driving one crossbar row', actions: [{ action: 'drive', energy: 0.41667, node: '32nm', source: I }] },
      {
        component: 'isaac_edram',
        description: '256-bit × 2048 eDRAM buffer',
        actions: [
          { action: 'read', energy: 20.45, node: '32nm', source: I },
          { action: 'write', energy: 20.45, node: '32nm', source: I },
        ],
      },
    ],
  },
};
