import { kernel, type KernelPrepare, type KernelStep, type Param, type Signal } from '@aither/core';
import { check, checkSignal } from './param.js';

/** Recomputes the cached coefficients; outside the step so that the step stays small enough to be inlined. */
function coefficients(m: Float64Array, o: number, fc: number, res: number, sr: number): void {
  m[o + 4] = fc;
  m[o + 6] = res;
  const g = Math.tan((Math.PI * Math.min(Math.max(fc, 1), 0.49 * sr)) / sr);
  const G = g / (1 + g);
  m[o + 5] = G;
  m[o + 7] = 1 / (1 + 4 * Math.min(Math.max(res, 0), 1) * G * G * G * G);
}

/**
 * Four-pole (24 dB/octave) ladder low-pass with resonance, after the Moog
 * ladder: four trapezoidal one-poles in series, the output fed back to the
 * input with gain `k = 4·res`, solved without a unit delay in the loop
 * (`u = (x − k·Σ)/(1 + k·G⁴)`, `G = g/(1+g)`, `g = tan(π·fc/sr)`). The input
 * passes a soft saturator (the Padé approximant of tanh, `u(27 + u²)/(27 + 9u²)`,
 * clamped at ±3) so that high resonance saturates instead of exploding.
 *
 * @param input - the signal.
 * @param cutoff - Hz, constant or signal.
 * @param res - 0..1; 1 self-oscillates.
 * @example `play('moog', pipe(saw(55), (x) => ladder(x, 500, 0.7), (x) => gain(x, 0.4)))`
 */
export function ladder(input: Signal, cutoff: Param, res: Param = 0): Signal {
  checkSignal('ladder', 'input', input);
  check('ladder', 'cutoff', cutoff);
  check('ladder', 'res', res);
  // [s1, s2, s3, s4, fc, G, res, 1 / (1 + k·G⁴)]: the coefficients change only with fc and res.
  return kernel('ladder', 8, [input, cutoff, res], ladderStep, { prepare: ladderPrepare, uses: { coefficients } });
}

const ladderPrepare: KernelPrepare = (m, o, s, x, fc, res) => {
  if (fc !== m[o + 4] || res !== m[o + 6] || m[o + 5] === 0) coefficients(m, o, fc, res, s.sr);
};

const ladderStep: KernelStep = (m, o, s, x, fc, res) => {
  const G = m[o + 5]!;
  const k = 4 * Math.min(Math.max(res, 0), 1);
  let z1 = m[o]!;
  let z2 = m[o + 1]!;
  let z3 = m[o + 2]!;
  let z4 = m[o + 3]!;
  // Each stage: y = G·in + S, S = z·(1 − G).
  const c = 1 - G;
  const sigma = (G * G * G * z1 + G * G * z2 + G * z3 + z4) * c;
  let u = (x - k * sigma) * m[o + 7]!;
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
  return y;
};
