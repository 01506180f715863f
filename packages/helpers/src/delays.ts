import { kernel, tap, type KernelStep, type Param, type Signal, type Gain, type Seconds } from '@aither/core';
import { LINE_REGISTERS, lineBlock, tapCubic, writeDoubledHead } from './line.js';
import { check, checkSignal, checkSize } from './param.js';

/**
 * Delay line: `y[n] = x[n − d]`, `d = seconds · sr` (fractional). Between
 * samples it interpolates linearly (cheap: over all fractions of a sample, a
 * 1 kHz sine at 48 kHz comes out with an error 56 dB under it, 4 kHz 32 dB),
 * or with `'cubic'` through a 4-point Lagrange interpolator (106 and 58 dB
 * under: for a delay swept by an LFO, as in a chorus, the sweep adds far less
 * noise). Whole-sample delays are exact either way. The line holds
 * `maxSeconds` at the runtime's real sample rate, claimed once when the signal
 * is registered.
 *
 * @param input - the signal.
 * @param maxSeconds - longest delay, seconds (a constant: it sizes the memory).
 * @param seconds - delay in seconds, 0 .. maxSeconds (clamped), constant or signal.
 * @param interpolation - `'linear'` (default) or `'cubic'`.
 * @example
 * ```ts
 * play('echoed', pipe(osc(440), (x) => delay(x, 0.5, 0.25)));
 * ```
 */
export function delay(input: Signal, maxSeconds: Seconds, seconds: Param<Seconds>, interpolation: 'linear' | 'cubic' = 'linear'): Signal {
  checkSignal('delay', 'input', input);
  checkSize('delay', 'maxSeconds', maxSeconds);
  check('delay', 'seconds', seconds);
  if (interpolation !== 'linear' && interpolation !== 'cubic') {
    throw new TypeError(`delay: interpolation must be 'linear' or 'cubic', got ${String(interpolation)}`);
  }
  if (interpolation === 'cubic') {
    const { slots, init } = lineBlock(maxSeconds, 0, true);
    return kernel('delay', slots, [input, seconds], delayCubicStep, { init, uses: { tapCubic, writeDoubledHead }, registers: LINE_REGISTERS });
  }
  const { slots, init } = lineBlock(maxSeconds);
  return kernel('delay', slots, [input, seconds], delayStep, { init, uses: { tap }, registers: LINE_REGISTERS });
}

/** One frame of {@link delay}; its length is in the block, so the step captures nothing. */
const delayStep: KernelStep = (m, o, s, x, sec) => {
  const len = m[o + 1]!;
  const w = m[o]!;
  m[o + 2 + w] = x;
  let d = sec * s.sr;
  const most = len - 2; // computed outside the conditional (see blep on late-first arithmetic)
  d = d < 0 ? 0 : d > most ? most : d;
  m[o] = w + 1 === len ? 0 : w + 1;
  const y = tap(m, o + 2, len, w, d);
  return y;
};

/** {@link delayStep} on a doubled ring, read through the cubic interpolator. */
const delayCubicStep: KernelStep = (m, o, s, x, sec) => {
  const len = m[o + 1]!;
  const w = m[o]!;
  writeDoubledHead(m, o + 2, len, w, x); // this delay may read within a sample of the head
  let d = sec * s.sr;
  const most = len - 2;
  d = d < 0 ? 0 : d > most ? most : d;
  m[o] = w + 1 === len ? 0 : w + 1;
  const y = tapCubic(m, o + 2, len, w, d);
  return y;
};

/**
 * Feedback comb / echo: `y[n] = x[n] + amount · y[n − d]`, `d = seconds · sr`
 * (interpolated). Each repeat is `amount` times the last; |amount| < 1 decays.
 *
 * @param input - the signal.
 * @param maxSeconds - longest delay, seconds (sizes the memory).
 * @param seconds - delay time, seconds, constant or signal.
 * @param amount - feedback gain, −0.999..0.999 (clamped), constant or signal.
 * @example `play('dub', feedback(gain(osc(330), decay(phasor(1), 12)), 1, 0.375, 0.6))`
 */
export function feedback(input: Signal, maxSeconds: Seconds, seconds: Param<Seconds>, amount: Param<Gain>): Signal {
  checkSignal('feedback', 'input', input);
  checkSize('feedback', 'maxSeconds', maxSeconds);
  check('feedback', 'seconds', seconds);
  check('feedback', 'amount', amount);
  const { slots, init } = lineBlock(maxSeconds);
  return kernel('feedback', slots, [input, seconds, amount], feedbackStep, { init, uses: { tap, feedbackDelay, feedbackGain }, registers: LINE_REGISTERS });
}

/** Alias of {@link feedback} (a feedback comb filter). @example `comb(noise(), 0.05, 1 / 220, 0.95)` */
export const comb = feedback;

/**
 * Schroeder all-pass: `y[n] = −g·x[n] + x[n − d] + g·y[n − d]`: flat magnitude,
 * smeared phase (the building block of reverbs). A fractional `d` is an
 * integer delay plus a first-order all-pass interpolator (Thiran), so the
 * magnitude stays flat at every delay, not only at whole samples.
 *
 * @param input - the signal.
 * @param maxSeconds - longest delay (sizes the memory).
 * @param seconds - delay, seconds, constant or signal.
 * @param g - coefficient, −0.999..0.999, constant or signal. Default 0.5.
 * @example `allpass(noise(), 0.05, 0.0123, 0.6)`
 */
export function allpass(input: Signal, maxSeconds: Seconds, seconds: Param<Seconds>, g: Param = 0.5): Signal {
  checkSignal('allpass', 'input', input);
  checkSize('allpass', 'maxSeconds', maxSeconds);
  check('allpass', 'seconds', seconds);
  check('allpass', 'g', g);
  // One line holds v[n] = x[n] + g·v[n − d]; y[n] = −g·v[n] + v[n − d]; slot 2 is the interpolator's last output.
  const { slots, init } = lineBlock(maxSeconds, 1);
  return kernel('allpass', slots, [input, seconds, g], allpassStep, { init, uses: { feedbackDelay, feedbackGain }, registers: LINE_REGISTERS + 1 });
}

/**
 * A recirculating line's delay in samples, held within 1 .. len − 2: at least
 * one sample (the line is read before this frame is written), and room to
 * interpolate at the far end.
 */
function feedbackDelay(d: number, len: number): number {
  const most = len - 2;
  return d < 1 ? 1 : d > most ? most : d;
}

/** A recirculating line's coefficient, held within ±0.999, so that the loop always decays. */
function feedbackGain(g: number): number {
  return g > 0.999 ? 0.999 : g < -0.999 ? -0.999 : g;
}

const feedbackStep: KernelStep = (m, o, s, input, seconds, amount) => {
  const len = m[o + 1]!;
  const w = m[o]!;
  const d = feedbackDelay(seconds * s.sr, len);
  const g = feedbackGain(amount);
  // Read before writing: the tap is d >= 1 samples back.
  const back = tap(m, o + 2, len, w, d);
  const y = input + g * back;
  m[o + 2 + w] = y;
  m[o] = w + 1 === len ? 0 : w + 1;
  return y;
};

const allpassStep: KernelStep = (m, o, s, input, seconds, g) => {
  const len = m[o + 1]!;
  const w = m[o]!;
  const d = feedbackDelay(seconds * s.sr, len);
  const k = feedbackGain(g);
  // d = whole + frac: whole samples read from the line (>= 1: the line is read before this
  // frame is written), frac in [0.5, 1.5) where it can be (d >= 1.5) through the all-pass
  // interpolator z[n] = η·u[n] + u[n − 1] − η·z[n − 1], η = (1 − frac) / (1 + frac).
  const below = Math.floor(d - 0.5);
  const whole = below < 1 ? 1 : below;
  const frac = d - whole;
  const eta = (1 - frac) / (1 + frac);
  const at = w - whole;
  const back = at + len;
  const i0 = at < 0 ? back : at;
  const i1 = i0 === 0 ? len - 1 : i0 - 1;
  const u0 = m[o + 3 + i0]!;
  const u1 = m[o + 3 + i1]!;
  const delayed = eta * (u0 - m[o + 2]!) + u1;
  m[o + 2] = delayed;
  const v = input + k * delayed;
  m[o + 3 + w] = v;
  m[o] = w + 1 === len ? 0 : w + 1;
  return delayed - k * v;
};
