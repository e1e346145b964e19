/**
 * The benchmarks the report knows: each one's title and what its comparisons hold equal. A JSON file under
 * bench-out/ that is not listed here still gets a section (titled by its name); a listed one that is missing gets a
 * section saying which command writes it.
 */
export interface BenchInfo {
  /** bench-out/<name>.json, written by `hwgen bench <name>` */
  name: string;
  title: string;
  /** what the figures measure and, for a comparison, what the baseline holds equal */
  about: string;
}

export const BENCHES: readonly BenchInfo[] = [
  { name: 'elab', title: 'Elaboration speed', about: 'Elaboration, optimisation and Verilog emission time of the N×N MAC mesh (medians of several runs on this machine).' },
  { name: 'sim', title: 'Simulator speed', about: 'Cycles per second of the built-in simulator, Verilator and Icarus on the same MAC mesh and stimulus (medians of several runs).' },
  { name: 'dense', title: 'Dense baseline', about: 'Utilisation of the dense output-stationary array on VGG16/AlexNet/ResNet-50 shapes against SCALE-Sim, and the cycle model against RTL tiles.' },
  { name: 'zas', title: 'Zero-activation skipping', about: 'ZAS cycles against the dense baseline at an equal number of multipliers, over activation sparsity; the ideal speedup is 1/(1−s); the paper reports 7.29×.' },
  { name: 'linac', title: 'LINAC and the bit-serial engines', about: 'Terms per value and cycles of every bit-serial engine on real face-net layers; speedups over Stripes at equal lanes and at equal lane bits.' },
  { name: 'quant', title: 'Weight quantisation', about: 'Per-layer against per-channel int8 weight scales: the quantisation error of every face-net layer.' },
  { name: 'ppa', title: 'Energy per layer', about: 'Energy per layer of every family against the dense baseline, from the ppa/ reference table of per-operation energies.' },
  { name: 'insram', title: 'In-SRAM bit-serial arrays', about: 'Row activations and cycles per mapping and pruning level of the in-SRAM arrays on face-net layers.' },
  { name: 'svd', title: 'SVD-predicted skipping', about: 'Speedup against the dense baseline at equal multipliers over rank and threshold τ, with the descriptor cosine similarity it costs.' },
  { name: 'crossbar', title: 'Analog crossbars', about: 'DAC/ADC conversions, cycles and ADC-limited error per face-net layer of the ISAAC-like and PRIME-like mappings.' },
  { name: 'fft', title: 'Fixed-point FFT', about: 'Accuracy (SQNR, error against the bound) and cost (cycles, butterflies) of the 1D/2D/3D fixed-point FFT/IFFT.' },
  { name: 'fda', title: 'Frequency-domain crossbars (FDA)', about: 'The FDA mapping against the spatial ISAAC-like mapping on the same crossbar preset, per face-net and C3D layer: arrays, ADC conversions, cycles, FFT overhead and error against the exact convolution.' },
  { name: 'network', title: 'Whole-network verification', about: 'Every layer of the face-recognition network through the RTL against the golden model: tiles, cycles and wall time per simulator.' },
];

export function benchInfo(name: string): BenchInfo | undefined {
  return BENCHES.find((b) => b.name === name);
}
