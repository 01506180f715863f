import { kernel, type KernelOptions, type KernelStep, type Param, type Signal } from '@aither/core';
import { check, checkSignal, TAU } from './param.js';

type Kind = 0 | 1 | 2 | 3; // low, high, band, notch

/** Recomputes the cached coefficients; outside the step so that the step stays small enough to be inlined. */
function coefficients(m: Float64Array, o: number, kind: Kind, fc: number, qq: number, sr: number): void {
  m[o + 2] = fc;
  m[o + 3] = qq;
  const w0 = (TAU * Math.min(Math.max(fc, 1), 0.49 * sr)) / sr;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * Math.max(qq, 0.01));
  const a0 = 1 + alpha;
  let b0: number;
  let b1: number;
  let b2: number;
  if (kind === 0) {
    b0 = (1 - cos) / 2;
    b1 = 1 - cos;
    b2 = b0;
  } else if (kind === 1) {
    b0 = (1 + cos) / 2;
    b1 = -(1 + cos);
    b2 = b0;
  } else if (kind === 2) {
    b0 = alpha;
    b1 = 0;
    b2 = -alpha;
  } else {
    b0 = 1;
    b1 = -2 * cos;
    b2 = 1;
  }
  m[o + 4] = b0 / a0;
  m[o + 5] = b1 / a0;
  m[o + 6] = b2 / a0;
  m[o + 7] = (-2 * cos) / a0;
  m[o + 8] = (1 - alpha) / a0;
}

/**
 * Second-order sections with the usual analog-matched coefficients
 * (bilinear transform with prewarping; w0 = 2π·fc/sr, α = sin(w0)/(2q)),
 * run in transposed direct form II.
 */
function biquad(name: string, kind: Kind, input: Signal, cutoff: Param, q: Param): Signal {
  checkSignal(name, 'input', input);
  check(name, 'cutoff', cutoff);
  check(name, 'q', q);
  // [z1, z2, fc, q, b0, b1, b2, a1, a2]
  return kernel(name, 9, [input, cutoff, q], biquadStep, BIQUAD_OPTIONS[kind]);
}

/**
 * Biquad low-pass, 12 dB/octave. q = 0.7071 is Butterworth (−3 dB at cutoff).
 * @param input - the signal. @param cutoff - Hz. @param q - quality, > 0 (default 0.7071).
 * @example `play('warm', pipe(saw(110), (x) => lowpassQ(x, 900, 2), (x) => gain(x, 0.2)))`
 */
export function lowpassQ(input: Signal, cutoff: Param, q: Param = Math.SQRT1_2): Signal {
  return biquad('lowpassQ', 0, input, cutoff, q);
}

/** Biquad high-pass, 12 dB/octave; parameters as {@link lowpassQ}. @example `highpassQ(noise(), 5000)` */
export function highpassQ(input: Signal, cutoff: Param, q: Param = Math.SQRT1_2): Signal {
  return biquad('highpassQ', 1, input, cutoff, q);
}

/** Biquad band-pass, 0 dB peak at `cutoff`, bandwidth cutoff/q. @example `bandpassQ(noise(), 800, 8)` */
export function bandpassQ(input: Signal, cutoff: Param, q: Param = 1): Signal {
  return biquad('bandpassQ', 2, input, cutoff, q);
}

/** Biquad notch at `cutoff`, width cutoff/q. @example `notchQ(saw(110), 660, 4)` */
export function notchQ(input: Signal, cutoff: Param, q: Param = 1): Signal {
  return biquad('notchQ', 3, input, cutoff, q);
}

/** One prepare per kind, made once: an instance's functions capture nothing of its own (see kernel docs on reloads). */
const BIQUAD_OPTIONS: KernelOptions[] = ([0, 1, 2, 3] as const).map((kind: Kind): KernelOptions => ({
  prepare: (m, o, s, x, fc, qq) => {
    if (fc !== m[o + 2] || qq !== m[o + 3] || m[o + 4] === 0) coefficients(m, o, kind, fc, qq, s.sr);
  },
  uses: { coefficients, kind },
}));

/** Transposed direct form II: the same for every kind. */
const biquadStep: KernelStep = (m, o, s, x) => {
      const y = m[o + 4]! * x + m[o]!;
      m[o] = m[o + 5]! * x - m[o + 7]! * y + m[o + 1]!;
      m[o + 1] = m[o + 6]! * x - m[o + 8]! * y;
      return y;
};
