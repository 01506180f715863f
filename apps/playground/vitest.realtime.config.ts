import { packageConfig } from '../../vitest.shared.js';

// The real-time tests: the playground driving `aither serve` through the native sinks into a
// PulseAudio null sink (started by the globalSetup, so that ALSA's default is that device for
// the servers the tests start), one file at a time.
export default packageConfig({
  include: ['src/**/*.realtime.test.ts'],
  globalSetup: ['./vitest.pulse.setup.ts'],
  fileParallelism: false,
  testTimeout: 180_000,
  hookTimeout: 60_000,
});
