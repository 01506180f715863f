import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve, type Host, type Message } from '@aither/host';
import { WebSocketServer, type WebSocket } from 'ws';
import { sameToken } from './token.js';

/** The WebSocket sub-protocol prefix a browser carries the token in (it cannot set headers). */
export const TOKEN_PROTOCOL = 'aither.token.';

/** Options of {@link startServer}. */
export interface ServerOptions {
  host: Host;
  token: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Page origins allowed to connect (the playground's); a request with any other Origin is refused. */
  origins: string[];
  /** Sent first on every WebSocket (which venue and sink play). */
  hello?: Message;
  /** Called with each request served (for the terminal). */
  served?: (request: unknown, reply: Message) => void;
}

function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carried = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL));
  return carried?.slice(TOKEN_PROTOCOL.length);
}

/**
 * Why a request is refused, or undefined: a Host header that is not this
 * loopback address (DNS rebinding), an Origin that is not allowed (a web
 * page), a missing or wrong token.
 */
function refusal(req: IncomingMessage, options: ServerOptions, port: number): [number, string] | undefined {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return [421, `Host ${host} is not this server (127.0.0.1:${port})`];
  const origin = req.headers.origin;
  if (origin !== undefined && !options.origins.includes(origin)) return [403, `Origin ${origin} is not allowed (allowed: ${options.origins.join(', ') || 'none'})`];
  if (!sameToken(tokenOf(req), options.token)) return [401, 'missing or wrong token'];
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 4 << 20) req.destroy(new Error('request too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function answer(data: string, options: ServerOptions): Message {
  let request: unknown;
  try {
    request = JSON.parse(data);
  } catch {
    return { v: 1, type: 'error', message: 'the request is not JSON' };
  }
  const reply = serve(options.host, request);
  options.served?.(request, reply);
  return reply;
}

/**
 * The code server of `aither serve`: on 127.0.0.1 only, every request with
 * the token. `POST /v1` takes one request and answers it; `/v1/ws` is a
 * WebSocket carrying the same messages, plus what the venue publishes to
 * every client (`stats`, `fault`).
 */
export async function startServer(options: ServerOptions): Promise<{ server: Server; port: number; publish(message: Message): void; close(): Promise<void> }> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('aither.v1') ? 'aither.v1' : false) });
  let port = options.port;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const refused = refusal(req, options, port);
    if (refused) {
      res.writeHead(refused[0], { 'content-type': 'text/plain' }).end(`${refused[1]}\n`);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('POST /v1 or a WebSocket at /v1/ws\n');
      return;
    }
    const reply = answer(await readBody(req), options);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = refusal(req, options, port) ?? (req.url === '/v1/ws' ? undefined : ([404, 'no such endpoint'] as [number, string]));
    if (refused) {
      socket.end(`HTTP/1.1 ${refused[0]} ${refused[1]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (options.hello) ws.send(JSON.stringify(options.hello));
      ws.on('message', (data) => ws.send(JSON.stringify(answer(String(data), options))));
    });
  });
  const publish = (message: Message) => {
    const text = JSON.stringify(message);
    for (const client of wss.clients) client.send(text);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    publish,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
