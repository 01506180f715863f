import { defineHelper, kernel, type KernelPrepare, type KernelStep, type Param, type Signal, type Hz, type NormalRange } from '@aither/core';
import { byTable, check, read, TAU, type TableStep } from './param.js';

/**
 * Sine oscillator: a phase accumulator, phase in [0, 1), output `sin(2π·phase)`.
 * The phase lives in the helper pool, so a reload (or a new frequency) continues
 * the waveform without a jump.
 *
 * @param freq - frequency in Hz (any real; negative runs backwards), constant or signal. Default 440.
 * @returns a signal in [-1, 1].
 * @example
 * ```ts
 * play('tone', gain(osc(440), 0.2));
 * ```
 */
export function osc(freq: Param<Hz> = 440): Signal {
  check('osc', 'freq', freq);
  return kernel('osc', 1, [freq], oscStep, { uses: { TAU } });
}

// Steps that capture nothing are one function for every instance: a reload
// that leaves a signal's code unchanged then keeps its compiled loop (warm).
const oscStep: KernelStep = (m, o, s, f) => {
  const p = m[o]!;
  const next = p + f * s.dt;
  m[o] = next - Math.floor(next);
  return Math.sin(TAU * p);
};

/** Alias of {@link osc}, the earlier engine's name. @example `play('a', gain(sin(220), 0.3))` */
export const sin = osc;

/**
 * PolyBLEP residual: subtracting it at each discontinuity of a naive
 * waveform removes most of the aliasing (a 2-sample polynomial band-limited step).
 */
function blep(t: number, dt: number): number {
  // Both halves computed on every sample, then one picked: for a slow pulse
  // (a 1 Hz gate) the falling edge's arithmetic would otherwise first run a
  // second after V8 optimised the loop, without type feedback, and the
  // deoptimisation could leave the loop unoptimised and allocating for good.
  // (dt = 0 gives NaN halves that are never picked.) Between edges it returns
  // −0, not 0: V8 keeps 0 as a small integer, and arithmetic that saw only
  // small integers for a second is compiled for integers, then deoptimised by
  // the first fraction.
  const after = t / dt;
  const before = (t - 1) / dt;
  const rise = after + after - after * after - 1;
  const fall = before * before + before + before + 1;
  return t < dt ? rise : t > 1 - dt ? fall : -0;
}

/**
 * Band-limited sawtooth (PolyBLEP), rising from -1 to 1 once per cycle.
 * @param freq - Hz, constant or signal.
 * @example
 * ```ts
 * play('bass', pipe(saw(55), (x) => lpf(x, 600, 0.3), (x) => gain(x, 0.3)));
 * ```
 */
export function saw(freq: Param<Hz> = 110): Signal {
  check('saw', 'freq', freq);
  return kernel('saw', 1, [freq], sawStep, { uses: { blep } });
}

/**
 * Band-limited pulse (PolyBLEP): +1 for the first `width` of each cycle, -1 after.
 * @param freq - Hz, constant or signal.
 * @param width - duty cycle, 0..1 (0.5 = square; kept within 0.001..0.999), constant or signal.
 * @example
 * ```ts
 * play('reed', gain(pulse(220, s => 0.3 + 0.2 * Math.sin(s.t)), 0.2));
 * ```
 */
export function pulse(freq: Param<Hz> = 110, width: Param<NormalRange> = 0.5): Signal {
  check('pulse', 'freq', freq);
  check('pulse', 'width', width);
  return kernel('pulse', 1, [freq, width], pulseStep, { uses: { blep } });
}

/** Band-limited square wave: {@link pulse} with width 0.5. @param freq - Hz. @example `play('sq', gain(square(110), 0.2))` */
export function square(freq: Param<Hz> = 110): Signal {
  return pulse(freq, 0.5);
}

/**
 * Band-limited triangle wave, starting at 0 and rising, in [-1, 1] (at low
 * frequencies its samples peak within 2.2·f/sr of ±1; a naive one's, within 2·f/sr).
 * Its corners are rounded by PolyBLAMP, the integral of the PolyBLEP that {@link saw}
 * uses; from 1/30 of the sample rate up, where only its first seven odd harmonics
 * (1/n² each) fit below Nyquist, it crossfades (by 1/20) to their exact sum, each
 * harmonic fading out over the last 10% below Nyquist. Aliasing stays more than
 * 50 dB below the fundamental at every frequency (a naive triangle's reaches −28 dB
 * at 5 kHz at 44.1 kHz).
 * Reference: Esqueda, Välimäki, Bilbao, "Rounding corners with BLAMP", DAFx 2016.
 * @param freq - Hz (any real; negative runs backwards), constant or signal.
 * @example `play('soft', gain(tri(330), 0.3))`
 */
export function tri(freq: Param<Hz> = 110): Signal {
  check('tri', 'freq', freq);
  // [phase, frequency the rest is for (on its grid), s¹ s³ … s¹³ coefficients of the harmonic sum, its share]
  return kernel('tri', 10, [freq], triStep, { prepare: triPrepare, uses: { blamp, fade } });
}

/**
 * A ramp from 0 to 1 once per cycle (not band-limited: a control signal, e.g.
 * for {@link decay} envelopes or {@link wave} scanning).
 * @param freq - Hz, constant or signal.
 * @example `const tone = osc(60), env = decay(phasor(2), 8); play('kick', s => tone(s) * env(s))`
 */
export function phasor(freq: Param<Hz> = 1): Signal {
  check('phasor', 'freq', freq);
  return kernel('phasor', 1, [freq], phasorStep);
}

/**
 * Scans `values` once per cycle, holding each for 1/length of it: a step
 * sequencer at low rates, a (stepped) wavetable oscillator at audio rates.
 * @param freq - cycles per second, constant or signal.
 * @param values - the table; numbers or signals.
 * @example
 * ```ts
 * const notes = wave(0.5, [220, 277, 330, 440]); // one step every 0.5 s
 * play('arp', gain(saw(notes), 0.2));
 * ```
 */
export function wave(freq: Param<Hz>, values: ReadonlyArray<Param>): Signal {
  check('wave', 'freq', freq);
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('wave: values must be a non-empty array');
  values.forEach((v, i) => {
    check('wave', `values[${i}]`, v);
  });
  const table = values.slice();
  const n = table.length;
  if (table.every((v) => typeof v === 'number')) {
    const { step, uses } = byTable(waveSteps, table as number[], (numbers) => (m, o, s, f) => {
      const n = numbers.length;
      const t = m[o]!;
      const next = t + f * s.dt;
      m[o] = next - Math.floor(next);
      const i = Math.floor(t * n);
      const last = n - 1;
      return numbers[i < n ? i : last]!;
    });
    return kernel('wave', 1, [freq], step, { uses });
  }
  // A table of signals reads only the current step's signal, so it stays a closure.
  const h = defineHelper('wave', 1);
  return (s) => {
    const o = h.begin(s);
    if (o < 0) return h.last(o);
    const m = h.memory;
    const t = m[o]!;
    const next = t + read(freq, s) * s.dt;
    m[o] = next - Math.floor(next);
    const i = Math.floor(t * n);
    return h.end(o, read(table[i < n ? i : n - 1]!, s));
  };
}

/** Steps of `wave` by table (see {@link byTable}). */
const waveSteps = new Map<string, TableStep>();

const sawStep: KernelStep = (m, o, s, f) => {
  const t = m[o]!;
  const dt = Math.min(0.5, Math.abs(f) * s.dt);
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  // Module functions called as whole statements are written into the loop too (see docs/helpers.md).
  const edge = blep(t, dt);
  return 2 * t - 1 - edge;
};

const pulseStep: KernelStep = (m, o, s, f, width) => {
  const t = m[o]!;
  const w = width < 0.001 ? 0.001 : width > 0.999 ? 0.999 : width;
  const dt = Math.min(0.5, Math.abs(f) * s.dt);
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  // The falling edge's phase; arithmetic outside the conditional (see blep).
  const behind = t - w;
  const wrapped = behind + 1;
  const fall = behind < 0 ? wrapped : behind;
  const rise = blep(t, dt);
  const drop = blep(fall, dt);
  return (t < w ? 1 : -1) + rise - drop;
};

/**
 * PolyBLAMP residual (the integral of {@link blep}'s): `(1 − |x|)³/6` within one
 * sample `x = phase/dt` of a corner; times the slope change per sample, added
 * there, it rounds the corner as a band-limited ramp would.
 */
function blamp(phase: number, dt: number): number {
  // Computed on every sample, −0 between corners (see blep); dt = 0 gives NaN, never picked.
  const x = phase / dt;
  const a = 1 - Math.abs(x);
  const cube = (a * a * a) / 6;
  return a > 0 ? cube : -0;
}

/**
 * Gain of a harmonic at `x` times the sample rate: 1 up to 0.45, falling linearly to 0 at
 * Nyquist. Both comparisons made on every call, as in {@link triPrepare}'s share.
 */
function fade(x: number): number {
  const g = 10 - 20 * x;
  const full = g > 1;
  const none = g < 0;
  return full ? 1 : none ? 0 : g;
}

/**
 * The harmonic sum follows the frequency, read on a grid of 2^−16 cycles per sample (0.67 Hz at
 * 44.1 kHz): a vibrato or a slow sweep then recomputes it a few hundred times a second, not on
 * every frame, and a harmonic's gain is off by at most 0.002 of its level. For dt cycles per
 * sample: 8/π² · Σ gₙ·Tₙ(s)/n² over odd n ≤ 13 (Tₙ Chebyshev, Tₙ(sin θ) = ±sin nθ, gₙ {@link fade})
 * as a polynomial in s = sin 2πt, and the share of it in the output: 0 below 1/30 of the sample
 * rate (the 15th harmonic at Nyquist), 1 from 1/20. A new block (all 0) is right for grid 0.
 */
const triPrepare: KernelPrepare = (m, o, s, f) => {
  const grid = Math.round(Math.abs(f) * s.dt * 65536);
  if (grid !== m[o + 1]) {
    m[o + 1] = grid;
    const dt = grid / 65536;
    // Module functions called as whole statements are written in too (see docs/helpers.md).
    const g3 = fade(3 * dt);
    const g5 = fade(5 * dt);
    const g7 = fade(7 * dt);
    const g9 = fade(9 * dt);
    const g11 = fade(11 * dt);
    const g13 = fade(13 * dt);
    // The coefficient of s^(2j+1) is 8/π² · Σ gₙ·[s^(2j+1)]Tₙ/n², its numbers multiplied out (no division per frame).
    m[o + 2] =
      0.8105694691387022 -
      0.27018982304623407 * g3 +
      0.16211389382774044 * g5 -
      0.11579563844838603 * g7 +
      0.09006327434874468 * g9 -
      0.07368813355806383 * g11 +
      0.06235149762605401 * g13;
    m[o + 3] = 0.36025309739497874 * g3 - 0.6484555753109618 * g5 + 0.9263651075870882 * g7 - 1.2008436579832624 * g9 + 1.4737626711612768 * g11 - 1.7458419335295126 * g13;
    m[o + 4] = 0.5187644602487694 * g5 - 1.8527302151741765 * g7 + 4.323037168739745 * g9 - 8.25307095850315 * g11 + 13.9667354682361 * g13;
    m[o + 5] = 1.0587029800995293 * g7 - 5.76404955831966 * g9 + 18.86416219086434 * g11 - 47.88595017680949 * g13;
    m[o + 6] = 2.561799803697627 * g9 - 18.86416219086434 * g11 + 79.80991696134913 * g13;
    m[o + 7] = 6.859695342132488 * g11 - 63.84793356907931 * g13;
    m[o + 8] = 19.645518021255175 * g13;
    const w = (dt - 1 / 30) * 60; // 0 at 1/30, 1 at 1/20
    // Both comparisons made whenever this runs (once per grid): one made only when the first
    // fails could first run long after V8 optimised it (a low note after high ones).
    const full = w > 1;
    const none = w < 0;
    m[o + 9] = full ? 1 : none ? 0 : w;
  }
};

const triStep: KernelStep = (m, o, s, f) => {
  const t = m[o]!;
  const dt = Math.abs(f) * s.dt;
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  // Both forms are computed on every sample, then mixed (see blep on late-first arithmetic).
  const ahead = t + 0.25;
  const behind = t - 0.75;
  const u = ahead < 1 ? ahead : behind;
  const v = 1 - 4 * Math.abs(u - 0.5); // the naive triangle
  // Its corners: the peak at phase 0.25 (slope −8 per cycle), the trough at 0.75 (+8), as phase distances within half a cycle.
  const toPeak = t - 0.25;
  const peakBefore = toPeak - 1;
  const toTrough = t - 0.75;
  const troughAfter = toTrough + 1;
  const peak = toPeak > 0.5 ? peakBefore : toPeak;
  const trough = toTrough < -0.5 ? troughAfter : toTrough;
  const round = blamp(peak, dt);
  const cup = blamp(trough, dt);
  const rounded = v + 8 * dt * (cup - round);
  // sin 2πt = sin(π/2·v): an odd polynomial within 1.3e-6, exact at v = ±1 with zero slope there
  // (so the sum gets no corners from it).
  const v2 = v * v;
  const v4 = v2 * v2;
  const sine = v * (1.5707858048883279 + v2 * -0.6458464114458551 + v4 * (0.07933540822672636 + v2 * -0.004274801669199135));
  // The polynomials by Estrin's scheme: shorter dependency chains than Horner's, so frames overlap.
  const s2 = sine * sine;
  const s4 = s2 * s2;
  const s8 = s4 * s4;
  const low = m[o + 2]! + s2 * m[o + 3]! + s4 * (m[o + 4]! + s2 * m[o + 5]!);
  const high = m[o + 6]! + s2 * m[o + 7]! + s4 * m[o + 8]!;
  const exact = sine * (low + s8 * high);
  return rounded + m[o + 9]! * (exact - rounded);
};

const phasorStep: KernelStep = (m, o, s, f) => {
  const t = m[o]!;
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  return t;
};
