import { constant, createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { hatKernel, seedKernel, voiceKernel } from './fused-kernels.js';
import { fusedSeed, fusedSeedLocals, fusedVoice, fusedVoiceWithDuties } from './fused.js';
import { BLOCK, SR } from './measure.js';

export const SEED = `pipe(osc(440), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.5, 0.25), x => gain(x, 0.4))`;

export const HAT = `pipe(noise(), x => hpf(x, 6000, 0.3), x => gain(x, decay(phasor(4), 20)))`;

/** A block renderer over a runtime evaluating `code`. */
function session(code: string, channels = 1, startFrame = 0): () => void {
  // 64 seed chains hold 64 half-second delay lines: more than the default pool.
  const rt = createRuntime({ sampleRate: SR, channels, install: [helpers, { constant, seedKernel, voiceKernel, hatKernel }], helperPoolSize: 1 << 22, startFrame });
  rt.evaluate(code);
  const out = new Float32Array(BLOCK * channels);
  return () => rt.render(out, BLOCK);
}

/** Each helper, applied to a sine where it takes an input. */
export const HELPERS: Record<string, string> = {
  osc: 'osc(440)',
  saw: 'saw(440)',
  pulse: 'pulse(440, 0.3)',
  tri: 'tri(440)',
  phasor: 'phasor(440)',
  wave: 'wave(2, [110, 220, 330])',
  noise: 'noise()',
  pink: 'pink()',
  lowpass: 'lowpass(x, 800)',
  highpass: 'highpass(x, 800)',
  dcblock: 'dcblock(x)',
  slew: 'slew(x, 0.01)',
  lpf: 'lpf(x, 800, 0.5)',
  hpf: 'hpf(x, 800, 0.5)',
  bpf: 'bpf(x, 800, 0.5)',
  notch: 'notch(x, 800, 0.5)',
  lowpassQ: 'lowpassQ(x, 800, 2)',
  ladder: 'ladder(x, 800, 0.5)',
  delay: 'delay(x, 0.5, 0.25)',
  feedback: 'feedback(x, 0.5, 0.25, 0.5)',
  allpass: 'allpass(x, 0.05, 0.0123, 0.5)',
  reverb: 'reverb(x, 2, 0.3, 0.3)',
  tremolo: 'tremolo(x, 5, 0.8)',
  vibrato: 'vibrato(x, 5, 0.5)',
  chorus: 'chorus(x, 0.8, 0.5, 0.5)',
  gain: 'gain(x, 0.5)',
  pan: 'pan(x, 0.3)',
  mix: 'mix(x, x)',
  share: 'share(x)',
  tanh: 'tanh(x, 2)',
  softclip: 'softclip(x, 2)',
  fold: 'fold(x, 2)',
  crush: 'crush(x, 4, 8000)',
  hold: 'hold(x, 1000)',
  compressor: 'compressor(x, -20, 4, 0.005, 0.1)',
  limiter: 'limiter(x, -3)',
  limiterTruePeak: 'limiter(x, -3, 0.05, { truePeak: true })',
  decay: 'decay(phasor(2), 8)',
  adsr: 'adsr(wave(1, [1, 0]), 0.01, 0.1, 0.5, 0.2)',
  clock: 'clock(120)',
  trigger: 'trigger(phasor(2))',
  seq: 'seq([1, 2, 3], phasor(4))',
  sampleHold: 'sampleHold(x, trigger(phasor(8)))',
};

/** The input of helpers that take one: a sine (its own cost is the "osc" row). */
const INPUT = 'const x = osc(220);';

/**
 * Renders a few unlike signals, each in its own runtime, so that the mixer's
 * call into a signal's loop has seen many loops (as in any real session) before
 * a case is timed. Otherwise V8 may inline the first loop it sees into the
 * mixer and not the second: two cases timed in one process would then be
 * compiled differently, and their ratio would say which ran first.
 */
export function varyMixer(): void {
  for (const code of ['osc(220)', 'saw(110)', 'noise()', 'gain(tri(330), 0.5)', 'lowpass(pulse(55, 0.3), 900)', 's => 0']) {
    const rt = createRuntime({ sampleRate: SR, install: [helpers] });
    rt.evaluate(`register('v', ${code});`);
    const out = new Float32Array(BLOCK * rt.channels);
    for (let i = 0; i < 200; i++) rt.render(out, BLOCK);
  }
}

/** Every case by name: a function that prepares and returns a block renderer. */
export const CASES: Record<string, () => () => void> = {
  'osc (bare)': () => session(`register('a', osc(440));`),
  'seed example': () => session(`register('seed', ${SEED});`),
  'seed, fused JS': () => {
    const run = fusedSeed(1);
    const out = new Float32Array(BLOCK);
    return () => run(out);
  },
  'seed, fused JS, state in locals': () => {
    const run = fusedSeedLocals();
    const out = new Float32Array(BLOCK);
    return () => run(out);
  },
  'voice (saw, lpf, gain)': () => session(`register('voice', pipe(saw(110), x => lpf(x, 800, 0.5), x => gain(x, 0.3)));`),
  'voice, fused JS': () => {
    const run = fusedVoice();
    const out = new Float32Array(BLOCK);
    return () => run(out);
  },
  'voice, fused JS + engine duties': () => {
    const run = fusedVoiceWithDuties();
    const out = new Float32Array(BLOCK);
    return () => run(out);
  },
  'seed, hand-fused kernel': () => session(`register('seed', seedKernel());`),
  'voice, hand-fused kernel': () => session(`register('voice', voiceKernel());`),
  'hat (noise, hpf, decay)': () => session(`register('hat', ${HAT});`),
  'hat, hand-fused kernel': () => session(`register('hat', hatKernel());`),
  'seed example, stereo': () => session(`register('seed', ${SEED});`, 2),
  // An installation that has played for about a day: the clock past 2^32 frames.
  'seed example, clock past 2^32': () => session(`register('seed', ${SEED});`, 1, 2 ** 32 - 4800),
  'user function calling osc, clock past 2^32': () => session(`${INPUT} register('h', s => x(s));`, 1, 2 ** 32 - 4800),
  '64 × seed': () => session(Array.from({ length: 64 }, (_, i) => `register('seed${i}', ${SEED});`).join('\n')),
  '64 × seed, fused JS': () => {
    const run = fusedSeed(64);
    const out = new Float32Array(BLOCK);
    return () => run(out);
  },
  'empty signal': () => session(`register('h', constant(0));`),
  'empty signal, stereo': () => session(`register('h', constant(0), { channels: 2 });`, 2),
  'empty user function': () => session(`register('h', s => 0);`),
  'user function calling osc': () => session(`${INPUT} register('h', s => x(s));`),
  'bare input (osc 220)': () => session(`${INPUT} register('h', x);`),
  'bare input, stereo': () => session(`${INPUT} register('h', x, { channels: 2 });`, 2),
};
for (const [name, expr] of Object.entries(HELPERS)) {
  CASES[`helper ${name}`] = () => session(`${INPUT} register('h', ${expr});`);
  CASES[`helper ${name}, stereo`] = () => session(`${INPUT} register('h', ${expr}, { channels: 2 });`, 2);
}
