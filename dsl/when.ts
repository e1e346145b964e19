/** Conditional connection: when / elsewhen / otherwise, and switch / is / default. Last connect wins. */
import { Signal, type Operand } from './signal.js';
import type { ModuleBuilder } from './builder.js';
import { HwError } from './errors.js';
import { userLoc } from './loc.js';

export class WhenChain {
  /** @internal */
  constructor(
    private readonly m: ModuleBuilder,
    /** OR of every condition so far in this chain */
    private taken: Signal,
  ) {}

  elsewhen(cond: Signal, body: () => void): WhenChain {
    cond.asBool('elsewhen condition');
    const g = this.taken.not().and(cond);
    this.m.withGuard(g, body);
    return new WhenChain(this.m, this.taken.or(cond));
  }

  otherwise(body: () => void): void {
    this.m.withGuard(this.taken.not(), body);
  }
}

function builderOf(s: Signal): ModuleBuilder {
  return s.mod as unknown as ModuleBuilder;
}

/** Connections made in body apply only while cond is 1. */
export function when(cond: Signal, body: () => void): WhenChain {
  cond.asBool('when condition');
  const m = builderOf(cond);
  m.withGuard(cond, body);
  return new WhenChain(m, cond);
}

export class SwitchChain {
  private taken: Signal | undefined;
  private done = false;
  /** @internal */
  constructor(private readonly sel: Signal) {}

  /** Body runs when sel equals one of the values. */
  is(values: Operand | Operand[], body: () => void): SwitchChain {
    if (this.done) throw new HwError('switch: is() after default()', userLoc());
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) throw new HwError('switch: is([]) needs at least one value', userLoc());
    let hit = this.sel.eq(list[0]!);
    for (const v of list.slice(1)) hit = hit.or(this.sel.eq(v));
    const m = builderOf(this.sel);
    m.withGuard(this.taken ? this.taken.not().and(hit) : hit, body);
    this.taken = this.taken ? this.taken.or(hit) : hit;
    return this;
  }

  /** Body runs when no is() matched. */
  default(body: () => void): void {
    this.done = true;
    const m = builderOf(this.sel);
    if (!this.taken) return body();
    m.withGuard(this.taken.not(), body);
  }
}

export function switch_(sel: Signal): SwitchChain {
  return new SwitchChain(sel);
}
