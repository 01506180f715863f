import { defineHelper, type Param, type Signal } from '@aither/core';
import { check, read } from './param.js';

/**
 * Delay line with linear interpolation between samples: `y[n] = x[n − d]`,
 * `d = seconds · sr` (fractional). The line holds `maxSeconds` at the runtime's
 * real sample rate, claimed once when the signal is registered.
 *
 * @param input - the signal.
 * @param maxSeconds - longest delay, seconds (a constant: it sizes the memory).
 * @param seconds - delay in seconds, 0 .. maxSeconds (clamped), constant or signal.
 * @example
 * ```ts
 * register('echoed', pipe(osc(440), (x) => delay(x, 0.5, 0.25)));
 * ```
 */
export function delay(input: Signal, maxSeconds: number, seconds: Param): Signal {
  if (typeof maxSeconds !== 'number' || !(maxSeconds >= 0) || !Number.isFinite(maxSeconds)) {
    throw new TypeError(`delay: maxSeconds must be a finite number >= 0 (it sizes the delay line), got ${String(maxSeconds)}`);
  }
  check('delay', 'seconds', seconds);
  // [write index, line...]; two spare slots so a delay of exactly maxSeconds still interpolates.
  const h = defineHelper('delay', (sr) => Math.ceil(maxSeconds * sr) + 3);
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const len = h.stride - 3;
    const line = o + 1;
    const w = m[o]!;
    m[line + w] = input(s);
    let d = read(seconds, s) * s.sr;
    d = d < 0 ? 0 : d > len - 2 ? len - 2 : d;
    let r = w - d;
    if (r < 0) r += len;
    const i = Math.floor(r);
    const frac = r - i;
    const a = m[line + i]!;
    const b = m[line + (i + 1 === len ? 0 : i + 1)]!;
    m[o] = w + 1 === len ? 0 : w + 1;
    return h.end(a + (b - a) * frac);
  };
}
