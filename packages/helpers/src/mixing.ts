import { kernel, mapKernel, widen, type KernelStep, type Param, type Signal, type AudioRange, type Gain } from '@aither/core';
import { check, checkSignal } from './param.js';

/**
 * Multiplies a signal by `amount` (linear gain; stateless).
 * @param input - the signal.
 * @param amount - linear factor (1 = unchanged, 0.5 ≈ −6 dB), constant or signal.
 * @example `play('quiet', gain(osc(440), 0.1))`
 */
export function gain(input: Signal, amount: Param<Gain>): Signal {
  checkSignal('gain', 'input', input);
  check('gain', 'amount', amount);
  return mapKernel('gain', [input, amount], gainStep);
}

/**
 * Equal-power pan to stereo: left `cos θ`, right `sin θ`, `θ = (position + 1)·π/4`,
 * so left² + right² = 1 everywhere. Makes its signal stereo. Where the signal
 * renders mono (a mono runtime), it folds down with equal power: gain 1 at
 * every position, so no voice is lost.
 * @param input - the signal.
 * @param position - −1 (left) .. 0 (centre, −3 dB each) .. 1 (right), constant or signal.
 * @example `play('wander', pan(saw(110), s => Math.sin(s.t)))`
 */
export function pan(input: Signal, position: Param<AudioRange>): Signal {
  checkSignal('pan', 'input', input);
  check('pan', 'position', position);
  widen(2);
  return mapKernel('pan', [input, position], panStep);
}

/**
 * Sums signals. Each is computed per channel, so a mono input is heard in
 * every channel of a wider one.
 * @param inputs - signals or constants.
 * @example `play('chord', gain(mix(saw(220), saw(277), saw(330)), 0.15))`
 */
export function mix(...inputs: Param[]): Signal {
  inputs.forEach((x, i) => {
    check('mix', `input ${i + 1}`, x);
  });
  return sum(inputs);
}

const gainStep: KernelStep = (m, o, s, x, a) => x * a;

/** Sums of 0..6 inputs, one step per arity (a kernel is called with exactly its inputs). */
const SUMS: KernelStep[] = [
  () => 0,
  (m, o, s, a) => a,
  (m, o, s, a, b) => a + b,
  (m, o, s, a, b, c) => a + b + c,
  (m, o, s, a, b, c, d) => a + b + c + d,
  (m, o, s, a, b, c, d, e) => a + b + c + d + e,
  (m, o, s, a, b, c, d, e, f) => a + b + c + d + e + f,
];

function sum(inputs: readonly Param[]): Signal {
  if (inputs.length < SUMS.length) return mapKernel('mix', inputs, SUMS[inputs.length]!);
  // Wider mixes are a tree of six-input sums.
  const groups: Signal[] = [];
  for (let i = 0; i < inputs.length; i += 6) groups.push(sum(inputs.slice(i, i + 6)));
  return sum(groups);
}

/**
 * Computes `input` once per frame and channel, however many consumers call
 * it (helpers already do this; use `share` for your own functions).
 * @param input - any signal.
 * @example `const lfo = share(s => Math.sin(s.t) * 0.5 + 0.5); play('a', gain(saw(110), lfo))`
 */
export function share(input: Signal): Signal {
  checkSignal('share', 'input', input);
  return kernel('share', 0, [input], shareStep);
}

/**
 * Composes transforms left to right: `compose(f, g)` is `x => g(f(x))`.
 * @example `const dirty = compose((x) => fold(x, 2), (x) => lowpass(x, 2000)); play('d', dirty(saw(110)))`
 */
export function compose(...transforms: Array<(input: Signal) => Signal>): (input: Signal) => Signal {
  return (input) => transforms.reduce((x, t) => t(x), input);
}

/**
 * Runs one source through several chains side by side and mixes them (the
 * source is computed once per frame).
 * @param input - the source.
 * @param chains - transforms, each signal => signal.
 * @example `play('split', parallel(saw(110), (x) => lpf(x, 400), (x) => gain(hpf(x, 3000), 0.3)))`
 */
export function parallel(input: Signal, ...chains: Array<(input: Signal) => Signal>): Signal {
  const source = share(input);
  return mix(...chains.map((chain) => chain(source)));
}

const panStep: KernelStep = (m, o, s, x, p) => {
  const theta = ((p < -1 ? -1 : p > 1 ? 1 : p) + 1) * (Math.PI / 4);
  const left = s.channels === 1 ? 1 : Math.cos(theta);
  return x * (s.ch === 0 ? left : Math.sin(theta));
};

const shareStep: KernelStep = (m, o, s, x) => x;
