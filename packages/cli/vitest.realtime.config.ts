import { packageConfig } from '../../vitest.shared.js';

// The real-time tests: `aither play` through the native sinks into a PulseAudio null sink
// (started by the globalSetup before any worker loads ALSA), one file at a time.
export default packageConfig({
  include: ['src/**/*.realtime.test.ts'],
  globalSetup: ['./vitest.pulse.setup.ts'],
  fileParallelism: false,
  testTimeout: 180_000,
});
