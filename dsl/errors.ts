/** Errors raised while describing or elaborating hardware. The message starts with the designer's own `file:line`. */
export class HwError extends Error {
  override name = 'HwError';
  constructor(
    /** What went wrong, naming the signals and widths involved, and the fix. */
    readonly detail: string,
    /** `file:line` in the designer's code. */
    readonly loc?: string,
  ) {
    super(loc ? `${loc}: ${detail}` : detail);
  }
}
