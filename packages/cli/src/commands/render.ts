import { readFileSync, writeFileSync } from 'node:fs';
import { formatReply, Host } from '@aither/host';
import { analyse, renderOffline, toWav } from '@aither/offline';
import { makeRuntime, type RuntimeChoice } from '../runtime.js';
import { dbfs, Terminal } from '../terminal.js';

export interface RenderOptions extends RuntimeChoice {
  file: string;
  seconds: number;
  out?: string;
  mode: 'session' | 'snippet';
}

/**
 * `aither render`: evaluates the session and renders it offline, faster than
 * real time, in the same blocks as a live sink pulls (the same samples);
 * prints level, pitch and pool use; writes a 32-bit float WAV.
 */
export async function render(options: RenderOptions, term = new Terminal()): Promise<number> {
  const code = readFileSync(options.file, 'utf8');
  const host = new Host(await makeRuntime(options));
  const reply = host.evaluate(code, options.mode);
  if (!reply.ok) {
    term.error(formatReply(options.file, reply));
    return 1;
  }
  const { runtime } = host;
  const started = performance.now();
  const audio = await renderOffline(runtime, options.seconds);
  const ms = performance.now() - started;
  const { peak, rms, fundamentalHz } = analyse(audio, runtime.channels, runtime.sampleRate);
  const stats = runtime.stats();
  term.info(`session   ${options.file}: ${reply.registered.join(', ') || 'no signals'}`);
  term.info(`rendered  ${options.seconds} s at ${runtime.sampleRate} Hz, ${runtime.channels} ch in ${ms.toFixed(0)} ms (${((options.seconds * 1000) / ms).toFixed(0)}x real time)`);
  term.info(`level     peak ${peak.toFixed(3)} (${dbfs(peak)}), rms ${rms.toFixed(3)}`);
  term.info(`pitch     ${fundamentalHz.toFixed(1)} Hz (zero crossings, channel 0, second half)`);
  term.info(
    `memory    ${stats.signals} signals (${stats.compiledSignals} compiled into one loop), signal slots ${stats.signalSlotsUsed}, helper slots ${stats.helperSlotsUsed} used / ${stats.helperSlotsFree} free in ${stats.helperBlocks} blocks`,
  );
  const faults = host.faults();
  if (faults.length === 0) term.info('faults    none');
  for (const fault of faults) term.info(`fault     ${fault.message}`);
  if (options.out) {
    const wav = toWav(audio, runtime.sampleRate, runtime.channels);
    writeFileSync(options.out, wav);
    term.info(`wrote     ${options.out} (${(wav.length / 1024).toFixed(0)} KiB)`);
  }
  return 0;
}
