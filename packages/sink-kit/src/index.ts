export { BlockRing } from './ring.js';
export { SinkCounters } from './counters.js';
export { LoopWatch } from './loop-watch.js';
export { Pacer } from './pacer.js';
export type { PacerOptions } from './pacer.js';
