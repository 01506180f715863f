import { kernel, type ChannelInit, type KernelPrepare, type KernelStep, type Param, type Signal, type Hz, type Seconds } from '@aither/core';
import { check, checkSignal, TAU } from './param.js';

/**
 * One-pole low-pass, 6 dB/octave: the analog `1/(1 + s/ωc)` by the bilinear
 * transform prewarped at the cutoff, in topology-preserving (trapezoidal) form:
 * `g = tan(π·fc/sr)`, `G = g/(1 + g)`, `v = G·(x − z)`, `y = v + z`, `z ← y + v`.
 * −3.01 dB at the cutoff exactly, at every cutoff up to Nyquist (where it passes
 * everything); 0 dB at DC. Its state is the integrator's, so a cutoff changed
 * every sample stays stable. The coefficient is recomputed only when the cutoff changes.
 *
 * @param input - the signal to filter.
 * @param cutoff - cutoff in Hz, 0 .. sr/2 (held there), constant or signal.
 * @example
 * ```ts
 * play('dark', pipe(osc(220), (x) => lowpass(x, 800)));
 * ```
 */
export function lowpass(input: Signal, cutoff: Param<Hz>): Signal {
  return onePole('lowpass', false, input, cutoff);
}

/**
 * One-pole high-pass, 6 dB/octave: the input minus its {@link lowpass},
 * `y = x − lowpass(x, fc)` = the analog `(s/ωc)/(1 + s/ωc)`, prewarped: −3.01 dB
 * at the cutoff exactly, at every cutoff; 0 dB at Nyquist.
 * @param input - the signal.
 * @param cutoff - Hz, 0 .. sr/2 (held there), constant or signal.
 * @example `play('thin', pipe(saw(110), (x) => highpass(x, 1000), (x) => gain(x, 0.2)))`
 */
export function highpass(input: Signal, cutoff: Param<Hz>): Signal {
  return onePole('highpass', true, input, cutoff);
}

function onePole(name: string, high: boolean, input: Signal, cutoff: Param): Signal {
  checkSignal(name, 'input', input);
  check(name, 'cutoff', cutoff);
  // [z, cutoff of G, G]
  return kernel(name, 3, [input, cutoff], high ? highStep : lowStep, { prepare: onePolePrepare });
}

/** The coefficient, recomputed when the cutoff changes (once per block while it is constant). */
const onePolePrepare: KernelPrepare = (m, o, s, x, fc) => {
  if (fc !== m[o + 1]) {
    m[o + 1] = fc;
    const g = Math.tan((Math.PI * Math.min(Math.max(0, fc), 0.5 * s.sr)) / s.sr);
    m[o + 2] = g / (1 + g);
  }
};

/** One frame of the one-pole low-pass (shared by every instance: it captures nothing). */
const lowStep: KernelStep = (m, o, s, x) => {
  const z = m[o]!;
  const v = m[o + 2]! * (x - z);
  const y = v + z;
  m[o] = y + v;
  return y;
};

/** The high-pass: the input minus the low-pass. */
const highStep: KernelStep = (m, o, s, x) => {
  const z = m[o]!;
  const v = m[o + 2]! * (x - z);
  const y = v + z;
  m[o] = y + v;
  return x - y;
};

/**
 * DC blocker: `y[n] = x[n] − x[n-1] + R·y[n-1]`, `R = e^(−2π·10/sr)` (a 10 Hz high-pass).
 * @param input - the signal.
 * @example `play('clean', dcblock(fold(osc(110), 3)))`
 */
export function dcblock(input: Signal): Signal {
  checkSignal('dcblock', 'input', input);
  // [x1, y1, R]
  const init: ChannelInit = (m, o, _channel, _key, sr) => {
    m[o + 2] = Math.exp((-TAU * 10) / sr);
  };
  return kernel('dcblock', 3, [input], dcblockStep, { init });
}

/**
 * Slew limiter / lag: a one-pole smoother whose time constant is `seconds`
 * (reaches 63% of a step in that time): `a = 1 − e^(−1/(seconds·sr))`.
 * @param input - the signal (often a control: a stepped sequence, a gate).
 * @param seconds - time constant, >= 0 (0 = no smoothing), constant or signal.
 * @example `const glide = slew(wave(2, [220, 330, 440]), 0.05); play('g', gain(saw(glide), 0.2))`
 */
export function slew(input: Signal, seconds: Param<Seconds>): Signal {
  checkSignal('slew', 'input', input);
  check('slew', 'seconds', seconds);
  // [y, seconds of a, a]
  return kernel('slew', 3, [input, seconds], slewStep, { prepare: slewPrepare });
}

/** Alias of {@link slew}. @example `lag(wave(1, [0.2, 0.8]), 0.1)` */
export const lag = slew;

const dcblockStep: KernelStep = (m, o, s, x) => {
  const y = x - m[o]! + m[o + 2]! * m[o + 1]!;
  m[o] = x;
  m[o + 1] = y;
  return y;
};

const slewPrepare: KernelPrepare = (m, o, s, x, t) => {
  if (t !== m[o + 1] || m[o + 2] === 0) {
    m[o + 1] = t;
    m[o + 2] = t > 0 ? 1 - Math.exp(-1 / (t * s.sr)) : 1;
  }
};

const slewStep: KernelStep = (m, o, s, x) => {
  const y = m[o]! + m[o + 2]! * (x - m[o]!);
  m[o] = y;
  return y;
};
