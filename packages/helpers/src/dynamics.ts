import { defineHelper, type Param, type Signal } from '@aither/core';
import { check, checkSignal, read } from './param.js';

/**
 * Feed-forward compressor: a peak envelope (attack/release one-poles) in dB;
 * above `threshold` the level rises only 1/ratio as fast:
 * `gain_dB = −max(0, env_dB − threshold)·(1 − 1/ratio)`.
 * @param input - the signal.
 * @param threshold - dBFS, e.g. −18. @param ratio - >= 1 (∞ = limiter).
 * @param attack - seconds. @param release - seconds.
 * @example `play('squash', compressor(mix(saw(110), noise()), -20, 6, 0.003, 0.1))`
 */
export function compressor(input: Signal, threshold: Param = -18, ratio: Param = 4, attack: Param = 0.005, release: Param = 0.1): Signal {
  checkSignal('compressor', 'input', input);
  [threshold, ratio, attack, release].forEach((p, i) => check('compressor', ['threshold', 'ratio', 'attack', 'release'][i]!, p));
  const h = defineHelper('compressor', 1); // [envelope, linear]
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const x = input(s);
    const level = Math.abs(x);
    const env = m[o]!;
    const t = level > env ? read(attack, s) : read(release, s);
    const a = t > 0 ? 1 - Math.exp(-1 / (t * s.sr)) : 1;
    const e = env + a * (level - env);
    m[o] = e;
    const over = 20 * Math.log10(e > 1e-9 ? e : 1e-9) - read(threshold, s);
    const r = read(ratio, s);
    const g = over > 0 ? Math.pow(10, (-over * (1 - 1 / (r > 1 ? r : 1))) / 20) : 1;
    return h.end(x * g);
  };
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
  const h = defineHelper('limiter', 1); // [peak envelope]
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last();
    const m = h.memory;
    const x = input(s);
    const level = Math.abs(x);
    const t = read(release, s);
    const fallen = m[o]! * (t > 0 ? Math.exp(-1 / (t * s.sr)) : 0);
    const env = level > fallen ? level : fallen;
    m[o] = env;
    const limit = Math.pow(10, read(ceiling, s) / 20);
    return h.end(env > limit ? x * (limit / env) : x);
  };
}
