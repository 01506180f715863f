// Measuring tools for the helpers' tests (not exported).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime, type Runtime } from '@aither/core';
import { channel, render } from '@aither/helper-kit';
import * as helpers from './index.js';

export { channel, render };

/** The seed's example session, as shipped in examples/seed.js. */
export const SEED = readFileSync(fileURLToPath(new URL('../../../examples/seed.js', import.meta.url)), 'utf8');

/** A runtime with every helper installed, as hosts set it up. */
export function runtime(sampleRate = 48000, channels = 1): Runtime {
  const rt = createRuntime({ sampleRate, channels });
  rt.install(helpers);
  return rt;
}

/** Magnitude of frequency `hz` in `x` (Goertzel), normalised so a full-scale sine gives ~0.5. */
export function goertzel(x: ArrayLike<number>, sampleRate: number, hz: number): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i]! + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const re = s1 - s2 * Math.cos(w);
  const im = s2 * Math.sin(w);
  return Math.hypot(re, im) / x.length;
}

/** Frequency from rising zero crossings: core's, which the offline sink's `analyse` reads too. */
export { zeroCrossingHz } from '@aither/core';

/** Largest |x[i] - x[i-1]| in a channel. */
export function maxStep(x: ArrayLike<number>, from = 1, to = x.length): number {
  let max = 0;
  for (let i = Math.max(1, from); i < to; i++) max = Math.max(max, Math.abs(x[i]! - x[i - 1]!));
  return max;
}

/**
 * Registers `build()` (helpers are constructed right here, so they bind to
 * this signal) with no fade, renders `frames`, returns each channel.
 */
export function probe(
  build: () => import('@aither/core').Signal,
  frames: number,
  { sampleRate = 48000, channels = 1 }: { sampleRate?: number; channels?: number } = {},
): Float32Array[] {
  const rt = createRuntime({ sampleRate, channels });
  rt.register('probe', build(), { fadeSeconds: 0, channels });
  const out = render(rt, frames);
  const faults = rt.drainErrors();
  if (faults.length) throw new Error(faults[0]!.message);
  return Array.from({ length: channels }, (_, c) => channel(out, channels, c));
}

/** Root-mean-square of `x[from..]`. */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / (to - from));
}

/** Steady-state gain in dB of `filter` for a sine of `hz` (amplitude `amp`), measured on the last half second. */
export function gainDb(filter: (x: import('@aither/core').Signal) => import('@aither/core').Signal, hz: number, sampleRate = 48000, amp = 0.05): number {
  const frames = sampleRate;
  const [y] = probe(() => filter((s) => amp * Math.sin((2 * Math.PI * hz * s.frame) / s.sr)), frames, { sampleRate });
  return 20 * Math.log10(rms(y!, frames / 2) / (amp / Math.SQRT2));
}

export const db = (x: number) => 20 * Math.log10(x);

/** `global.gc` when Node runs with --expose-gc (the GC tests run only then). */
export const gc = (globalThis as { gc?: () => void }).gc;

export { gcEvents } from '@aither/helper-kit';
