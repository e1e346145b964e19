/**
 * The size guard of `hwgen generate` and `hwgen verify`: a design whose array is too large to elaborate in reasonable
 * time is refused before elaboration, with its size, the limit and the fix, instead of running for minutes silently
 * (a 256×256 dense array is 65,536 PEs; elaboration takes about a second per 200 PEs on a busy 2-core machine).
 * The size is the number of processing elements (multiplier units) the family's parameters ask for.
 */
import { ConfigError, displayPath, type LoadedConfig } from '../../generators/registry.js';
import { xbarHwOf, type XbarConfig } from '../../generators/crossbar/index.js';

/** Processing elements at which elaboration takes about a minute on the reference machine. */
export const MAX_PES = 8192;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The hardware fields whose product is a family's size, and what one unit of it is. */
const SIZES: Record<string, { fields: readonly string[]; unit: string; hw?: (l: LoadedConfig) => Record<string, unknown> }> = {
  dense: { fields: ['rows', 'cols'], unit: 'processing elements' },
  zas: { fields: ['P', 'KR', 'KS'], unit: 'processing elements' },
  linac: { fields: ['lanes', 'filters'], unit: 'processing elements' },
  // PEs × the multipliers of each (the prediction unit's r·predSlots + r are few beside them)
  svd: { fields: ['PE', 'npc'], unit: 'processing elements' },
  // bitlines: each has its own sense amplifiers, carry and tag latches (a bit-serial ALU)
  insram: { fields: ['arrays', 'cols'], unit: 'processing elements (bitlines)' },
  // the products summed by the ADCs: every tile's rows × ADCs per tile; the hw fields override the preset
  crossbar: { fields: ['rowTiles', 'colTiles', 'rows', 'adcs'], unit: 'processing elements (cell rows × ADCs)', hw: (l) => crossbarHw(l) },
};

function crossbarHw(l: LoadedConfig): Record<string, unknown> {
  const hw = xbarHwOf(l.config as Pick<XbarConfig, 'preset' | 'hw'>);
  return { ...hw, adcs: hw.cols / hw.adcShare };
}

/** The processing elements of a loaded configuration, with the fields that set them; undefined for an unknown family. */
export function designSize(l: LoadedConfig): { pes: number; fields: string; product: string; unit: string } | undefined {
  const size = SIZES[l.family.name];
  if (!size) return undefined;
  const hw = size.hw ? size.hw(l) : ((l.config as { hw?: Record<string, unknown> }).hw ?? {});
  const vals = size.fields.map((n) => num(hw[n]));
  if (vals.some((v) => v === undefined)) return undefined;
  return {
    pes: vals.reduce((a, b) => a! * b!, 1)!,
    fields: size.fields.join(' × '),
    product: vals.join('×'),
    unit: size.unit,
  };
}

/** Refuse a configuration whose design is too large to elaborate in reasonable time (a ConfigError naming the fields). */
export function checkDesignSize(l: LoadedConfig, max = MAX_PES): void {
  const s = designSize(l);
  if (!s || s.pes <= max) return;
  throw new ConfigError([
    `${displayPath(l.file)}: hw: ${s.fields} = ${s.product} = ${s.pes} ${s.unit}, too large to elaborate in reasonable time; ` +
      `must be at most ${max} (about a minute of elaboration); use a smaller array`,
  ]);
}
