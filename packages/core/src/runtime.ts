import type { Block } from './blocks.js';
import { evaluateSession, type EvaluateOptions, type EvaluateResult } from './evaluate.js';
import { defaultHelperPoolSize, HELPER_POOL_GROWTH, HelperPool } from './helper-pool.js';
import { Mixer } from './mixer.js';
import { pipe } from './pipe.js';
import { Registry } from './registry.js';
import { SignalPool } from './signal-pool.js';
import { WarmScratch } from './tier.js';
import type { RegisterOptions, RuntimeOptions, RuntimeStats, Signal, SignalFault } from './types.js';

/** Steps {@link Runtime.warm} takes while its clock reads the same time: a few, however coarse the clock. */
const STILL_STEPS = 8;

/** @internal What {@link Runtime.debug} returns. */
export interface RuntimeInternals {
  readonly helperPool: HelperPool;
  readonly signalPool: SignalPool;
  readonly registry: Registry;
  readonly mixer: Mixer;
}

/**
 * An Aither engine: the two pools, the signals and the render loop. Control
 * calls (register, evaluate, stop...) and `render` must come from one thread,
 * as they do in a worklet or a Node audio callback.
 */
export class Runtime {
  readonly sampleRate: number;
  readonly channels: number;
  readonly slotsPerSignal: number;
  /** Default fade, seconds. */
  readonly fadeSeconds: number;
  private readonly helperPool: HelperPool;
  private readonly signalPool: SignalPool;
  /** Signals, transactions and verbs. */
  private readonly registry: Registry;
  private readonly mixer: Mixer;
  private readonly faults: SignalFault[] = [];
  /** Faults reported while rendering, handed to listeners once the render is over. */
  private readonly undelivered: SignalFault[] = [];
  private readonly listeners = new Set<(fault: SignalFault) => void>();
  private readonly scope = new Map<string, unknown>();
  private readonly providers = new Map<string, string>();
  /** Warnings of calls outside any evaluation (install), for the next evaluation's result. */
  private readonly notices: string[] = [];

  constructor(options: RuntimeOptions) {
    const { sampleRate, channels = 2, slotsPerSignal = 64, maxSignals = 256, startFrame = 0 } = options;
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`sampleRate must be a positive number of Hz, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels < 1 || channels > 8) throw new RangeError(`channels must be an integer 1..8, got ${channels}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.slotsPerSignal = slotsPerSignal;
    this.fadeSeconds = options.fadeSeconds ?? 0.005;
    const helperPoolSize = options.helperPoolSize ?? defaultHelperPoolSize(sampleRate);
    // A pool the host sized stays that size unless the host says how far it may grow.
    const maxHelperPoolSize = options.maxHelperPoolSize ?? (options.helperPoolSize === undefined ? HELPER_POOL_GROWTH * helperPoolSize : helperPoolSize);
    this.helperPool = new HelperPool(helperPoolSize, Math.max(maxHelperPoolSize, helperPoolSize));
    this.signalPool = new SignalPool(slotsPerSignal, maxSignals);
    if (!Number.isSafeInteger(startFrame) || startFrame < 0) throw new RangeError(`startFrame must be an integer >= 0, got ${startFrame}`);
    this.mixer = new Mixer(sampleRate, channels, (r, kind, detail, frame) => this.report(r.name, kind, detail, frame));
    this.mixer.frame = startFrame;
    this.registry = new Registry(
      sampleRate,
      channels,
      this.fadeSeconds,
      this.helperPool,
      this.signalPool,
      this.mixer.list,
      () => this.mixer.frame,
      {
        memory: this.helperPool.memory,
        context: this.mixer.context,
        acc: this.mixer.acc,
        out: this.mixer.out,
        outputs: channels,
      },
      options.tiered ? new WarmScratch(sampleRate, channels, options.warmCalls) : undefined,
    );
    this.scope.set('pipe', pipe);
    for (const scope of options.install ?? []) this.install(scope);
  }

  /** Frames rendered so far. */
  get frame(): number {
    return this.mixer.frame;
  }

  /** Seconds rendered so far: the `s.t` of the next frame. */
  get time(): number {
    return this.mixer.frame / this.sampleRate;
  }

  /**
   * Registers signal `name`. New: fades in. Existing: swaps the function at
   * the next block and keeps its `s.state` and every helper's state.
   * The helpers constructed since the previous `register` are bound here.
   * @throws PoolExhaustedError (nothing changed) when the helpers do not fit.
   */
  register(name: string, fn: Signal, options?: RegisterOptions): void {
    this.between('register');
    const registry = this.registry;
    registry.settle();
    const tx = registry.begin(true);
    try {
      registry.stageRegister(tx, name, fn, options?.channels, options?.fadeSeconds);
      registry.reserve(tx);
    } catch (error) {
      registry.rollback(tx);
      throw error;
    }
    registry.commit(tx, false);
  }

  /** Like `register`, with a fade-in time (seconds) for a new signal. */
  play(name: string, fn: Signal, fadeSeconds?: number): void {
    this.register(name, fn, { fadeSeconds });
  }

  /** Fades `name` out (seconds; default {@link Runtime.fadeSeconds}), then frees its slot and helper memory. Returns false when there is no such signal. */
  stop(name: string, fadeSeconds?: number): boolean {
    this.between('stop');
    this.registry.settle();
    return this.registry.stop(name, fadeSeconds);
  }

  /** Stops `name` with the default fade and frees its memory when the fade ends. */
  unregister(name: string): boolean {
    return this.stop(name);
  }

  /** Fades a signal to silence; it keeps running so its state stays alive. */
  /** @throws when there is no signal `name` (nothing changed). */
  mute(name: string, fadeSeconds?: number): void {
    this.between('mute');
    this.registry.settle();
    this.registry.setFlag(name, true, fadeSeconds);
  }

  /** @throws when there is no signal `name` (nothing changed). */
  unmute(name: string, fadeSeconds?: number): void {
    this.between('unmute');
    this.registry.settle();
    this.registry.setFlag(name, false, fadeSeconds);
  }

  /**
   * Hears only `names` (the others keep running, silenced). The solo ends by
   * itself when every soloed signal has been removed.
   * @throws when one of `names` is not a signal (nothing changed).
   */
  solo(names: string | string[], fadeSeconds?: number): void {
    this.between('solo');
    this.registry.settle();
    this.registry.solo(typeof names === 'string' ? [names] : names, fadeSeconds);
  }

  unsolo(fadeSeconds?: number): void {
    this.between('unsolo');
    this.registry.solo([], fadeSeconds);
  }

  /** Stops every signal. */
  clear(fadeSeconds?: number): void {
    this.between('clear');
    this.registry.settle();
    this.registry.clear(fadeSeconds);
  }

  /** Names of the signals playing (not those fading out). */
  list(): string[] {
    this.settle();
    return this.registry.list();
  }

  /** Pool usage, and how many signals are compiled and written into one loop. Cheap (a host may poll it for meters): it never recompiles. */
  stats(): RuntimeStats {
    this.settle();
    return {
      signals: this.registry.records.size,
      signalSlotsUsed: this.signalPool.used * this.slotsPerSignal,
      signalSlots: this.signalPool.maxSignals * this.slotsPerSignal,
      helperSlotsUsed: this.helperPool.used,
      helperSlotsFree: this.helperPool.size - this.helperPool.used,
      helperBlocks: this.helperPool.blocks,
      largestFreeBlock: this.helperPool.largestFree,
      compiledSignals: [...this.registry.records.values()].filter((r) => !r.opaque && !r.tiering).length,
      writtenIn: [...this.registry.records.values()].filter((r) => r.writtenIn).length,
      warming: [...this.registry.records.values()].filter((r) => r.tiering).length,
    };
  }

  /**
   * Turns per-signal level metering on or off (off by default; a host's
   * meters turn it on). It changes no sample: only what {@link Runtime.levels} reads.
   */
  meterSignals(on: boolean): void {
    this.mixer.metering = on;
  }

  /**
   * Each signal's largest |sample| added to the mix since the previous call
   * (0 while metering is off), by name; starts a new period. Allocates the
   * returned object: call it at a meter's rate, not per block.
   */
  levels(): Record<string, number> {
    this.settle();
    const out: Record<string, number> = {};
    for (const r of this.registry.records.values()) {
      out[r.name] = r.level;
      r.level = 0;
    }
    return out;
  }

  /** Every helper block not yet freed (diagnostics, tests). */
  liveBlocks(): Block[] {
    this.settle();
    return this.registry.liveBlocks();
  }

  /**
   * @internal The engine's parts, for tests, the fuzzer and diagnostics that
   * must look inside (pool memory, records, the render list). Not an API: what
   * it holds changes with the engine, and writing to it bypasses every check.
   */
  debug(): RuntimeInternals {
    return { helperPool: this.helperPool, signalPool: this.signalPool, registry: this.registry, mixer: this.mixer };
  }

  /** Some signal plays on its closures while its new loop warms (see {@link Runtime.warm}). Allocates nothing. */
  get warming(): boolean {
    return this.registry.tiering();
  }

  /**
   * Makes and warms the loops of signals that play on their closures (a
   * runtime created with `tiered`), one short step after another, until
   * `now()` reaches `until` (ms on the clock `now` reads); at least one step.
   * Call it between blocks, in the time a block leaves over: a host's render
   * does (see `Host` of `@aither/host`). A loop goes live at the next block
   * and changes no sample. Returns true while some signal still plays on its
   * closures. It allocates what making a loop allocates, and what a loop V8
   * has not optimised yet allocates while it warms; the closures a signal
   * plays on meanwhile allocate too (a young collection every few tens of
   * ms), and its loop, once live, does not.
   *
   * @example
   * ```ts
   * const rt = createRuntime({ sampleRate: 48000, tiered: true, install: [helpers] });
   * rt.evaluate("play('a', lpf(saw(110), 800, 0.4))"); // plays from the next block, on closures
   * while (rt.warm(performance.now() + 1, () => performance.now())) rt.render(out, 128);
   * rt.stats().warming; // 0: the loop plays
   * ```
   */
  warm(until: number, now: () => number): boolean {
    if (this.mixer.rendering) return true;
    let more = this.registry.warm();
    // A clock that does not move (a coarse one, or a host's stand-in) ends the turn after a few steps.
    let last = Number.NEGATIVE_INFINITY;
    let same = 0;
    for (let t = now(); more && t < until && same < STILL_STEPS; t = now()) {
      same = t === last ? same + 1 : 0;
      last = t;
      more = this.registry.warm();
    }
    return more;
  }

  /** Frees what finished fading, unless called from inside a render (then the next call does). */
  private settle(): void {
    if (!this.mixer.rendering) this.registry.settle();
  }

  /** Control calls that change signals run between blocks: refused from inside a render. */
  private between(verb: string): void {
    if (this.mixer.rendering) {
      throw new Error(`${verb}() was called while rendering (from inside a signal function): signals change only between blocks. Call it from session code or from the host.`);
    }
  }

  /**
   * Renders `frames` frames into `out`, interleaved (`frames * channels`
   * samples), clipped to [-1, 1]. Allocates nothing.
   */
  render(out: Float32Array, frames: number): void {
    this.mixer.render(out, frames);
    if (this.undelivered.length > 0) this.deliver();
  }

  /** Runs session code; see {@link evaluateSession}. */
  evaluate(code: string, options?: EvaluateOptions): EvaluateResult {
    this.between('evaluate');
    this.registry.settle();
    const result = evaluateSession(this, this.registry, code, options);
    if (this.notices.length > 0) result.warnings.unshift(...this.notices.splice(0));
    return result;
  }

  /**
   * Adds named values to the session scope: a helper package's exports, or
   * helper instances shared by every session (`{ beat: clock(120) }`, a
   * transport clock), which keep their state while any signal can reach them.
   * A name already installed with another value is replaced, with a warning:
   * returned, and added to the next {@link Runtime.evaluate}'s `warnings`
   * (where a host shows them).
   */
  install(scope: Record<string, unknown>): string[] {
    const warnings: string[] = [];
    for (const [name, value] of Object.entries(scope)) {
      const before = this.scope.get(name);
      if (before !== undefined && before !== value) {
        warnings.push(`install: '${name}' shadows the '${name}' installed before it; sessions now get the new one`);
      }
      this.scope.set(name, value);
    }
    this.registry.install(Object.values(scope));
    this.notices.push(...warnings);
    return warnings;
  }

  /**
   * Tells the runtime that `packageName` provides `names`, without installing
   * them, so that a session using one gets an error naming the package.
   */
  catalog(packageName: string, names: readonly string[]): void {
    for (const name of names) this.providers.set(name, packageName);
  }

  /** The package known to provide `name`, if any (see {@link Runtime.catalog}). */
  providerOf(name: string): string | undefined {
    return this.providers.get(name);
  }

  /** The installed session scope. */
  installed(): ReadonlyMap<string, unknown> {
    return this.scope;
  }

  /** Calls `listener` for each signal muted for misbehaving. Returns an unsubscribe function. */
  onError(listener: (fault: SignalFault) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes the faults reported since the last call. */
  drainErrors(): SignalFault[] {
    return this.faults.splice(0);
  }

  /** @internal Reports a fault: kept for {@link Runtime.drainErrors}, handed to listeners outside any render. */
  report(signal: string, kind: SignalFault['kind'], detail: unknown, frame: number): void {
    const at = `t=${(frame / this.sampleRate).toFixed(3)}s`;
    const why = detail instanceof Error ? detail.message : String(detail);
    const message =
      kind === 'rejected'
        ? `${why} (called after its session had finished running, at ${at}). Nothing was changed.`
        : `Signal '${signal}' ${kind === 'threw' ? `threw at ${at}: ${why}` : `produced ${why} at ${at}`}. ` +
          'It is muted; the others play on. Fix it and evaluate again: it restarts with fresh state.';
    const fault: SignalFault = { signal, kind, message, frame, ...(kind === 'non-finite' ? {} : { error: detail }) };
    this.faults.push(fault);
    this.undelivered.push(fault);
    if (!this.mixer.rendering) this.deliver();
  }

  /** Hands faults to listeners: never inside a render, so nothing a listener does can change the render list mid-block. */
  private deliver(): void {
    const faults = this.undelivered.splice(0);
    for (const fault of faults) if (fault.kind !== 'rejected') this.registry.poison(fault.signal);
    for (const fault of faults) {
      for (const listener of [...this.listeners]) {
        try {
          listener(fault);
        } catch {
          // A host's listener must not stop the audio or the other listeners.
        }
      }
    }
  }
}

/**
 * Creates a runtime with its own pools.
 * @example
 * ```ts
 * const rt = createRuntime({ sampleRate: 48000, channels: 2 });
 * rt.register('beep', (s) => 0.2 * Math.sin(2 * Math.PI * 440 * s.t));
 * const out = new Float32Array(128 * 2);
 * rt.render(out, 128);
 * ```
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  return new Runtime(options);
}

const RUNTIME_KEY = Symbol.for('aither.runtime');

/**
 * The runtime kept on `globalThis`, created on first use: a re-executed module
 * (hot reload, re-import) finds the same pools and the same signals.
 * @throws when `options` disagree with the existing runtime's rate or channels.
 */
export function getRuntime(options?: RuntimeOptions): Runtime {
  const g = globalThis as unknown as Record<symbol, Runtime | undefined>;
  const existing = g[RUNTIME_KEY];
  if (existing) {
    if (options && (options.sampleRate !== existing.sampleRate || (options.channels ?? 2) !== existing.channels)) {
      throw new Error(
        `getRuntime: a runtime at ${existing.sampleRate} Hz, ${existing.channels} channels already exists; ` +
          `asked for ${options.sampleRate} Hz, ${options.channels ?? 2} channels`,
      );
    }
    return existing;
  }
  const created = new Runtime(options ?? { sampleRate: 48000 });
  g[RUNTIME_KEY] = created;
  return created;
}
