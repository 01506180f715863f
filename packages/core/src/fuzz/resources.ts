// Helpers that live beyond one evaluation: kept on globalThis by session code
// (`globalThis.__fuzz_g1 ??= kramp(1.3)`, never replaced), or installed into
// runtime A's scope as instances (`A.install({ inst0: kramp(0.7) })`, once each).
import { kint, probe } from './helpers.js';
import { kramp } from '../test-support.js';
import type { Signal } from '../types.js';

export interface Resource {
  /** The constructor as session code. */
  readonly code: string;
  /** A kernel (usable by compiled signals) or a closure helper. */
  readonly kernel: boolean;
}

export const GLOBALS: readonly Resource[] = [
  { code: 'probe(0.9)', kernel: false },
  { code: 'kramp(1.3)', kernel: true },
  { code: 'psent(2)', kernel: false },
  { code: 'kint(kramp(0.2))', kernel: true },
];

export const globalKey = (slot: number): string => `__fuzz_g${slot}`;
/** Where a session keeps the function a 'late' operation calls. */
export const LATE_KEY = '__fuzz_late';

export const INSTALLS: ReadonlyArray<Resource & { readonly make: () => Signal }> = [
  { code: 'kramp(0.7)', kernel: true, make: () => kramp(0.7) },
  { code: 'probe(1.7)', kernel: false, make: () => probe(1.7) },
  { code: 'kint(kramp(2.9))', kernel: true, make: () => kint(kramp(2.9)) },
];
export const installName = (which: number): string => `inst${which}`;

/** Removes what a run left on globalThis. */
export function clearGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  for (let k = 0; k < GLOBALS.length; k++) delete g[globalKey(k)];
  delete g[LATE_KEY];
}

/** The globals present now, by slot. */
export function presentGlobals(): Array<{ slot: number; value: Signal }> {
  const g = globalThis as Record<string, unknown>;
  const out: Array<{ slot: number; value: Signal }> = [];
  for (let k = 0; k < GLOBALS.length; k++) {
    const v = g[globalKey(k)];
    if (typeof v === 'function') out.push({ slot: k, value: v as Signal });
  }
  return out;
}
