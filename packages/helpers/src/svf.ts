import { kernel, type KernelPrepare, type KernelStep, type Param, type Signal, type Hz, type NormalRange } from '@aither/core';
import { check, checkSignal } from './param.js';

type Mode = 0 | 1 | 2 | 3; // low, high, band, notch

/** The anti-damping at res = 1: the ring grows by e^(π·0.1) ≈ 1.37 a cycle until the band saturates. */
const SELF_DAMPING = 0.1;
/** Where the band state saturates at res = 1 (the oscillation's peak is 1.25× this). */
const BAND_LIMIT = 0.4;
/** The damping the band meets beyond the limit: a full-scale sine at the cutoff settles at a peak of ~1.7. */
const BAND_DAMPING = 1;
/** A constant added to the input at res = 1: what the ring grows from (−120 dB, a DC the low-pass passes). */
const SEED = 1e-6;

/**
 * Recomputes the cached coefficients for a new cutoff or damping, for the
 * linear filter (`band` is the band-pass output's gain). Called from the
 * kernel's prepare, not its step: it runs when the cutoff or damping changes
 * (once per block while they are constant), not every frame.
 * Slots: [ic1, ic2, two of the caller's own, a1, a2, a3, k, g, band, then {@link svfSaturation}'s five].
 */
export function svfCoefficients(m: Float64Array, o: number, fc: number, k: number, band: number, sr: number): void {
  const g = Math.tan((Math.PI * Math.min(Math.max(fc, 1), 0.49 * sr)) / sr);
  const a1 = 1 / (1 + g * (g + k));
  m[o + 4] = a1;
  m[o + 5] = g * a1;
  m[o + 6] = g * g * a1;
  m[o + 7] = k;
  m[o + 8] = g;
  m[o + 9] = band;
}

/**
 * The self-oscillating setting's slots, after {@link svfCoefficients}: the seed
 * added to the input, the band's limit, `r = 1/(1 + a2·μ)`, `1 − r` and the
 * damping μ beyond the limit. (0, ∞, 1, 0, 0) is the linear filter.
 */
export function svfSaturation(m: Float64Array, o: number, seed: number, limit: number, damping: number): void {
  const r = 1 / (1 + m[o + 5]! * damping);
  m[o + 10] = seed;
  m[o + 11] = limit;
  m[o + 12] = r;
  m[o + 13] = 1 - r;
  m[o + 14] = damping;
}

/** The slots of one SVF instance (see {@link svfCoefficients}). */
export const SVF_SLOTS = 15;

/**
 * Coefficients from resonance 0..1: damping k = 2·(1 − res); at res = 1 the
 * self-oscillating setting (a notch, which removes its centre, gets no
 * anti-damping and no seed: only the saturation that keeps its state bounded).
 * Every value is computed on every call and then picked, so that a res first
 * reaching 1 long after the loop was optimised runs no new code.
 */
function coefficients(m: Float64Array, o: number, fc: number, r: number, mode: number, sr: number): void {
  m[o + 2] = fc;
  m[o + 3] = r;
  const res = Math.min(Math.max(r, 0), 1);
  const k = 2 * (1 - res);
  const self = res >= 1;
  const notch = mode === 3;
  const selfK = notch ? 0 : -SELF_DAMPING;
  const band = k > 0.01 ? k : 0.01;
  svfCoefficients(m, o, fc, self ? selfK : k, self ? 1 : band, sr);
  const seed = self && !notch ? SEED : 0;
  svfSaturation(m, o, seed, self ? BAND_LIMIT : Infinity, self ? BAND_DAMPING : 0);
}

/**
 * The state-variable filter behind lpf/hpf/bpf/notch: a trapezoidal
 * (zero-delay-feedback) SVF, stable at every cutoff and under fast modulation.
 * `g = tan(π·fc/sr)`, damping `k = 2·(1 − res)`; analog prototype
 * `LP = 1/(s² + k·s + 1)`, `HP = s²/(…)`, `BP = k·s/(…)` (0 dB at the centre; the
 * factor k is floored at 0.01 so a ringing band-pass is still heard),
 * `notch = (s² + 1)/(…)`.
 *
 * res = 1 is the self-oscillating setting. A lossless resonator (k = 0) would
 * stay silent from silence and grow without bound when driven at its cutoff,
 * so there the damping is slightly negative (`k = −SELF_DAMPING`: the ring grows
 * by itself) and the band state is saturated: beyond ±`BAND_LIMIT` it meets a
 * damping `BAND_DAMPING` (a dead zone, `n(v) = v − clamp(v, ±L)`), which the
 * step solves exactly with the linear part, so that the level depends on neither
 * cutoff nor sample rate. A constant `SEED` on the input starts the ring from
 * silence, deterministically. The oscillation settles at a peak of ~0.5 at the
 * cutoff. The notch gets the saturation only (k = 0, no seed). Below res = 1
 * none of this exists (limit ∞, seed 0): the linear filter, to the bit.
 */
function svf(name: string, mode: Mode, input: Signal, cutoff: Param, res: Param): Signal {
  checkSignal(name, 'input', input);
  check(name, 'cutoff', cutoff);
  check(name, 'res', res);
  return kernel(name, SVF_SLOTS, [input, cutoff, res], SVF_STEPS[mode], { prepare: SVF_PREPARES[mode], uses: SVF_USES[mode] });
}

/**
 * Resonant 12 dB/octave low-pass (state-variable). Passband 0 dB; at the
 * cutoff `1/k`, k = 2·(1 − res).
 * @param input - the signal.
 * @param cutoff - Hz, constant or signal (held within 1 Hz .. 0.49·sample rate).
 * @param res - resonance 0..1 (clamped): 0 = gentle (−6 dB at cutoff), ~0.29 = Butterworth (−3 dB),
 *   0.9 = +14 dB at cutoff; 1 = self-oscillating: it rings on by itself at the cutoff, at a peak
 *   of ~0.5, and stays bounded when driven (a full-scale sine at the cutoff settles at a peak of ~1.7).
 * @example `play('acid', pipe(saw(55), (x) => lpf(x, s => 400 + 300 * Math.sin(s.t), 0.8), (x) => gain(x, 0.3)))`
 */
export function lpf(input: Signal, cutoff: Param<Hz>, res: Param<NormalRange> = 0): Signal {
  return svf('lpf', 0, input, cutoff, res);
}

/**
 * Resonant 12 dB/octave high-pass (state-variable). Parameters and levels as {@link lpf}
 * (passband 0 dB; res = 1 self-oscillates at the cutoff, a full-scale drive there settling
 * at a peak of ~1.9). @example `hpf(noise(), 4000, 0.5)`
 */
export function hpf(input: Signal, cutoff: Param<Hz>, res: Param<NormalRange> = 0): Signal {
  return svf('hpf', 1, input, cutoff, res);
}

/**
 * Resonant band-pass (state-variable), 0 dB at the centre for res up to 0.995
 * (the gain factor k is floored at 0.01 so a ringing band is still heard: above
 * 0.995 the centre gains `0.01/k`, +14 dB at 0.999). Higher res = narrower; the
 * −3 dB bandwidth is `k·cutoff`. At res = 1 it self-oscillates at the cutoff,
 * heard at the same peak of ~0.5 as {@link lpf}. Parameters as {@link lpf}.
 * @example `bpf(noise(), 1000, 0.9)`
 */
export function bpf(input: Signal, cutoff: Param<Hz>, res: Param<NormalRange> = 0): Signal {
  return svf('bpf', 2, input, cutoff, res);
}

/**
 * Notch (band-reject) at `cutoff` (state-variable), `(s² + 1)/(s² + k·s + 1)`:
 * 0 dB away from the cutoff, no output at it; higher res = narrower (−3 dB width
 * `k·cutoff`). A notch removes its centre, so res = 1 does not self-oscillate:
 * its width is zero and it passes the input unchanged (its state is saturated
 * as {@link lpf}'s, so that it stays bounded for a later, lower res).
 * Parameters as {@link lpf}. @example `notch(saw(110), 1000, 0.5)`
 */
export function notch(input: Signal, cutoff: Param<Hz>, res: Param<NormalRange> = 0): Signal {
  return svf('notch', 3, input, cutoff, res);
}

/**
 * One step per mode, made once: an instance's step captures nothing of its own
 * (see kernel docs on reloads). Slots as {@link svfCoefficients}.
 */
export const SVF_STEPS: KernelStep[] = ([0, 1, 2, 3] as const).map(
  (mode: Mode): KernelStep =>
    (m, o, s, x) => {
      const ic1 = m[o]!;
      const ic2 = m[o + 1]!;
      const xs = x + m[o + 10]!;
      const v3 = xs - ic2;
      const w1 = m[o + 4]! * ic1 + m[o + 5]! * v3;
      const w2 = ic2 + m[o + 5]! * ic1 + m[o + 6]! * v3;
      // The band beyond ±limit meets the damping μ, solved exactly: v1 = c + r·(w1 − c), r = 1/(1 + a2·μ)
      // (v1 = w1 while the limit is ∞); the low-pass takes the same correction, g·(w1 − v1) = a3·μ·(v1 − c).
      const limit = m[o + 11]!;
      const low = -limit;
      const c = w1 > limit ? limit : w1 < low ? low : w1;
      const v1 = m[o + 12]! * w1 + m[o + 13]! * c;
      const v2 = w2 - m[o + 8]! * (w1 - v1);
      m[o] = 2 * v1 - ic1;
      m[o + 1] = 2 * v2 - ic2;
      const k = m[o + 7]!;
      // The high-pass is the first integrator's input, the saturation's damping μ·(v1 − c) included.
      return mode === 0 ? v2 : mode === 1 ? xs - m[o + 14]! * (v1 - c) - k * v1 - v2 : mode === 2 ? m[o + 9]! * v1 : xs - k * v1;
    },
);

/** The names each mode's step and prepare read (its mode, as a constant the compiler folds). */
const SVF_USES = ([0, 1, 2, 3] as const).map((mode) => ({ mode, coefficients, svfCoefficients, svfSaturation, SELF_DAMPING, BAND_LIMIT, BAND_DAMPING, SEED }));

/** Coefficients, recomputed when cutoff or resonance change (once per block while they are constant). */
const SVF_PREPARES: KernelPrepare[] = ([0, 1, 2, 3] as const).map(
  (mode: Mode): KernelPrepare =>
    (m, o, s, x, fc, r) => {
      if (fc !== m[o + 2] || r !== m[o + 3] || m[o + 4] === 0) coefficients(m, o, fc, r, mode, s.sr);
    },
);
