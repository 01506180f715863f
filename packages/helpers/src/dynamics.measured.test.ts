// Dynamics, measured: each row renders a helper through the runtime and sets one figure beside
// its textbook reference, within a stated tolerance, at 44.1, 48 and 96 kHz.
import { createRuntime, type Signal, type SignalContext } from '@aither/core';
import { describe, expect, it } from 'vitest';
import * as helpers from './index.js';
import { compressor, limiter } from './index.js';
import { always, checkTable, peak, type Row } from './table-support.js';
import { channel, db, probe, render } from './test-support.js';

// The output's true peak: the samples reconstructed 16× by a Kaiser-windowed sinc (±64 taps, β = 10,
// flat within 1e-4 dB to 0.45·sr). The 16× grid itself can miss a crest by up to
// 20·log10(1/cos(π·f/(16·sr))) dB, 0.02 dB at 0.35·sr.
const TAPS = 64;
const FACTOR = 16;
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}
const KERNEL = Array.from({ length: FACTOR }, (_, p) =>
  Float64Array.from({ length: 2 * TAPS }, (_, j) => {
    const tau = p / FACTOR - (j - TAPS + 1);
    const window = Math.abs(tau) >= TAPS ? 0 : besselI0(10 * Math.sqrt(1 - (tau / TAPS) ** 2)) / besselI0(10);
    return (tau === 0 ? 1 : Math.sin(Math.PI * tau) / (Math.PI * tau)) * window;
  }),
);

/** Largest |value| of the 16× reconstruction of y[from .. to). */
function truePeak(y: ArrayLike<number>, from = 0, to = y.length): number {
  let max = 0;
  for (let n = Math.max(from, TAPS); n < Math.min(to, y.length - TAPS); n++) {
    for (let p = 0; p < FACTOR; p++) {
      const k = KERNEL[p]!;
      let v = 0;
      for (let j = 0; j < 2 * TAPS; j++) v += y[n - TAPS + 1 + j]! * k[j]!;
      max = Math.max(max, Math.abs(v));
    }
  }
  return max;
}

/** A sine of `amplitude` at `ratio`·sr, starting at `degrees` of phase on frame 0. */
const sine =
  (amplitude: number, ratio: number, degrees: number): Signal =>
  (s) =>
    amplitude * Math.sin(2 * Math.PI * ratio * s.frame + (degrees * Math.PI) / 180);

/** How far a 4× reading can fall short of a sine's crest at `ratio`·sr (the grid misses it by up to π·ratio/4 of phase), dB. */
const gridDb = (ratio: number) => -db(Math.cos((Math.PI * ratio) / 4));

const CEILING = -1;
const TP = { truePeak: true } as const;

/** dB over the ceiling of the true peak of `limiter(input)` over frames [from, to). */
function overshoot(input: Signal, sr: number, options: { truePeak?: boolean }, frames: number, from = 0, release = 0.05): number {
  const [y] = probe(() => limiter(input, CEILING, release, options), frames, { sampleRate: sr });
  return db(truePeak(y!, from, frames)) - CEILING;
}

/** The steady output level (dBFS) of the compressor fed a constant `inDb` (its envelope is then exactly the input). */
function staticDb(inDb: number, ratio: number, sr: number): number {
  const [y] = probe(() => compressor(() => 10 ** (inDb / 20), -20, ratio, 0.001, 0.05), sr / 2, { sampleRate: sr });
  return db(y![y!.length - 1]!);
}

/**
 * The compressor's time constant, s, as its output gives it back. Fed a constant that steps from
 * `from` to `to` at frame 1024, with ratio R = 1000 above a −40 dB threshold t, its gain is
 * (e/t)^(1/R − 1): each frame 16j + 15 ends the ramp to the gain computed from the envelope at
 * frame 16j, so e(16j) = t·y(16j + 15)^(R/(1 − R)) exactly. A one-pole then gives τ from two of them.
 */
function timeConstant(from: number, to: number, attack: number, release: number, sr: number): number {
  const t = 0.01;
  const r = 1000;
  const start = 1024;
  const tau = (to > from ? attack : release) * sr;
  const [y] = probe(() => compressor((s) => (s.frame < start ? from : to), -40, r, attack, release), start + 3 * tau + 32, { sampleRate: sr });
  const envelopeAt = (frame: number) => t * (y![frame + 15]! / to) ** (r / (1 - r));
  const n1 = start + 16 * Math.round(tau / 32); // about τ/2 and 2τ after the step, on the 16-frame grid
  const n2 = start + 16 * Math.round(tau / 8);
  return -(n2 - n1) / (sr * Math.log((envelopeAt(n2) - to) / (envelopeAt(n1) - to)));
}

/** The limiter's release time constant from its output: fed 2, then 0.5 from frame `at`, y = 0.5·limit/env. */
function releaseSeconds(sr: number, options: { truePeak?: boolean }): number {
  const at = sr / 10;
  const [y] = probe(() => limiter((s) => (s.frame < at ? 2 : 0.5), CEILING, 0.05, options), at + sr / 50, { sampleRate: sr });
  // From 10 to 15 ms into the release (the envelope, from 2, is still above the ceiling): 5 ms keeps float32 rounding out.
  const n = at + sr / 100;
  const k = Math.round(sr / 200);
  return -k / (sr * Math.log(y![n]! / y![n + k]!));
}

const thresholdCurve = (inDb: number, ratio: number) => (inDb <= -20 ? inDb : -20 + (inDb + 20) / ratio);

const TABLE: Row[] = [
  // Compressor: the static curve out = T + (in − T)/R above the threshold T (hard knee), unity below.
  ...[-30, -20, -10, -6, 0].map(
    (inDb): Row => ({
      helper: 'compressor',
      what: `static curve, T −20 dB, R 4: out dBFS for a steady ${inDb} dBFS`,
      measure: (sr) => staticDb(inDb, 4, sr),
      reference: always(thresholdCurve(inDb, 4)),
      tolerance: always(0.001),
    }),
  ),
  {
    helper: 'compressor',
    what: 'static curve, R ∞ ("limiter"): out dBFS for a steady −6 dBFS',
    measure: (sr) => staticDb(-6, Infinity, sr),
    reference: always(-20),
    tolerance: always(0.001),
  },
  {
    helper: 'compressor',
    what: 'static curve, R 1: out dBFS for a steady −6 dBFS (no compression)',
    measure: (sr) => staticDb(-6, 1, sr),
    reference: always(-6),
    tolerance: always(0.001),
  },
  {
    helper: 'compressor',
    what: 'a −6 dBFS sine at 1 kHz, T −20 dB, R 4: output peak dBFS',
    measure: (sr) => {
      const [y] = probe(() => compressor((s) => 0.5 * Math.sin((2 * Math.PI * 1000 * s.frame) / s.sr), -20, 4, 0.001, 0.05), sr, { sampleRate: sr });
      return db(peak(y!, sr / 2));
    },
    // The peak follower reads the crests low: it sags between them (release 50 ms, −0.17 dB a period) and a 1 ms
    // attack only partly catches up during each, so it reduces ~(1 − 1/R)·0.45 dB less than the static curve.
    reference: always(thresholdCurve(-6, 4)),
    tolerance: always(0.4),
  },
  {
    helper: 'compressor',
    what: 'attack time constant, s (attack 0.01), from its envelope on the 16-frame gain grid',
    measure: (sr) => timeConstant(0.02, 1, 0.01, 0.1, sr),
    reference: always(0.01),
    tolerance: always(1e-6),
  },
  { helper: 'compressor', what: 'release time constant, s (release 0.1)', measure: (sr) => timeConstant(1, 0.1, 0.001, 0.1, sr), reference: always(0.1), tolerance: always(1e-5) },

  // Limiter, sample-peak mode (the default).
  {
    helper: 'limiter',
    what: 'sample peak of a +5 dB sine at 100 Hz, dB over the ceiling',
    measure: (sr) => db(peak(probe(() => limiter((s) => 1.6 * Math.sin((2 * Math.PI * 100 * s.frame) / s.sr), CEILING), sr / 2, { sampleRate: sr })[0]!)) - CEILING,
    reference: always(0),
    tolerance: always(1e-5),
    bound: true,
  },
  {
    helper: 'limiter',
    what: 'below the ceiling: max |output − input| (no delay)',
    measure: (sr) => {
      const x = sine(0.5, 0.01, 0);
      const [y] = probe(() => limiter(x, CEILING), 4800, { sampleRate: sr });
      return Math.max(...y!.map((v, i) => Math.abs(v - Math.fround(x({ frame: i } as SignalContext)))));
    },
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'limiter',
    what: 'true peak of a sine at sr/4, phase 45°, samples 0 dBFS: dB over the ceiling (3.01 = √2)',
    measure: (sr) => overshoot(sine(2, 0.25, 45), sr, {}, 2000, 500),
    reference: always(db(Math.SQRT2)),
    tolerance: always(0.02),
  },
  { helper: 'limiter', what: 'release time constant, s (release 0.05)', measure: (sr) => releaseSeconds(sr, {}), reference: always(0.05), tolerance: always(1e-6) },

  // Limiter, true-peak mode.
  {
    helper: 'limiter',
    what: 'true-peak mode: sample peak of a +5 dB sine at 100 Hz, dB over the ceiling',
    measure: (sr) => db(peak(probe(() => limiter((s) => 1.6 * Math.sin((2 * Math.PI * 100 * s.frame) / s.sr), CEILING, 0.05, TP), sr / 2, { sampleRate: sr })[0]!)) - CEILING,
    reference: always(0),
    tolerance: always(1e-5),
    bound: true,
  },
  {
    helper: 'limiter',
    what: 'true-peak mode below the ceiling: max |output − input 11 samples earlier|',
    measure: (sr) => {
      const x = sine(0.5, 0.01, 0);
      const [y] = probe(() => limiter(x, CEILING, 0.05, TP), 4800, { sampleRate: sr });
      return Math.max(...y!.map((v, i) => Math.abs(v - (i < 11 ? 0 : Math.fround(x({ frame: i - 11 } as SignalContext))))));
    },
    reference: always(0),
    tolerance: always(0),
  },
  {
    helper: 'limiter',
    what: 'true-peak mode: true peak of a sine at sr/4, phase 45°, samples 0 dBFS, from its onset: dB over',
    measure: (sr) => overshoot(sine(2, 0.25, 45), sr, TP, 2000),
    reference: always(0),
    tolerance: always(0.02),
    bound: true,
  },
  {
    helper: 'limiter',
    what: 'true-peak mode: worst over 16 phases of a sine at sr/4, dB over (the 4× grid: 0.17)',
    measure: (sr) => Math.max(...Array.from({ length: 16 }, (_, i) => overshoot(sine(2, 0.25, (90 * i) / 16), sr, TP, 600, 300))),
    reference: always(gridDb(0.25)),
    tolerance: always(0.02),
    bound: true,
  },
  ...[0.1, 0.2, 0.3, 0.35].map(
    (ratio): Row => ({
      helper: 'limiter',
      what: `true-peak mode: worst over 8 phases of a +6 dB sine at ${ratio}·sr, dB over (4× grid + 0.05 dB interpolator)`,
      measure: (sr) => Math.max(...Array.from({ length: 8 }, (_, i) => overshoot(sine(2, ratio, 11.25 * i), sr, TP, 600, 300))),
      reference: always(gridDb(ratio) + 0.05),
      tolerance: always(0.02),
      bound: true,
    }),
  ),
  {
    helper: 'limiter',
    what: 'true-peak mode: a sine at 0.23·sr jumping from −20 to +10 dBFS, dB over',
    measure: (sr) => overshoot((s) => (s.frame < 1000 ? 0.1 : 3) * Math.sin(2 * Math.PI * 0.23 * s.frame + 0.3), sr, TP, 3000),
    reference: always(gridDb(0.23) + 0.05),
    tolerance: always(0.02),
    bound: true,
  },
  {
    helper: 'limiter',
    what: 'true-peak mode: six sines below 0.35·sr, +8 dB, gated on and off every 1500 frames, dB over',
    measure: (sr) =>
      overshoot(
        (s) => {
          let v = 0;
          for (let k = 1; k <= 6; k++) v += 0.55 * Math.sin(2 * Math.PI * 0.057 * k * s.frame + k * k);
          return s.frame % 3000 < 1500 ? v : 0.1 * v;
        },
        sr,
        TP,
        4600,
      ),
    reference: always(gridDb(0.342) + 0.05),
    tolerance: always(0.02),
    bound: true,
  },
  {
    // The gain must stay down for every sample that shapes a crest, not only until the release lets it rise.
    helper: 'limiter',
    what: 'true-peak mode, release 1 ms: six sines below 0.35·sr, +8 dB, dB over',
    measure: (sr) =>
      overshoot(
        (s) => {
          let v = 0;
          for (let k = 1; k <= 6; k++) v += 0.55 * Math.sin(2 * Math.PI * 0.057 * k * s.frame + k * k);
          return v;
        },
        sr,
        TP,
        4000,
        0,
        0.001,
      ),
    reference: always(gridDb(0.342) + 0.05),
    tolerance: always(0.02),
    bound: true,
  },
  { helper: 'limiter', what: 'true-peak mode: release time constant, s (release 0.05)', measure: (sr) => releaseSeconds(sr, TP), reference: always(0.05), tolerance: always(1e-6) },
];

checkTable('dynamics', TABLE);

describe('limiter, true-peak mode', () => {
  const session = (channels: number) => `const x = s => 1.5 * Math.sin(2 * Math.PI * (s.ch === 0 ? 330 : 470) * s.t + 0.7);
register('h', limiter(x, -3, 0.02, { truePeak: true }), { channels: ${channels}, fadeSeconds: 0 });`;
  const make = (channels: number) => createRuntime({ sampleRate: 44100, channels, install: [helpers] });

  it('continues bit-identically across a reload of identical code, and keeps state per channel', () => {
    const reloaded = make(2);
    reloaded.evaluate(session(2));
    const first = render(reloaded, 6000);
    reloaded.evaluate(session(2));
    const second = render(reloaded, 6000);
    const straight = make(2);
    straight.evaluate(session(2));
    const reference = render(straight, 12000);
    const firstDifference = (a: Float32Array, b: Float32Array) => a.findIndex((v, i) => !Object.is(v, b[i]));
    expect(firstDifference(first, reference.subarray(0, 12000))).toBe(-1);
    expect(firstDifference(second, reference.subarray(12000))).toBe(-1);
    const mono = make(1);
    mono.evaluate(session(1));
    expect(firstDifference(channel(reference, 2, 0).subarray(0, 6000), render(mono, 6000))).toBe(-1);
  });

  it('rejects options that are not an object or a truePeak that is not a boolean, naming them', () => {
    const x: Signal = () => 0;
    expect(() => limiter(x, -1, 0.05, 'true-peak' as never)).toThrow(/limiter: options must be an object/);
    expect(() => limiter(x, -1, 0.05, { truePeak: 1 } as never)).toThrow(/limiter: truePeak must be true or false/);
    expect(() => limiter(x, -1, 0.05, {})).not.toThrow();
  });
});
