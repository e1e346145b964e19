/**
 * A small VCD (IEEE 1364 value change dump) writer for the built-in simulator. Output is deterministic: no date, no
 * version string, scopes and variables in the order given, identifier codes assigned from 0 upward.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A variable of a scope; `code` identifies its value source (variables with the same code share an identifier). */
export interface VcdVar {
  name: string;
  width: number;
  code: number;
}

/** A module scope with its variables and child scopes. */
export interface VcdScope {
  name: string;
  vars: VcdVar[];
  children: VcdScope[];
}

/** The VCD identifier of a value source: base-94 over the printable characters `!`..`~`. */
export function vcdId(code: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (code % 94));
    code = Math.floor(code / 94);
  } while (code > 0);
  return s;
}

/** Writes value changes of `nCodes` value sources to a file. */
export class VcdWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private bufLen = 0;
  private readonly last: Array<bigint | undefined>;
  private readonly widths: number[];
  private started = false;
  private lastTime = -1;

  /**
   * Opens `file` (truncating it) and writes the header.
   * @param top the top scope; every code in 0..nCodes-1 should appear in some variable
   * @param timescale the unit of the times given to {@link dump}
   */
  constructor(file: string, top: VcdScope, nCodes: number, timescale = '1ns') {
    this.fd = openSync(file, 'w');
    this.last = new Array<bigint | undefined>(nCodes).fill(undefined);
    this.widths = new Array<number>(nCodes).fill(1);
    this.put(`$timescale ${timescale} $end\n`);
    const walk = (s: VcdScope): void => {
      this.put(`$scope module ${s.name} $end\n`);
      for (const v of s.vars) {
        this.widths[v.code] = v.width;
        const range = v.width > 1 ? ` [${v.width - 1}:0]` : '';
        this.put(`$var wire ${v.width} ${vcdId(v.code)} ${v.name}${range} $end\n`);
      }
      for (const c of s.children) walk(c);
      this.put('$upscope $end\n');
    };
    walk(top);
    this.put('$enddefinitions $end\n');
  }

  private put(s: string): void {
    this.buf.push(s);
    this.bufLen += s.length;
    if (this.bufLen > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.bufLen = 0;
  }

  /** Record the values at `time` (non-decreasing); only changes are written. `read(code)` gives a bit pattern. */
  dump(time: number, read: (code: number) => bigint): void {
    if (time < this.lastTime) throw new Error(`vcd: time ${time} is before ${this.lastTime}`);
    const lines: string[] = [];
    for (let c = 0; c < this.last.length; c++) {
      const v = read(c);
      if (this.last[c] === v) continue;
      this.last[c] = v;
      lines.push(this.widths[c] === 1 ? `${v}${vcdId(c)}\n` : `b${v.toString(2)} ${vcdId(c)}\n`);
    }
    if (!this.started) {
      this.started = true;
      this.put(`#${time}\n$dumpvars\n${lines.join('')}$end\n`);
    } else if (lines.length) {
      this.put(`#${time}\n${lines.join('')}`);
    }
    this.lastTime = time;
  }

  /** Flush and close the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
