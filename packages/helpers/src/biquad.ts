import { kernel, type KernelOptions, type Param, type Signal, type Hz } from '@aither/core';
import { check, checkSignal } from './param.js';
import { SVF_SLOTS, SVF_STEPS, svfCoefficients, svfSaturation } from './svf.js';

type Kind = 0 | 1 | 2 | 3; // low, high, band, notch

/**
 * Second-order sections with the usual analog-matched responses (RBJ: the
 * bilinear transform prewarped at the cutoff, `H(s) = 1/(s² + s/q + 1)` and its
 * high, band and notch siblings), computed by the trapezoidal state-variable
 * filter rather than in direct form: the two give the same transfer function,
 * but the state-variable form stays stable and free of large transients when
 * cutoff and q change every sample (a direct form's state is not the filter's
 * energy, so a coefficient change can amplify it without bound).
 */
function biquad(name: string, kind: Kind, input: Signal, cutoff: Param<Hz>, q: Param): Signal {
  checkSignal(name, 'input', input);
  check(name, 'cutoff', cutoff);
  check(name, 'q', q);
  // [ic1, ic2, fc, q, then the state-variable filter's coefficients]
  return kernel(name, SVF_SLOTS, [input, cutoff, q], SVF_STEPS[kind]!, BIQUAD_OPTIONS[kind]);
}

/**
 * Biquad low-pass, 12 dB/octave, 0 dB passband; the gain at the cutoff is q
 * (q = 0.7071 is Butterworth, −3 dB; q = 4 is +12 dB).
 * @param input - the signal. @param cutoff - Hz (held within 1 Hz .. 0.49·sample rate). @param q - quality, > 0 (default 0.7071; floored at 0.01).
 * @example `play('warm', pipe(saw(110), (x) => lowpassQ(x, 900, 2), (x) => gain(x, 0.2)))`
 */
export function lowpassQ(input: Signal, cutoff: Param<Hz>, q: Param = Math.SQRT1_2): Signal {
  return biquad('lowpassQ', 0, input, cutoff, q);
}

/** Biquad high-pass, 12 dB/octave; parameters and levels as {@link lowpassQ}. @example `highpassQ(noise(), 5000)` */
export function highpassQ(input: Signal, cutoff: Param<Hz>, q: Param = Math.SQRT1_2): Signal {
  return biquad('highpassQ', 1, input, cutoff, q);
}

/** Biquad band-pass, 0 dB at `cutoff` for every q, −3 dB bandwidth cutoff/q. @example `bandpassQ(noise(), 800, 8)` */
export function bandpassQ(input: Signal, cutoff: Param<Hz>, q: Param = 1): Signal {
  return biquad('bandpassQ', 2, input, cutoff, q);
}

/** Biquad notch at `cutoff` (no output there, 0 dB away from it), −3 dB width cutoff/q. @example `notchQ(saw(110), 660, 4)` */
export function notchQ(input: Signal, cutoff: Param<Hz>, q: Param = 1): Signal {
  return biquad('notchQ', 3, input, cutoff, q);
}

/** Coefficients from q: damping k = 1/q, and the band-pass gain k (0 dB at the centre for every q). */
function coefficients(m: Float64Array, o: number, fc: number, qq: number, sr: number): void {
  m[o + 2] = fc;
  m[o + 3] = qq;
  const k = 1 / Math.max(qq, 0.01);
  svfCoefficients(m, o, fc, k, k, sr);
  svfSaturation(m, o, 0, Infinity, 0);
}

/** One set of options per kind, made once: an instance's functions capture nothing of its own (see kernel docs on reloads). */
const BIQUAD_OPTIONS: KernelOptions[] = ([0, 1, 2, 3] as const).map(
  (mode: Kind): KernelOptions => ({
    prepare: (m, o, s, x, fc, qq) => {
      if (fc !== m[o + 2] || qq !== m[o + 3] || m[o + 4] === 0) coefficients(m, o, fc, qq, s.sr);
    },
    uses: { coefficients, svfCoefficients, svfSaturation, mode },
  }),
);
