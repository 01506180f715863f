import { packageConfig } from '../../vitest.shared.js';

// One test that installs, builds and tests a package: minutes on a loaded machine.
export default packageConfig({ testTimeout: 300_000 });
