/**
 * bench/sim.ts's Verilator limit: the mesh's Verilator model (top `mac_mesh`, the same Verilog and build flags as the
 * harness) driven by a hand-written C++ loop: the whole stimulus read into memory first, then per cycle every input
 * set, eval, the four corners stored, a rising clock edge; every output written once at the end. No change detection,
 * no file format, no sampling logic: the best schedule a C++ testbench can give this model. Also the fast writers of
 * the compiled harness's binary stimulus for the mesh (checked against sim/events.ts by the bench).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildVerilator, type VerilatorBuild } from '../sim/verilator.ts';
import type { PortSpec } from '../sim/types.ts';

/** The bench's stimulus, as typed arrays (cycles × n for a and b). */
export interface MeshStim {
  n: number;
  a: Int8Array;
  b: Int8Array;
  clear: Uint8Array;
  rst: Uint8Array;
}

/** The hand-written C++ loop for an n×n mesh (port names are the mesh's own). */
export function rawMeshMain(n: number): string {
  const set: string[] = [];
  for (let i = 0; i < n; i++) set.push(`    top->a_${i} = (uint8_t)s[${i}];`, `    top->b_${i} = (uint8_t)s[${n + i}];`);
  const corners = [`acc_0_0`, `acc_0_${n - 1}`, `acc_${n - 1}_0`, `acc_${n - 1}_${n - 1}`];
  const all: string[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) all.push(`  out.push_back(top->acc_${r}_${c});`);
  return `// bench/sim-raw.ts: hand-written Verilator loop over the ${n}x${n} mesh.
#include "Vmac_mesh.h"
#include "verilated.h"
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>
int main(int argc, char** argv) {
  VerilatedContext* ctx = new VerilatedContext;
  ctx->commandArgs(argc, argv);
  if (argc < 3) return 2;
  std::FILE* f = std::fopen(argv[1], "rb");
  if (!f) return 3;
  std::fseek(f, 0, SEEK_END);
  long bytes = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::vector<int8_t> stim(bytes);
  if (std::fread(stim.data(), 1, bytes, f) != (size_t)bytes) return 4;
  std::fclose(f);
  const long rec = ${2 * n + 2};
  const long cycles = bytes / rec;
  Vmac_mesh* top = new Vmac_mesh{ctx};
  std::vector<uint32_t> out;
  out.reserve(cycles * 4 + ${n * n});
  top->clk = 0;
  top->eval();
  for (long c = 0; c < cycles; c++) {
    const int8_t* s = &stim[c * rec];
${set.join('\n')}
    top->clear = s[${2 * n}];
    top->rst = s[${2 * n + 1}];
    top->eval();
${corners.map((x) => `    out.push_back(top->${x});`).join('\n')}
    top->clk = 1;
    top->eval();
    top->clk = 0;
  }
${all.join('\n')}
  top->final();
  std::FILE* o = std::fopen(argv[2], "wb");
  if (!o) return 5;
  std::fwrite(out.data(), 4, out.size(), o);
  std::fclose(o);
  delete top;
  delete ctx;
  return 0;
}
`;
}

/** Builds the raw loop (cached like every Verilator build: sources, flags and tool version). */
export async function buildRawMesh(files: readonly string[], n: number, dir: string, env: NodeJS.ProcessEnv, cacheDir: string): Promise<VerilatorBuild> {
  const main = path.join(dir, `raw_mesh_${n}.cpp`);
  writeFileSync(main, rawMeshMain(n));
  return buildVerilator({ top: 'mac_mesh', files, cppMain: main, env, cacheDir });
}

/** The raw loop's stimulus file: per cycle a[0..n), b[0..n), clear, rst as bytes. */
export function writeRawStim(file: string, st: MeshStim, count: number): void {
  const { n } = st;
  const rec = 2 * n + 2;
  const buf = new Int8Array(count * rec);
  for (let c = 0; c < count; c++) {
    buf.set(st.a.subarray(c * n, c * n + n), c * rec);
    buf.set(st.b.subarray(c * n, c * n + n), c * rec + n);
    buf[c * rec + 2 * n] = st.clear[c]!;
    buf[c * rec + 2 * n + 1] = st.rst[c]!;
  }
  writeFileSync(file, buf);
}

/** The raw loop's output: the four corners per cycle (bigint columns) and every accumulator after the last cycle. */
export function readRawOut(file: string, corners: readonly string[], n: number, count: number): { trace: Record<string, BigInt64Array>; final: bigint[] } {
  const buf = readFileSync(file);
  const w = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (w.length !== count * 4 + n * n) throw new Error(`raw loop wrote ${w.length} words, expected ${count * 4 + n * n}`);
  const trace: Record<string, BigInt64Array> = {};
  corners.forEach((name, k) => {
    const col = new BigInt64Array(count);
    for (let c = 0; c < count; c++) col[c] = BigInt(w[c * 4 + k]!);
    trace[name] = col;
  });
  return { trace, final: Array.from(w.subarray(count * 4), (x) => BigInt(x)) };
}

/**
 * The compiled harness's binary stimulus (sim/events.ts format) for the mesh, straight from the typed arrays: per cycle
 * the inputs (in `inputs` order) whose value differs from the previous cycle's.
 */
export function meshBinaryStimulus(st: MeshStim, count: number, inputs: readonly PortSpec[], sampledIndex: readonly number[]): Uint8Array {
  const { n } = st;
  const col = inputs.map((p): ((c: number) => number) => {
    const m = /^(a|b)_(\d+)$/.exec(p.name);
    if (m) {
      const arr = m[1] === 'a' ? st.a : st.b;
      const i = Number(m[2]);
      return (c) => arr[c * n + i]! & 0xff;
    }
    if (p.name === 'clear') return (c) => st.clear[c]!;
    if (p.name === 'rst') return (c) => st.rst[c]!;
    throw new Error(`bench/sim: no stimulus column for input '${p.name}'`);
  });
  const words = new Uint32Array(4 + sampledIndex.length + count * (1 + inputs.length));
  let at = 0;
  words[at++] = 0x31535748;
  words[at++] = count;
  words[at++] = inputs.length;
  words[at++] = sampledIndex.length;
  for (const i of sampledIndex) words[at++] = i;
  const prev = new Int32Array(inputs.length);
  for (let c = 0; c < count; c++) {
    const head = at++;
    let k = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!(c);
      if (v === prev[i]) continue;
      prev[i] = v;
      words[at++] = (0x80000000 | (i << 16) | v) >>> 0; // the short form: every mesh input has at most 16 bits
      k++;
    }
    words[head] = k;
  }
  return new Uint8Array(words.buffer, 0, at * 4);
}
