import { defineHelper, type Param, type Signal } from '@aither/core';
import { check, read, TAU } from './param.js';

/**
 * One-pole low-pass: `y[n] = y[n-1] + a·(x[n] − y[n-1])`, `a = 1 − e^(−2π·fc/sr)`
 * (6 dB/octave). The coefficient is recomputed only when the cutoff changes.
 *
 * @param input - the signal to filter.
 * @param cutoff - cutoff in Hz, 0 .. sr/2, constant or signal.
 * @example
 * ```ts
 * register('dark', pipe(osc(220), (x) => lowpass(x, 800)));
 * ```
 */
export function lowpass(input: Signal, cutoff: Param): Signal {
  check('lowpass', 'cutoff', cutoff);
  const h = defineHelper('lowpass', 3); // [y, cutoff of a, a]
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const x = input(s);
    const fc = read(cutoff, s);
    if (fc !== m[o + 1]) {
      m[o + 1] = fc;
      m[o + 2] = 1 - Math.exp((-TAU * Math.max(0, fc)) / s.sr);
    }
    const y = m[o]! + m[o + 2]! * (x - m[o]!);
    m[o] = y;
    return h.end(y);
  };
}
