import type { BlockTable, Block, Claimant } from './blocks.js';
import { twoCopiesMessage } from './copies.js';
import type { NodeInfo } from './kernel.js';
import type { SignalContext } from './types.js';

/**
 * Binding: how a helper built in session code finds its memory.
 *
 * JavaScript evaluates `register`'s arguments before calling it, so every
 * helper of a signal is constructed just before its `register`. A helper
 * records a bind hook at construction; `register` runs the hooks recorded
 * since the previous `register` with the signal's {@link BindContext}, and the
 * hooks claim their blocks there, once. The per-sample code then only reads
 * and writes fixed offsets: no keys, no look-ups, no allocation.
 */

/** Run by `register` for each helper constructed since the previous `register`. */
export type BindHook = (s: BindContext) => void;

/** What `register` gives bind hooks: the signal's context plus the right to claim. */
export interface BindContext extends SignalContext {
  /** The helper memory that claimed offsets point into. */
  readonly memory: Float64Array;
  /** @internal */
  readonly [CLAIMS]: ClaimTarget;
}

/** @internal The registry side of a bind: claims for the claimant being bound, in the runtime's transaction. */
export interface ClaimTarget {
  claim(helperName: string, size: number, init?: BlockInit): number;
}

/** Prepares a new block: `memory[at .. at + size)` is zeroed; `key` is its stable key. */
export type BlockInit = (memory: Float64Array, at: number, key: string) => void;

/** @internal */
export const CLAIMS: unique symbol = Symbol('aither.claims');

/** @internal A helper constructed and not yet bound: what binds it, and what it binds. */
export interface Pending {
  readonly claimant: Claimant;
  readonly hook: BindHook;
}

interface Binder {
  pending: Pending[];
  /** Widest channel count declared by the pending helpers (see {@link widen}). */
  width: number;
  /** Declared by {@link widen} for the next helper constructed (0: none). */
  next: number;
  /** > 0 while any runtime is inside `render`. */
  rendering: number;
  /**
   * Binds every helper at its signal's full width instead of the inferred one:
   * the reference the inferred widths are compared against (tests).
   */
  fullWidth: boolean;
}

const BINDER_KEY = Symbol.for('aither.binder');

/**
 * The pending hooks live on `globalThis` so that two copies of this module
 * (a helper package bundling its own) still bind into the same registry.
 * @internal
 */
export function binder(): Binder {
  const g = globalThis as unknown as Record<symbol, Binder | undefined>;
  let b = g[BINDER_KEY];
  if (!b) {
    b = { pending: [], width: 1, next: 0, rendering: 0, fullWidth: false };
    g[BINDER_KEY] = b;
  }
  return b;
}

/** Thrown when a helper is constructed inside a per-sample function. */
export class HelperInRenderError extends Error {
  constructor(readonly helper: string) {
    super(
      `${helper}() was called while rendering, inside a per-sample function: it would claim new memory every sample. ` +
        `Build it once outside and call the result, e.g. \`const h = ${helper}(...); register('x', s => h(s))\` ` +
        `or \`register('x', pipe(${helper}(...), ...))\`. No memory was taken.`,
    );
    this.name = 'HelperInRenderError';
  }
}

/**
 * Records a bind hook for the next `register`. The low-level half of the helper
 * API; most helpers use {@link defineHelper}.
 *
 * @param helperName - the helper's name, used in keys and error messages.
 * @param hook - called once with the signal's {@link BindContext} when it is registered.
 * @throws {@link HelperInRenderError} when called while rendering.
 * @example
 * ```ts
 * export function counter(): Signal {
 *   let mem = new Float64Array(1), at = 0;
 *   onBind('counter', (s) => { mem = s.memory; at = claimStateBlock(s, 'counter', 1); });
 *   return () => mem[at]++;
 * }
 * ```
 */
export function onBind(helperName: string, hook: BindHook): void {
  pend(new RawClaims(helperName), hook);
}

function pend(claimant: Claimant, hook: BindHook): void {
  const b = binder();
  if (b.rendering > 0) throw new HelperInRenderError(claimant.helper);
  // A closure helper is bound at its signal's full width whatever it declared; the
  // declaration is its own, not the next kernel's.
  b.next = 0;
  b.pending.push({ claimant, hook });
}

/**
 * The claims of one raw {@link onBind} hook. Its offsets live in the hook's own
 * closure, which the runtime cannot redirect; it is freed only when no signal
 * can reach it, so nothing calls it after.
 */
class RawClaims implements Claimant {
  owner: BlockTable | null = null;
  blocks: Block[] = [];
  constructor(readonly helper: string) {}
  retire(): void {}
}

/**
 * Claims `size` slots of helper memory for the signal being bound, under the
 * stable key `${s.name}_${helperName}_${n}` (n counts this helper's claims in
 * this signal). Re-registering the same code finds the same block, with its
 * state; a new size places a fresh block. Call it only from a bind hook.
 *
 * @param s - the {@link BindContext} passed to the hook.
 * @param helperName - e.g. `'delay'`.
 * @param size - slots, an integer >= 0 (compute it from `s.sr` / `s.channels` here, not earlier).
 * @param init - called with `(memory, at, key)` only when the block is new (e.g. to preset a state or
 *   derive a noise seed from the key, which is the same on every run and every sink).
 * @returns the block's first slot in `s.memory`.
 * @throws when the pool cannot fit the block: the error names the signal, helper and sizes,
 *   and the registration is refused as a whole.
 */
export function claimStateBlock(s: SignalContext, helperName: string, size: number, init?: BlockInit): number {
  const target = (s as Partial<BindContext>)[CLAIMS];
  if (!target) {
    // A bind context of another copy of core carries that copy's claims symbol, of the same description.
    if (Object.getOwnPropertySymbols(s).some((k) => k !== CLAIMS && k.description === CLAIMS.description)) throw new Error(twoCopiesMessage());
    throw new Error(`claimStateBlock('${helperName}') can only be called from a bind hook, while a signal is registered`);
  }
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`${helperName}: state size must be a non-negative integer, got ${size}`);
  }
  return target.claim(helperName, size, init);
}

/**
 * Declares that the helper constructed next produces `channels` distinct
 * channels (`pan` makes stereo), so the signal registered next computes at
 * least that many, unless its `register` options say otherwise. Call it just
 * before constructing the helper, as `pan` does:
 * `widen(2); return mapKernel('pan', [input, position], panStep)`.
 *
 * The rule it is part of: every helper of a signal has a width, inferred
 * through the graph when the signal is registered, and its block holds that
 * many channels (a bind hook sees it as `s.channels`). A source (an
 * oscillator, noise, a constant) is mono; a kernel is as wide as its widest
 * input; a kernel declared with `widen(n)` is at least `n` wide; a kernel
 * whose step or prepare reads `s.ch` (or hands `s` to a function) is as wide
 * as its signal, and so is one with an input the runtime cannot see into (a
 * function of your own) and every closure helper (`defineHelper`, `onBind`).
 * Never wider than its signal. A helper narrower than its signal is computed
 * once per frame and read by every channel: `pan(noise(), 0)` is the same
 * noise left and right. So a helper whose channels differ through anything
 * else than its step reading `s.ch` or its inputs differing (its `init`
 * presets each channel differently, as `reverb`'s delay lengths) must
 * declare it with `widen`.
 *
 * @param channels - 1..8.
 * @example
 * ```ts
 * export function stereoWidth(x: Signal): Signal {
 *   widen(2);
 *   return (s) => (s.ch === 0 ? x(s) : -x(s));
 * }
 * ```
 */
export function widen(channels: number): void {
  const b = binder();
  b.width = Math.max(b.width, channels);
  b.next = Math.max(b.next, channels);
}

/** @internal The width {@link widen} declared for the helper being constructed (0: none), and clears it. */
export function takeWiden(): number {
  const b = binder();
  const n = b.next;
  b.next = 0;
  return n;
}

/** @internal What {@link takePending} hands over. */
export interface Taken {
  readonly pending: Pending[];
  readonly width: number;
  /** A {@link widen} not yet taken by a helper. */
  readonly next?: number;
}

/** @internal Takes the hooks and width recorded since the last register. */
export function takePending(): Taken {
  const b = binder();
  const taken = { pending: b.pending, width: b.width, next: b.next };
  b.pending = [];
  b.width = 1;
  b.next = 0;
  return taken;
}

/**
 * @internal Puts taken hooks back in front of any recorded since, so that the
 * next register binds them: a refused register leaves its helpers for the
 * retry, and an evaluation leaves the host's helpers for the host's register.
 */
export function restorePending(taken: Taken): void {
  const b = binder();
  b.pending = [...taken.pending, ...b.pending];
  if (taken.width > b.width) b.width = taken.width;
  if ((taken.next ?? 0) > b.next) b.next = taken.next!;
}

const UNBOUND = new Float64Array(0);

/** @internal Where a closure marked by {@link HelperState.signal} keeps its handle (shared by every copy of this module). */
export const HANDLE: unique symbol = Symbol.for('aither.handle') as never;

/** @internal The handle behind a marked closure, if any. */
export function handleOf(fn: unknown): HelperState | undefined {
  return typeof fn === 'function' ? (fn as { [HANDLE]?: HelperState })[HANDLE] : undefined;
}

/**
 * Frames of output each helper keeps, per channel. The render loop computes one
 * signal for up to this many frames before the next; a helper shared with a
 * later signal hands it these cached frames instead of computing them again.
 */
export const RING = 128;

/** Slots in front of each channel's state: the frame stamp, then the output ring. */
export const HEADER = 1 + RING;

/**
 * A helper instance's handle on its memory. Bound once at `register`; the
 * per-sample code uses {@link HelperState.begin} / {@link HelperState.end}.
 *
 * Each channel's region is `[stamp, ring of RING outputs, ...state]`: the stamp
 * is the last frame computed, the ring holds the outputs of the last RING
 * frames. So an instance computes once per frame and channel however many
 * consumers call it: an LFO shared by three signals stays one LFO.
 */
export class HelperState implements Claimant {
  /** @internal The block table it is bound in (one runtime's), or null while unbound. */
  owner: BlockTable | null = null;
  /** @internal Its block, while bound. */
  blocks: Block[] = [];
  /** Helper memory; read state at `memory[o + k]` with `o` from `begin`. */
  memory: Float64Array = UNBOUND;
  /** First slot of the block. */
  at = 0;
  /** Slots per channel, header included. */
  stride = HEADER;
  /** Channels the block holds (its size is `stride * channels`). */
  channels = 1;
  /**
   * @internal `s.ch & mask` is always a channel of this block (mask = largest
   * power of two <= channels, minus 1), even when a wider signal shares the helper.
   */
  mask = 0;
  /** @internal The kernel it is the memory of (its width is inferred from it), or null for a closure helper. */
  node: NodeInfo | null = null;

  constructor(
    readonly helper: string,
    private readonly slots: number | ((sampleRate: number) => number),
    private readonly init?: ChannelInit,
  ) {}

  /**
   * Starts this frame's computation for channel `s.ch`. Returns `o`, the
   * offset of the channel's first state slot, or a negative number when this
   * frame was already computed (then return {@link HelperState.last}`(o)`).
   */
  begin(s: SignalContext): number {
    const base = this.at + (s.ch & this.mask) * this.stride;
    const m = this.memory;
    const frame = s.frame;
    if (base >= m.length) throw new UnboundHelperError(this.helper, s.name);
    if (m[base]! >= frame) return -2 - base - (frame & (RING - 1));
    m[base] = frame;
    return base + HEADER;
  }

  /**
   * Marks `fn`, the closure computing this helper, as its signal and returns
   * it: the runtime then sees this handle behind the closure wherever it is
   * reached (a chain, an installed instance, a helper kept on globalThis),
   * as it sees a kernel's. A closure not marked is found only through the
   * register that bound it.
   * @example `return h.signal((s) => { const o = h.begin(s); ... })`
   */
  signal<F extends (s: SignalContext) => number>(fn: F): F {
    Object.defineProperty(fn, HANDLE, { value: this });
    return fn;
  }

  /** This frame's value, when `begin` returned a negative `o`. */
  last(o: number): number {
    return this.memory[-1 - o]!;
  }

  /** Stores and returns this frame's value; `o` is what `begin` returned. */
  end(o: number, value: number): number {
    const m = this.memory;
    const base = o - HEADER;
    m[base + 1 + (m[base]! & (RING - 1))] = value;
    return value;
  }

  /** @internal See {@link Claimant.move}: its one block's first slot is `at`. */
  move(to: number): void {
    this.at = to;
  }

  /** @internal Claims the block for the signal being bound. */
  bind(s: BindContext): void {
    const per = typeof this.slots === 'function' ? this.slots(s.sr) : this.slots;
    if (!Number.isInteger(per) || per < 0) {
      throw new RangeError(`${this.helper}: slots per channel must be a non-negative integer, got ${per}`);
    }
    const stride = per + HEADER;
    // The helper's inferred width (see widen), not necessarily its signal's.
    const channels = s.channels;
    const init = this.init;
    this.at = claimStateBlock(s, this.helper, stride * channels, (m, at, key) => {
      for (let c = 0; c < channels; c++) {
        // -1: no frame computed yet (a zeroed stamp would match frame 0).
        m[at + c * stride] = -1;
        if (init) init(m, at + c * stride + HEADER, c, key, s.sr);
      }
    });
    this.memory = s.memory;
    this.stride = stride;
    this.channels = channels;
    this.mask = (1 << Math.floor(Math.log2(channels))) - 1;
  }

  /**
   * @internal Unbinds the handle when no live signal reaches it: it addresses
   * no memory at all, so a stray call reads NaN (and its signal is muted and
   * reported) instead of writing into a block someone else may get.
   */
  retire(): void {
    this.memory = UNBOUND;
    this.at = 0;
  }
}

/**
 * Thrown (and reported as the signal's fault) when a helper with no memory is
 * called from a function of the user's own: one built where no register binds
 * it, or freed when no live signal could be seen reaching it and called later
 * through a variable the runtime cannot see into.
 */
export class UnboundHelperError extends Error {
  constructor(
    readonly helper: string,
    readonly signal: string,
  ) {
    super(
      `${helper}() has no memory: it was never bound, or freed when no playing signal could be seen using it, and ` +
        `'${signal}' calls it from a function of its own. Build the helper where '${signal}' is made, before its register ` +
        `(or keep it on globalThis, or install it, to share it between evaluations).`,
    );
    this.name = 'UnboundHelperError';
  }
}

/**
 * Presets one channel's state of a new block: `memory[offset ..]` is that
 * channel's first state slot, `channel` its index, `key` the block's stable key.
 */
export type ChannelInit = (memory: Float64Array, offset: number, channel: number, key: string, sampleRate: number) => void;

/**
 * Declares a helper instance with `slots` state slots per channel and returns
 * its handle; the block is claimed when the signal using it is registered.
 *
 * @param helperName - used in the stable key `${signal}_${helperName}_${n}`.
 * @param slots - state slots per channel, or a function of the sample rate in Hz
 *   (e.g. `sr => Math.ceil(0.5 * sr) + 1` for half a second of delay line).
 * @param init - presets each channel's state when the block is new (not on reload).
 * @example
 * ```ts
 * export function ramp(rate: number): Signal {
 *   const h = defineHelper('ramp', 1);
 *   return (s) => {
 *     const o = h.begin(s);
 *     if (o < 0) return h.last(o);
 *     const m = h.memory;
 *     const y = m[o]!;
 *     m[o] = (y + rate * s.dt) % 1;
 *     return h.end(o, y);
 *   };
 * }
 * ```
 */
export function defineHelper(helperName: string, slots: number | ((sampleRate: number) => number), init?: ChannelInit): HelperState {
  const state = new HelperState(helperName, slots, init);
  pend(state, (s) => state.bind(s));
  return state;
}
