/**
 * A ROM lookup (m.rom): one full period of a sine wave in `2^addrWidth` signed words of `dataWidth` bits. The read is
 * synchronous: `value` holds sin(2π·phase/2^addrWidth) one cycle after `en`, flagged by `valid`.
 */
import { defineModule, In, Out, UInt, SInt, Bool } from '../dsl/index.js';

export interface SineRomParams {
  addrWidth: number;
  dataWidth: number;
}

/** The table contents: round(A·sin(2πk/n)) with A = 2^(dataWidth-1) - 1. */
export function sineTable(p: SineRomParams): number[] {
  const n = 2 ** p.addrWidth;
  const amp = 2 ** (p.dataWidth - 1) - 1;
  return Array.from({ length: n }, (_, k) => Math.round(amp * Math.sin((2 * Math.PI * k) / n)));
}

export const SineRom = defineModule(
  'sine_rom',
  (p: SineRomParams) => ({
    en: In(Bool),
    phase: In(UInt(p.addrWidth)),
    value: Out(SInt(p.dataWidth)),
    valid: Out(Bool),
  }),
  (m, io, p) => {
    const rom = m.rom('sine_table', SInt(p.dataWidth), sineTable(p));
    io.value.set(rom.read(io.phase, { en: io.en, name: 'word' }).asSInt());
    io.valid.set(m.regNext('valid_q', io.en));
  },
);
