/**
 * The benchmarks: each one's name (`hwgen bench NAME` runs bench/NAME.ts), title, what its comparisons hold equal
 * and its help line; the CLI's list and the report's sections both come from here. A JSON file under
 * bench-out/ that is not listed here still gets a section (titled by its name); a listed one that is missing gets a
 * section saying which command writes it.
 */
export interface BenchInfo {
  /** bench-out/<name>.json, written by `hwgen bench <name>` */
  name: string;
  title: string;
  /** what the figures measure and, for a comparison, what the baseline holds equal */
  about: string;
  /** one line for `hwgen bench --help` */
  help: string;
  /** what the bench's speedups and ratios compare against, and what that baseline holds equal (for the titles of its per-table charts) */
  baseline?: string;
}

export const BENCHES: readonly BenchInfo[] = [
  { name: 'elab', title: 'Elaboration speed', about: 'Elaboration, optimisation and Verilog emission time of the N×N MAC mesh (medians of several runs on this machine).', help: 'elaboration/emission time of the N×N MAC mesh (N = 16..128)' },
  { name: 'sim', title: 'Simulator speed', about: 'Cycles per second of the built-in simulator, Verilator and Icarus on the same MAC mesh and stimulus (medians of several runs).', help: 'cycles/s of the built-in simulator, Verilator and Icarus on the mesh' },
  { name: 'dense', title: 'Dense baseline', about: 'Utilisation of the dense output-stationary array on VGG16/AlexNet/ResNet-50 shapes against SCALE-Sim, and the cycle model against RTL tiles.', help: 'dense baseline: VGG16 utilisation, cycle model vs RTL tiles, Yosys cells' },
  { name: 'zas', title: 'Zero-activation skipping', about: 'ZAS cycles against the dense baseline at an equal number of multipliers, over activation sparsity; the ideal speedup is 1/(1−s); the paper reports 7.29×.', help: 'zero-activation skipping: sparsity sweep vs the dense baseline at equal multipliers', baseline: 'the dense baseline at equal multipliers' },
  { name: 'linac', title: 'LINAC and the bit-serial engines', about: 'Terms per value and cycles of every bit-serial engine on real face-net layers; speedups over Stripes at equal lanes and at equal lane bits.', help: 'every bit-serial engine (LINAC act_pred and wgt_plane, Pragmatic, Stripes; activation- and weight-serial) on real face-net layers at 8 and 16 bits' },
  { name: 'quant', title: 'Weight quantisation', about: 'Per-layer against per-channel int8 weight scales: the quantisation error of every face-net layer.', help: 'per-layer against per-channel int8 weight scales: the quantisation error of all 29 face-net layers' },
  { name: 'ppa', title: 'Energy and area (PPA)', about: 'Energy per layer of every family against the dense baseline and its split by component, from the ppa/ reference table of per-operation energies (the same table for every design); with --area, logic area per module from the same standard-cell mapping.', help: 'energy per layer and per component of every family against the dense baseline (ppa/ reference table); --area: logic area per module' },
  { name: 'insram', title: 'In-SRAM bit-serial arrays', about: 'Row activations and cycles per mapping and pruning level of the in-SRAM arrays on face-net layers.', help: 'in-SRAM bit-serial arrays: row activations and cycles per mapping and pruning level on face-net layers', baseline: 'the dense mapping on the same arrays' },
  { name: 'svd', title: 'SVD-predicted skipping', about: 'Speedup against the dense baseline at equal multipliers over rank and threshold τ, with the descriptor cosine similarity it costs.', help: 'SVD-predicted skipping: speedup over dense at equal multipliers against descriptor cosine similarity, over rank and τ', baseline: 'the dense baseline at equal multipliers' },
  { name: 'crossbar', title: 'Analog crossbars', about: 'DAC/ADC conversions, cycles and ADC-limited error per face-net layer of the ISAAC-like and PRIME-like mappings.', help: 'analog crossbars (ISAAC-like, PRIME-like): conversions, cycles and ADC-limited error per face-net layer', baseline: 'exact arithmetic on the same mapping' },
  { name: 'fft', title: 'Fixed-point FFT', about: 'Accuracy (SQNR, error against the bound) and cost (cycles, butterflies) of the 1D/2D/3D fixed-point FFT/IFFT.', help: 'fixed-point FFT/IFFT: SQNR, error against the bound, cycles and butterflies per design point' },
  { name: 'fda', title: 'Frequency-domain crossbars (FDA)', about: 'The FDA mapping against the spatial ISAAC-like mapping on the same crossbar preset, per face-net and C3D layer: arrays, ADC conversions, cycles, FFT overhead and error against the exact convolution.', help: 'frequency-domain crossbars against the spatial mapping on the same preset: ADC conversions, cycles, error', baseline: 'the spatial ISAAC-like mapping on the same crossbar preset' },
  { name: 'network', title: 'Whole-network verification', about: 'Every layer of the face-recognition network through the RTL against the golden model: tiles, cycles and wall time per simulator.', help: 'every layer of the face-recognition network through the RTL against the golden model, per simulator' },
];

export function benchInfo(name: string): BenchInfo | undefined {
  return BENCHES.find((b) => b.name === name);
}
