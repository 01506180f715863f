import { kernel, mapKernel, type KernelStep, type Param, type Signal, type Gain, type Seconds } from '@aither/core';
import { check, checkSignal } from './param.js';

/**
 * Exponential decay of a ramp: `y = e^(−input · rate)`. Fed a {@link phasor}
 * it makes a percussive envelope that restarts (at 1) every cycle.
 * @param input - usually a phasor (0..1). @param rate - decay per unit of input, constant or
 * signal: fed `phasor(f)`, the envelope falls to 1/e in 1/(rate·f) s (`decay(phasor(2), 8)`: 62.5 ms).
 * @example `const tone = osc(55), env = decay(phasor(2), 10); play('kick', s => tone(s) * env(s))`
 */
export function decay(input: Signal, rate: Param): Signal {
  checkSignal('decay', 'input', input);
  check('decay', 'rate', rate);
  return mapKernel('decay', [input, rate], decayStep);
}

const IDLE = 0;
const ATTACK = 1;
const DECAY = 2;
const SUSTAIN = 3;
const RELEASE = 4;

/**
 * Linear ADSR envelope driven by a gate (> 0.5 = held). Attack rises to 1 in
 * `a` s, decay falls to `sustain` in `d` s, release falls from wherever it
 * is to 0 in `r` s (each within a sample). A new gate restarts the attack from
 * the current level L, at the same rate (1 in (1 − L)·a s).
 * @param gate - the gate signal. @param a - attack, s. @param d - decay, s.
 * @param sustain - level 0..1. @param r - release, s.
 * @example `const env = adsr(s => (s.t % 1 < 0.3 ? 1 : 0), 0.01, 0.1, 0.6, 0.3), tone = saw(220); play('pad', s => tone(s) * env(s) * 0.3)`
 */
export function adsr(gate: Param, a: Param<Seconds>, d: Param<Seconds>, sustain: Param<Gain>, r: Param<Seconds>): Signal {
  [gate, a, d, sustain, r].forEach((p, i) => {
    check('adsr', ['gate', 'attack', 'decay', 'sustain', 'release'][i]!, p);
  });
  // [stage, level, previous gate, release step]
  return kernel('adsr', 4, [gate, a, d, sustain, r], adsrStep, { uses: { advance, IDLE, ATTACK, DECAY, SUSTAIN, RELEASE } });
}

/**
 * One frame of {@link adsr}: updates the stage and level in place. A function
 * returning nothing, so that a call V8 does not inline boxes no double.
 */
function advance(m: Float64Array, o: number, gate: number, a: number, d: number, sustain: number, r: number, sr: number): void {
  const on = gate > 0.5;
  const was = m[o + 2] === 1;
  m[o + 2] = on ? 1 : 0;
  const level = m[o + 1]!;
  const sus = Math.min(Math.max(sustain, 0), 1);
  // Every candidate is computed on every frame and the stage picks one: code
  // first run at the first release, seconds after V8 optimised the loop, would
  // meet it without type feedback, and the deoptimisation can leave the loop
  // unoptimised and allocating for good (docs/performance.md).
  const attack = on && !was;
  const release = !on && was;
  const fresh = r > 0 ? level / (r * sr) : level;
  const step = release ? fresh : m[o + 3]!;
  m[o + 3] = step;
  const stage = attack ? ATTACK : release ? RELEASE : m[o]!;
  const up = level + (a > 0 ? 1 / (a * sr) : 1);
  const down = level - (d > 0 ? (1 - sus) / (d * sr) : 1);
  const drop = level - step;
  const peaked = up >= 1;
  const settled = down <= sus;
  const ended = drop <= 0;
  const inAttack = stage === ATTACK;
  const inDecay = stage === DECAY;
  const inSustain = stage === SUSTAIN;
  const inRelease = stage === RELEASE;
  m[o] = inAttack ? (peaked ? DECAY : ATTACK) : inDecay ? (settled ? SUSTAIN : DECAY) : inRelease ? (ended ? IDLE : RELEASE) : stage;
  m[o + 1] = inAttack ? (peaked ? 1 : up) : inDecay ? (settled ? sus : down) : inSustain ? sus : inRelease ? (ended ? 0 : drop) : level;
}

const decayStep: KernelStep = (m, o, s, x, rate) => Math.exp(-x * rate);

const adsrStep: KernelStep = (m, o, s, gate, a, d, sustain, r) => {
  advance(m, o, gate, a, d, sustain, r, s.sr);
  return m[o + 1]!;
};
