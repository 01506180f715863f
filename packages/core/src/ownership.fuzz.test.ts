// The differential ownership fuzzer (docs/ownership.md). Two witness signals,
// one compiled and one a function of the user's own, play in runtime A through
// random sessions, snippets, direct registers, verbs, failures, faults and
// renders; after every operation their memory must be bit-identical to an
// untouched copy in runtime B, no live blocks may overlap, every helper a live
// signal calls must have a live block in A's pool, and the counts must add up.
// See src/fuzz/ (property.ts for the settings: FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH, FUZZ_OFF).
// `pnpm fuzz` runs a long one.
import { describe, expect, it } from 'vitest';
import { fuzz, settingsFromEnv } from './fuzz/property.js';

const settings = settingsFromEnv();
const ci = !settings.long && process.env.FUZZ_RUNS === undefined && process.env.FUZZ_OPS === undefined && settings.path === undefined;

describe('helper ownership, differential fuzzer', () => {
  it(
    `keeps the witnesses bit-identical and the pool consistent over ${settings.runs} random runs`,
    () => {
      const started = Date.now();
      const outcome = fuzz(settings);
      if (settings.long || process.env.FUZZ_VERBOSE) {
        console.log(`fuzz: ${outcome.runs} runs, ${outcome.operations} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${outcome.seed})`);
      }
      if (outcome.failure) throw new Error(outcome.failure);
      if (ci) expect(outcome.operations).toBeGreaterThanOrEqual(10_000);
    },
    settings.long ? 24 * 3600_000 : 120_000,
  );
});
