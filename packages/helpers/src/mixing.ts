import type { Param, Signal } from '@aither/core';
import { check, read } from './param.js';

/**
 * Multiplies a signal by `amount` (linear gain; stateless).
 *
 * @param input - the signal.
 * @param amount - linear factor (1 = unchanged, 0.5 ≈ −6 dB), constant or signal.
 * @example
 * ```ts
 * register('quiet', gain(osc(440), 0.1));
 * ```
 */
export function gain(input: Signal, amount: Param): Signal {
  check('gain', 'amount', amount);
  if (typeof amount === 'number') return (s) => input(s) * amount;
  return (s) => input(s) * amount(s);
}
