import { kernel, type Param, type Signal } from '@aither/core';
import { check, checkSignal } from './param.js';

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
  return kernel('ladder', 8, [input, cutoff, res], (m, o, s, x, fc, res) => {
    if (fc !== m[o + 4] || res !== m[o + 6] || m[o + 5] === 0) {
      m[o + 4] = fc;
      m[o + 6] = res;
      const g = Math.tan((Math.PI * Math.min(Math.max(fc, 1), 0.49 * s.sr)) / s.sr);
      const G = g / (1 + g);
      m[o + 5] = G;
      m[o + 7] = 1 / (1 + 4 * Math.min(Math.max(res, 0), 1) * G * G * G * G);
    }
    const G = m[o + 5]!;
    const k = 4 * Math.min(Math.max(res, 0), 1);
    // Each stage: y = G·in + S, S = s·(1 − G).
    const c = 1 - G;
    const S1 = m[o]! * c;
    const S2 = m[o + 1]! * c;
    const S3 = m[o + 2]! * c;
    const S4 = m[o + 3]! * c;
    const sigma = G * G * G * S1 + G * G * S2 + G * S3 + S4;
    let u = (x - k * sigma) * m[o + 7]!;
    u = u > 3 ? 1 : u < -3 ? -1 : (u * (27 + u * u)) / (27 + 9 * u * u);
    let v = (u - m[o]!) * G;
    let y = v + m[o]!;
    m[o] = y + v;
    v = (y - m[o + 1]!) * G;
    y = v + m[o + 1]!;
    m[o + 1] = y + v;
    v = (y - m[o + 2]!) * G;
    y = v + m[o + 2]!;
    m[o + 2] = y + v;
    v = (y - m[o + 3]!) * G;
    y = v + m[o + 3]!;
    m[o + 3] = y + v;
    return y;
  });
}
