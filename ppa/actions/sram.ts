/** SRAM size classes: a memory's accesses are costed by its size, rounded up to a power of two bytes. */

/** The classes the reference table lists: 64 B .. 4 MB. */
export const SRAM_SIZES: readonly number[] = Array.from({ length: 17 }, (_, i) => 64 * 2 ** i);

export function sramComponent(bytes: number): string {
  return bytes >= 1024 * 1024 ? `sram_${bytes / (1024 * 1024)}MB` : bytes >= 1024 ? `sram_${bytes / 1024}KB` : `sram_${bytes}B`;
}

/** The size-class component of a memory of `words` × `width` bits. */
export function sramOf(words: number, width: number): string {
  const bytes = Math.ceil((words * width) / 8);
  let b = SRAM_SIZES[0]!;
  while (b < bytes) b *= 2;
  return sramComponent(b);
}
