import { defineConfig } from 'vitest/config';

// Each test file in its own process with gc exposed: the zero-GC tests count
// collections, and fail without it.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], pool: 'forks', execArgv: ['--expose-gc'] },
});
