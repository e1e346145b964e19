/** Helpers for the built-in simulator tests: hand-built IR modules and a deterministic random source. */
import type { IRDesign, IRModule, IRNode, IRPort, Op } from '../../../dsl/ir.ts';

/** Deterministic pseudo-random bigints (xorshift64*), independent of the simulator. */
export function rng(seed: bigint): (bits: number) => bigint {
  let s = seed;
  const next64 = (): bigint => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffff_ffff_ffff_ffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
  };
  return (bits) => {
    let v = 0n;
    for (let got = 0; got < bits; got += 64) v = (v << 64n) | next64();
    return BigInt.asUintN(bits, v);
  };
}

/** Random bit pattern biased towards corner cases (0, all ones, sign bit patterns, small values). */
export function interesting(r: (bits: number) => bigint, width: number): bigint {
  const m = (1n << BigInt(width)) - 1n;
  switch (Number(r(4))) {
    case 0:
      return 0n;
    case 1:
      return m;
    case 2:
      return 1n << BigInt(width - 1);
    case 3:
      return m >> 1n;
    case 4:
      return r(3) & m;
    case 5:
      return (m ^ r(3)) & m;
    default:
      return r(width);
  }
}

/** A tiny IR module builder working directly on nodes (no DSL width rules). */
export class IRBuilder {
  readonly nodes: IRNode[] = [];
  readonly ports: IRPort[] = [];

  node(n: IRNode): number {
    this.nodes.push(n);
    return this.nodes.length - 1;
  }
  input(name: string, width: number, signed: boolean): number {
    const id = this.node({ op: 'input', width, signed, args: [], name });
    this.ports.push({ name, dir: 'input', width, signed, node: id });
    return id;
  }
  op(op: Op, width: number, signed: boolean, args: number[], extra: Partial<IRNode> = {}): number {
    return this.node({ op, width, signed, args, ...extra });
  }
  output(name: string, driver: number): number {
    const d = this.nodes[driver]!;
    const id = this.node({ op: 'wire', width: d.width, signed: d.signed, args: [driver], name });
    this.ports.push({ name, dir: 'output', width: d.width, signed: d.signed, node: id });
    return id;
  }
  module(name: string): IRModule {
    return { name, source: name, params: {}, clock: false, reset: false, ports: this.ports, nodes: this.nodes, mems: [], instances: [], combDeps: {} };
  }
  design(name = 'top'): IRDesign {
    return { top: name, modules: [this.module(name)], warnings: [] };
  }
}
