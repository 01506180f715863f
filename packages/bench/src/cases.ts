import { constant, createRuntime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { CASES as TABLE } from '@aither/helpers/cases';
import * as physical from '@aither/helpers-physical';
import { CASES as PHYSICAL } from '@aither/helpers-physical/cases';
import { casesOf, TEST_SIGNALS } from '@aither/helper-kit/table';
import { hatKernel, seedKernel, voiceKernel } from './fused-kernels.js';
import { fusedSeed, fusedSeedLocals, fusedVoice, fusedVoiceWithDuties } from './fused.js';
import { BLOCK, SR } from './measure.js';

export const SEED = `pipe(osc(440), x => lowpass(x, 800), x => tremolo(x, 5, 0.8), x => delay(x, 0.5, 0.25), x => gain(x, 0.4))`;

export const HAT = `pipe(noise(), x => hpf(x, 6000, 0.3), x => gain(x, decay(phasor(4), 20)))`;

/** A block renderer over a runtime evaluating `code`. */
function session(code: string, channels = 1, startFrame = 0): () => void {
  // 64 seed chains hold 64 half-second delay lines: more than the default pool.
  const rt = createRuntime({
    sampleRate: SR,
    channels,
    install: [helpers, physical, TEST_SIGNALS, { constant, seedKernel, voiceKernel, hatKernel }],
    helperPoolSize: 1 << 22,
    startFrame,
  });
  rt.evaluate(code);
  const out = new Float32Array(BLOCK * channels);
  return () => rt.render(out, BLOCK);
}

/**
 * Each helper, applied to a sine where it takes an input: every use in the
 * tables of cases of the helpers and of helpers-physical (its modulated uses aside, whose cost is mostly
 * their modulator's), by name.
 */
export const HELPERS: Record<string, string> = Object.fromEntries([...casesOf(TABLE), ...casesOf(PHYSICAL)].filter(([name]) => !name.endsWith(' (modulated)')));

/** The input of helpers that take one: a sine (its own cost is the "osc" row). */
const INPUT = 'const x = osc(220);';
/** The table's other test signals, for the rows that use them. */
const SIGNALS = 'const mod = testModulation(); const slow = testSlow();';

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
  CASES[`helper ${name}`] = () => session(`${INPUT} ${SIGNALS} register('h', ${expr});`);
  CASES[`helper ${name}, stereo`] = () => session(`${INPUT} ${SIGNALS} register('h', ${expr}, { channels: 2 });`, 2);
}
