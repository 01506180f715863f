import { defineHelper, type ChannelInit, type HelperState } from './binding.js';
import type { Param, Signal, SignalContext } from './types.js';

/**
 * Kernels: helpers described as data (a step function and its inputs) as well
 * as callable signals.
 *
 * A helper built with {@link kernel} returns an ordinary signal, so session
 * code can call it like any function. But it also carries a {@link NodeInfo},
 * so when a signal's whole chain is made of kernels the runtime compiles it
 * into one loop (see compile.ts): each step is called with plain numbers, in
 * dependency order, and V8 inlines them into what a hand-fused loop would be.
 */

/**
 * One frame of a helper, for one channel. `m[o ..]` is the channel's state
 * (the slots the helper asked for); `a .. f` are this frame's input values, in
 * the order the inputs were given. Returns the output sample.
 */
export type KernelStep = (
  m: Float64Array,
  o: number,
  s: SignalContext,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
) => number;

/** @internal What the compiler knows about a kernel's signal. */
export interface NodeInfo {
  readonly helper: string;
  /** The helper's memory; null for a stateless map. */
  readonly state: HelperState | null;
  readonly inputs: readonly Param[];
  readonly step: KernelStep;
}

/** @internal Where a signal's {@link NodeInfo} is kept (shared by every copy of this module). */
export const NODE: unique symbol = Symbol.for('aither.node') as never;

/** @internal The kernel behind a signal, if it is one. */
export function nodeOf(fn: unknown): NodeInfo | undefined {
  return typeof fn === 'function' ? (fn as { [NODE]?: NodeInfo })[NODE] : undefined;
}

const MAX_INPUTS = 6;

/**
 * Defines a stateful helper instance by its per-frame step. The returned
 * signal computes once per frame and channel however many consumers call it,
 * keeps `slots` state slots per channel in the helper pool under the stable
 * key `${signal}_${helperName}_${n}`, and is compiled into its signal's loop
 * when the whole chain is made of kernels.
 *
 * Define `step` once at module level, capturing nothing of the instance (give
 * per-instance constants as inputs, or keep them in the block): a reload that
 * leaves a signal's code unchanged then keeps its compiled, optimised loop.
 *
 * @param helperName - used in keys and error messages.
 * @param slots - state slots per channel, or a function of the sample rate in Hz.
 * @param inputs - up to 6 parameters (numbers or signals), read each frame in order and
 *   passed to `step` as `a, b, ...`.
 * @param step - `(m, o, s, a, b, ...) => sample`: reads and writes `m[o .. o + slots)`. It must
 *   not allocate, and must not call other signals (give them as inputs instead).
 * @param init - presets each channel's state when the block is new (not on reload).
 *
 * @example
 * ```ts
 * const rampStep: KernelStep = (m, o, s, rate) => {
 *   const y = m[o]!;
 *   m[o] = (y + rate * s.dt) % 1;
 *   return y;
 * };
 * export const ramp = (rate: Param): Signal => kernel('ramp', 1, [rate], rampStep);
 * ```
 */
export function kernel(
  helperName: string,
  slots: number | ((sampleRate: number) => number),
  inputs: readonly Param[],
  step: KernelStep,
  init?: ChannelInit,
): Signal {
  checkInputs(helperName, inputs);
  const state = defineHelper(helperName, slots, init);
  const fn = closureFactory(helperName, inputs.length, true)(state, step, ...inputs) as Signal;
  return tag(fn, { helper: helperName, state, inputs, step });
}

/**
 * Defines a stateless helper: its output is a pure function of this frame's
 * inputs (a gain, a waveshaper). It claims no memory and is inlined into its
 * signal's loop like {@link kernel}.
 *
 * @param helperName - for error messages.
 * @param inputs - up to 6 parameters, passed to `step` as `a, b, ...`.
 * @param step - `(m, o, s, a, b, ...) => sample`; `m` and `o` are unused.
 * @example
 * ```ts
 * const invertStep: KernelStep = (m, o, s, v) => -v;
 * export const invert = (x: Signal): Signal => mapKernel('invert', [x], invertStep);
 * ```
 */
export function mapKernel(helperName: string, inputs: readonly Param[], step: KernelStep): Signal {
  checkInputs(helperName, inputs);
  const fn = closureFactory(helperName, inputs.length, false)(null, step, ...inputs) as Signal;
  return tag(fn, { helper: helperName, state: null, inputs, step });
}

function checkInputs(helperName: string, inputs: readonly Param[]): void {
  if (inputs.length > MAX_INPUTS) throw new RangeError(`${helperName}: a kernel takes at most ${MAX_INPUTS} inputs, got ${inputs.length}`);
}

function tag(fn: Signal, info: NodeInfo): Signal {
  Object.defineProperty(fn, NODE, { value: info });
  return fn;
}

type Factory = (state: HelperState | null, step: KernelStep, ...inputs: Param[]) => Signal;

const factories = new Map<string, Factory>();

/**
 * The callable side of a kernel, generated once per helper name and arity so
 * that each helper's call sites have their own type feedback (a shared
 * generic closure would see every step function and inline none).
 */
function closureFactory(helperName: string, arity: number, stateful: boolean): Factory {
  const id = `${helperName}/${arity}/${stateful}`;
  let make = factories.get(id);
  if (make) return make;
  const names = Array.from({ length: arity }, (_, k) => `i${k}`);
  const reads = names.map((n, k) => `const v${k} = typeof ${n} === 'number' ? ${n} : ${n}(s);`).join('\n    ');
  const args = names.map((_, k) => `v${k}`).join(', ');
  const body = stateful
    ? `const o = h.begin(s);
    if (o < 0) return h.last(o);
    ${reads}
    return h.end(o, step(h.memory, o, s${args ? ', ' + args : ''}));`
    : `${reads}
    return step(EMPTY, 0, s${args ? ', ' + args : ''});`;
  const source = `return function make(h, step${names.map((n) => ', ' + n).join('')}) {
  return function node_${helperName.replace(/[^A-Za-z0-9_$]/g, '_')}(s) {
    ${body}
  };
};`;
  make = new Function('EMPTY', source)(EMPTY) as Factory;
  factories.set(id, make);
  return make;
}

const EMPTY = new Float64Array(0);
