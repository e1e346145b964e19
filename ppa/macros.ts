/**
 * Memories as macros. Synthesis keeps every memory a `$mem_v2` cell (an SRAM macro in an ASIC flow); this file finds
 * them in Yosys's RTLIL, names one macro type per shape, and writes the Liberty stand-in OpenSTA times them with.
 *
 * Their area is reported in bits. In µm² only from a labelled bit-cell density: {@link SRAM_BITCELL}.
 */

/** One memory of the design, as Yosys inferred it. */
export interface MemoryMacro {
  /** the module that holds it */
  module: string;
  /** the memory's name (its Yosys MEMID without the backslash) */
  name: string;
  width: number;
  depth: number;
  abits: number;
  readPorts: number;
  writePorts: number;
  /** the macro type the netlist instantiates */
  type: string;
}

/**
 * The bit-cell density used for memory µm²: Intel's 65 nm 6T SRAM cell, 0.57 µm² (Intel, 70 Mbit SRAM announcement,
 * 2004), scaled by (180/65)² to the OSU library's 0.18 µm node: 4.37 µm² per bit. Bit cells only (no decoders, sense
 * amplifiers or I/O), so the figure is a lower bound on a compiled macro's area.
 */
export const SRAM_BITCELL = {
  um2PerBit: 0.57 * (180 / 65) ** 2,
  label: 'bit cells only: 0.57 µm²/bit 6T cell at 65 nm (Intel 2004) scaled (180/65)² to 0.18 µm = 4.37 µm²/bit; a lower bound',
} as const;

/**
 * The timing of the macro stand-in (an assumption, not from a memory compiler): clock-to-read-data 2.0 ns and 0.3 ns
 * setup on every input, typical of a small synchronous SRAM at 0.18 µm.
 */
export const SRAM_TIMING = { clkToQ: 2.0, setup: 0.3, label: 'SRAM macro stand-in: clock→data 2.0 ns, setup 0.3 ns (assumed)' } as const;

export function macroType(m: Pick<MemoryMacro, 'width' | 'depth' | 'readPorts' | 'writePorts'>): string {
  return `hwgen_sram_${m.width}x${m.depth}_${m.readPorts}r${m.writePorts}w`;
}

/** The `$mem_v2` cells of an RTLIL dump, with the module each is in. */
export function memoriesInRtlil(rtlil: string): MemoryMacro[] {
  const out: MemoryMacro[] = [];
  let module = '';
  const lines = rtlil.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const mod = /^module \\?(\S+)$/.exec(line);
    if (mod) module = mod[1]!;
    const cell = /^cell \$mem_v2 (\S+)$/.exec(line);
    if (!cell) continue;
    const p: Record<string, number> = {};
    for (let j = i + 1; j < lines.length && !/^\s*end\s*$/.test(lines[j]!); j++) {
      const pm = /^\s*parameter \\(\w+) (\d+)$/.exec(lines[j]!);
      if (pm) p[pm[1]!] = Number(pm[2]);
    }
    const m = {
      module,
      name: cell[1]!.replace(/^\\/, ''),
      width: p.WIDTH ?? 0,
      depth: p.SIZE ?? 0,
      abits: p.ABITS ?? 0,
      readPorts: p.RD_PORTS ?? 0,
      writePorts: p.WR_PORTS ?? 0,
    };
    out.push({ ...m, type: macroType(m) });
  }
  return out;
}

/** Yosys commands that retype every memory cell as its macro and drop the parameters (the netlist then names macros). */
export function retypeCommands(mems: readonly MemoryMacro[]): string[] {
  const retype = mems.map((m) => `chtype -set ${m.type} ${esc(m.module)}/${esc(m.name)}`);
  return mems.length ? [...retype, `setparam ${params.map((n) => `-unset ${n}`).join(' ')} t:hwgen_sram_*`] : [];
}

const params = [
  'ABITS', 'INIT', 'MEMID', 'OFFSET', 'RD_ARST_VALUE', 'RD_CE_OVER_SRST', 'RD_CLK_ENABLE', 'RD_CLK_POLARITY',
  'RD_COLLISION_X_MASK', 'RD_INIT_VALUE', 'RD_PORTS', 'RD_SRST_VALUE', 'RD_TRANSPARENCY_MASK', 'RD_WIDE_CONTINUATION',
  'SIZE', 'WIDTH', 'WR_CLK_ENABLE', 'WR_CLK_POLARITY', 'WR_PORTS', 'WR_PRIORITY_MASK', 'WR_WIDE_CONTINUATION',
];

function esc(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\\${name}`;
}

/** The pins of a `$mem_v2` cell and their widths. */
function pins(m: MemoryMacro): Array<{ name: string; width: number; dir: 'input' | 'output'; clock?: 'RD_CLK' | 'WR_CLK' }> {
  const r = m.readPorts;
  const w = m.writePorts;
  return [
    { name: 'RD_CLK', width: r, dir: 'input' },
    { name: 'RD_EN', width: r, dir: 'input', clock: 'RD_CLK' },
    { name: 'RD_ARST', width: r, dir: 'input', clock: 'RD_CLK' },
    { name: 'RD_SRST', width: r, dir: 'input', clock: 'RD_CLK' },
    { name: 'RD_ADDR', width: r * m.abits, dir: 'input', clock: 'RD_CLK' },
    { name: 'RD_DATA', width: r * m.width, dir: 'output', clock: 'RD_CLK' },
    { name: 'WR_CLK', width: w, dir: 'input' },
    { name: 'WR_EN', width: w * m.width, dir: 'input', clock: 'WR_CLK' },
    { name: 'WR_ADDR', width: w * m.abits, dir: 'input', clock: 'WR_CLK' },
    { name: 'WR_DATA', width: w * m.width, dir: 'input', clock: 'WR_CLK' },
  ].filter((p) => p.width > 0) as ReturnType<typeof pins>;
}

/**
 * A Liberty library with one cell per macro type: area 0 (memory area is reported apart), clock pins, a setup
 * constraint on every input and a clock-to-data arc on the read data. Single-clock macros (one read, one write clock
 * pin each, which the generators' memories are).
 */
export function macroLiberty(mems: readonly MemoryMacro[]): string {
  const types = new Map<string, MemoryMacro>();
  for (const m of mems) types.set(m.type, m);
  const widths = new Set<number>();
  for (const m of types.values()) for (const p of pins(m)) if (p.width > 1) widths.add(p.width);
  const scalar = (v: number) => `scalar) { values ("${v}"); }`;
  const out = [
    'library (hwgen_sram_macros) {',
    '  delay_model : table_lookup;',
    '  time_unit : "1ns"; voltage_unit : "1V"; current_unit : "1uA"; pulling_resistance_unit : "1kohm";',
    '  leakage_power_unit : "1nW"; capacitive_load_unit (1,pf);',
    '  input_threshold_pct_rise : 50; input_threshold_pct_fall : 50; output_threshold_pct_rise : 50; output_threshold_pct_fall : 50;',
    '  slew_lower_threshold_pct_rise : 20; slew_upper_threshold_pct_rise : 80; slew_lower_threshold_pct_fall : 20; slew_upper_threshold_pct_fall : 80;',
    '  nom_process : 1; nom_voltage : 1.8; nom_temperature : 25;',
    ...[...widths].sort((a, b) => a - b).map((w) => `  type (bus${w}) { base_type : array; data_type : bit; bit_width : ${w}; bit_from : ${w - 1}; bit_to : 0; downto : true; }`),
  ];
  for (const [type, m] of [...types].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(`  cell (${type}) {`, '    area : 0;', '    dont_touch : true;');
    for (const p of pins(m)) {
      const head = p.width > 1 ? `    bus (${p.name}) { bus_type : bus${p.width};` : `    pin (${p.name}) {`;
      const body = [`direction : ${p.dir};`];
      if (p.dir === 'input') body.push('capacitance : 0.01;');
      if (!p.clock) body.push('clock : true;');
      else if (p.dir === 'input')
        body.push(`timing () { related_pin : "${p.clock}"; timing_type : setup_rising; rise_constraint (${scalar(SRAM_TIMING.setup)} fall_constraint (${scalar(SRAM_TIMING.setup)} }`);
      else
        body.push(
          `timing () { related_pin : "${p.clock}"; timing_type : rising_edge; cell_rise (${scalar(SRAM_TIMING.clkToQ)} cell_fall (${scalar(SRAM_TIMING.clkToQ)} rise_transition (${scalar(0.2)} fall_transition (${scalar(0.2)} }`,
        );
      out.push(`${head} ${body.join(' ')} }`);
    }
    out.push('  }');
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
