/** Deterministic legal names for the emitted text: reserved words escaped, clashes suffixed. */
import { isKeyword } from '../reserved.js';

/** Hands out unique, legal names in one module's namespace, in call order (so the result is deterministic). */
export class Namespace {
  private readonly used = new Set<string>();

  /** Reserve a name exactly (ports); returns false if taken. */
  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** A legal unique name close to `want`: keywords get a trailing `_`, clashes a numeric suffix. */
  fresh(want: string): string {
    let base = want.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    if (isKeyword(base)) base = `${base}_`;
    let n = base;
    for (let k = 2; this.used.has(n) || isKeyword(n); k++) n = `${base}_${k}`;
    this.used.add(n);
    return n;
  }
}
