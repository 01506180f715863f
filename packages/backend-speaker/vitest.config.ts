import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // A PulseAudio null sink and the ALSA devices over it, set up before any worker loads ALSA.
  globalSetup: ['./vitest.setup.ts'],
  // One device and one daemon for the package: its test files take turns (one kills the daemon).
  fileParallelism: false,
  testTimeout: 30_000,
});
