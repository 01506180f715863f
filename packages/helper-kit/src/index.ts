export { describeHelper, describeHelpers } from './describe-helper.js';
export { casesOf, usesOf } from './fixture.js';
export type { HelperFixture, HelperTable } from './fixture.js';
export { PRELUDE, preludeOf, TEST_SIGNALS, testGain, testInput, testModulation, testSlow } from './inputs.js';
export { closureSessionOf, runtimeFor, sessionOf, signalOf } from './session.js';
export type { ConformanceOptions } from './session.js';
export { channel, firstDifference, helperMemory, loopOf, render } from './render.js';
export { exposedGc, gcEvents } from './gc.js';
export { slowModulationGcs } from './slow.js';
