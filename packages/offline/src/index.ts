export { OfflineSink } from './offline-sink.js';
export type { OfflineSinkOptions } from './offline-sink.js';
export { renderOffline, analyse, toWav } from './render.js';
export type { Analysis } from './render.js';
