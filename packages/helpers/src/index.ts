export { osc, sin } from './oscillators.js';
export { lowpass } from './filters.js';
export { tremolo } from './modulation.js';
export { delay } from './delays.js';
export { gain } from './mixing.js';
export { pipe } from '@aither/core';
