export { OfflineSink } from './offline-sink.js';
export type { OfflineSinkOptions } from './offline-sink.js';
export { NullSink } from './null-sink.js';
export type { NullSinkOptions } from './null-sink.js';
export { WavSink } from './wav-sink.js';
export type { WavSinkOptions } from './wav-sink.js';
export { Recorder } from './recorder.js';
export { renderOffline, analyse, toWav, fromWav } from './render.js';
export type { Analysis } from './render.js';
