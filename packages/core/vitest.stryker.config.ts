// The vitest configuration StrykerJS runs core's tests with (`pnpm mutate`).
// Stryker's vitest runner runs tests in worker threads, and threads refuse
// `--expose-gc` in execArgv, so this config drops the shared one's forks and execArgv
// and exposes `gc` from a setup file instead (for the test that counts collections
// after the helper pool grows). The fuzzer and the property test run with fewer
// cases, since every mutant they cover re-runs them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['./stryker-gc-setup.ts'],
    env: { FUZZ_RUNS: '8', PROPERTY_RUNS: '40' },
    // Instrumented code on a loaded machine runs slower than the 5 s default allows.
    testTimeout: 60_000,
  },
});
