export { Host, WAVE_FRAMES } from './host.js';
export type { Meters, PoolGauges } from './host.js';
export { evaluateReply, formatReply } from './result.js';
export type { EvaluateReply } from './result.js';
export { PROTOCOL_VERSION, serve, faultMessage } from './protocol.js';
export type { Hello, Message, Request } from './protocol.js';
