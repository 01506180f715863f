import { defineHelper, type Param, type Signal } from '@aither/core';
import { check, read, TAU } from './param.js';

/**
 * Sine oscillator: a phase accumulator, phase in [0, 1), output `sin(2π·phase)`.
 * The phase lives in the helper pool, so a reload (or a new frequency) continues
 * the waveform without a jump.
 *
 * @param freq - frequency in Hz (any real; negative runs backwards), constant or signal. Default 440.
 * @returns a signal in [-1, 1].
 * @example
 * ```ts
 * register('tone', pipe(osc(440), (x) => gain(x, 0.2)));
 * ```
 */
export function osc(freq: Param = 440): Signal {
  check('osc', 'freq', freq);
  const h = defineHelper('osc', 1);
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const p = m[o]!;
    const next = p + read(freq, s) * s.dt;
    m[o] = next - Math.floor(next);
    return h.end(Math.sin(TAU * p));
  };
}

/** Alias of {@link osc}, the earlier engine's name. @example `play('a', sin(220))` */
export const sin = osc;
