import type { HelperTable } from '@aither/helper-kit/table';

/**
 * One row per exported helper: what the conformance suite checks and the
 * bundle probes look for. `x` is a test input (a sine, different per channel),
 * `mod` a parameter that moves (800 ± 300 at 3 Hz). Adding a helper means adding its row.
 */
export const CASES: HelperTable = {
  pluck: { code: 'pluck(220, 0, 0.995)', modulated: 'pluck(mod, 0, 0.99)', variants: { 'plucked by a trigger': 'pluck(330, x, 0.98)' } },
  bell: { code: 'bell(440)', modulated: 'bell(mod, x, 0.3)', variants: { 'struck by a slow trigger': 'bell(200, slow, 3)' } },
};
