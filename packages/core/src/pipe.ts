import { mapKernel, type KernelStep } from './kernel.js';
import type { Signal } from './types.js';

/**
 * Feeds a signal through a chain of transforms, left to right, once, when the
 * session code runs (not per sample): `pipe(a, f, g)` is `g(f(a))`.
 *
 * @param source - the first signal, or a constant.
 * @param transforms - each maps a signal to a signal, e.g. `x => lowpass(x, 800)`.
 * @example
 * ```ts
 * register('pad', pipe(osc(220), (x) => lowpass(x, 800), (x) => gain(x, 0.3)));
 * ```
 */
export function pipe(source: Signal | number, ...transforms: Array<(input: Signal) => Signal>): Signal {
  let signal: Signal = typeof source === 'number' ? constant(source) : source;
  if (typeof signal !== 'function') throw new TypeError(`pipe: the first argument must be a signal or a number, got ${typeof source}`);
  for (let i = 0; i < transforms.length; i++) {
    const transform = transforms[i];
    if (typeof transform !== 'function') throw new TypeError(`pipe: argument ${i + 2} must be a function (signal => signal), got ${typeof transform}`);
    const next = transform(signal);
    if (typeof next !== 'function') throw new TypeError(`pipe: transform ${i + 1} returned ${typeof next}, not a signal`);
    signal = next;
  }
  return signal;
}

const identity: KernelStep = (m, o, s, x) => x;

/** A signal that is always `value` (a stateless kernel, so it compiles into its signal's loop). */
export function constant(value: number): Signal {
  return mapKernel('constant', [value], identity);
}
