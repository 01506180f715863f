import { kernel, type ChannelInit, type KernelPrepare, type KernelStep, type Param, type Signal } from '@aither/core';
import { check, checkSignal } from './param.js';

/** One-pole smoothing coefficient for a time constant of `t` seconds. */
function coefficient(t: number, sr: number): number {
  return t > 0 ? 1 - Math.exp(-1 / (t * sr)) : 1;
}

/**
 * Feed-forward compressor: a peak envelope (attack/release one-poles); above
 * `threshold` the level rises only 1/ratio as fast:
 * `gain_dB = −max(0, env_dB − threshold)·(1 − 1/ratio)`, computed as
 * `(env/threshold)^(1/ratio − 1)`. Coefficients are recomputed only when a
 * parameter changes, and the gain (a `pow`) every 16 frames, reached by a
 * linear ramp over those 16 frames (0.33 ms at 48 kHz), so the per-sample
 * cost stays low.
 * @param input - the signal.
 * @param threshold - dBFS, e.g. −18. @param ratio - >= 1 (∞ = limiter).
 * @param attack - seconds. @param release - seconds.
 * @example `play('squash', compressor(mix(saw(110), noise()), -20, 6, 0.003, 0.1))`
 */
export function compressor(input: Signal, threshold: Param = -18, ratio: Param = 4, attack: Param = 0.005, release: Param = 0.1): Signal {
  checkSignal('compressor', 'input', input);
  [threshold, ratio, attack, release].forEach((p, i) => check('compressor', ['threshold', 'ratio', 'attack', 'release'][i]!, p));
  // [envelope, attack s, release s, attack coef, release coef, threshold dB, threshold linear, gain, gain step]
  const init: ChannelInit = (m, o) => {
    m[o + 7] = 1;
  };
  return kernel('compressor', 9, [input, attack, release, threshold, ratio], compressorStep, { init, prepare: compressorPrepare, uses: { coefficient } });
}

/**
 * Peak limiter: instant attack, so |output| never exceeds `ceiling`; the
 * gain recovers with `release`.
 * @param input - the signal. @param ceiling - dBFS (e.g. −1). @param release - seconds.
 * @example `play('safe', limiter(gain(saw(110), 3), -1))`
 */
export function limiter(input: Signal, ceiling: Param = -1, release: Param = 0.05): Signal {
  checkSignal('limiter', 'input', input);
  check('limiter', 'ceiling', ceiling);
  check('limiter', 'release', release);
  // [peak envelope, release s, fall per sample, ceiling dB, ceiling linear]
  return kernel('limiter', 5, [input, release, ceiling], limiterStep, { prepare: limiterPrepare });
}

/** Coefficients follow the times and the threshold (once per block while they are constant). */
const compressorPrepare: KernelPrepare = (m, o, s, x, at, rt, th) => {
  if (at !== m[o + 1] || rt !== m[o + 2] || th !== m[o + 5] || m[o + 3] === 0) {
    m[o + 1] = at;
    m[o + 2] = rt;
    m[o + 3] = coefficient(at, s.sr);
    m[o + 4] = coefficient(rt, s.sr);
    m[o + 5] = th;
    m[o + 6] = Math.pow(10, th / 20);
  }
};

const compressorStep: KernelStep = (m, o, s, x, at, rt, th, ratio) => {
  const level = x < 0 ? -x : x;
  const env = m[o]!;
  const e = env + (level > env ? m[o + 3]! : m[o + 4]!) * (level - env);
  m[o] = e;
  if ((s.frame & 15) === 0) {
    const limit = m[o + 6]!;
    // Both gains computed, one picked (see blep on late-first arithmetic: the signal may first pass the threshold late).
    const reduced = Math.pow(e / limit, 1 / (ratio > 1 ? ratio : 1) - 1);
    const target = e <= limit ? 1 : reduced;
    m[o + 8] = (target - m[o + 7]!) / 16;
  }
  const g = m[o + 7]! + m[o + 8]!;
  m[o + 7] = g;
  return x * g;
};

/** The release factor and the linear ceiling (once per block while they are constant). */
const limiterPrepare: KernelPrepare = (m, o, s, x, t, c) => {
  if (t !== m[o + 1] || c !== m[o + 3] || m[o + 4] === 0) {
    m[o + 1] = t;
    m[o + 2] = t > 0 ? Math.exp(-1 / (t * s.sr)) : 0;
    m[o + 3] = c;
    m[o + 4] = Math.pow(10, c / 20);
  }
};

const limiterStep: KernelStep = (m, o, s, x) => {
  const level = x < 0 ? -x : x;
  const fallen = m[o]! * m[o + 2]!;
  const env = level > fallen ? level : fallen;
  m[o] = env;
  const limit = m[o + 4]!;
  const limited = x * (limit / env); // computed every frame, picked when over (see blep on late-first arithmetic)
  return env > limit ? limited : x;
};
