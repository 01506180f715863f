import { kernel, mapKernel, type ChannelInit, type KernelStep, type Param, type Signal, type Hz } from '@aither/core';
import { check, checkSignal } from './param.js';

/**
 * Hyperbolic-tangent saturation: `y = tanh(drive · x)`.
 * @param input - the signal. @param drive - input gain, >= 0 (1 = gentle), constant or signal.
 * @example `play('warm', tanh(saw(110), 3))`
 */
export function tanh(input: Signal, drive: Param = 1): Signal {
  checkSignal('tanh', 'input', input);
  check('tanh', 'drive', drive);
  return mapKernel('tanh', [input, drive], tanhStep, { uses: { HALVES, STEPS } });
}

/**
 * Cubic soft clip: `u = clamp(drive·x, −1, 1)`, `y = 1.5u − 0.5u³` (smooth, peaks at ±1;
 * small signals gain 1.5·drive, +3.5 dB at drive 1).
 * @param input - the signal. @param drive - input gain, constant or signal.
 * @example `softclip(gain(saw(110), 2))`
 */
export function softclip(input: Signal, drive: Param = 1): Signal {
  checkSignal('softclip', 'input', input);
  check('softclip', 'drive', drive);
  return mapKernel('softclip', [input, drive], softclipStep);
}

/**
 * Wavefolder: `amount · x` reflected back into [−1, 1] at the edges, as often
 * as needed (a triangle-shaped transfer).
 * @param input - the signal. @param amount - gain before folding, >= 0 (1 = unchanged for |x| <= 1).
 * @example `play('buzz', fold(osc(110), s => 1 + 3 * (0.5 + 0.5 * Math.sin(s.t))))`
 */
export function fold(input: Signal, amount: Param = 1): Signal {
  checkSignal('fold', 'input', input);
  check('fold', 'amount', amount);
  return mapKernel('fold', [input, amount], foldStep);
}

/**
 * Sample-and-hold decimator: keeps one value per period of `rate` Hz.
 * @param input - the signal (still computed every frame). @param rate - holds per second.
 * @example `hold(noise(), 8)` (eight random values a second)
 */
export function hold(input: Signal, rate: Param<Hz>): Signal {
  checkSignal('hold', 'input', input);
  check('hold', 'rate', rate);
  const init: ChannelInit = (m, o) => {
    m[o] = 1; // take the first sample at once
  };
  return kernel('hold', 2, [input, rate], holdStep, init);
}

/**
 * Bit crusher: quantises to `bits` (2^(bits−1) steps per unit) and holds
 * each value for 1/rate s.
 * @param input - the signal. @param bits - 1..24, constant or signal. @param rate - holds per second (e.g. 8000).
 * @example `play('lofi', crush(saw(110), 4, 6000))`
 */
export function crush(input: Signal, bits: Param = 8, rate: Param<Hz> = 8000): Signal {
  check('crush', 'bits', bits);
  const held = hold(input, rate);
  return mapKernel('crush', [held, bits], crushStep);
}

/** 2^−k for k = 0 .. 59, and 2^(−j/512) for j = 0 .. 511: e^−y's power-of-two parts. */
const HALVES = Float64Array.from({ length: 60 }, (_, k) => Math.pow(2, -k));
const STEPS = Float64Array.from({ length: 512 }, (_, j) => Math.pow(2, -j / 512));

/**
 * tanh(u) = (1 − e^(−2|u|)) / (1 + e^(−2|u|)) with u's sign, within 4e-16 of Math.tanh
 * (±1 beyond |u| = 20). e^−y = 2^−(y·log₂e) from two table entries and a 4th-order
 * polynomial for the last 1/512: plain arithmetic with a short dependency chain, where
 * `Math.exp` is a call into C around which V8 spills every value the loop keeps in registers.
 */
const tanhStep: KernelStep = (m, o, s, x, drive) => {
  const u = drive * x;
  const a = u < 0 ? -u : u;
  const y = (a < 20 ? a : 20) * 2.8853900817779268; // 2|u|·log₂e
  const k = Math.floor(y);
  const f = (y - k) * 512;
  const j = Math.floor(f);
  const r = (f - j) * 0.001353803087031143; // the remainder times ln 2, < 1/512 · ln 2
  const e = HALVES[k]! * STEPS[j]! * (1 - r * (1 - r * (0.5 - r * (1 / 6 - r * (1 / 24)))));
  const t = a < 20 ? (1 - e) / (1 + e) : 1;
  return u < 0 ? -t : t;
};

const softclipStep: KernelStep = (m, o, s, x, drive) => {
  let u = drive * x;
  u = u > 1 ? 1 : u < -1 ? -1 : u;
  return 1.5 * u - 0.5 * u * u * u;
};

const foldStep: KernelStep = (m, o, s, x, amount) => {
  const z = amount * x + 1;
  const f = z - 4 * Math.floor(z / 4); // 0..4
  const rising = f - 1; // both computed, one picked (see blep on late-first arithmetic)
  const falling = 3 - f;
  return f < 2 ? rising : falling;
};

const crushStep: KernelStep = (m, o, s, x, bits) => {
  const steps = Math.pow(2, Math.min(Math.max(bits, 1), 24) - 1);
  return Math.round(x * steps) / steps;
};

const holdStep: KernelStep = (m, o, s, x, rate) => {
  const p = m[o]!;
  if (p >= 1) m[o + 1] = x;
  const wrapped = p - Math.floor(p); // computed every frame (see blep on late-first arithmetic)
  const next = (p >= 1 ? wrapped : p) + rate * s.dt;
  m[o] = next;
  return m[o + 1]!;
};
