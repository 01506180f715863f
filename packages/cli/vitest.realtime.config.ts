import { defineConfig } from 'vitest/config';

// The real-time tests: `aither play` through the native sinks into a PulseAudio null sink
// (started by the globalSetup before any worker loads ALSA), one file at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.realtime.test.ts'],
    pool: 'forks',
    globalSetup: ['./vitest.pulse.setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
  },
});
