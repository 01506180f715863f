import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    execArgv: ['--expose-gc'],
    // One file at a time: the real-time test measures late quanta, which a
    // zero-GC run or a second Chromium on the same two cores would inflate.
    fileParallelism: false,
  },
});
