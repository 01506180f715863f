import { kernel, type ChannelInit, type KernelPrepare, type KernelStep, type Param, type Signal, type Decibels, type Seconds } from '@aither/core';
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
export function compressor(input: Signal, threshold: Param<Decibels> = -18, ratio: Param = 4, attack: Param<Seconds> = 0.005, release: Param<Seconds> = 0.1): Signal {
  checkSignal('compressor', 'input', input);
  [threshold, ratio, attack, release].forEach((p, i) => {
    check('compressor', ['threshold', 'ratio', 'attack', 'release'][i]!, p);
  });
  // [envelope, attack s, release s, attack coef, release coef, threshold dB, threshold linear, gain, gain step]
  const init: ChannelInit = (m, o) => {
    m[o + 7] = 1;
  };
  return kernel('compressor', 9, [input, attack, release, threshold, ratio], compressorStep, { init, prepare: compressorPrepare, uses: { coefficient } });
}

/** Options of {@link limiter}. */
export interface LimiterOptions {
  /**
   * Limit true (inter-sample) peaks, as a master's should (ITU-R BS.1770-4 true peak):
   * the level is read 4× oversampled (a Kaiser-windowed sinc, 12 taps a phase, as
   * BS.1770's 48-tap filter), and the signal is delayed by 11 samples (0.25 ms at
   * 44.1 kHz, 0.23 ms at 48 kHz, 0.11 ms at 96 kHz) so that the gain is down before
   * each peak reaches any sample that shapes it. Default false: sample peaks, no delay.
   */
  readonly truePeak?: boolean;
}

/**
 * Peak limiter: instant attack, so |output| never exceeds `ceiling` at any sample;
 * the gain recovers with `release` (`e^(−1/(release·sr))` per sample). Between
 * samples the reconstructed output can still pass the ceiling (by 3 dB for a sine
 * at sr/4 whose samples straddle its crests). `{ truePeak: true }` holds the
 * 4×-oversampled peak to the ceiling as well, at an 11-sample delay (see
 * {@link LimiterOptions}): the reconstructed output then passes it only by what a
 * 4× reading misses of a crest, as a BS.1770 meter does (0.17 dB at sr/4, 0.33 dB
 * at 0.35·sr, plus under 0.05 dB of interpolation error below 0.35·sr).
 * @param input - the signal. @param ceiling - dBFS (e.g. −1). @param release - seconds.
 * @param options - `{ truePeak: true }` for a master.
 * @example `play('safe', limiter(gain(saw(110), 3), -1))`
 * @example `play('master', limiter(gain(mix(saw(110), saw(165)), 2), -1, 0.05, { truePeak: true }))`
 */
export function limiter(input: Signal, ceiling: Param<Decibels> = -1, release: Param<Seconds> = 0.05, options: LimiterOptions = {}): Signal {
  checkSignal('limiter', 'input', input);
  check('limiter', 'ceiling', ceiling);
  check('limiter', 'release', release);
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`limiter: options must be an object such as { truePeak: true }, got ${options === null ? 'null' : typeof options}`);
  if (options.truePeak !== undefined && typeof options.truePeak !== 'boolean') throw new TypeError(`limiter: truePeak must be true or false, got ${typeof options.truePeak}`);
  // [peak envelope, release s, fall per sample, ceiling dB, ceiling linear]
  if (!options.truePeak) return kernel('limiter', 5, [input, release, ceiling], limiterStep, { prepare: limiterPrepare });
  // ... then the last 11 input samples, then the largest true peak of this group of 4 frames and of the 3 before.
  return kernel('limiter', 20, [input, release, ceiling], truePeakStep, { prepare: limiterPrepare });
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

/**
 * True-peak mode: the peak of each interval between two samples is read at 4 points (the
 * samples and 3 interpolated); the output is the input 11 samples late, so its gain can
 * follow the largest peak of the 12 intervals whose interpolation that sample is a tap of
 * (6 before it, 6 after), read by groups of 4 frames (so 12 to 15 intervals: the release
 * starts up to 3 samples later). A gain constant over those taps scales their reconstruction
 * exactly; one that only started to rise with the release could not (+1.2 dB at 1 ms).
 */
const truePeakStep: KernelStep = (m, o, s, x) => {
  // The histories below are written out, not looped or shared: each value is needed as a local
  // for the sums that follow, and literal offsets keep them out of memory.
  // The last 11 input samples, oldest first (slots 5 .. 15), and this one: the interpolator's 12 taps.
  const h0 = m[o + 5]!;
  const h1 = m[o + 6]!;
  const h2 = m[o + 7]!;
  const h3 = m[o + 8]!;
  const h4 = m[o + 9]!;
  const h5 = m[o + 10]!;
  const h6 = m[o + 11]!;
  const h7 = m[o + 12]!;
  const h8 = m[o + 13]!;
  const h9 = m[o + 14]!;
  const h10 = m[o + 15]!;
  const h11 = x;
  m[o + 5] = h1;
  m[o + 6] = h2;
  m[o + 7] = h3;
  m[o + 8] = h4;
  m[o + 9] = h5;
  m[o + 10] = h6;
  m[o + 11] = h7;
  m[o + 12] = h8;
  m[o + 13] = h9;
  m[o + 14] = h10;
  m[o + 15] = h11;
  // Between h5 and h6, 4× oversampled: a Kaiser-windowed sinc, 12 taps a phase. The middle phase is
  // symmetric and the outer two mirror each other, so all three come from the sums and differences of
  // mirrored taps, and max(|q1|, |q3|) = (|q1 + q3| + |q1 − q3|)/2.
  const s0 = h0 + h11;
  const s1 = h1 + h10;
  const s2 = h2 + h9;
  const s3 = h3 + h8;
  const s4 = h4 + h7;
  const s5 = h5 + h6;
  const d0 = h0 - h11;
  const d1 = h1 - h10;
  const d2 = h2 - h9;
  const d3 = h3 - h8;
  const d4 = h4 - h7;
  const d5 = h5 - h6;
  const middle = -0.002621469326475653 * s0 + 0.011576519875774923 * s1 - 0.03292259446634466 * s2 + 0.07761063420662064 * s3 - 0.1784551412627527 * s4 + 0.6248120509731774 * s5;
  const outer = -0.003978310512707216 * s0 + 0.016905975010698897 * s1 - 0.04754171927614419 * s2 + 0.11192200192284116 * s3 - 0.2612150046726228 * s4 + 1.183907057527934 * s5;
  const skew = -0.0017877081091737272 * d0 + 0.0049385881443697955 * d1 - 0.01082142870389374 * d2 + 0.022511615548806478 * d3 - 0.058293497608454925 * d4 + 0.608734948862128 * d5;
  const a = Math.abs(h5);
  const b = Math.abs(h6);
  const ends = a > b ? a : b;
  const sides = 0.5 * (Math.abs(outer) + Math.abs(skew));
  const centre = Math.abs(middle);
  const inner = sides > centre ? sides : centre;
  const peak = ends > inner ? ends : inner;
  // At least the last 12 intervals' largest true peak (every interval that h0 is a tap of), by
  // groups of 4 frames: slot 16 the largest of this group so far, 17 .. 19 of the 3 groups before.
  // That covers the last 12 to 15 intervals for 3 comparisons and no history of single peaks.
  const group = m[o + 16]! > peak ? m[o + 16]! : peak;
  const g1 = m[o + 17]!;
  const g2 = m[o + 18]!;
  const g3 = m[o + 19]!;
  const g01 = group > g1 ? group : g1;
  const g23 = g2 > g3 ? g2 : g3;
  const level = g01 > g23 ? g01 : g23;
  if ((s.frame & 3) === 3) {
    m[o + 19] = g2;
    m[o + 18] = g1;
    m[o + 17] = group;
    m[o + 16] = 0;
  } else m[o + 16] = group;
  const fallen = m[o]! * m[o + 2]!;
  const env = level > fallen ? level : fallen;
  m[o] = env;
  const limit = m[o + 4]!;
  const limited = h0 * (limit / env); // computed every frame, picked when over (see blep on late-first arithmetic)
  return env > limit ? limited : h0;
};
