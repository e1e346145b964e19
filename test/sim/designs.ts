/** Small hand-written Verilog designs for the simulation-layer tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const scratch: string[] = [];
// Registered at collection time of every test file that imports this helper.
afterAll(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temporary folder under os.tmpdir(), removed after the test file. */
export async function scratchDir(prefix = 'hwgen-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Writes `files` (name -> source) into a fresh temporary folder; returns their absolute paths in order. */
export async function writeDesign(files: Record<string, string>): Promise<string[]> {
  const dir = await scratchDir();
  const out: string[] = [];
  for (const [name, src] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, src);
    out.push(file);
  }
  return out;
}

/** 8-bit counter with synchronous active-high reset and enable. */
export const COUNTER = `module counter (
  input clk,
  input rst,
  input en,
  output [7:0] count
);
  reg [7:0] c;
  always @(posedge clk) begin
    if (rst) c <= 8'd0;
    else if (en) c <= c + 8'd1;
  end
  assign count = c;
endmodule
`;

/** Combinational signed 70-bit adder with a 71-bit sum. */
export const ADDER = `module adder (
  input signed [69:0] a,
  input signed [69:0] b,
  output signed [70:0] sum
);
  assign sum = a + b;
endmodule
`;

/** A 16 x 12-bit memory in a submodule, read synchronously through the top. */
export const MEM_BUF = `module buffer (
  input clk,
  input [3:0] addr,
  output reg [11:0] q
);
  reg [11:0] mem [0:15];
  always @(posedge clk) q <= mem[addr];
endmodule
`;
export const MEM_TOP = `module memtop (
  input clk,
  input rst,
  input [3:0] addr,
  output [11:0] q
);
  buffer u_buf (.clk(clk), .addr(addr), .q(q));
endmodule
`;
