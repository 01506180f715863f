export { startMeters } from './loop.js';
export type { MeterCanvases, MeterSource } from './loop.js';
