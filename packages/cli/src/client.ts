import type { EvaluateReply, Message } from '@aither/host';
import { readConnection, type Connection } from './token.js';

/** One request to a running `aither serve`, answered. */
export async function request(connection: Connection, body: Record<string, unknown>): Promise<Message> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${connection.port}/v1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, id: 1, ...body }),
    });
  } catch (error) {
    throw new Error(
      `no server on 127.0.0.1:${connection.port} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}); start one with \`aither serve\``,
    );
  }
  if (!response.ok) throw new Error(`the server refused: ${response.status} ${(await response.text()).trim()}`);
  return (await response.json()) as Message;
}

/** Sends code to evaluate and returns the server's reply (or its error, as a failed reply). */
export async function sendCode(code: string, mode: 'session' | 'snippet', file?: string): Promise<EvaluateReply> {
  const message = await request(readConnection(file), { type: 'evaluate', code, mode });
  if (message.type === 'result') return message.reply;
  if (message.type === 'error') return { ok: false, message: message.message };
  return { ok: false, message: `unexpected answer ${message.type}` };
}
