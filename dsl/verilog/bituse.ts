/** Which bits of each declared signal the emitted text reads, so never-read bits can be acknowledged for the linter. */
export class BitUse {
  private readonly full: Uint8Array;
  private readonly parts = new Map<number, Array<[number, number]>>();

  constructor(n: number) {
    this.full = new Uint8Array(n);
  }

  useAll(id: number, _width: number): void {
    this.full[id] = 1;
  }

  use(id: number, hi: number, lo: number, width: number): void {
    if (this.full[id]) return;
    if (lo === 0 && hi === width - 1) {
      this.full[id] = 1;
      return;
    }
    let p = this.parts.get(id);
    if (!p) this.parts.set(id, (p = []));
    p.push([hi, lo]);
  }

  /** Nothing in the emitted text reads this signal at all. */
  untouched(id: number): boolean {
    return !this.full[id] && !this.parts.has(id);
  }

  /** Ranges [hi, lo] of bits never read, high first; the whole signal if nothing reads it (only partial reads count). */
  unusedRanges(id: number, width: number): Array<[number, number]> {
    if (this.full[id]) return [];
    const p = this.parts.get(id);
    if (!p) return [];
    const used = new Uint8Array(width);
    for (const [hi, lo] of p) for (let b = lo; b <= hi; b++) used[b] = 1;
    const out: Array<[number, number]> = [];
    for (let b = width - 1; b >= 0; ) {
      if (used[b]) {
        b--;
        continue;
      }
      const hi = b;
      while (b >= 0 && !used[b]) b--;
      out.push([hi, b + 1]);
    }
    return out;
  }
}
