#!/usr/bin/env node
// aither-render: evaluates a session file and renders it offline — the main
// job that needs no sound card.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRuntime, SessionError } from '@aither/core';
import * as helpers from '@aither/helpers';
import { analyse, renderOffline, toWav } from './render.js';

const USAGE =
  'usage: aither-render <session.js> [--seconds 4] [--out file.wav] [--sample-rate 48000] [--channels 2] [--mode session|snippet] [--with <helper package>]...';

/** Helper packages this command knows of, so a session using one that is not installed is told which. */
const KNOWN: Record<string, string[]> = { '@aither/helpers-physical': ['pluck', 'bell'] };

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '4' },
      out: { type: 'string' },
      'sample-rate': { type: 'string', default: '48000' },
      channels: { type: 'string', default: '2' },
      mode: { type: 'string', default: 'session' },
      with: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    console.log(USAGE);
    return file ? 0 : 1;
  }
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    console.error(`aither-render: cannot read ${file}`);
    return 1;
  }
  const seconds = Number(values.seconds);
  const sampleRate = Number(values['sample-rate']);
  const channels = Number(values.channels);
  const extra: Record<string, unknown>[] = [];
  for (const name of values.with ?? []) {
    try {
      extra.push((await import(name)) as Record<string, unknown>);
    } catch {
      console.error(`aither-render: cannot load helper package ${name}`);
      return 1;
    }
  }
  const runtime = createRuntime({ sampleRate, channels, install: [helpers, ...extra] });
  for (const [pkg, names] of Object.entries(KNOWN)) if (!(values.with ?? []).includes(pkg)) runtime.catalog(pkg, names);
  let registered: string[];
  try {
    registered = runtime.evaluate(code, { mode: values.mode === 'snippet' ? 'snippet' : 'session' }).registered;
  } catch (error) {
    if (error instanceof SessionError) {
      console.error(`${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const started = performance.now();
  const audio = await renderOffline(runtime, seconds);
  const ms = performance.now() - started;
  const { peak, rms, fundamentalHz } = analyse(audio, channels, sampleRate);
  const stats = runtime.stats();
  console.log(`session   ${file}: ${registered.join(', ') || 'no signals'}`);
  console.log(`rendered  ${seconds} s at ${sampleRate} Hz, ${channels} ch in ${ms.toFixed(0)} ms (${((seconds * 1000) / ms).toFixed(0)}x real time)`);
  console.log(`level     peak ${peak.toFixed(3)} (${(20 * Math.log10(peak || 1e-12)).toFixed(1)} dBFS), rms ${rms.toFixed(3)}`);
  console.log(`pitch     ${fundamentalHz.toFixed(1)} Hz (zero crossings, channel 0, second half)`);
  console.log(
    `memory    ${stats.signals} signals (${stats.compiledSignals} compiled into one loop), signal slots ${stats.signalSlotsUsed}, helper slots ${stats.helperSlotsUsed} used / ${stats.helperSlotsFree} free in ${stats.helperBlocks} blocks`,
  );
  const faults = runtime.drainErrors();
  if (faults.length === 0) console.log('faults    none');
  for (const fault of faults) console.log(`fault     ${fault.message}`);
  if (values.out) {
    const wav = toWav(audio, sampleRate, channels);
    writeFileSync(values.out, wav);
    console.log(`wrote     ${values.out} (${(wav.length / 1024).toFixed(0)} KiB)`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
