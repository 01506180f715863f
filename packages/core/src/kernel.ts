import { defineHelper, takeWiden, type ChannelInit, type HelperState } from './binding.js';
import { readsChannel } from './reads-channel.js';
import type { Param, Signal, SignalContext } from './types.js';

/**
 * Kernels: helpers described as data (a step function and its inputs) as well
 * as callable signals.
 *
 * A helper built with {@link kernel} returns an ordinary signal, so session
 * code can call it like any function. But it also carries a {@link NodeInfo},
 * so when a signal's whole chain is made of kernels the runtime compiles it
 * into one loop (compile.ts, docs/compiler.md): the compiler reads each step's
 * source and writes it into the loop, in dependency order, with its state
 * offsets and constant inputs as literals, which is what a hand-fused loop
 * would be. A step it cannot read is called from the loop instead (see
 * `inlineReport`).
 */

/**
 * One frame of a helper, for one channel. `m[o ..]` is the channel's state
 * (the slots the helper asked for); `a .. f` are this frame's input values, in
 * the order the inputs were given. Returns the output sample.
 */
export type KernelStep = (m: Float64Array, o: number, s: SignalContext, a: number, b: number, c: number, d: number, e: number, f: number) => number;

/**
 * A kernel's per-input work (filter coefficients): same parameters as its
 * {@link KernelStep}, returns nothing.
 */
export type KernelPrepare = (...args: Parameters<KernelStep>) => void;

/** How a kernel is written into compiled loops; all optional. */
export interface KernelOptions {
  /** Presets each channel's state when the block is new (not on reload). */
  init?: ChannelInit;
  /**
   * Work that depends only on the inputs, the sample rate and the kernel's
   * own slots (filter coefficients): `(m, o, s, a, b, ...) => void`, run
   * before `step`. Compiled loops run it once per block when the inputs it
   * reads are constants, else every frame; so it must give the same result
   * when run again with the same inputs (cache what it computes and check).
   */
  prepare?: KernelPrepare;
  /**
   * The names from its module that `step` and `prepare` use (functions,
   * constants, tables), e.g. `{ blep }`. The compiler writes the step's source
   * into the signal's loop and needs them by name; a step that uses a name
   * not given here is called instead (slower; see `inlineReport`).
   */
  uses?: Readonly<Record<string, unknown>>;
  /**
   * For a step that also indexes its memory at computed offsets (a delay
   * line), or hands it to a function of its module (a refill called every
   * frame): the first `registers` slots are only ever read and written as
   * `m[o + K]` with a literal K, by the step and by any function it hands `m`
   * to, so the compiler may hold them in local variables during a block. The
   * slots from `registers` up then stay in memory, where such a function may
   * read and write them. Without it such a step keeps all state in memory (or,
   * handing `m` only in a rare branch, has its locals written back around the call).
   */
  registers?: number;
}

/** @internal What the compiler knows about a kernel's signal. */
export interface NodeInfo {
  readonly helper: string;
  /** The helper's memory; null for a stateless map. */
  readonly state: HelperState | null;
  readonly inputs: readonly Param[];
  readonly step: KernelStep;
  readonly prepare: KernelPrepare | undefined;
  readonly uses: Readonly<Record<string, unknown>>;
  readonly registers: number;
  /** Channels it makes distinct at least (declared with `widen`; 0: none). */
  readonly widens: number;
  /** Its step or prepare reads `s.ch` (or may: it hands `s` on): as wide as its signal. */
  readonly perChannel: boolean;
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
 * @param options - `init` (presets new state), `prepare` (per-input work kept out of the
 *   per-frame step), `uses` (the module names the step reads), `registers`: see {@link KernelOptions}.
 *   A function is taken as `init`.
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
  options: KernelOptions | ChannelInit = {},
): Signal {
  checkInputs(helperName, inputs, step);
  const { init, prepare, uses = NONE, registers = 0 } = typeof options === 'function' ? { init: options } : options;
  const widens = takeWiden(); // before defineHelper, which would clear it as a closure helper's
  const state = defineHelper(helperName, slots, init);
  const fn = closureFactory(helperName, inputs.length, true, prepare !== undefined)(state, step, prepare, ...inputs) as Signal;
  const perChannel = readsChannel(step) || (prepare !== undefined && readsChannel(prepare));
  const info: NodeInfo = { helper: helperName, state, inputs, step, prepare, uses: byName(step, uses), registers, widens, perChannel };
  state.node = info;
  return tag(fn, info);
}

const NONE: Readonly<Record<string, unknown>> = Object.freeze({});
/** The last `uses` a step was given, and what {@link byName} made of it. */
const named = new WeakMap<KernelStep, { readonly uses: Readonly<Record<string, unknown>>; readonly all: Readonly<Record<string, unknown>> }>();

/**
 * `uses` as given, plus each function under its own name: a bundler that
 * renames a module's `function blep` to `blep2` renames the step's reference
 * and the function's name alike, but not the key of `{ blep }`. A helper
 * writes its `uses` as a fresh object literal each call: the last one of the
 * same step, with the same names and values, gives the same answer.
 */
function byName(step: KernelStep, uses: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (uses === NONE) return NONE;
  const last = named.get(step);
  if (last && (last.uses === uses || sameEntries(last.uses, uses))) return last.all;
  const extra = Object.values(uses).filter((v): v is { name: string } => typeof v === 'function' && v.name !== '');
  const all = Object.freeze({ ...Object.fromEntries(extra.map((f) => [f.name, f])), ...uses });
  named.set(step, { uses, all });
  return all;
}

/** The same names, in the same order, with the very same values. */
function sameEntries(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  let n = 0;
  for (const key in b) {
    if (!Object.hasOwn(b, key)) continue;
    if (!Object.hasOwn(a, key) || !Object.is(a[key], b[key])) return false;
    n++;
  }
  return n === Object.keys(a).length;
}

/** How a stateless kernel is written into compiled loops; all optional. */
export interface MapKernelOptions {
  /** The names from its module that `step` uses (see {@link KernelOptions.uses}). */
  uses?: Readonly<Record<string, unknown>>;
}

/**
 * Defines a stateless helper: its output is a pure function of this frame's
 * inputs (a gain, a waveshaper). It claims no memory and is written into its
 * signal's loop like {@link kernel}.
 *
 * @param helperName - for error messages.
 * @param inputs - up to 6 parameters, passed to `step` as `a, b, ...`.
 * @param step - `(m, o, s, a, b, ...) => sample`; `m` and `o` are unused.
 * @param options - `uses`: the module names `step` reads (see {@link KernelOptions.uses}).
 * @example
 * ```ts
 * const invertStep: KernelStep = (m, o, s, v) => -v;
 * export const invert = (x: Signal): Signal => mapKernel('invert', [x], invertStep);
 * const foldStep: KernelStep = (m, o, s, v) => fold(v);
 * export const folded = (x: Signal): Signal => mapKernel('folded', [x], foldStep, { uses: { fold } });
 * ```
 */
export function mapKernel(helperName: string, inputs: readonly Param[], step: KernelStep, options: MapKernelOptions = {}): Signal {
  checkInputs(helperName, inputs, step);
  const { uses = NONE } = options;
  const fn = closureFactory(helperName, inputs.length, false, false)(null, step, undefined, ...inputs) as Signal;
  const widens = takeWiden();
  return tag(fn, { helper: helperName, state: null, inputs, step, prepare: undefined, uses: byName(step, uses), registers: 0, widens, perChannel: readsChannel(step) });
}

/**
 * Refuses, where the helper is built, an input that is neither a number nor a
 * signal (a string, a note name, an array): inside the loop it would be called
 * as a signal, and fail every frame far from the code that gave it.
 */
function checkInputs(helperName: string, inputs: readonly Param[], step: KernelStep): void {
  if (inputs.length > MAX_INPUTS) throw new RangeError(`${helperName}: a kernel takes at most ${MAX_INPUTS} inputs, got ${inputs.length}`);
  for (let k = 0; k < inputs.length; k++) {
    const v: unknown = inputs[k];
    if (typeof v === 'number' || typeof v === 'function') continue;
    throw new TypeError(`${helperName}(): its input '${inputName(step, k)}' must be a number or a signal (s => number), got ${described(v)}`);
  }
}

/** What an input that is neither a number nor a signal is, in an error message. */
function described(v: unknown): string {
  if (typeof v === 'string') return `the string '${v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v === undefined) return 'undefined';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The name the step gives input `k` (its parameter after `m, o, s`), or its position. */
function inputName(step: KernelStep, k: number): string {
  const params = /\(([^)]*)\)/.exec(Function.prototype.toString.call(step))?.[1];
  const name = params
    ?.split(',')
    [3 + k]?.trim()
    .replace(/[\s=:][\s\S]*/, '');
  return name && /^[A-Za-z_$][\w$]*$/.test(name) ? name : `input ${k + 1}`;
}

function tag(fn: Signal, info: NodeInfo): Signal {
  Object.defineProperty(fn, NODE, { value: info });
  return fn;
}

type Factory = (state: HelperState | null, step: KernelStep, prepare: KernelPrepare | undefined, ...inputs: Param[]) => Signal;

const factories = new Map<string, Factory>();

/**
 * The callable side of a kernel, generated once per helper name and arity so
 * that each helper's call sites have their own type feedback (a shared
 * generic closure would see every step function and inline none).
 */
function closureFactory(helperName: string, arity: number, stateful: boolean, prepared: boolean): Factory {
  const id = `${helperName}/${arity}/${stateful}/${prepared}`;
  let make = factories.get(id);
  // Stryker disable next-line ConditionalExpression: the cache only saves generating the same factory again; a fresh one computes the same
  if (make) return make;
  const names = Array.from({ length: arity }, (_, k) => `i${k}`);
  // Stryker disable next-line StringLiteral: the separator between generated statements (each ends in `;`) is layout only
  const reads = names.map((n, k) => `const v${k} = typeof ${n} === 'number' ? ${n} : ${n}(s);`).join('\n    ');
  const args = names.map((_, k) => `v${k}`).join(', ');
  const body = stateful
    ? `const o = h.begin(s);
    if (o < 0) return h.last(o);
    ${reads}
    ${prepared ? `prepare(h.memory, o, s${args ? `, ${args}` : ''});` : ''}
    return h.end(o, step(h.memory, o, s${args ? `, ${args}` : ''}));`
    : `${reads}
    return step(EMPTY, 0, s${args ? `, ${args}` : ''});`;
  const source = `return function make(h, step, prepare${names.map((n) => `, ${n}`).join('')}) {
  return function node_${helperName.replace(/[^A-Za-z0-9_$]/g, '_')}(s) {
    ${body}
  };
};`;
  make = new Function('EMPTY', source)(EMPTY) as Factory;
  factories.set(id, make);
  return make;
}

const EMPTY = new Float64Array(0);
