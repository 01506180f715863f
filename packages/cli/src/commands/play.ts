import { renderedFor } from '../fade-out.js';
import { readFileSync } from 'node:fs';
import type { AudioSink } from '@aither/core';
import { formatReply, Host } from '@aither/host';
import { Recorder } from '@aither/offline';
import { makeRuntime, type RuntimeChoice } from '../runtime.js';
import { openSink, type SinkChoice } from '../sinks.js';
import { dbfs, statusLine, Terminal } from '../terminal.js';
import { collectNow, STEADY_FLAG } from '../steady-heap.js';
import { warmHelpers } from '../warm.js';
import { watchFile } from '../watch.js';

export interface PlayOptions extends RuntimeChoice, SinkChoice {
  file: string;
  /** Take of everything played, written at exit. */
  record?: string;
  /** Stop after this many seconds, as Ctrl-C would (scripts, tests). */
  seconds?: number;
  /** Print the sink's latency and, at exit, the render load. */
  stats?: boolean;
  /** Fade at exit, seconds. */
  fadeSeconds?: number;
}

/**
 * `aither play`: evaluates the session, plays it, and reloads it on every
 * save with all state kept. A session error prints `file:line:col: message`
 * and the old code plays on; a fault is printed once; Ctrl-C (or
 * `--seconds`) fades out, prints one summary line and exits 0.
 */
export async function play(options: PlayOptions, term = new Terminal()): Promise<number> {
  // Listened for from the start (a Ctrl-C while starting stops as one while playing does), and for the
  // process's life: a Ctrl-C reaches it twice when relaunched (steady-heap.ts), and the second must not kill the fade.
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  process.on('SIGINT', () => finish());
  process.on('SIGTERM', () => finish());
  const code = readFileSync(options.file, 'utf8');
  const host = new Host(await makeRuntime({ ...options, live: true }));
  const sink: AudioSink = await openSink(options);
  const take = options.record ? new Recorder(sink.sampleRate, sink.channels) : undefined;
  const render = take
    ? (out: Float32Array, frames: number) => {
        host.render(out, frames);
        take.push(out, frames);
      }
    : host.render;

  const load = (text: string, what: string): void => {
    const started = performance.now();
    const reply = host.evaluate(text, 'session');
    const ms = performance.now() - started;
    if (reply.ok)
      term.info(`${options.file}: ${what} in ${ms.toFixed(1)} ms — ${reply.registered.join(', ') || 'no signals'}${reply.warnings.map((w) => `\n  warning: ${w}`).join('')}`);
    else term.error(formatReply(options.file, reply) + (what === 'loaded' ? '' : '\n  (the previous code plays on)'));
  };

  let restarting: ReturnType<typeof setTimeout> | undefined;
  let stopping = false;
  const report = {
    error: (error: Error) => {
      term.error(`device error: ${error.message} — the session keeps its state; restarting the sink in 1 s`);
      if (stopping) return;
      restarting = setTimeout(() => {
        restarting = undefined;
        sink.start(render, report).catch((e: Error) => report.error(e));
      }, 1000);
    },
  };
  // The device opens first: a device that cannot open fails before anything is evaluated.
  // Everything that stalls the event loop once happens before the device starts: it would be heard.
  const warmed = warmHelpers(sink.sampleRate, sink.channels);
  load(code, 'loaded');
  const watcher = watchFile(options.file, code, (text) => load(text, 'reloaded'));
  await watcher.ready;
  collectNow();
  await sink.start(render, report);
  term.info(`playing   through ${options.sink}${options.device !== undefined ? ` (${options.device})` : ''}, ${sink.sampleRate} Hz, ${sink.channels} ch; Ctrl-C to stop`);
  if (options.stats) {
    term.info(
      `sink      ${options.sink}: ${sink.blockFrames} frames per block, ${sink.latencyFrames} frames ahead (${((1000 * sink.latencyFrames) / sink.sampleRate).toFixed(1)} ms)`,
    );
    term.info(
      `heap      ${process.execArgv.includes(STEADY_FLAG) ? `steady (${STEADY_FLAG})` : 'with the memory reducer (its collections can be heard)'}; helpers warmed in ${warmed.ms.toFixed(0)} ms`,
    );
  }

  let load_ = 0;
  const ticker = setInterval(() => {
    for (const fault of host.faults()) term.error(`fault: ${fault.message}`);
    const meters = host.meters();
    load_ = Math.max(load_, meters.load);
    term.status(statusLine(meters, sink.status().underruns));
  }, 250);

  if (options.seconds !== undefined) setTimeout(finish, options.seconds * 1000);
  await finished;

  stopping = true;
  if (restarting) clearTimeout(restarting);
  const fade = options.fadeSeconds ?? 0.1;
  host.hush(fade);
  // The fade, 20 ms of silence, and what the sink holds ahead of the device, all rendered.
  const tail = fade + sink.latencyFrames / sink.sampleRate + 0.02;
  await renderedFor(host.runtime, tail, 1000 * tail + 2000);
  clearInterval(ticker);
  await watcher.close();
  await sink.stop();
  for (const fault of host.faults()) term.error(`fault: ${fault.message}`);
  if (take && options.record) {
    take.save(options.record);
    term.info(`recorded  ${options.record} (${(take.frames / sink.sampleRate).toFixed(2)} s)`);
  }
  const { underruns, underrunFrames, underrunsBusy } = sink.status();
  const busy = underrunsBusy === undefined ? '' : `; ${underrunsBusy} while Aither was busy`;
  const seconds = host.runtime.time;
  term.done();
  term.info(
    `played ${seconds.toFixed(2)} s, ${underruns} underruns (${((1000 * underrunFrames) / sink.sampleRate).toFixed(1)} ms${busy}), peak ${host.peakEver.toFixed(3)} (${dbfs(host.peakEver)})` +
      (options.stats ? `, latency ${((1000 * sink.latencyFrames) / sink.sampleRate).toFixed(1)} ms, worst render load ${(load_ * 100).toFixed(1)}%` : ''),
  );
  return 0;
}
