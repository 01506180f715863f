import type { SignalFault } from '@aither/core';
import type { Host, Meters } from './host.js';
import type { EvaluateReply } from './result.js';

/** The message version this side speaks; a message of another version is answered with an error saying both. */
export const PROTOCOL_VERSION = 1;

/** What an editor (the playground, `aither send`, `aither repl`) asks of a venue. */
export type Request =
  | { v: number; type: 'evaluate'; id: number; code: string; mode?: 'session' | 'snippet' }
  | { v: number; type: 'hush'; id: number; fadeSeconds?: number }
  | { v: number; type: 'panic'; id: number }
  | { v: number; type: 'stats'; id: number };

/** What a venue answers or publishes. `id` is the request's; published messages have none. */
export type Message =
  | { v: number; type: 'result'; id: number; reply: EvaluateReply }
  | { v: number; type: 'done'; id: number }
  | { v: number; type: 'stats'; id?: number; meters: Meters }
  | { v: number; type: 'fault'; fault: Pick<SignalFault, 'signal' | 'kind' | 'message' | 'frame'> }
  | { v: number; type: 'error'; id?: number; message: string }
  | Hello;

/**
 * What a venue says first on a connection that stays open (the WebSocket of
 * `aither serve`): which venue and sink plays, at what rate. A client of v1
 * that does not know it ignores it.
 */
export interface Hello {
  v: number;
  type: 'hello';
  /** What serves: `'aither serve'`, `'worklet'`. */
  venue: string;
  /** Where the sound goes: `'speaker'`, `'portaudio'`, `'null'`, `'wav'`, `'worklet'`. */
  sink: string;
  sampleRate: number;
  channels: number;
}

const TYPES = ['evaluate', 'hush', 'panic', 'stats'];

/** Why `data` is not a request this side can serve, or undefined when it is one. */
function invalid(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'a message must be a JSON object';
  const m = data as Record<string, unknown>;
  if (m.v !== PROTOCOL_VERSION) return `protocol version ${String(m.v)} is not served here: this side speaks version ${PROTOCOL_VERSION}`;
  if (typeof m.type !== 'string' || !TYPES.includes(m.type)) return `unknown message type ${JSON.stringify(m.type)}: expected one of ${TYPES.join(', ')}`;
  if (typeof m.id !== 'number') return 'a request needs a numeric id';
  if (m.type === 'evaluate' && typeof m.code !== 'string') return 'evaluate needs code (a string)';
  if (m.type === 'evaluate' && m.mode !== undefined && m.mode !== 'session' && m.mode !== 'snippet') return `mode must be 'session' or 'snippet', got ${JSON.stringify(m.mode)}`;
  return undefined;
}

/**
 * Serves one request on a host: the same answer whatever the transport
 * (a WebSocket, a worklet's port). Never throws for a bad request: the answer
 * is an `error` message saying what is wrong.
 *
 * @example
 * ```ts
 * serve(host, { v: 1, type: 'evaluate', id: 7, code: "play('a', osc(440))" });
 * // { v: 1, type: 'result', id: 7, reply: { ok: true, registered: ['a'], ... } }
 * ```
 */
export function serve(host: Host, data: unknown): Message {
  const why = invalid(data);
  const id = typeof (data as { id?: unknown } | null)?.id === 'number' ? (data as { id: number }).id : undefined;
  if (why) return id === undefined ? { v: PROTOCOL_VERSION, type: 'error', message: why } : { v: PROTOCOL_VERSION, type: 'error', id, message: why };
  const request = data as Request;
  switch (request.type) {
    case 'evaluate':
      return { v: PROTOCOL_VERSION, type: 'result', id: request.id, reply: host.evaluate(request.code, request.mode ?? 'snippet') };
    case 'hush':
      host.hush(request.fadeSeconds);
      return { v: PROTOCOL_VERSION, type: 'done', id: request.id };
    case 'panic':
      host.panic();
      return { v: PROTOCOL_VERSION, type: 'done', id: request.id };
    case 'stats':
      return { v: PROTOCOL_VERSION, type: 'stats', id: request.id, meters: host.meters() };
  }
}

/** A fault as a message (plain data: the error object stays home). */
export function faultMessage(fault: SignalFault): Message {
  return { v: PROTOCOL_VERSION, type: 'fault', fault: { signal: fault.signal, kind: fault.kind, message: fault.message, frame: fault.frame } };
}
