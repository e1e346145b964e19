/**
 * Port specifications: In(type), Out(type), Vec(n, spec) and plain objects (bundles). A spec maps to the signals
 * seen inside the module (inputs readable, outputs writable) and to those seen by a parent at an instance (inputs
 * writable, outputs readable). Vec and bundle ports flatten to Verilog ports named `name_0`, `name_field`.
 */
import type { HwType } from './types.js';
import type { Signal } from './signal.js';
import type { Wire, OutPort } from './sinks.js';
import { HwError } from './errors.js';

export interface InSpec {
  readonly dir: 'input';
  readonly type: HwType;
}
export interface OutSpec {
  readonly dir: 'output';
  readonly type: HwType;
}
export type PortSpec = InSpec | OutSpec | readonly PortSpec[] | { readonly [field: string]: PortSpec };

export function In(type: HwType): InSpec {
  return { dir: 'input', type };
}
export function Out(type: HwType): OutSpec {
  return { dir: 'output', type };
}
/** n copies of a port spec: an array port. */
export function Vec<S extends PortSpec>(n: number, spec: S): S[] {
  if (!Number.isInteger(n) || n < 1) throw new HwError(`Vec(${n}): the length must be a positive integer`);
  return Array.from({ length: n }, () => spec);
}

/** The ports as seen inside the module. */
export type Inside<S> = S extends InSpec
  ? Signal
  : S extends OutSpec
    ? OutPort
    : S extends readonly (infer E)[]
      ? Inside<E>[]
      : { [K in keyof S]: Inside<S[K]> };

/** The ports as seen by a parent, on an instance. */
export type Outside<S> = S extends InSpec
  ? Wire
  : S extends OutSpec
    ? Signal
    : S extends readonly (infer E)[]
      ? Outside<E>[]
      : { [K in keyof S]: Outside<S[K]> };

export function isLeaf(s: PortSpec): s is InSpec | OutSpec {
  return typeof (s as InSpec).dir === 'string' && typeof (s as InSpec).type === 'object' && !Array.isArray(s);
}

/** Walk a spec, calling leaf(name, spec) for each flattened port, and rebuild the same shape from the results. */
export function mapSpec<T>(spec: PortSpec, prefix: string, leaf: (name: string, s: InSpec | OutSpec) => T): unknown {
  if (isLeaf(spec)) return leaf(prefix, spec);
  const join = (k: string | number): string => (prefix ? `${prefix}_${k}` : String(k));
  if (Array.isArray(spec)) return spec.map((s: PortSpec, i: number) => mapSpec(s, join(i), leaf));
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(spec as Record<string, PortSpec>)) out[k] = mapSpec(s, join(k), leaf);
  return out;
}
