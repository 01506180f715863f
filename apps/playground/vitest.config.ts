import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  exclude: ['src/**/*.realtime.test.ts'],
  // One Chromium at a time on two cores: the editor flow and the server venue run in turn.
  fileParallelism: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
});
