/** On-chip memories: synchronous write ports and synchronous (registered, read-first) read ports; ROMs from data. */
import { Signal, type Operand } from './signal.js';
import type { HwType } from './types.js';
import { typeName, UInt } from './types.js';
import { HwError } from './errors.js';
import { userLoc } from './loc.js';
import { addrWidth } from './bits.js';
import type { ModuleBuilder } from './builder.js';

export class Memory {
  /** @internal */
  constructor(
    private readonly m: ModuleBuilder,
    /** @internal */ readonly index: number,
    readonly name: string,
    readonly type: HwType,
    readonly depth: number,
    private readonly rom: boolean,
  ) {}

  /** Address width: ceil(log2(depth)), at least 1. */
  get addrWidth(): number {
    return addrWidth(this.depth);
  }

  private addr(a: Operand, what: string): Signal {
    const loc = userLoc();
    const s = a instanceof Signal ? a : this.m.const(a, UInt(this.addrWidth));
    if (s.signed || s.width !== this.addrWidth)
      throw new HwError(
        `${what} of memory '${this.name}' (depth ${this.depth}) needs a UInt(${this.addrWidth}) address, got ${typeName(s.type)} ${s.describe()}; ` +
          `use .ext(${this.addrWidth}) or .trunc(${this.addrWidth})`,
        loc,
      );
    return s;
  }

  /** Write data at addr on the rising clock edge, under the enclosing when() condition (and `en`, if given). */
  write(addr: Operand, data: Operand, en?: Signal): void {
    if (this.rom) throw new HwError(`memory '${this.name}' is a ROM: it has no write port`, userLoc());
    const a = this.addr(addr, 'write address');
    const d = a.lift(data, this.type, `write to '${this.name}'`);
    if (d.signed !== this.type.signed || d.width !== this.type.width)
      throw new HwError(
        `write to memory '${this.name}' of ${typeName(this.type)} got ${typeName(d.type)} ${d.describe()}; convert it explicitly`,
        userLoc(),
      );
    this.m.memWrite(this.index, a, d, en);
  }

  /**
   * A synchronous read port: the returned signal holds mem[addr] from the previous rising edge at which the read was
   * enabled (the enclosing when() condition and `en`, if given). Read-during-write returns the old data.
   */
  read(addr: Operand, opts: { en?: Signal; name?: string } = {}): Signal {
    const a = this.addr(addr, 'read address');
    return this.m.memRead(this.index, a, opts.en, opts.name);
  }
}
