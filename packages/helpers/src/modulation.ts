import { defineHelper, type Param, type Signal } from '@aither/core';
import { check, read, TAU } from './param.js';

/**
 * Tremolo: amplitude modulation by a sine LFO,
 * `y = x · (1 − depth · (1 − sin(2π·phase)) / 2)`, so the gain swings between
 * `1 − depth` and 1. Each channel has its own LFO phase.
 *
 * @param input - the signal.
 * @param rate - LFO rate in Hz, constant or signal.
 * @param depth - 0 (none) .. 1 (full), constant or signal.
 * @example
 * ```ts
 * register('throb', pipe(osc(220), (x) => tremolo(x, 5, 0.8)));
 * ```
 */
export function tremolo(input: Signal, rate: Param, depth: Param): Signal {
  check('tremolo', 'rate', rate);
  check('tremolo', 'depth', depth);
  const h = defineHelper('tremolo', 1);
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const x = input(s);
    const p = m[o]!;
    const next = p + read(rate, s) * s.dt;
    m[o] = next - Math.floor(next);
    const d = read(depth, s);
    return h.end(x * (1 - d * 0.5 * (1 - Math.sin(TAU * p))));
  };
}
