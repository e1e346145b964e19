/**
 * Interface bundles: `flip(spec)` turns every input of a port spec into an output and back (the other end's view of
 * the same interface), and `connect(a, b)` joins two views of one interface field by field, driving whichever side of
 * each field is drivable (an instance's input, a module's output) from the other.
 */
import { In, Out, isLeaf, type PortSpec, type InSpec, type OutSpec } from '../ports.js';
import { Signal } from '../signal.js';
import { Wire, OutPort } from '../sinks.js';
import { HwError } from '../errors.js';
import { userLoc } from '../loc.js';

/** The spec with every direction reversed (Chisel's Flipped). */
export type Flipped<S> = S extends InSpec
  ? OutSpec
  : S extends OutSpec
    ? InSpec
    : S extends readonly (infer E)[]
      ? Flipped<E>[]
      : { [K in keyof S]: Flipped<S[K]> };

export function flip<S extends PortSpec>(spec: S): Flipped<S> {
  const go = (s: PortSpec): PortSpec => {
    if (isLeaf(s)) return s.dir === 'input' ? Out(s.type) : In(s.type);
    if (Array.isArray(s)) return s.map(go);
    return Object.fromEntries(Object.entries(s as Record<string, PortSpec>).map(([k, v]) => [k, go(v)]));
  };
  return go(spec) as Flipped<S>;
}

type View = Signal | readonly View[] | { readonly [k: string]: View };

const drivable = (s: Signal): boolean => s instanceof Wire || s instanceof OutPort;

/**
 * Join two views of one interface: for every field exactly one side must be drivable (a module's own output, an
 * instance's input); it is driven from the other side. Field names and array lengths must match.
 */
export function connect(a: View, b: View, where = ''): void {
  if (a instanceof Signal || b instanceof Signal) {
    if (!(a instanceof Signal && b instanceof Signal)) throw new HwError(`connect: ${where || 'the views'}: a signal against a bundle`, userLoc());
    const da = drivable(a);
    const db = drivable(b);
    if (da === db)
      throw new HwError(
        `connect: ${where || 'the signals'}: ${da ? 'both sides are drivable' : 'neither side is drivable'}; ` +
          'connect a module port to an instance port, or two instance ports of opposite directions',
        userLoc(),
      );
    if (da) (a as Wire).set(b);
    else (b as Wire).set(a);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length)
      throw new HwError(`connect: ${where || 'the views'}: arrays of different lengths or an array against a bundle`, userLoc());
    a.forEach((x, i) => connect(x, (b as readonly View[])[i]!, `${where}[${i}]`));
    return;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join(',') !== kb.join(',')) throw new HwError(`connect: ${where || 'the bundles'}: fields differ ({${ka.join(', ')}} and {${kb.join(', ')}})`, userLoc());
  for (const k of ka) connect((a as Record<string, View>)[k]!, (b as Record<string, View>)[k]!, where ? `${where}.${k}` : k);
}
