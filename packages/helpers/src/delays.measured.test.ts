import type { Signal } from '@aither/core';
import { describe, expect, it } from 'vitest';
import { allpass, comb, delay, feedback } from './index.js';
import { probe, rms } from './test-support.js';

// Delay lines measured against their textbook references, at three rates. Each
// row renders the helper offline and gives {measured, reference, tolerance}
// (`TABLE=1 npx vitest run <file>` prints each row's figures).

const impulse: Signal = (s) => (s.frame === 0 ? 1 : 0);
const db = (x: number) => 20 * Math.log10(x);

/** Index of the first non-zero sample. */
const onset = (y: Float32Array) => y.findIndex((v) => v !== 0);

/**
 * The error of a fractional-delay interpolator for a unit sine of `w` rad/sample
 * read `frac` of a sample after a sample point, relative to the sine: |H − e^{−jw·frac}|,
 * H the interpolator's response, from its weights on the samples at −1, 0, 1, 2.
 */
function interpolationError(weights: (t: number) => number[], w: number, frac: number): number {
  const taps = weights(frac);
  let re = -Math.cos(w * frac);
  let im = Math.sin(w * frac);
  taps.forEach((h, i) => {
    re += h * Math.cos(w * (i - 1));
    im -= h * Math.sin(w * (i - 1));
  });
  return Math.hypot(re, im);
}
/** Textbook weights: linear between the middle two samples; Lagrange's cubic through all four. */
const LINEAR = (t: number) => [0, 1 - t, t, 0];
const LAGRANGE = (t: number) => [(-t * (t - 1) * (t - 2)) / 6, ((t + 1) * (t - 1) * (t - 2)) / 2, (-(t + 1) * t * (t - 2)) / 2, ((t + 1) * t * (t - 1)) / 6];

/** Where a read `d` samples back falls: `ceil(d) − d` of a sample after the older of the two samples around it. */
const after = (d: number) => Math.ceil(d) - d;

const TONE = 4000;
const FRACTIONAL = 10.37; // samples

/** RMS error (dB re the sine) of a `hz` sine through `build`, against the sine delayed by `delayAt(n)` samples exactly. */
function delayError(build: (x: Signal) => Signal, delayAt: (n: number, sr: number) => number, sr: number, hz = TONE): number {
  const w = (2 * Math.PI * hz) / sr;
  const frames = sr / 2;
  const [y] = probe(() => build((s) => Math.sin(w * s.frame)), frames, { sampleRate: sr });
  const err = new Float64Array(frames);
  for (let n = 0; n < frames; n++) err[n] = y![n]! - Math.sin(w * (n - delayAt(n, sr)));
  return db(rms(err, 2000) / Math.SQRT1_2);
}

/** A swept delay: 5 ms ± 2 ms at 0.7 Hz, in seconds at frame n. */
const sweep = (n: number, sr: number) => 0.005 + 0.002 * Math.sin((2 * Math.PI * 0.7 * n) / sr);
/** Mean power of an interpolator's error over every fraction: what a slow sweep through all of them averages to. */
function sweptError(weights: (t: number) => number[], sr: number, hz = TONE): number {
  const w = (2 * Math.PI * hz) / sr;
  let sum = 0;
  const n = 1000;
  for (let i = 0; i < n; i++) sum += interpolationError(weights, w, (i + 0.5) / n) ** 2;
  return 10 * Math.log10(sum / n);
}

/** Largest |gain| in dB of an impulse response over 20 Hz..20 kHz. */
function worstDeviationDb(h: Float32Array, sr: number): number {
  let worst = 0;
  for (let f = 20; f <= 20000; f *= 1.05) {
    const w = (2 * Math.PI * f) / sr;
    let re = 0;
    let im = 0;
    for (let i = 0; i < h.length; i++) {
      re += h[i]! * Math.cos(w * i);
      im -= h[i]! * Math.sin(w * i);
    }
    worst = Math.max(worst, Math.abs(10 * Math.log10(re * re + im * im)));
  }
  return worst;
}

interface Row {
  helper: string;
  what: string;
  measure: (sr: number) => number;
  reference: (sr: number) => number;
  tolerance: number;
}

const TABLE: Row[] = [
  {
    helper: 'delay',
    what: 'impulse arrives at 0.25 s · sr, samples after',
    measure: (sr) => onset(probe(() => delay(impulse, 0.5, 0.25), sr / 2, { sampleRate: sr })[0]!),
    reference: (sr) => sr / 4,
    tolerance: 0,
  },
  {
    helper: "delay, 'cubic'",
    what: 'impulse arrives at 0.25 s · sr, samples after',
    measure: (sr) => onset(probe(() => delay(impulse, 0.5, 0.25, 'cubic'), sr / 2, { sampleRate: sr })[0]!),
    reference: (sr) => sr / 4,
    tolerance: 0,
  },
  {
    helper: "delay, 'cubic'",
    what: 'height of the impulse at a whole-sample delay (the interpolator passes samples through)',
    measure: (sr) => probe(() => delay(impulse, 0.5, 0.25, 'cubic'), sr / 2, { sampleRate: sr })[0]![sr / 4]!,
    reference: () => 1,
    tolerance: 0,
  },
  {
    helper: 'delay',
    what: `error of a ${TONE} Hz sine at ${FRACTIONAL} samples, dB re the sine (linear interpolation)`,
    measure: (sr) =>
      delayError(
        (x) => delay(x, 0.01, FRACTIONAL / sr),
        () => FRACTIONAL,
        sr,
      ),
    reference: (sr) => db(interpolationError(LINEAR, (2 * Math.PI * TONE) / sr, after(FRACTIONAL))),
    tolerance: 0.05,
  },
  {
    helper: "delay, 'cubic'",
    what: `error of a ${TONE} Hz sine at ${FRACTIONAL} samples, dB re the sine (Lagrange)`,
    measure: (sr) =>
      delayError(
        (x) => delay(x, 0.01, FRACTIONAL / sr, 'cubic'),
        () => FRACTIONAL,
        sr,
      ),
    reference: (sr) => db(interpolationError(LAGRANGE, (2 * Math.PI * TONE) / sr, after(FRACTIONAL))),
    tolerance: 0.05,
  },
  ...[1000, TONE].flatMap((hz): Row[] => [
    {
      helper: 'delay',
      what: `side noise of a ${hz} Hz sine through a swept delay (5 ± 2 ms at 0.7 Hz), dB re the sine`,
      measure: (sr) =>
        delayError(
          (x) => delay(x, 0.01, (s) => sweep(s.frame, s.sr)),
          (n) => sweep(n, sr) * sr,
          sr,
          hz,
        ),
      reference: (sr) => sweptError(LINEAR, sr, hz),
      tolerance: 0.5,
    },
    {
      helper: "delay, 'cubic'",
      what: `side noise of a ${hz} Hz sine through a swept delay (5 ± 2 ms at 0.7 Hz), dB re the sine`,
      measure: (sr) =>
        delayError(
          (x) => delay(x, 0.01, (s) => sweep(s.frame, s.sr), 'cubic'),
          (n) => sweep(n, sr) * sr,
          sr,
          hz,
        ),
      reference: (sr) => sweptError(LAGRANGE, sr, hz),
      tolerance: 0.5,
    },
  ]),
  {
    helper: 'feedback',
    what: 'first repeat after 0.01 s · sr samples',
    measure: (sr) => {
      const [y] = probe(() => feedback(impulse, 0.1, 0.01, 0.6), sr / 10, { sampleRate: sr });
      return y!.findIndex((v, i) => i > 0 && v !== 0);
    },
    reference: (sr) => sr / 100,
    tolerance: 0,
  },
  {
    helper: 'feedback',
    what: 'each repeat / the one before (amount 0.6), over 5 repeats',
    measure: (sr) => {
      const [y] = probe(() => feedback(impulse, 0.1, 0.01, 0.6), sr / 10, { sampleRate: sr });
      return (y![(5 * sr) / 100]! / y![0]!) ** (1 / 5);
    },
    reference: () => 0.6,
    tolerance: 1e-6,
  },
  {
    helper: 'comb',
    what: 'each repeat / the one before (amount −0.9): alternating signs',
    measure: (sr) => {
      const [y] = probe(() => comb(impulse, 0.1, 0.01, -0.9), sr / 10, { sampleRate: sr });
      return y![(3 * sr) / 100]! / y![(2 * sr) / 100]!;
    },
    reference: () => -0.9,
    tolerance: 1e-6,
  },
  {
    helper: 'allpass',
    what: 'largest |gain| 20 Hz..20 kHz, dB, at a fractional delay (12.3456 ms, g 0.6)',
    measure: (sr) => worstDeviationDb(probe(() => allpass(impulse, 0.05, 0.0123456, 0.6), sr / 2, { sampleRate: sr })[0]!, sr),
    reference: () => 0,
    tolerance: 0.1,
  },
  {
    helper: 'allpass',
    what: 'g 0: low-frequency delay (centre of mass of the response) = 12.3456 ms · sr, samples',
    measure: (sr) => {
      const [h] = probe(() => allpass(impulse, 0.05, 0.0123456, 0), sr / 10, { sampleRate: sr });
      return h!.reduce((a, v, i) => a + i * v, 0) / h!.reduce((a, v) => a + v, 0);
    },
    reference: (sr) => 0.0123456 * sr,
    tolerance: 1e-4,
  },
  {
    helper: 'allpass',
    what: 'energy of the impulse response (all of it, none lost or gained)',
    measure: (sr) => probe(() => allpass(impulse, 0.05, 0.0123456, -0.7), sr / 2, { sampleRate: sr })[0]!.reduce((a, v) => a + v * v, 0),
    reference: () => 1,
    tolerance: 1e-4,
  },
];

describe.each([44100, 48000, 96000])('delay lines at %i Hz', (sr) => {
  it.each(TABLE)('$helper: $what', ({ helper, what, measure, reference, tolerance }) => {
    const measured = measure(sr);
    if (process.env.TABLE) console.log(`${sr} Hz | ${helper} | ${what} | ${measured} | ${reference(sr)} ± ${tolerance}`);
    expect(Math.abs(measured - reference(sr))).toBeLessThanOrEqual(tolerance);
  });

  it("the cubic tap: fractional error at least 20 dB under linear's, fixed or swept", () => {
    const fixed = [LINEAR, LAGRANGE].map((w) => db(interpolationError(w, (2 * Math.PI * TONE) / sr, after(FRACTIONAL))));
    const swept = [LINEAR, LAGRANGE].map((w) => sweptError(w, sr));
    expect(fixed[0]! - fixed[1]!).toBeGreaterThan(20);
    expect(swept[0]! - swept[1]!).toBeGreaterThan(20);
  });
});
