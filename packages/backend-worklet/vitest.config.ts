import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // One file at a time: the real-time test measures late quanta, which a
  // zero-GC run or a second Chromium on the same two cores would inflate.
  fileParallelism: false,
});
