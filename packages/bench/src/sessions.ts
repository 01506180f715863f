// The shapes real sessions take, as session code: what the session rows of
// `pnpm bench` evaluate (issue 13's table).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime, type Runtime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { SEED } from './cases.js';
import { SR } from './measure.js';

/** The 32-signal stereo piece: 8 each of saw·lpf, pulse·ladder·pan, noise·bpf·reverb, tri·chorus. */
export const BIG = readFileSync(fileURLToPath(new URL('../../../examples/big.js', import.meta.url)), 'utf8');

/** A runtime with every helper installed; its pool holds 256 seed chains, so no row measures growth. */
export function runtime(channels = 2, tiered = false): Runtime {
  return createRuntime({ sampleRate: SR, channels, install: [helpers], helperPoolSize: 1 << 23, tiered });
}

/** One voice of the edit row: saw, lpf, gain, at pitch `hz`. */
const voice = (hz: number) => `pipe(saw(${hz}), x => lpf(x, 800, 0.5), x => gain(x, 0.01))`;

/** Pitch of voice `i` of the edit row. */
export const pitch = (i: number) => 55 * 2 ** (i / 24);

/** A session of `count` voices, each its own signal, with voice `edited` at `hz` instead of its pitch. */
export function voices(count: number, edited = -1, hz = 0): string {
  return Array.from({ length: count }, (_, i) => `play('v${i}', ${voice(i === edited ? hz : pitch(i))});`).join('\n');
}

/** `count` seed voices (the seed chain at pitches of their own) as one signal, `mix(...voices)`. */
export function seedMix(count: number): string {
  const chains = Array.from({ length: count }, (_, i) => seedVoice(i));
  return `play('v', mix(${chains.join(',\n')}));`;
}

/** The same `count` seed voices, each its own `play()`. */
export function seedSeparate(count: number): string {
  return Array.from({ length: count }, (_, i) => `play('v${i}', ${seedVoice(i)});`).join('\n');
}

/** Seed voice `i`: the seed chain at a pitch of its own, quieter (so that many do not clip). */
function seedVoice(i: number): string {
  return SEED.replace('osc(440)', `osc(${(220 * 2 ** (i / 32)).toFixed(3)})`).replace('gain(x, 0.4)', 'gain(x, 0.01)');
}

/** `count` kick-like sounds written as user functions of the signal state: `s => kick(s) * env(s)`. */
export function userFunctions(count: number): string {
  return Array.from({ length: count }, (_, i) => `{ const kick = osc(${50 + i}); const env = decay(phasor(${2 + i / 8}), 8); play('u${i}', s => 0.05 * kick(s) * env(s)); }`).join(
    '\n',
  );
}

/** The same `count` sounds as pipe chains. */
export function pipeChains(count: number): string {
  return Array.from({ length: count }, (_, i) => `play('u${i}', pipe(osc(${50 + i}), x => gain(x, decay(phasor(${2 + i / 8}), 8)), x => gain(x, 0.05)));`).join('\n');
}

/** A chain whose source is mono and which `pan` widens: saw → lpf → pan → delay. */
export const MONO_SOURCE = `play('c', pipe(saw(110), x => lpf(x, 800, 0.5), x => pan(x, 0.3), x => delay(x, 0.5, 0.25), x => gain(x, 0.3)));`;
