/** Dynamic selection: an indexed mux tree. */
import { Signal, mux } from '../signal.js';
import { HwError } from '../errors.js';
import { userLoc } from '../loc.js';
import { sameType, typeName } from '../types.js';

/** values[idx] as a balanced mux tree; indices >= values.length select the last value. All values must share one type. */
export function select(idx: Signal, values: readonly Signal[]): Signal {
  if (values.length === 0) throw new HwError('select: needs at least one value', userLoc());
  const t = values[0]!.type;
  for (const v of values)
    if (!sameType(v.type, t)) throw new HwError(`select: values differ in type (${typeName(t)} and ${typeName(v.type)})`, userLoc());
  if (idx.signed) throw new HwError('select: the index must be unsigned', userLoc());
  let level = [...values];
  for (let bit = 0; level.length > 1; bit++) {
    if (bit >= idx.width) return level[0]!;
    const s = idx.bit(bit);
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mux(s, level[i + 1]!, level[i]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}
