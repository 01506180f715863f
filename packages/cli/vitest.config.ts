import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  exclude: ['src/**/*.realtime.test.ts'],
  testTimeout: 30_000,
});
