export { Host } from './host.js';
export type { Meters } from './host.js';
export { evaluateReply, formatReply } from './result.js';
export type { EvaluateReply } from './result.js';
export { PROTOCOL_VERSION, serve, faultMessage } from './protocol.js';
export type { Message, Request } from './protocol.js';
