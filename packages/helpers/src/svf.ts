import { kernel, type KernelPrepare, type KernelStep, type Param, type Signal } from '@aither/core';
import { check, checkSignal } from './param.js';

type Mode = 0 | 1 | 2 | 3; // low, high, band, notch

/**
 * The state-variable filter behind lpf/hpf/bpf/notch: a trapezoidal
 * (zero-delay-feedback) SVF, stable at every cutoff and under fast modulation.
 * `g = tan(π·fc/sr)`, damping `k = 2·(1 − res)`; analog prototype
 * `LP = 1/(s² + k·s + 1)`, `HP = s²/(…)`, `BP = k·s/(…)` (0 dB at the centre; the
 * factor k is floored at 0.01 so a ringing band-pass is still heard),
 * `notch = (s² + 1)/(…)`. res = 1 makes k = 0: lossless, it rings forever.
 */
/**
 * Recomputes the cached coefficients for a new cutoff or damping. Kept out
 * of the per-sample step so that the step stays small enough to be inlined.
 */
export function svfCoefficients(m: Float64Array, o: number, fc: number, k: number, sr: number): void {
  const g = Math.tan((Math.PI * Math.min(Math.max(fc, 1), 0.49 * sr)) / sr);
  const a1 = 1 / (1 + g * (g + k));
  m[o + 4] = a1;
  m[o + 5] = g * a1;
  m[o + 6] = g * g * a1;
  m[o + 7] = k;
}

/** Coefficients from resonance 0..1: damping k = 2·(1 − res). */
function coefficients(m: Float64Array, o: number, fc: number, r: number, sr: number): void {
  m[o + 2] = fc;
  m[o + 3] = r;
  svfCoefficients(m, o, fc, 2 * (1 - Math.min(Math.max(r, 0), 1)), sr);
}

function svf(name: string, mode: Mode, input: Signal, cutoff: Param, res: Param): Signal {
  checkSignal(name, 'input', input);
  check(name, 'cutoff', cutoff);
  check(name, 'res', res);
  // [ic1, ic2, fc, res, a1, a2, a3, k]
  return kernel(name, 8, [input, cutoff, res], SVF_STEPS[mode], { prepare: svfPrepare, uses: SVF_USES[mode] });
}

/**
 * Resonant 12 dB/octave low-pass (state-variable).
 * @param input - the signal.
 * @param cutoff - Hz, constant or signal.
 * @param res - resonance 0..1: 0 = gentle (−6 dB at cutoff), ~0.29 = Butterworth, 1 = self-oscillating.
 * @example `play('acid', pipe(saw(55), (x) => lpf(x, s => 400 + 300 * Math.sin(s.t), 0.8), (x) => gain(x, 0.3)))`
 */
export function lpf(input: Signal, cutoff: Param, res: Param = 0): Signal {
  return svf('lpf', 0, input, cutoff, res);
}

/** Resonant 12 dB/octave high-pass (state-variable). Parameters as {@link lpf}. @example `hpf(noise(), 4000, 0.5)` */
export function hpf(input: Signal, cutoff: Param, res: Param = 0): Signal {
  return svf('hpf', 1, input, cutoff, res);
}

/** Resonant band-pass, 0 dB at the centre (state-variable). Parameters as {@link lpf}; higher res = narrower. @example `bpf(noise(), 1000, 0.9)` */
export function bpf(input: Signal, cutoff: Param, res: Param = 0): Signal {
  return svf('bpf', 2, input, cutoff, res);
}

/** Notch (band-reject) at `cutoff` (state-variable). Parameters as {@link lpf}; higher res = narrower. @example `notch(saw(110), 1000, 0.5)` */
export function notch(input: Signal, cutoff: Param, res: Param = 0): Signal {
  return svf('notch', 3, input, cutoff, res);
}

/**
 * One step per mode, made once: an instance's step captures nothing of its own
 * (see kernel docs on reloads). Slots: [ic1, ic2, two of the prepare's own, a1, a2, a3, k].
 */
export const SVF_STEPS: KernelStep[] = ([0, 1, 2, 3] as const).map(
  (mode: Mode): KernelStep =>
    (m, o, s, x) => {
      const ic1 = m[o]!;
      const ic2 = m[o + 1]!;
      const v3 = x - ic2;
      const v1 = m[o + 4]! * ic1 + m[o + 5]! * v3;
      const v2 = ic2 + m[o + 5]! * ic1 + m[o + 6]! * v3;
      m[o] = 2 * v1 - ic1;
      m[o + 1] = 2 * v2 - ic2;
      const k = m[o + 7]!;
      return mode === 0 ? v2 : mode === 1 ? x - k * v1 - v2 : mode === 2 ? (k > 0.01 ? k : 0.01) * v1 : x - k * v1;
    },
);

/** The names each mode's step reads (its mode, as a constant the compiler folds). */
const SVF_USES = ([0, 1, 2, 3] as const).map((mode) => ({ mode, coefficients, svfCoefficients }));

/** Coefficients, recomputed when cutoff or resonance change (once per block while they are constant). */
const svfPrepare: KernelPrepare = (m, o, s, x, fc, r) => {
  if (fc !== m[o + 2] || r !== m[o + 3] || m[o + 4] === 0) coefficients(m, o, fc, r, s.sr);
};
