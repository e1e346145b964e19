/**
 * Reference models of the standard library's blocks, written from their documented behaviour (not from the RTL):
 * a valid/ready FIFO of a given capacity (the queue; the register slice behaves as a two-word FIFO), the arbiters'
 * search orders, the counter, the shift register and the priority encoder. Each `step` takes one cycle's inputs,
 * returns that cycle's outputs, then advances the state as the clock edge does.
 */
export class FifoModel {
  private words: bigint[] = [];
  constructor(
    readonly capacity: number,
    readonly pipe = false,
  ) {}
  /** outputs that depend on the state alone */
  get valid(): boolean {
    return this.words.length > 0;
  }
  get head(): bigint | undefined {
    return this.words[0];
  }
  get count(): number {
    return this.words.length;
  }
  ready(deqReady: boolean): boolean {
    return this.words.length < this.capacity || (this.pipe && deqReady);
  }
  /** the clock edge: returns whether a word left and whether one entered */
  edge(enqValid: boolean, enqData: bigint, deqReady: boolean): { deq: boolean; enq: boolean } {
    const enq = enqValid && this.ready(deqReady);
    const deq = this.valid && deqReady;
    if (deq) this.words.shift();
    if (enq) this.words.push(enqData);
    return { deq, enq };
  }
}

export class ArbiterModel {
  private last = 0;
  constructor(
    readonly n: number,
    readonly roundRobin: boolean,
  ) {}
  /** the winner among the valid requesters (-1 when none asks) */
  winner(valid: boolean[]): number {
    const order = this.roundRobin
      ? [...Array.from({ length: this.n - this.last - 1 }, (_, k) => this.last + 1 + k), ...Array.from({ length: this.n }, (_, k) => k)]
      : Array.from({ length: this.n }, (_, k) => k);
    return order.find((i) => valid[i]) ?? -1;
  }
  edge(valid: boolean[], outReady: boolean): void {
    const w = this.winner(valid);
    if (w >= 0 && outReady) this.last = w;
  }
}

export class CounterModel {
  value = 0;
  constructor(readonly last: number) {}
  wrap(en: boolean): boolean {
    return en && this.value === this.last;
  }
  edge(en: boolean, clear: boolean): void {
    if (clear) this.value = 0;
    else if (en) this.value = this.value === this.last ? 0 : this.value + 1;
  }
}

export class ShiftModel {
  taps: bigint[];
  constructor(n: number) {
    this.taps = Array.from({ length: n }, () => 0n);
  }
  edge(en: boolean, din: bigint): void {
    if (en) this.taps = [din, ...this.taps.slice(0, -1)];
  }
}

/** lowest set bit: { valid, index, one-hot grant } */
export function priority(reqs: number, n: number): { valid: boolean; index: number; grant: number } {
  for (let i = 0; i < n; i++) if ((reqs >> i) & 1) return { valid: true, index: i, grant: 1 << i };
  return { valid: false, index: 0, grant: 0 };
}
