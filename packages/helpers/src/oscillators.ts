import { defineHelper, kernel, type KernelStep, type Param, type Signal } from '@aither/core';
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
export function osc(freq: Param = 440): Signal {
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
export function saw(freq: Param = 110): Signal {
  check('saw', 'freq', freq);
  return kernel('saw', 1, [freq], sawStep, { uses: { blep } });
}

/**
 * Band-limited pulse (PolyBLEP): +1 for the first `width` of each cycle, -1 after.
 * @param freq - Hz, constant or signal.
 * @param width - duty cycle, 0..1 (0.5 = square), constant or signal.
 * @example
 * ```ts
 * play('reed', gain(pulse(220, s => 0.3 + 0.2 * Math.sin(s.t)), 0.2));
 * ```
 */
export function pulse(freq: Param = 110, width: Param = 0.5): Signal {
  check('pulse', 'freq', freq);
  check('pulse', 'width', width);
  return kernel('pulse', 1, [freq, width], pulseStep, { uses: { blep } });
}

/** Band-limited square wave: {@link pulse} with width 0.5. @param freq - Hz. @example `play('sq', gain(square(110), 0.2))` */
export function square(freq: Param = 110): Signal {
  return pulse(freq, 0.5);
}

/**
 * Triangle wave, starting at 0 and rising, in [-1, 1]. Naive: its harmonics
 * fall at 12 dB/octave, so aliasing stays low without correction.
 * @param freq - Hz, constant or signal.
 * @example `play('soft', gain(tri(330), 0.3))`
 */
export function tri(freq: Param = 110): Signal {
  check('tri', 'freq', freq);
  return kernel('tri', 1, [freq], triStep);
}

/**
 * A ramp from 0 to 1 once per cycle (not band-limited: a control signal, e.g.
 * for {@link decay} envelopes or {@link wave} scanning).
 * @param freq - Hz, constant or signal.
 * @example `const tone = osc(60), env = decay(phasor(2), 8); play('kick', s => tone(s) * env(s))`
 */
export function phasor(freq: Param = 1): Signal {
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
export function wave(freq: Param, values: ReadonlyArray<Param>): Signal {
  check('wave', 'freq', freq);
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('wave: values must be a non-empty array');
  values.forEach((v, i) => check('wave', `values[${i}]`, v));
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

const triStep: KernelStep = (m, o, s, f) => {
  const t = m[o]!;
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  const ahead = t + 0.25; // both computed, one picked (see blep on late-first arithmetic)
  const behind = t - 0.75;
  const u = ahead < 1 ? ahead : behind;
  return 1 - 4 * Math.abs(u - 0.5);
};

const phasorStep: KernelStep = (m, o, s, f) => {
  const t = m[o]!;
  const next = t + f * s.dt;
  m[o] = next - Math.floor(next);
  return t;
};
