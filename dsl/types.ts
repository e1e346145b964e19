/** Hardware value types: unsigned and signed integers of any width from 1 to 65536 bits. Bool is UInt(1). */
import { HwError } from './errors.js';

export const MAX_WIDTH = 65536;

export interface HwType {
  readonly width: number;
  readonly signed: boolean;
}

function check(width: number, what: string): void {
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH)
    throw new HwError(`${what} width must be an integer from 1 to ${MAX_WIDTH}, got ${width}`);
}

export function UInt(width: number): HwType {
  check(width, 'UInt');
  return { width, signed: false };
}

export function SInt(width: number): HwType {
  check(width, 'SInt');
  return { width, signed: true };
}

export const Bool: HwType = { width: 1, signed: false };

export function typeName(t: HwType): string {
  return `${t.signed ? 'SInt' : 'UInt'}(${t.width})`;
}

export function sameType(a: HwType, b: HwType): boolean {
  return a.width === b.width && a.signed === b.signed;
}
