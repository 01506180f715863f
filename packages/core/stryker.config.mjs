// Mutation testing of core (`pnpm mutate`, not part of CI). Under pnpm the plugins
// are loaded by path, since Stryker cannot find them by name from its own folder.
// One file at a time while iterating: `pnpm mutate --mutate src/registry.ts`.
// On a 2-core machine shared with other work it tests about 20 mutants a minute
// (signal-pool, runtime, kernel and pipe: 308 mutants in 15 minutes); the whole
// package takes a few hours, so it is not part of CI.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: [require.resolve('@stryker-mutator/vitest-runner')],
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['src/**/*.ts', '!src/**/*.test.ts', '!src/test-support.ts', '!src/fuzz/**', '!src/index.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  incremental: false,
};
