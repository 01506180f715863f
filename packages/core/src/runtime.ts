import { CLAIMS, takePending, type BindContext } from './binding.js';
import { BlockTable, type Block } from './blocks.js';
import { evaluateSession, type EvaluateOptions, type EvaluateResult } from './evaluate.js';
import { HelperPool } from './helper-pool.js';
import { Mixer } from './mixer.js';
import { pipe } from './pipe.js';
import { SignalPool } from './signal-pool.js';
import { SignalRecord } from './signal-record.js';
import { Transaction } from './transaction.js';
import type { RegisterOptions, RuntimeOptions, RuntimeStats, Signal, SignalFault } from './types.js';

const EMPTY = new Float64Array(0);

/**
 * An Aither engine: the two pools, the signals and the render loop. Control
 * calls (register, evaluate, stop...) and `render` must come from one thread,
 * as they do in a worklet or a Node audio callback.
 */
export class Runtime {
  readonly sampleRate: number;
  readonly channels: number;
  readonly slotsPerSignal: number;
  readonly helperPool: HelperPool;
  readonly signalPool: SignalPool;
  readonly maxBlockFrames: number;
  /** Default fade, seconds. */
  readonly fadeSeconds: number;
  private readonly blocks: BlockTable;
  private readonly mixer: Mixer;
  private readonly records = new Map<string, SignalRecord>();
  private soloed = new Set<string>();
  private readonly faults: SignalFault[] = [];
  private readonly listeners = new Set<(fault: SignalFault) => void>();
  private readonly scope = new Map<string, unknown>();
  private readonly providers = new Map<string, string>();

  constructor(options: RuntimeOptions) {
    const { sampleRate, channels = 2, slotsPerSignal = 64, helperPoolSize = 1 << 20, maxSignals = 256 } = options;
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`sampleRate must be a positive number of Hz, got ${sampleRate}`);
    if (!Number.isInteger(channels) || channels < 1 || channels > 8) throw new RangeError(`channels must be an integer 1..8, got ${channels}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.slotsPerSignal = slotsPerSignal;
    this.maxBlockFrames = options.maxBlockFrames ?? 8192;
    this.fadeSeconds = options.fadeSeconds ?? 0.005;
    this.helperPool = new HelperPool(helperPoolSize);
    this.signalPool = new SignalPool(slotsPerSignal, maxSignals);
    this.blocks = new BlockTable(this.helperPool);
    this.mixer = new Mixer(sampleRate, channels, (r, kind, detail, frame) => this.report(r, kind, detail, frame));
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
    this.reap();
    const tx = new Transaction(true);
    try {
      this.stage(tx, name, fn, options?.channels, options?.fadeSeconds);
    } catch (error) {
      this.rollback(tx);
      throw error;
    }
    this.commit(tx, false);
  }

  /** Like `register`, with a fade-in time (seconds) for a new signal. */
  play(name: string, fn: Signal, fadeSeconds?: number): void {
    this.register(name, fn, { fadeSeconds });
  }

  /** Fades `name` out (seconds; default {@link Runtime.fadeSeconds}), then frees its slot and helper memory. Returns false when there is no such signal. */
  stop(name: string, fadeSeconds?: number): boolean {
    this.reap();
    const r = this.records.get(name);
    if (!r) return false;
    this.stopRecord(r, fadeSeconds); // again while fading: the new fade time wins
    return true;
  }

  private stopRecord(r: SignalRecord, fadeSeconds?: number): void {
    r.stopping = true;
    this.retarget(r, fadeSeconds);
  }

  /** Stops `name` with the default fade and frees its memory when the fade ends. */
  unregister(name: string): boolean {
    return this.stop(name);
  }

  /** Fades a signal to silence; it keeps running so its state stays alive. */
  mute(name: string, fadeSeconds?: number): void {
    this.setFlag(name, true, fadeSeconds);
  }

  unmute(name: string, fadeSeconds?: number): void {
    this.setFlag(name, false, fadeSeconds);
  }

  /** Hears only `names` (the others keep running, silenced). */
  solo(names: string | string[], fadeSeconds?: number): void {
    this.soloed = new Set(typeof names === 'string' ? [names] : names);
    for (const r of this.records.values()) this.retarget(r, fadeSeconds);
  }

  unsolo(fadeSeconds?: number): void {
    this.solo([], fadeSeconds);
  }

  /** Stops every signal. */
  clear(fadeSeconds?: number): void {
    for (const name of [...this.records.keys()]) this.stop(name, fadeSeconds);
  }

  /** Names of the signals playing (not those fading out). */
  list(): string[] {
    this.reap();
    return [...this.records.values()].filter((r) => !r.stopping).map((r) => r.name);
  }

  /** Pool usage. */
  stats(): RuntimeStats {
    this.reap();
    return {
      signals: this.records.size,
      signalSlotsUsed: this.signalPool.used * this.slotsPerSignal,
      helperSlotsUsed: this.helperPool.used,
      helperSlotsFree: this.helperPool.size - this.helperPool.used,
      helperBlocks: this.helperPool.blocks,
      largestFreeBlock: this.helperPool.largestFree,
    };
  }

  /** Every helper block not yet freed (diagnostics, tests). */
  liveBlocks(): Block[] {
    this.reap();
    return this.blocks.liveBlocks();
  }

  /**
   * Renders `frames` frames into `out`, interleaved (`frames * channels`
   * samples), clipped to [-1, 1]. Allocates nothing.
   */
  render(out: Float32Array, frames: number): void {
    this.mixer.render(out, frames);
  }

  /** Runs session code; see {@link evaluateSession}. */
  evaluate(code: string, options?: EvaluateOptions): EvaluateResult {
    this.reap();
    return evaluateSession(this, code, options);
  }

  /** Adds named values (a helper package's exports) to the session scope. */
  install(scope: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(scope)) this.scope.set(name, value);
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

  /** @internal Binds the pending helpers to `name` and stages its registration. */
  stage(tx: Transaction, name: string, fn: Signal, channels?: number, fadeSeconds?: number): void {
    if (typeof name !== 'string' || name === '') throw new TypeError(`register: the name must be a non-empty string, got ${String(name)}`);
    if (typeof fn !== 'function') {
      throw new TypeError(`register('${name}'): expected a signal function (s => sample), got ${fn === null ? 'null' : typeof fn}`);
    }
    const { hooks, width } = takePending();
    const wanted = channels ?? width;
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`register('${name}'): channels must be a positive integer, got ${wanted}`);
    const n = Math.min(wanted, this.channels);
    const existing = this.records.get(name);
    if (!existing && !tx.newNames.has(name)) {
      if (tx.newNames.size >= this.signalPool.free) {
        throw new Error(`Cannot register '${name}': all ${this.signalPool.maxSignals} signal slots are in use (maxSignals). Nothing was changed.`);
      }
      tx.newNames.add(name);
    }
    const counters = new Map<string, number>();
    const memory = this.helperPool.memory;
    const ctx: BindContext = {
      t: this.time,
      frame: this.frame,
      sr: this.sampleRate,
      dt: 1 / this.sampleRate,
      name,
      state: existing?.state ?? EMPTY,
      channels: n,
      ch: 0,
      memory,
      [CLAIMS]: {
        claim: (helper, size, init) => {
          const index = counters.get(helper) ?? 0;
          counters.set(helper, index + 1);
          const key = `${name}_${helper}_${index}`;
          const { block, fresh } = this.blocks.claim(tx.batch, key, size, n, name, helper, tx.undo);
          this.blocks.reserveScratch(size);
          if (fresh && init) init(memory, block.at, key);
          return block.at;
        },
        track: (state) => {
          tx.batch.handles.push(state);
        },
      },
    };
    for (const hook of hooks) hook(ctx);
    tx.ops.push({ kind: 'register', name, fn, channels: n, fadeSeconds, bound: hooks.length });
    tx.registered.add(name);
  }

  /** @internal Applies a staged transaction; in session mode, fades out what it did not register. */
  commit(tx: Transaction, session: boolean): void {
    for (const op of tx.ops) {
      if (op.kind === 'call') op.run();
      else this.apply(tx, op.name, op.fn, op.channels, op.fadeSeconds, op.bound);
    }
    if (session) {
      for (const r of this.records.values()) if (!tx.registered.has(r.name) && !r.stopping) this.stopRecord(r);
    }
    if (tx.batch.users === 0) {
      tx.batch.users = 1;
      this.blocks.release(tx.batch);
    }
  }

  /** @internal Undoes every claim of a transaction that will not be committed. */
  rollback(tx: Transaction): void {
    for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]!();
    this.blocks.discard(tx.batch);
    takePending();
  }

  private apply(tx: Transaction, name: string, fn: Signal, channels: number, fadeSeconds: number | undefined, bound: number): void {
    let r = this.records.get(name);
    if (!r) {
      const slot = this.signalPool.alloc();
      r = new SignalRecord(name, fn, channels, slot, this.signalPool.view(slot));
      this.records.set(name, r);
      this.mixer.list.push(r);
    } else {
      r.fn = fn;
      r.channels = channels;
      if (r.faulted) r.gain = 0;
      r.faulted = false;
      r.stopping = false;
      r.finished = false;
    }
    // A host re-registering without building helpers may be reusing ones it built before: keep them.
    if (!(tx.direct && bound === 0 && r.batches.length > 0)) {
      const old = r.batches;
      tx.batch.users++;
      r.batches = [tx.batch];
      for (const b of old) this.blocks.release(b);
    }
    this.retarget(r, fadeSeconds);
  }

  private setFlag(name: string, muted: boolean, fadeSeconds?: number): void {
    const r = this.records.get(name);
    if (!r) throw new Error(`No signal named '${name}' (playing: ${this.list().join(', ') || 'none'})`);
    r.muted = muted;
    this.retarget(r, fadeSeconds);
  }

  private retarget(r: SignalRecord, fadeSeconds = this.fadeSeconds): void {
    const silent = r.stopping || r.muted || (this.soloed.size > 0 && !this.soloed.has(r.name));
    r.target = silent ? 0 : 1;
    r.ramp = fadeSeconds > 0 ? 1 / (fadeSeconds * this.sampleRate) : Infinity;
    if (r.stopping && (r.gain === 0 || fadeSeconds <= 0)) r.finished = true;
  }

  /** Frees the signals whose fade-out has ended. Runs at every control call, never in the audio loop. */
  private reap(): void {
    const list = this.mixer.list;
    for (let k = list.length - 1; k >= 0; k--) {
      const r = list[k]!;
      if (!r.finished) continue;
      list.splice(k, 1);
      this.records.delete(r.name);
      this.signalPool.release(r.slot);
      for (const b of r.batches) this.blocks.release(b);
      r.batches = [];
    }
  }

  private report(r: SignalRecord, kind: 'threw' | 'non-finite', detail: unknown, frame: number): void {
    const at = `t=${(frame / this.sampleRate).toFixed(3)}s`;
    const message =
      kind === 'threw'
        ? `Signal '${r.name}' threw at ${at}: ${detail instanceof Error ? detail.message : String(detail)}. It is muted; the others play on.`
        : `Signal '${r.name}' produced ${String(detail)} at ${at}. It is muted; the others play on.`;
    const fault: SignalFault = { signal: r.name, kind, message, frame, ...(kind === 'threw' ? { error: detail } : {}) };
    this.faults.push(fault);
    for (const listener of this.listeners) listener(fault);
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
