import type { KernelStep, Param, SignalContext } from '@aither/core';

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

/** Rejects a size-giving argument that is not a finite number >= 0 (it sizes memory, so it cannot be a signal). */
export function checkSize(helper: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
    throw new TypeError(`${helper}: ${name} must be a finite number >= 0 (it sizes the memory), got ${String(v)}`);
  }
  return v;
}

/** Rejects what is not a signal. */
export function checkSignal(helper: string, name: string, v: unknown): void {
  if (typeof v !== 'function') throw new TypeError(`${helper}: ${name} must be a signal (s => number), got ${v === null ? 'null' : typeof v}`);
}

export const TAU = 2 * Math.PI;

/**
 * sin(2π·p) for a phase p in [0, 1), within 0.0011: a parabola per half cycle,
 * refined once. For LFOs, where it is inaudible and ~4× cheaper than Math.sin.
 */
export function lfoSin(p: number): number {
  // Without arithmetic in branches: code that runs only in the second half of
  // a slow LFO's cycle has no type feedback when V8 first optimises the loop,
  // and a deoptimisation there can leave the loop running partly unoptimised
  // (allocating) for good.
  const t = 1 - Math.abs(4 * p - 2); // -1..1..-1, a triangle
  const y = (1 - t * t) * (p < 0.5 ? 1 : -1); // parabola, positive then negative
  return 0.225 * (y * Math.abs(y) - y) + y;
}

const TABLES = 256;

/** A step over one table of numbers, and the table under the name the step reads it by. */
export interface TableStep {
  readonly step: KernelStep;
  readonly uses: { readonly numbers: Float64Array };
}

/**
 * One step function per table of numbers, made once and kept (the most recent
 * {@link TABLES}): re-evaluating a session with the same table then hands the
 * runtime the very same step and table, so the signal keeps its compiled loop.
 * `make` must return a step that reads the table as `numbers`.
 */
export function byTable(cache: Map<string, TableStep>, table: readonly number[], make: (numbers: Float64Array) => KernelStep): TableStep {
  const key = table.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key); // re-inserted below as the most recent
  } else {
    const numbers = Float64Array.from(table);
    entry = { step: make(numbers), uses: { numbers } };
    if (cache.size >= TABLES) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, entry);
  return entry;
}
