/**
 * The size guard of `hwgen generate` and `hwgen verify`: a design whose array is too large to elaborate in reasonable
 * time is refused before elaboration, with its size, the limit and the fix, instead of running for minutes silently
 * (a 256×256 dense array is 65,536 PEs; elaboration takes about a second per 200 PEs on a busy 2-core machine).
 * The size is the number of processing elements (multiplier units) the family's parameters ask for.
 */
import { ConfigError, displayPath, type LoadedConfig } from '../../generators/registry.js';

/** Processing elements at which elaboration takes about a minute on the reference machine. */
export const MAX_PES = 8192;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The processing elements of a loaded configuration, with the fields that set them; undefined for an unknown family. */
export function designSize(l: LoadedConfig): { pes: number; fields: string; product: string } | undefined {
  const hw = (l.config as { hw?: Record<string, unknown> }).hw ?? {};
  const dims: Record<string, string[]> = { dense: ['rows', 'cols'], zas: ['P', 'KR', 'KS'], linac: ['lanes', 'filters'] };
  const names = dims[l.family.name];
  if (!names) return undefined;
  const vals = names.map((n) => num(hw[n]));
  if (vals.some((v) => v === undefined)) return undefined;
  return {
    pes: vals.reduce((a, b) => a! * b!, 1)!,
    fields: names.join(' × '),
    product: vals.join('×'),
  };
}

/** Refuse a configuration whose design is too large to elaborate in reasonable time (a ConfigError naming the fields). */
export function checkDesignSize(l: LoadedConfig, max = MAX_PES): void {
  const s = designSize(l);
  if (!s || s.pes <= max) return;
  throw new ConfigError([
    `${displayPath(l.file)}: hw: ${s.fields} = ${s.product} = ${s.pes} processing elements, too large to elaborate in reasonable time; ` +
      `must be at most ${max} (about a minute of elaboration); use a smaller array`,
  ]);
}
