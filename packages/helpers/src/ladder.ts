import { kernel, type KernelPrepare, type KernelStep, type Param, type Signal, type Hz, type NormalRange } from '@aither/core';
import { check, checkSignal } from './param.js';

/**
 * The loop gain at res = 1: 5 % above the threshold (4), so that the ladder
 * self-oscillates and the saturator, not the linear loop, sets its level.
 */
const SELF_GAIN = 4.2;
/** A constant added to the input at res = 1: what the oscillation grows from (−120 dB). */
const SEED = 1e-6;

/** Recomputes the cached coefficients: called from the prepare, when the cutoff or res changes, not every frame. */
function coefficients(m: Float64Array, o: number, fc: number, res: number, sr: number): void {
  m[o + 4] = fc;
  m[o + 6] = res;
  const g = Math.tan((Math.PI * Math.min(Math.max(fc, 1), 0.49 * sr)) / sr);
  const G = g / (1 + g);
  const r = Math.min(Math.max(res, 0), 1);
  const linear = 4 * r;
  const k = r < 1 ? linear : SELF_GAIN;
  m[o + 5] = G;
  m[o + 7] = 1 / (1 + k * G * G * G * G);
  m[o + 8] = k;
  m[o + 9] = 1 + k;
  m[o + 10] = r < 1 ? 0 : SEED;
}

/**
 * Four-pole (24 dB/octave) ladder low-pass with resonance, after the Moog
 * ladder: four trapezoidal one-poles in series, the output fed back to the
 * input with gain `k = 4·res`, solved without a unit delay in the loop
 * (`u = (x − k·Σ)/(1 + k·G⁴)`, `G = g/(1+g)`, `g = tan(π·fc/sr)`). The input
 * passes a soft saturator (the Padé approximant of tanh, `u(27 + u²)/(27 + 9u²)`,
 * clamped at ±3) so that high resonance saturates instead of exploding. The
 * output is multiplied by `1 + k`, the loop's loss at DC: the passband stays at
 * 0 dB at every res (an uncompensated ladder loses 14 dB at res 1).
 *
 * Levels: res 0 is −12 dB at the cutoff and −24 dB/octave above; the peak at the
 * cutoff is `(1 + k)/(4 − k)` (+21 dB at res 0.9). At res = 1 the loop gain is
 * 4.2 and a constant −120 dB seed is added to the input: it self-oscillates at the
 * cutoff, from silence or from any ring, loud or small, settling at a peak of ~0.6
 * (driven there by a full-scale sine, at ~1.5).
 *
 * @param input - the signal.
 * @param cutoff - Hz, constant or signal (held within 1 Hz .. 0.49·sample rate).
 * @param res - 0..1 (clamped); 1 self-oscillates.
 * @example `play('moog', pipe(saw(55), (x) => ladder(x, 500, 0.7), (x) => gain(x, 0.2)))`
 */
export function ladder(input: Signal, cutoff: Param<Hz>, res: Param<NormalRange> = 0): Signal {
  checkSignal('ladder', 'input', input);
  check('ladder', 'cutoff', cutoff);
  check('ladder', 'res', res);
  // [s1, s2, s3, s4, fc, G, res, 1 / (1 + k·G⁴), k, 1 + k, seed]: the coefficients change only with fc and res.
  return kernel('ladder', 11, [input, cutoff, res], ladderStep, { prepare: ladderPrepare, uses: { coefficients, SELF_GAIN, SEED } });
}

const ladderPrepare: KernelPrepare = (m, o, s, x, fc, res) => {
  if (fc !== m[o + 4] || res !== m[o + 6] || m[o + 5] === 0) coefficients(m, o, fc, res, s.sr);
};

const ladderStep: KernelStep = (m, o, s, x) => {
  const G = m[o + 5]!;
  let z1 = m[o]!;
  let z2 = m[o + 1]!;
  let z3 = m[o + 2]!;
  let z4 = m[o + 3]!;
  // Each stage: y = G·in + S, S = z·(1 − G).
  const c = 1 - G;
  const sigma = (G * G * G * z1 + G * G * z2 + G * z3 + z4) * c;
  let u = (x + m[o + 10]! - m[o + 8]! * sigma) * m[o + 7]!;
  u = u > 3 ? 1 : u < -3 ? -1 : (u * (27 + u * u)) / (27 + 9 * u * u);
  let v = (u - z1) * G;
  let y = v + z1;
  z1 = y + v;
  v = (y - z2) * G;
  y = v + z2;
  z2 = y + v;
  v = (y - z3) * G;
  y = v + z3;
  z3 = y + v;
  v = (y - z4) * G;
  y = v + z4;
  z4 = y + v;
  m[o] = z1;
  m[o + 1] = z2;
  m[o + 2] = z3;
  m[o + 3] = z4;
  return m[o + 9]! * y;
};
