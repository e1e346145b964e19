/** Signals that can be driven: wires, registers, output ports and instance inputs. `x.set(v)` connects (last connect wins). */
import { Signal, type Operand } from './signal.js';
import { HwError } from './errors.js';
import { typeName } from './types.js';
import { userLoc } from './loc.js';

abstract class Drivable extends Signal {
  /**
   * Drive this signal with v. Inside when()/switch() the connection applies only under that condition; later
   * connections override earlier ones. v may be narrower (it is extended by its signedness), never wider.
   */
  set(v: Operand): void {
    const loc = userLoc();
    const val = this.lift(v, this.type, `set ${this.describe()}`);
    if (val.signed !== this.signed)
      throw new HwError(
        `cannot connect ${typeName(val.type)} ${val.describe()} to ${typeName(this.type)} ${this.describe()}: signedness differs; ` +
          `convert explicitly with .toSInt(), .asSInt() or .asUInt()`,
        loc,
      );
    if (val.width > this.width)
      throw new HwError(
        `cannot connect ${typeName(val.type)} ${val.describe()} to ${typeName(this.type)} ${this.describe()}: ` +
          `${val.width} bits into ${this.width}; truncate explicitly with .trunc(${this.width}) or widen ${this.describe()}`,
        loc,
      );
    this.mod.connect(this, val.extTo(this.width), loc);
  }
}

/** A named combinational signal. */
export class Wire extends Drivable {}

/** A register: `set` gives its next value; reading it gives the current value. */
export class Reg extends Drivable {}

/** An output port: write-only inside its module. */
export class OutPort extends Drivable {}
