import { kernel, lineLength, widen, type ChannelInit, type KernelPrepare, type KernelStep, type Param, type Signal, type Hz, type NormalRange } from '@aither/core';
import { doubledSlots, tapCubic, writeDoubled } from './line.js';
import { check, checkSignal, TAU } from './param.js';

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
export function tremolo(input: Signal, rate: Param<Hz>, depth: Param<NormalRange>): Signal {
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

/**
 * The LFO of {@link vibrato} and {@link chorus} is a unit phasor `(cos θ, sin θ)`,
 * turned each frame by the angle `2π·rate·dt` (its cosine and sine come from
 * the prepare), and renormalised so that it neither grows nor fades: exact
 * sine and cosine for a few multiplications. A vibrato's pitch is the slope
 * of its delay, where a shortcut sine's error in slope (lfoSin's is up to
 * 1.3 %) would show. (Minsky's cheaper "magic circle" keeps its amplitude
 * only while the rate holds still: a rate modulated near twice itself pumps
 * it, as on a swing, and at audio rates without bound.) The steps turn it in
 * their own code: a function handed `m` would write slots the compiled loop
 * holds in locals. This sets the phasor at `m[o]`, `m[o + 1]` to `cycles` of
 * a turn.
 */
function lfoAt(m: Float64Array, o: number, cycles: number): void {
  m[o] = Math.cos(TAU * cycles);
  m[o + 1] = Math.sin(TAU * cycles);
}

/** {@link vibrato}'s pitch excursion at depth 1, semitones either side of the input's pitch. */
const VIBRATO_SEMITONES = 0.4;
/** The slowest rate, Hz, that depth 1 reaches in full: the line is sized for it. */
const VIBRATO_SLOWEST = 0.25;
/** `a` of the largest excursion (see {@link vibratoPrepare}). */
const VIBRATO_A = Math.sinh((VIBRATO_SEMITONES * Math.LN2) / 12);
/** Longest delay of {@link vibrato} above its one sample of latency, seconds. */
const VIBRATO_SWING = (2 * VIBRATO_A + Math.sqrt(1 + VIBRATO_A * VIBRATO_A) - 1) / (TAU * VIBRATO_SLOWEST);

/**
 * Vibrato: pitch modulation by a delay swept by a sine LFO (a moving read
 * head shifts pitch). The pitch swings `depth · ±0.4` semitones around the
 * input's, following `sin(2π·rate·t)`, as far up as down, at any rate from
 * 0.25 Hz up; slower, the excursion shrinks in proportion to the rate (the
 * delay's swing stays the one of 0.25 Hz). The delay is one sample plus a
 * swing that scales as 1 / rate: its slope is what bends the pitch, so a rate
 * or depth that itself moves fast bends it a little more. Read through a
 * cubic interpolator.
 * @param input - the signal.
 * @param rate - LFO Hz, constant or signal.
 * @param depth - 0..1 (clamped): the excursion, 1 = ±0.4 semitone.
 * @example `play('sing', vibrato(saw(220), 5, 0.5))`
 */
export function vibrato(input: Signal, rate: Param<Hz>, depth: Param<NormalRange>): Signal {
  checkSignal('vibrato', 'input', input);
  check('vibrato', 'rate', rate);
  check('vibrato', 'depth', depth);
  // [write index, len, mean delay, first-harmonic swing, twice the second's (samples), cos θ, sin θ,
  //  the cosine and sine of θ's turn per frame, doubled line]
  const len = (sr: number) => lineLength(VIBRATO_SWING, sr) + 1;
  const init: ChannelInit = (m, o, _channel, _key, sr) => {
    m[o + 1] = len(sr);
    lfoAt(m, o + 5, 0);
  };
  const uses = { VIBRATO_SEMITONES, VIBRATO_SLOWEST, TAU, tapCubic, writeDoubled };
  return kernel('vibrato', (sr) => 9 + doubledSlots(len(sr)), [input, rate, depth], vibratoStep, { init, prepare: vibratoPrepare, uses, registers: 9 });
}

/**
 * The LFO's turn and the delay's two swings for a rate and depth. With
 * `a = sinh(u)`, `u = ln 2 · semitones / 12`, and `k = √(1 + a²) − 1`, the
 * pitch ratio `1 + a·sin θ − k·cos 2θ` peaks at `a + √(1 + a²) = e^u` and dips
 * to its reciprocal: as many semitones up as down, and a mean of exactly 1, so
 * the delay that gives it, `d = 1 + sr/ω · (a·(1 + cos θ) + k/2 · (1 + sin 2θ))`
 * samples, stays bounded (the ratio is `1 − d′`). Kept as the mean delay and
 * the swings of `cos θ` and of `sin θ · cos θ`.
 */
const vibratoPrepare: KernelPrepare = (m, o, s, x, rate, depth) => {
  m[o + 7] = Math.cos(TAU * rate * s.dt);
  m[o + 8] = Math.sin(TAU * rate * s.dt);
  const dep = Math.min(Math.max(depth, 0), 1);
  const full = dep * VIBRATO_SEMITONES * (Math.LN2 / 12);
  const hz = Math.abs(rate);
  const slow = hz < VIBRATO_SLOWEST;
  // Below the slowest rate the excursion shrinks with the rate, so that the swing stays the slowest's.
  const shrunk = full * (hz / VIBRATO_SLOWEST);
  const u = slow ? shrunk : full;
  const a = u + (u * u * u) / 6; // sinh(u), to 1e-9 for u <= 0.024
  // a·sr/ω, written so that rate 0 divides nothing by 0: a / hz = full·(1 + u²/6) / max(hz, slowest).
  const first = (full * (1 + (u * u) / 6) * s.sr) / (TAU * (slow ? VIBRATO_SLOWEST : hz));
  const second = (0.5 * first * a) / (1 + Math.sqrt(1 + a * a)); // k/2·sr/ω, as k = a² / (1 + √(1 + a²))
  m[o + 2] = 1 + first + second;
  m[o + 3] = first;
  m[o + 4] = 2 * second;
};

/**
 * One frame of {@link vibrato}. Its LFO turn is written out here as in
 * {@link chorus}'s step, not shared through a function: slots below
 * `registers` must be addressed as `m[o + K]` with a literal K for the
 * compiler to hold them in locals, which a call passing `o + 5` would defeat.
 */
const vibratoStep: KernelStep = (m, o, s, input) => {
  const c = m[o + 5]!;
  const sn = m[o + 6]!;
  const c1 = c * m[o + 7]! - sn * m[o + 8]!;
  const s1 = sn * m[o + 7]! + c * m[o + 8]!;
  const norm = 1.5 - 0.5 * (c1 * c1 + s1 * s1);
  m[o + 5] = c1 * norm;
  m[o + 6] = s1 * norm;
  const w = m[o]!;
  const len = m[o + 1]!;
  writeDoubled(m, o + 9, len, w, input);
  const d = m[o + 2]! + c * (m[o + 3]! + m[o + 4]! * sn);
  m[o] = w + 1 === len ? 0 : w + 1;
  const most = len - 2;
  const y = tapCubic(m, o + 9, len, w, d > most ? most : d);
  return y;
};

const CHORUS_BASE = 0.012;
const CHORUS_SWING = 0.008;

/**
 * Chorus: the input mixed with a copy delayed by 12 ms ± up to 4 ms
 * (`12 ms + depth · 4 ms · sin(2π·rate·t)`), swept by a sine LFO whose phase
 * is a quarter cycle apart on each channel, so a mono source comes out wide.
 * Read through a cubic interpolator.
 * @param input - the signal.
 * @param rate - LFO Hz (e.g. 0.3..3), constant or signal.
 * @param depth - 0..1 (clamped): the sweep, 1 = ±4 ms.
 * @param mix - 0 (dry) .. 1 (only the delayed copy). Default 0.5.
 * @example `play('lush', chorus(saw(220), 0.8, 0.6))`
 */
export function chorus(input: Signal, rate: Param<Hz> = 0.8, depth: Param<NormalRange> = 0.5, mix: Param<NormalRange> = 0.5): Signal {
  checkSignal('chorus', 'input', input);
  check('chorus', 'rate', rate);
  check('chorus', 'depth', depth);
  check('chorus', 'mix', mix);
  widen(2);
  // [write index, len, swing (samples), cos θ, sin θ, cosine and sine of θ's turn per frame,
  //  doubled line]; the channels' LFOs a quarter cycle apart
  const init: ChannelInit = (m, o, channel, _key, sr) => {
    m[o + 1] = lineLength(CHORUS_BASE + CHORUS_SWING, sr);
    lfoAt(m, o + 3, channel * 0.25);
  };
  const uses = { CHORUS_BASE, CHORUS_SWING, TAU, tapCubic, writeDoubled };
  return kernel('chorus', (sr) => 7 + doubledSlots(lineLength(CHORUS_BASE + CHORUS_SWING, sr)), [input, rate, depth, mix], chorusStep, {
    init,
    prepare: chorusPrepare,
    uses,
    registers: 7,
  });
}

const chorusPrepare: KernelPrepare = (m, o, s, x, rate, depth) => {
  m[o + 5] = Math.cos(TAU * rate * s.dt);
  m[o + 6] = Math.sin(TAU * rate * s.dt);
  const dep = Math.min(Math.max(depth, 0), 1);
  m[o + 2] = dep * 0.5 * CHORUS_SWING * s.sr;
};

/** One frame of {@link chorus}: the delay stays within 8..16 ms, inside its 20 ms line. */
const chorusStep: KernelStep = (m, o, s, x, rate, depth, amount) => {
  const c = m[o + 3]!;
  const sn = m[o + 4]!;
  const c1 = c * m[o + 5]! - sn * m[o + 6]!;
  const s1 = sn * m[o + 5]! + c * m[o + 6]!;
  const norm = 1.5 - 0.5 * (c1 * c1 + s1 * s1);
  m[o + 3] = c1 * norm;
  m[o + 4] = s1 * norm;
  const w = m[o]!;
  const len = m[o + 1]!;
  writeDoubled(m, o + 7, len, w, x);
  const d = CHORUS_BASE * s.sr + m[o + 2]! * sn;
  m[o] = w + 1 === len ? 0 : w + 1;
  const wet = tapCubic(m, o + 7, len, w, d);
  return x * (1 - amount) + wet * amount;
};
