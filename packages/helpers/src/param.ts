import type { Param, SignalContext } from '@aither/core';

/** Reads a parameter this frame: a constant, or the value of a modulating signal. */
export function read(p: Param, s: SignalContext): number {
  return typeof p === 'number' ? p : p(s);
}

/** Rejects what is neither a number nor a signal, naming the helper and the parameter. */
export function check(helper: string, name: string, p: unknown): void {
  if (typeof p === 'function') return;
  if (typeof p === 'number' && !Number.isNaN(p)) return;
  throw new TypeError(`${helper}: ${name} must be a number or a signal (s => number), got ${p === null ? 'null' : typeof p === 'number' ? 'NaN' : typeof p}`);
}

export const TAU = 2 * Math.PI;
