import type { HelperTable } from '@aither/helper-kit/table';

/**
 * One row per exported helper: what the conformance suite checks. `x` is a
 * test input (a sine, different per channel), `mod` a parameter that moves
 * (800 ± 300 at 3 Hz). Adding a helper means adding its row.
 */
export const CASES: HelperTable = {
  ring: { code: 'ring(x, 30)', modulated: 'ring(x, mod, 0.25)' },
};
