// The vitest configuration StrykerJS runs core's tests with (`pnpm mutate`).
// Stryker's vitest runner runs tests in worker threads, and threads refuse
// `--expose-gc`, so this config drops the shared one's forks and execArgv; core has
// no test that counts collections. The fuzzer and the property test run with fewer
// cases, since every mutant they cover re-runs them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    env: { FUZZ_RUNS: '8', PROPERTY_RUNS: '40' },
    // Instrumented code on a loaded machine runs slower than the 5 s default allows.
    testTimeout: 60_000,
  },
});
