export { WorkletSink } from './worklet-sink.js';
export type { WorkletReply, WorkletSinkOptions } from './worklet-sink.js';
export { renderInWorklet } from './render-offline.js';
export type { RenderOptions } from './render-offline.js';
export { loadProcessor, defaultModuleURL } from './register.js';
export { PROCESSOR_NAME, QUANTUM_FRAMES } from './name.js';
export type { WorkletStats } from './stats.js';
export type { AudioThreadStats, ControlRequest, ProcessorInit, WorkletMessage, WorkletResultMessage, WorkletStatsMessage } from './messages.js';
