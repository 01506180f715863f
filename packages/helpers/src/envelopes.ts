import { kernel, mapKernel, type KernelStep, type Param, type Signal } from '@aither/core';
import { check, checkSignal } from './param.js';

/**
 * Exponential decay of a ramp: `y = e^(−input · rate)`. Fed a {@link phasor}
 * it makes a percussive envelope that restarts every cycle.
 * @param input - usually a phasor (0..1). @param rate - decay speed, constant or signal.
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
 * is to 0 in `r` s. A new gate restarts the attack from the current level.
 * @param gate - the gate signal. @param a - attack, s. @param d - decay, s.
 * @param sustain - level 0..1. @param r - release, s.
 * @example `const env = adsr(s => (s.t % 1 < 0.3 ? 1 : 0), 0.01, 0.1, 0.6, 0.3), tone = saw(220); play('pad', s => tone(s) * env(s) * 0.3)`
 */
export function adsr(gate: Param, a: Param, d: Param, sustain: Param, r: Param): Signal {
  [gate, a, d, sustain, r].forEach((p, i) => check('adsr', ['gate', 'attack', 'decay', 'sustain', 'release'][i]!, p));
  // [stage, level, previous gate, release step]
  return kernel('adsr', 4, [gate, a, d, sustain, r], adsrStep, { uses: { advance } });
}

/**
 * One frame of {@link adsr}: updates the stage and level in place. A separate
 * function returning nothing, so that the step stays small enough to be
 * inlined and a call that is not inlined boxes no double.
 */
function advance(m: Float64Array, o: number, gate: number, a: number, d: number, sustain: number, r: number, sr: number): void {
  const on = gate > 0.5;
  const was = m[o + 2] === 1;
  m[o + 2] = on ? 1 : 0;
  let stage = m[o]!;
  let level = m[o + 1]!;
  const sus = Math.min(Math.max(sustain, 0), 1);
  if (on && !was) stage = ATTACK;
  else if (!on && was) {
    stage = RELEASE;
    m[o + 3] = r > 0 ? level / (r * sr) : level;
  }
  if (stage === ATTACK) {
    level += a > 0 ? 1 / (a * sr) : 1;
    if (level >= 1) {
      level = 1;
      stage = DECAY;
    }
  } else if (stage === DECAY) {
    level -= d > 0 ? (1 - sus) / (d * sr) : 1;
    if (level <= sus) {
      level = sus;
      stage = SUSTAIN;
    }
  } else if (stage === SUSTAIN) {
    level = sus;
  } else if (stage === RELEASE) {
    level -= m[o + 3]!;
    if (level <= 0) {
      level = 0;
      stage = IDLE;
    }
  }
  m[o] = stage;
  m[o + 1] = level;
}

const decayStep: KernelStep = (m, o, s, x, rate) => Math.exp(-x * rate);

const adsrStep: KernelStep = (m, o, s, gate, a, d, sustain, r) => {
  advance(m, o, gate, a, d, sustain, r, s.sr);
  return m[o + 1]!;
};
