// What hosts and benchmarks need of a helper package's table of cases, without vitest.
export { casesOf, usesOf } from './fixture.js';
export type { HelperFixture, HelperTable } from './fixture.js';
export { PRELUDE, preludeOf, TEST_SIGNALS, testGain, testInput, testModulation, testSlow } from './inputs.js';
export { renderWarming } from './tiered.js';
export { warmCases } from './warm.js';
