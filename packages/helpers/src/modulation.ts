import { kernel, widen, type ChannelInit, type KernelStep, type Param, type Signal } from '@aither/core';
import { lineLength, tap } from './line.js';
import { check, checkSignal, lfoSin, TAU } from './param.js';

/**
 * Tremolo: amplitude modulation by a sine LFO,
 * `y = x · (1 − depth · (1 − sin(2π·phase)) / 2)`, so the gain swings between
 * `1 − depth` and 1. Each channel has its own LFO phase, advanced once per frame.
 *
 * @param input - the signal.
 * @param rate - LFO rate in Hz, constant or signal.
 * @param depth - 0 (none) .. 1 (full), constant or signal.
 * @example
 * ```ts
 * play('throb', pipe(osc(220), (x) => tremolo(x, 5, 0.8)));
 * ```
 */
export function tremolo(input: Signal, rate: Param, depth: Param): Signal {
  checkSignal('tremolo', 'input', input);
  check('tremolo', 'rate', rate);
  check('tremolo', 'depth', depth);
  return kernel('tremolo', 1, [input, rate, depth], tremoloStep, { uses: { TAU } });
}

/** One frame of {@link tremolo} (captures nothing: one function for every instance). */
const tremoloStep: KernelStep = (m, o, s, x, r, d) => {
  const p = m[o]!;
  const next = p + r * s.dt;
  m[o] = next - Math.floor(next);
  return x * (1 - d * 0.5 * (1 - Math.sin(TAU * p)));
};

/** Longest swing of {@link vibrato}'s delay, seconds (depth 1). */
const VIBRATO_SWING = 0.005;

/**
 * Vibrato: pitch modulation by a delay swept by a sine LFO (a moving read
 * head shifts pitch). Delay = `depth · 5 ms · (1 + sin(2π·phase)) / 2`.
 * @param input - the signal.
 * @param rate - LFO Hz, constant or signal.
 * @param depth - 0..1 (1 = ±2.5 ms of sweep; about ±0.4 semitone at 5 Hz).
 * @example `play('sing', vibrato(saw(220), 5, 0.5))`
 */
export function vibrato(input: Signal, rate: Param, depth: Param): Signal {
  checkSignal('vibrato', 'input', input);
  check('vibrato', 'rate', rate);
  check('vibrato', 'depth', depth);
  // [lfo phase, write index, line...]
  // [lfo phase, write index, len, line of len slots]
  const init: ChannelInit = (m, o, _channel, _key, sr) => {
    m[o + 2] = lineLength(VIBRATO_SWING, sr);
  };
  return kernel('vibrato', (sr) => 3 + lineLength(VIBRATO_SWING, sr), [input, rate, depth], vibratoStep, { init, uses: { VIBRATO_SWING, lfoSin, tap }, registers: 3 });
}

const vibratoStep: KernelStep = (m, o, s, input, rate, depth) => {
  const len = m[o + 2]!;
  const p = m[o]!;
  const next = p + rate * s.dt;
  m[o] = next - Math.floor(next);
  const w = m[o + 1]!;
  m[o + 3 + w] = input;
  const dep = Math.min(Math.max(depth, 0), 1);
  const lfo = lfoSin(p);
  const d = dep * VIBRATO_SWING * s.sr * 0.5 * (1 + lfo);
  m[o + 1] = w + 1 === len ? 0 : w + 1;
  const y = tap(m, o + 3, len, w, Math.min(d, len - 2));
  return y;
};

const CHORUS_BASE = 0.012;
const CHORUS_SWING = 0.008;

/**
 * Chorus: the input mixed with a copy delayed by 12 ms ± up to 4 ms, swept by
 * a sine LFO whose phase is a quarter cycle apart on each channel, so a mono
 * source comes out wide.
 * @param input - the signal.
 * @param rate - LFO Hz (e.g. 0.3..3), constant or signal.
 * @param depth - 0..1 sweep amount.
 * @param mix - 0 (dry) .. 1 (only the delayed copy). Default 0.5.
 * @example `play('lush', chorus(saw(220), 0.8, 0.6))`
 */
export function chorus(input: Signal, rate: Param = 0.8, depth: Param = 0.5, mix: Param = 0.5): Signal {
  checkSignal('chorus', 'input', input);
  check('chorus', 'rate', rate);
  check('chorus', 'depth', depth);
  check('chorus', 'mix', mix);
  widen(2);
  // [lfo phase, write index, len, line of len slots]; the channels' LFOs a quarter cycle apart
  const init: ChannelInit = (m, o, channel, _key, sr) => {
    m[o] = channel * 0.25;
    m[o + 2] = lineLength(CHORUS_BASE + CHORUS_SWING, sr);
  };
  return kernel('chorus', (sr) => 3 + lineLength(CHORUS_BASE + CHORUS_SWING, sr), [input, rate, depth, mix], chorusStep, { init, uses: { CHORUS_BASE, CHORUS_SWING, lfoSin, tap }, registers: 3 });
}

const chorusStep: KernelStep = (m, o, s, x, rate, depth, amount) => {
  const len = m[o + 2]!;
  const p = m[o]!;
  const next = p + rate * s.dt;
  m[o] = next - Math.floor(next);
  const w = m[o + 1]!;
  m[o + 3 + w] = x;
  const dep = Math.min(Math.max(depth, 0), 1);
  const lfo = lfoSin(p);
  const d = (CHORUS_BASE + dep * 0.5 * CHORUS_SWING * lfo) * s.sr;
  m[o + 1] = w + 1 === len ? 0 : w + 1;
  const wet = tap(m, o + 3, len, w, Math.min(d, len - 2));
  return x * (1 - amount) + wet * amount;
};
