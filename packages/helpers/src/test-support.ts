// Measuring tools for the helpers' tests (not exported).
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRuntime, type Runtime } from '@aither/core';
import * as helpers from './index.js';

/** The seed's example session, as shipped in examples/seed.js. */
export const SEED = readFileSync(fileURLToPath(new URL('../../../examples/seed.js', import.meta.url)), 'utf8');

/** A runtime with every helper installed, as hosts set it up. */
export function runtime(sampleRate = 48000, channels = 1): Runtime {
  const rt = createRuntime({ sampleRate, channels });
  rt.install(helpers);
  return rt;
}

/** Renders `frames` frames in 128-frame blocks; returns them interleaved. */
export function render(rt: Runtime, frames: number, block = 128): Float32Array {
  const out = new Float32Array(frames * rt.channels);
  const tmp = new Float32Array(block * rt.channels);
  for (let done = 0; done < frames; done += block) {
    const n = Math.min(block, frames - done);
    rt.render(tmp, n);
    out.set(tmp.subarray(0, n * rt.channels), done * rt.channels);
  }
  return out;
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

/** Every `stride`-th sample from `offset`: one channel of interleaved audio. */
export function channel(x: Float32Array, channels: number, index: number): Float32Array {
  const out = new Float32Array(x.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = x[i * channels + index]!;
  return out;
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

/** One use of every helper, `x` being a 220 Hz sine built before it (for tests that cover the whole library). */
export const CHAINS: Record<string, string> = {
  osc: 'osc(440)',
  sin: 'sin(440)',
  saw: 'saw(110)',
  square: 'square(110)',
  pulse: 'pulse(110, 0.3)',
  tri: 'tri(110)',
  'tri (swept through its crossfade)': 'tri(mix(gain(osc(0.5), 3000), 3500))',
  phasor: 'phasor(2)',
  wave: 'wave(2, [110, 220])',
  noise: 'noise()',
  pink: 'pink()',
  lowpass: 'lowpass(x, 800)',
  highpass: 'highpass(x, 800)',
  dcblock: 'dcblock(x)',
  slew: 'slew(x, 0.01)',
  lag: 'lag(x, 0.01)',
  lpf: 'lpf(x, 800, 0.5)',
  hpf: 'hpf(x, 800, 0.5)',
  bpf: 'bpf(x, 800, 0.5)',
  notch: 'notch(x, 800, 0.5)',
  lowpassQ: 'lowpassQ(x, 800, 2)',
  highpassQ: 'highpassQ(x, 800, 2)',
  bandpassQ: 'bandpassQ(x, 800, 2)',
  notchQ: 'notchQ(x, 800, 2)',
  ladder: 'ladder(x, 800, 0.5)',
  delay: 'delay(x, 0.1, 0.05)',
  feedback: 'feedback(x, 0.1, 0.05, 0.5)',
  comb: 'comb(x, 0.1, 0.05, 0.5)',
  allpass: 'allpass(x, 0.05, 0.01, 0.5)',
  reverb: 'reverb(x, 2, 0.3, 0.3)',
  tremolo: 'tremolo(x, 5, 0.8)',
  vibrato: 'vibrato(x, 5, 0.5)',
  chorus: 'chorus(x, 0.8, 0.5, 0.5)',
  gain: 'gain(x, 0.5)',
  pan: 'pan(x, 0.3)',
  mix: 'mix(x, x, 0.1)',
  share: 'share(x)',
  compose: 'compose(y => gain(y, 2), y => fold(y, 2))(x)',
  parallel: 'parallel(x, y => lowpass(y, 400), y => gain(y, 0.5))',
  tanh: 'tanh(x, 2)',
  softclip: 'softclip(x, 2)',
  fold: 'fold(x, 2)',
  crush: 'crush(x, 4, 8000)',
  hold: 'hold(x, 1000)',
  compressor: 'compressor(x, -20, 4, 0.01, 0.1)',
  limiter: 'limiter(x, -1, 0.1)',
  'limiter (true peak)': 'limiter(x, -1, 0.1, { truePeak: true })',
  decay: 'decay(phasor(2), 8)',
  adsr: 'adsr(square(1), 0.01, 0.1, 0.5, 0.2)',
  clock: 'clock(120)',
  trigger: 'trigger(phasor(8))',
  seq: 'seq([1, 2], clock(120))',
  sampleHold: 'sampleHold(x, trigger(phasor(8)))',
  pipe: 'pipe(x, y => lowpass(y, 800), y => gain(y, 0.5))',
};

/** `global.gc` when Node runs with --expose-gc (the GC tests run only then). */
export const gc = (globalThis as { gc?: () => void }).gc;

/** GC events while `rt` renders `seconds` of audio in 128-frame blocks, after `warmup` seconds for the JIT and a full GC. */
export async function gcEvents(rt: Runtime, warmup: number, seconds: number): Promise<number> {
  const out = new Float32Array(128 * rt.channels);
  for (let i = 0; i < (warmup * 48000) / 128; i++) rt.render(out, 128);
  gc!();
  let events = 0;
  const observer = new PerformanceObserver((list) => {
    events += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < (seconds * 48000) / 128; i++) rt.render(out, 128);
  await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
  observer.disconnect();
  return events;
}
