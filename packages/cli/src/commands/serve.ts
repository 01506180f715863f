import { renderedFor } from '../fade-out.js';
import { readFileSync, rmSync } from 'node:fs';
import { faultMessage, formatReply, Host } from '@aither/host';
import { makeRuntime, type RuntimeChoice } from '../runtime.js';
import { startServer } from '../server.js';
import { openSink, type SinkChoice } from '../sinks.js';
import { statusLine, Terminal } from '../terminal.js';
import { collectNow } from '../steady-heap.js';
import { warmHelpers } from '../warm.js';
import { newToken, serverDir, writeConnection } from '../token.js';

export interface ServeOptions extends RuntimeChoice, SinkChoice {
  port: number;
  origins: string[];
  /** Stop after this many seconds (scripts, tests). */
  seconds?: number;
}

/** The playground's origins (vite's dev server), allowed by default. */
export const PLAYGROUND_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/**
 * The playground's address that connects it to this server: the port and
 * token ride in the fragment, which the browser never sends to any server
 * (the playground reads it, then strips it from the address bar). The page is
 * the last allowed origin: the default playground, or the one given last.
 */
export function playgroundURL(origins: string[], port: number, token: string): string | undefined {
  const origin = [...origins].reverse().find((o) => /^https?:\/\//.test(o));
  return origin === undefined ? undefined : `${origin}/#port=${port}&token=${token}`;
}

/**
 * `aither serve`: one runtime playing, taking code from editors over
 * 127.0.0.1 with a token (`aither send`, `aither repl`, the playground's
 * WebSocket). Its port and token are in a file only this user can read.
 */
export async function serveCommand(options: ServeOptions, term = new Terminal()): Promise<number> {
  // Listened for from the start, and for the process's life (see play.ts).
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  process.on('SIGINT', () => finish());
  process.on('SIGTERM', () => finish());
  // Before anything plays: the first use of each helper would be heard (warm.ts).
  warmHelpers(options.sampleRate, options.channels);
  const host = new Host(await makeRuntime({ ...options, live: true }));
  host.meterSignals(); // the playground shows each signal's level
  host.keepWave(); // and draws the server's sound from its last frames
  if (options.file) {
    const reply = host.evaluate(readFileSync(options.file, 'utf8'), 'session');
    if (!reply.ok) term.error(formatReply(options.file, reply));
  }
  const sink = await openSink(options);
  collectNow();
  await sink.start(host.render, { error: (e) => term.error(`device error: ${e.message}`) });
  const token = newToken();
  const server = await startServer({
    host,
    token,
    port: options.port,
    origins: options.origins,
    hello: { v: 1, type: 'hello', venue: 'aither serve', sink: options.sink, sampleRate: host.runtime.sampleRate, channels: host.runtime.channels },
    served: (request, reply) => {
      if (reply.type === 'result') term.info(reply.reply.ok ? `evaluated: ${reply.reply.registered.join(', ') || 'no signals'}` : formatReply('code', reply.reply));
    },
  });
  const file = writeConnection({ port: server.port, token, pid: process.pid }, serverDir());
  term.info(`serving on 127.0.0.1:${server.port} (${options.sink}); token in ${file}`);
  const url = playgroundURL(options.origins, server.port, token);
  if (url) term.info(`playground: ${url}`);
  const ticker = setInterval(() => {
    for (const fault of host.faults()) {
      term.error(`fault: ${fault.message}`);
      server.publish(faultMessage(fault));
    }
    // The sound's shape goes with the meters: a page showing this venue has no audio to draw a scope from.
    const meters = { ...host.meters(), wave: host.wave() };
    server.publish({ v: 1, type: 'stats', meters });
    term.status(statusLine(meters, sink.status().underruns));
  }, 250);
  if (options.seconds !== undefined) setTimeout(finish, options.seconds * 1000);
  await finished;
  clearInterval(ticker);
  host.hush(0.1);
  const tail = 0.1 + sink.latencyFrames / sink.sampleRate + 0.02;
  await renderedFor(host.runtime, tail, 1000 * tail + 2000);
  await server.close();
  await sink.stop();
  rmSync(file, { force: true });
  term.done();
  term.info(`served ${host.runtime.time.toFixed(2)} s, ${sink.status().underruns} underruns`);
  return 0;
}
