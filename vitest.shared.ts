// The one vitest configuration every package's `vitest.config.ts` extends: tests
// in `src/`, each file in its own process (forks) with `gc` exposed, so that the
// zero-GC tests can count collections. No test asserts its own speed, so the
// time limit is generous: CI runs the packages side by side on two cores, and a
// test that renders seconds of audio can take several times its quiet duration.
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

const shared: TestOptions = {
  include: ['src/**/*.test.ts'],
  pool: 'forks',
  execArgv: ['--expose-gc'],
  testTimeout: 30_000,
};

/** The shared configuration with a package's own test options (each field given replaces the shared one). */
export function packageConfig(own: TestOptions = {}) {
  return defineConfig({ test: { ...shared, ...own } });
}
